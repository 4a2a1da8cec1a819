"""Links e-mailed for account actions: choosing a new password when it is
forgotten, and changing the account's e-mail address.

Both journeys start from the mail that porch-mailer delivers to the test
SMTP server.  Opening a link (GET) changes nothing, since mail scanners
open links too; the form it shows does.  What happened is read from the
database: the stored hash, the address, the sessions and the outbox.
"""

import re
import subprocess

import pytest

from client import Client
from helpers import (customer_id, new_customer, outbox_to, path_of, query,
                     sessions_of, sign_in)

OLD = "lantern orbit 47 cello"
NEW = "harbour kettle 93 violin"
RESET_RE = r"/password/reset\?t=[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"
CONFIRM_RE = r"/account/email/confirm\?t=[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"


def add_password_portal(stack):
    stack.porchctl("portal", "add", "links-pw", "--office", "demo",
                   "--url", "http://pw.localhost:%d" % stack.port,
                   "--name", "Links Password Portal",
                   "--signin", "magic-link password")


@pytest.fixture(scope="module")
def pw(launch, smtp):
    with launch("links", smtp.url, setup=add_password_portal) as stack:
        yield stack


def pw_browser(stack):
    return Client(stack.port, "pw.localhost:%d" % stack.port)


def demo_browser(stack):
    return Client(stack.port, stack.host)


def set_password(stack, addr, password):
    done = subprocess.run(
        [stack.tool("porchctl"), "-c", stack.conf, "customer", "password",
         "--office", "demo", "--email", addr],
        env=stack.env(), input=password + "\n", capture_output=True,
        text=True)
    assert done.returncode == 0, done.stderr


def stored_hash(stack, addr):
    return query(stack, "SELECT password_hash FROM customers WHERE id = ?",
                 (customer_id(stack, addr),))[0]["password_hash"]


def password_login(browser, addr, password):
    form = browser.get("/login").form("/login/password")
    form.fields.update(email=addr, password=password)
    return browser.post("/login/password", form.fields)


def ask_reset(browser, addr):
    form = browser.get("/password/forgot").form("/password/forgot")
    form.fields["email"] = addr
    return browser.post("/password/forgot", form.fields), form.fields["csrf"]


def mailed_link(stack, smtp, addr, base, pattern):
    """The link under base in the first mail delivered to addr, as a local
    path."""
    stack.mailer("--once")
    mail = smtp.wait_for(addr)
    found = re.search(re.escape(base) + pattern, mail.text)
    assert found, mail.text
    return path_of(found.group(0))


def links_of(stack, addr):
    return query(stack, "SELECT * FROM link_tokens WHERE customer_id = ?",
                 (customer_id(stack, addr),))


# ------------------------------------------------------------ password reset
def test_login_offers_a_reset_only_where_passwords_are(pw):
    assert "/password/forgot" in pw_browser(pw).get("/login").text
    plain = demo_browser(pw)
    assert "/password/forgot" not in plain.get("/login").text
    for path in ("/password/forgot", "/password/reset?t=" + "A" * 43):
        assert plain.get(path).status == 404
    page = plain.get("/login")
    refused = plain.post("/password/forgot",
                         {"csrf": page.csrf, "email": "x@example.com"})
    assert refused.status == 404


def test_the_reset_journey(pw, smtp):
    addr = new_customer(pw, name="Rita Reset")
    set_password(pw, addr, OLD)
    before = stored_hash(pw, addr)
    elsewhere = pw_browser(pw)
    assert password_login(elsewhere, addr, OLD).status == 303
    assert len(sessions_of(pw, addr)) == 1

    browser = pw_browser(pw)
    sent, _ = ask_reset(browser, addr.upper())
    assert sent.status == 200, sent.text
    assert "Check your e-mail" in sent.visible_text
    link = mailed_link(pw, smtp, addr,
                       "http://pw.localhost:%d" % pw.port, RESET_RE)
    assert len(links_of(pw, addr)) == 1
    assert link.split("t=")[1] not in str(links_of(pw, addr)[0]["token_hash"])

    # opening the link changes nothing, however often
    for _ in range(2):
        page = browser.get(link)
        assert page.status == 200, page.text
    assert stored_hash(pw, addr) == before
    assert links_of(pw, addr)[0]["used"] == 0
    assert len(sessions_of(pw, addr)) == 1

    # a password the rules refuse keeps the link usable
    form = page.form("/password/reset")
    assert set(form.fields) == {"csrf", "t", "password"}
    form.fields["password"] = "short"
    again = browser.post("/password/reset", form.fields)
    assert again.status == 422
    assert "at least 10 characters" in again.visible_text
    assert stored_hash(pw, addr) == before

    form = again.form("/password/reset")
    form.fields["password"] = NEW
    done = browser.post("/password/reset", form.fields)
    assert done.status == 303, done.text
    assert done.location == "/portal"
    assert browser.get("/portal").status == 200
    after = stored_hash(pw, addr)
    assert after != before and after.startswith("$argon2id$")
    assert NEW not in after
    # every other session ended: only the fresh one is left
    assert len(sessions_of(pw, addr)) == 1
    assert elsewhere.get("/portal").status == 303

    # the link works once
    assert browser.get(link).status == 410
    form.fields["csrf"] = browser.get("/").csrf
    assert browser.post("/password/reset", form.fields).status == 410

    assert password_login(pw_browser(pw), addr, OLD).status == 422
    assert password_login(pw_browser(pw), addr, NEW).status == 303


def test_one_reset_ends_the_other_links(pw):
    addr = new_customer(pw)
    set_password(pw, addr, OLD)
    for _ in range(2):
        assert ask_reset(pw_browser(pw), addr)[0].status == 200
    first, second = [path_of(re.search("http://pw.localhost:%d" % pw.port
                                       + RESET_RE, m["body"]).group(0))
                     for m in outbox_to(pw, addr)]
    browser = pw_browser(pw)
    form = browser.get(second).form("/password/reset")
    form.fields["password"] = NEW
    assert browser.post("/password/reset", form.fields).status == 303
    assert pw_browser(pw).get(first).status == 410
    assert all(r["used"] for r in links_of(pw, addr))


def test_unknown_address_gets_the_same_answer_and_no_mail(pw):
    known = new_customer(pw)
    unknown = "nobody-%s" % known
    a, a_csrf = ask_reset(pw_browser(pw), known)
    b, b_csrf = ask_reset(pw_browser(pw), unknown)
    assert a.status == b.status == 200
    assert a.text.replace(a_csrf, "C").replace(known, "A") == \
        b.text.replace(b_csrf, "C").replace(unknown, "A")
    assert len(outbox_to(pw, known)) == 1
    assert outbox_to(pw, unknown) == []


def test_reset_requests_are_throttled(pw):
    addr = new_customer(pw)
    for _ in range(5):
        assert ask_reset(pw_browser(pw), addr)[0].status == 200
    assert ask_reset(pw_browser(pw), addr)[0].status == 429
    assert len(outbox_to(pw, addr)) == 5


def test_broken_reset_links_are_refused(pw):
    browser = pw_browser(pw)
    for t in ("", "short", "A" * 43):
        assert browser.get("/password/reset?t=" + t).status == 410


# ------------------------------------------------------------ e-mail change
def ask_change(browser, new):
    form = browser.get("/portal/account").form("/portal/account/email")
    assert set(form.fields) == {"csrf", "email"}
    form.fields["email"] = new
    return browser.post("/portal/account/email", form.fields)


def email_of(stack, cid):
    return query(stack, "SELECT email FROM customers WHERE id = ?",
                 (cid,))[0]["email"]


def test_the_email_change_journey(pw, smtp):
    old = new_customer(pw, name="Eddie Email")
    cid = customer_id(pw, old)
    new = "moved-%s" % old
    browser = demo_browser(pw)
    sign_in(pw, browser, old)

    done = ask_change(browser, "  " + new.upper() + " ")
    assert done.status == 303, done.text
    assert done.location == "/portal/account?sent=1"
    note = browser.get(done.location)
    assert "We sent a confirmation link" in note.visible_text
    link = mailed_link(pw, smtp, new, pw.url, CONFIRM_RE)
    notice = smtp.wait_for(old)
    assert "asked to change" in notice.text
    assert not re.search(CONFIRM_RE, notice.text)
    assert email_of(pw, cid) == old

    # opening the link, even signed out, changes nothing
    stranger = demo_browser(pw)
    page = stranger.get(link)
    assert page.status == 200, page.text
    assert new in page.visible_text
    assert email_of(pw, cid) == old

    form = page.form("/account/email/confirm")
    confirmed = browser.post("/account/email/confirm",
                             dict(form.fields, csrf=browser.get("/").csrf))
    assert confirmed.status == 303, confirmed.text
    assert confirmed.location == "/portal/account"
    assert email_of(pw, cid) == new
    assert new in browser.get("/portal/account").visible_text
    assert browser.get(link).status == 410

    # the new address signs in, the old one gets no link
    fresh = demo_browser(pw)
    form = fresh.get("/login").form("/login")
    form.fields["email"] = new
    assert fresh.post("/login", form.fields).status == 200
    form.fields["email"] = old
    assert fresh.post("/login", form.fields).status == 200
    assert len(outbox_to(pw, new)) == 2
    assert len(outbox_to(pw, old)) == 1
    sign_in(pw, fresh, new)


def test_a_taken_address_never_changes_anything(pw):
    mine = new_customer(pw)
    theirs = new_customer(pw)
    cid = customer_id(pw, mine)
    browser = demo_browser(pw)
    sign_in(pw, browser, mine)
    free = ask_change(browser, "free-%s" % mine)
    taken = ask_change(browser, theirs)
    assert free.status == taken.status == 303
    assert free.location == taken.location
    assert outbox_to(pw, theirs) == []
    assert len(outbox_to(pw, mine)) == 2, "a notice for each request"
    assert len(links_of(pw, mine)) == 1

    # the free address is taken before its link is used
    link = re.search(CONFIRM_RE, outbox_to(pw, "free-%s" % mine)[0]["body"])
    pw.porchctl("customer", "add", "--office", "demo", "--email",
                "free-%s" % mine, "--name", "Quick")
    page = browser.get(link.group(0))
    refused = browser.post("/account/email/confirm",
                           page.form("/account/email/confirm").fields)
    assert refused.status == 410
    assert "belongs to another account" in refused.visible_text
    assert email_of(pw, cid) == mine


def test_an_invalid_address_is_asked_again(pw):
    addr = new_customer(pw)
    browser = demo_browser(pw)
    sign_in(pw, browser, addr)
    page = ask_change(browser, "not an address")
    assert page.status == 422
    assert page.form("/portal/account/email").fields["email"] == \
        "not an address"
    assert len(outbox_to(pw, addr)) == 0


def test_the_change_needs_a_signed_in_customer(pw):
    browser = demo_browser(pw)
    page = browser.get("/login")
    done = browser.post("/portal/account/email",
                        {"csrf": page.csrf, "email": "x@example.com"})
    assert done.status in (303, 403)
    assert browser.get("/account/email/confirm?t=" + "A" * 43).status == 410
