"""Signing in with a magic link: from the login form, through the e-mail
that reaches the SMTP server, to the dashboard, and out again; and every way
a link must stop working."""

import re
import secrets
import time
import urllib.parse

import pytest

from helpers import (new_customer, open_link, outbox_to, path_of,
                     portal_name, sessions_of, sign_in, tokens_of)


def link_in(mail, stack):
    m = re.search(re.escape(stack.url) +
                  r"/auth\?t=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])", mail.text)
    assert m, "no sign-in link for %s in:\n%s" % (stack.url, mail.text)
    return m.group(0)


def cookie_line(response, name):
    lines = [v for v in response.all("Set-Cookie")
             if v.startswith(name + "=")]
    assert len(lines) == 1, response.all("Set-Cookie")
    return lines[0]


def assert_link_refused(response):
    assert response.status == 410, response.text
    assert "/login" in response.links
    assert "Sign in" not in [b for f in response.forms for b in f.buttons]


def test_journey_from_the_email_to_the_dashboard(stack, smtp, client):
    addr = new_customer(stack, name="Jules Journey")
    browser = client()
    login = browser.get("/login")
    assert login.status == 200
    form = login.form("/login")
    assert {"csrf", "next", "email"} <= set(form.fields)
    assert "__Host-porch-pre" in browser.cookies
    form.fields["email"] = addr
    sent = browser.post("/login", form.fields)
    assert sent.status == 200, sent.text
    assert "Check your e-mail" in sent.visible_text

    stack.mailer("--once")
    mail = smtp.wait_for(addr)
    assert portal_name(stack) in mail.subject, mail.subject
    link = link_in(mail, stack)
    assert outbox_to(stack, addr)[0]["sent"]

    confirm = browser.get(path_of(link))
    assert confirm.status == 200, confirm.text
    button = confirm.form("/auth")
    assert button.fields["t"] == link.rsplit("=", 1)[1]
    assert button.fields["csrf"]
    assert "Sign in" in button.buttons

    done = browser.post("/auth", button.fields)
    assert done.status == 303, done.text
    assert done.location == "/portal"
    cookie = cookie_line(done, "__Host-porch")
    attrs = {a.strip().lower() for a in cookie.split(";")[1:]}
    assert {"httponly", "secure", "samesite=lax", "path=/"} <= attrs

    dashboard = browser.get("/portal")
    assert dashboard.status == 200
    assert "Hello, Jules Journey" in dashboard.visible_text
    assert [t["used"] for t in tokens_of(stack, addr)] != [0]
    assert len(sessions_of(stack, addr)) == 1


def test_a_link_works_once(stack, client):
    addr = new_customer(stack)
    link = stack.link(addr)
    first = open_link(client(), link)
    assert first.status == 303
    second = client()
    assert_link_refused(second.get(path_of(link)))
    again = second.post("/auth", {"t": link.rsplit("=", 1)[1],
                                  "csrf": second.get("/login").csrf})
    assert_link_refused(again)
    assert len(sessions_of(stack, addr)) == 1


def test_an_expired_link_fails(stack, client):
    addr = new_customer(stack)
    link = stack.link(addr, ttl=1)
    time.sleep(2)
    browser = client()
    assert_link_refused(browser.get(path_of(link)))
    refused = browser.post("/auth", {"t": link.rsplit("=", 1)[1],
                                     "csrf": browser.get("/login").csrf})
    assert_link_refused(refused)
    assert sessions_of(stack, addr) == []
    assert "__Host-porch" not in browser.cookies


def test_opening_a_link_changes_nothing(stack, client):
    """Mail scanners open links before people do."""
    addr = new_customer(stack)
    link = stack.link(addr)
    for _ in range(3):
        page = client().get(path_of(link))
        assert page.status == 200
        assert not [c for c in page.all("Set-Cookie")
                    if c.startswith("__Host-porch=")]
    assert [t["used"] for t in tokens_of(stack, addr)] == [0]
    assert sessions_of(stack, addr) == []
    assert open_link(client(), link).status == 303


def test_malformed_and_unknown_links_fail(client):
    browser = client()
    for token in ("", "short", "A" * 42, "A" * 44, "*" * 43,
                  secrets.token_urlsafe(32)):
        assert_link_refused(browser.get("/auth?t=" + token))


def test_the_link_leads_to_the_page_asked_for(stack, client):
    addr = new_customer(stack)
    browser = client()
    form = browser.get("/login?next=%2Fportal").form("/login")
    assert form.fields["next"] == "/portal"
    link = stack.link(addr, next_path="/portal")
    assert open_link(browser, link).location == "/portal"


def test_a_foreign_next_never_leaves_the_portal(stack, smtp, client):
    addr = new_customer(stack)
    browser = client()
    form = browser.get("/login").form("/login")
    form.fields.update(email=addr, next="//evil.example/x")
    sent = browser.post("/login", form.fields)
    assert sent.status in (200, 422), sent.text
    for row in tokens_of(stack, addr):
        assert not row["next"] or (row["next"].startswith("/") and
                                   not row["next"].startswith("//"))
    if sent.status == 200:
        stack.mailer("--once")
        done = open_link(browser, link_in(smtp.wait_for(addr), stack))
        assert done.status == 303
        assert done.header("Location").startswith(("/", stack.url + "/"))
        assert not done.location.startswith("//")


def test_sign_out_ends_the_session(stack, client):
    addr = new_customer(stack)
    browser = client()
    dashboard = sign_in(stack, browser, addr)
    session_cookie = browser.cookies["__Host-porch"]
    out = browser.post("/logout", {"csrf": dashboard.form("/logout")
                                   .fields["csrf"]})
    assert out.status == 303
    assert out.location == "/?signed_out=1"
    assert "__Host-porch" not in browser.cookies
    assert sessions_of(stack, addr) == []
    browser.cookies["__Host-porch"] = session_cookie
    again = browser.get("/portal")
    assert again.status == 303
    assert again.location == "/login?next=%2Fportal"


def test_signed_out_dashboard_redirects_to_login(client):
    page = client().get("/portal")
    assert page.status == 303
    assert page.location == "/login?next=%2Fportal"


def test_home_page_names_the_portal_and_offers_sign_in(stack, client):
    browser = client()
    home = browser.get("/")
    assert home.status == 200
    assert "Welcome to " + portal_name(stack) in home.visible_text
    assert "/login" in home.links
    sign_in(stack, browser, new_customer(stack))
    assert "/portal" in browser.get("/").links


def test_an_address_pasted_with_spaces_still_gets_its_link(stack, client):
    addr = new_customer(stack)
    browser = client()
    fields = browser.get("/login").form("/login").fields
    fields["email"] = "  %s \t" % addr.upper()
    assert browser.post("/login", fields).status == 200
    assert len(outbox_to(stack, addr)) == 1


SIGNED_OUT = '<p class="notice" role="status">You have signed out.</p>'


def test_sign_out_lands_on_a_page_that_says_so(stack, client):
    browser = client()
    dashboard = sign_in(stack, browser, new_customer(stack))
    assert SIGNED_OUT not in browser.get("/?signed_out=1").text, \
        "only a browser that is signed out is told it is"
    out = browser.post("/logout", {"csrf": dashboard.form("/logout")
                                   .fields["csrf"]})
    assert out.location == "/?signed_out=1"
    home = browser.get(out.location)
    assert home.status == 200
    assert SIGNED_OUT in home.text
    assert "/login" in home.links
    assert SIGNED_OUT not in browser.get("/").text
    assert "signed out" not in client().get("/").visible_text


@pytest.mark.parametrize("next_path,lands", [
    (None, "/portal"),
    ("/portal/account", "/portal/account"),
    ("/portal?x=1", "/portal?x=1"),
    ("//evil.example/x", "/portal"),
    ("https://evil.example/", "/portal"),
    ("/login", "/portal"),
    ("/login?next=/login", "/portal"),
])
def test_a_signed_in_customer_is_not_shown_the_sign_in_form(stack, client,
                                                            next_path,
                                                            lands):
    browser = client()
    sign_in(stack, browser, new_customer(stack))
    path = "/login" if next_path is None else \
        "/login?next=" + urllib.parse.quote(next_path, safe="")
    page = browser.get(path)
    assert page.status == 303, page.text
    assert page.location == lands
    assert browser.get(lands).status == 200
    # signed out, the form is there again
    assert client().get(path).form("/login") is not None
