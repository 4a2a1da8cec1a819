"""Signing up, where a portal's porch.conf says signup = open, and being
invited by porchctl where it does not.

A sign-up is not an account: what the form gave (name, password) waits
beside the link mailed to the address, and only that link makes the
account, proving the address; until then there is no password sign-in
and nothing to see.  An invited customer starts inactive until their
link is used.  Signing up with an address that is already a customer's
changes nothing and mails a plain sign-in link, so the answer is the same
for known and new addresses.
"""

import re
import secrets
import subprocess

import pytest

from client import Client
from helpers import (TOKEN_RE, new_customer, open_link, outbox_to, path_of,
                     query, sign_in)

GOOD = "lantern orbit 47 cello"
CHECK = "Check your e-mail to finish signing up"


def add_open_portal(stack):
    stack.porchctl("portal", "add", "demo-open", "--office", "demo",
                   "--url", "http://open.localhost:%d" % stack.port,
                   "--name", "Demo Open Portal", "--signup", "open",
                   "--signin", "magic-link password")


@pytest.fixture(scope="module")
def su(launch, smtp):
    with launch("signup", smtp.url, setup=add_open_portal) as stack:
        yield stack


def open_browser(stack):
    return Client(stack.port, "open.localhost:%d" % stack.port)


def demo_browser(stack):
    return Client(stack.port, stack.host)


def fresh_address():
    return "s-%s@example.com" % secrets.token_hex(6)


def customer_row(stack, addr):
    rows = query(stack, "SELECT * FROM customers WHERE email = ?",
                 (addr.lower(),))
    assert len(rows) <= 1
    return rows[0] if rows else None


def sign_up(browser, addr, name="Sam Signup", password=""):
    page = browser.get("/signup")
    assert page.status == 200, page.text
    form = page.form("/signup")
    form.fields.update(name=name, email=addr, password=password)
    return browser.post("/signup", form.fields)


def mail_link(stack, smtp, addr):
    """Delivers the outbox and returns the mail and the link in it."""
    stack.mailer("--once")
    mail = smtp.wait_for(addr)
    m = re.search(r"https?://[^\s]+" + TOKEN_RE.pattern, mail.text)
    assert m, mail.text
    return mail, m.group(0)


def signup_row(stack, addr):
    rows = query(stack, "SELECT * FROM signups WHERE email = ?",
                 (addr.lower(),))
    assert len(rows) <= 1
    return rows[0] if rows else None


def password_login(browser, addr, password):
    form = browser.get("/login").form("/login/password")
    form.fields.update(email=addr, password=password)
    return browser.post("/login/password", form.fields)


def test_the_form_is_offered_where_signup_is_open(su):
    login = open_browser(su).get("/login")
    assert "/signup" in login.links
    assert "Create an account" in login.visible_text
    page = open_browser(su).get("/signup")
    assert page.status == 200
    assert set(page.form("/signup").fields) == {"csrf", "name", "email",
                                                "password"}
    assert "/login" in page.links


def test_sign_up_confirm_and_sign_in(su, smtp):
    addr = fresh_address()
    browser = open_browser(su)
    sent = sign_up(browser, addr, password=GOOD)
    assert sent.status == 200, sent.text
    assert CHECK in sent.visible_text
    # before the address is proven there is no account, only the sign-up
    assert customer_row(su, addr) is None
    waiting = signup_row(su, addr)
    assert waiting["name"] == "Sam Signup"
    assert waiting["password_hash"].startswith("$argon2id$")
    assert password_login(browser, addr, GOOD).status == 422
    assert "__Host-porch" not in browser.cookies
    assert browser.get("/portal").status == 303

    mail, link = mail_link(su, smtp, addr)
    assert "Demo Open Portal" in mail.subject
    assert link.startswith("http://open.localhost:%d/auth?t=" % su.port)
    # A mailbox owner who never signed up is told what the button does.
    page = open_browser(su).get(path_of(link))
    assert page.status == 200
    assert "Confirm your address" in page.visible_text
    assert "Did not sign up yourself?" in page.visible_text
    assert customer_row(su, addr) is None
    done = open_link(browser, link)
    assert done.status == 303, done.text
    assert done.location.endswith("/portal")
    assert browser.get("/portal").status == 200
    row = customer_row(su, addr)
    assert row["active"] == 1 and row["name"] == "Sam Signup"
    assert signup_row(su, addr) is None

    # the link worked once; the password works now
    assert open_browser(su).get(path_of(link)).status == 410
    again = open_browser(su)
    assert password_login(again, addr, GOOD).status == 303


def test_the_password_is_optional_and_checked(su):
    addr = fresh_address()
    bad = sign_up(open_browser(su), addr, password="short")
    assert bad.status == 422
    assert "at least 10 characters" in bad.visible_text
    assert customer_row(su, addr) is None
    bad = sign_up(open_browser(su), "not-an-address", name="")
    assert bad.status == 422
    assert "Enter your name" in bad.visible_text
    assert "Enter an e-mail address" in bad.visible_text
    assert sign_up(open_browser(su), addr).status == 200
    assert customer_row(su, addr) is None
    assert signup_row(su, addr)["password_hash"] is None


def test_an_existing_address_changes_nothing(su, smtp):
    addr = fresh_address()
    su.porchctl("customer", "add", "--office", "demo", "--email", addr,
                "--name", "Old Timer")
    before = dict(customer_row(su, addr))
    known = sign_up(open_browser(su), addr.upper(), name="Impostor",
                    password=GOOD)
    new_addr = fresh_address()
    new = sign_up(open_browser(su), new_addr, name="Impostor",
                  password=GOOD)
    assert known.status == new.status == 200
    assert known.visible_text.replace(addr, "X") == \
        new.visible_text.replace(new_addr, "X")
    assert dict(customer_row(su, addr)) == before
    assert len(query(su, "SELECT * FROM customers WHERE email = ?",
                     (addr,))) == 1
    mail, link = mail_link(su, smtp, addr)
    assert "you already have one" in mail.text
    assert len(outbox_to(su, addr)) == 1
    assert open_link(open_browser(su), link).status == 303


def test_invite_only_portals_have_no_sign_up(su):
    browser = demo_browser(su)
    login = browser.get("/login")
    assert "/signup" not in login.links
    assert "Create an account" not in login.visible_text
    assert browser.get("/signup").status == 404
    addr = fresh_address()
    posted = browser.post("/signup", {"csrf": login.csrf, "name": "N",
                                      "email": addr})
    assert posted.status == 404
    assert customer_row(su, addr) is None
    assert outbox_to(su, addr) == []


def test_porchctl_invite_activates_once(su, smtp):
    addr = fresh_address()
    out = su.porchctl("invite", "--office", "demo", "--email", addr,
                      "--name", "Ivy Invited")
    printed = TOKEN_RE.search(out)
    assert printed, out
    row = customer_row(su, addr)
    assert row["active"] == 0 and row["name"] == "Ivy Invited"
    token = query(su, "SELECT * FROM login_tokens WHERE customer_id = ?",
                  (row["id"],))
    assert len(token) == 1
    assert token[0]["expires"] - token[0]["created"] == 7 * 86400

    mail, link = mail_link(su, smtp, addr)
    assert path_of(link) == "/auth?t=" + printed.group(1)
    assert "Ivy Invited" in mail.text and su.url in mail.text
    browser = demo_browser(su)
    done = open_link(browser, link)
    assert done.status == 303, done.text
    assert browser.get("/portal").status == 200
    assert customer_row(su, addr)["active"] == 1
    assert demo_browser(su).get(path_of(link)).status == 410
    # an active customer is not invited again
    again = subprocess.run(
        [su.tool("porchctl"), "-c", su.conf, "invite", "--office", "demo",
         "--email", addr, "--name", "Ivy Invited"],
        env=su.env(), capture_output=True, text=True)
    assert again.returncode == 1 and again.stdout == ""
    assert "active already" in again.stderr
    assert len(outbox_to(su, addr)) == 1


def test_a_signed_in_customer_is_not_shown_the_sign_up_form(su):
    browser = open_browser(su)
    sign_in(su, browser, new_customer(su), portal="demo-open")
    page = browser.get("/signup")
    assert page.status == 303, page.text
    assert page.location == "/portal"
    assert open_browser(su).get("/signup").form("/signup") is not None
