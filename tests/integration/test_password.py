"""Password sign-in, on a portal whose porch.conf offers it, and setting or
changing the password on the account page.

The installation has the demo office's usual portal (magic links only)
and a second portal of the same office that offers passwords too, so one
customer can be tried on both.  What a request did is read from the
database: sessions, and the stored hash, which must be an Argon2id string
and never the password.
"""

import subprocess

import pytest

from client import Client
from helpers import customer_id, new_customer, query, sessions_of, sign_in

MATCH = "That e-mail address and password don't match."
GOOD = "lantern orbit 47 cello"


def add_password_portal(stack):
    stack.porchctl("portal", "add", "demo-pw", "--office", "demo",
                   "--url", "http://pw.localhost:%d" % stack.port,
                   "--name", "Demo Password Portal",
                   "--signin", "magic-link password")


@pytest.fixture(scope="module")
def pw(launch, smtp):
    with launch("password", smtp.url, setup=add_password_portal) as stack:
        yield stack


def pw_browser(stack):
    return Client(stack.port, "pw.localhost:%d" % stack.port)


def demo_browser(stack):
    return Client(stack.port, stack.host)


def set_password(stack, addr, password, office="demo"):
    """porchctl customer password, the password on standard input."""
    return subprocess.run(
        [stack.tool("porchctl"), "-c", stack.conf, "customer", "password",
         "--office", office, "--email", addr],
        env=stack.env(), input=password + "\n", capture_output=True,
        text=True)


def stored_hash(stack, addr):
    return query(stack, "SELECT password_hash FROM customers WHERE id = ?",
                 (customer_id(stack, addr),))[0]["password_hash"]


def password_login(browser, addr, password, next_path=None):
    path = "/login" + ("?next=%s" % next_path if next_path else "")
    form = browser.get(path).form("/login/password")
    form.fields.update(email=addr, password=password)
    return browser.post("/login/password", form.fields)


def test_the_form_is_offered_only_where_passwords_are(pw):
    page = pw_browser(pw).get("/login?next=/portal/account")
    assert page.status == 200
    form = page.form("/login/password")
    assert set(form.fields) == {"csrf", "next", "email", "password"}
    assert form.fields["next"] == "/portal/account"
    assert "Sign in with your password" in page.visible_text
    page.form("/login")
    plain = demo_browser(pw).get("/login")
    assert plain.status == 200
    assert "/login/password" not in plain.text
    assert "Sign in with your password" not in plain.visible_text


def test_porchctl_stores_an_argon2id_hash(pw):
    addr = new_customer(pw, name="Hash Holder")
    assert stored_hash(pw, addr) is None
    done = set_password(pw, addr, GOOD)
    assert done.returncode == 0, done.stderr
    h = stored_hash(pw, addr)
    assert h.startswith("$argon2id$")
    assert GOOD not in h and "lantern" not in h
    for bad in ("short1", "1234567890", addr):
        refused = set_password(pw, addr, bad)
        assert refused.returncode != 0
        assert "refused" in refused.stderr
    assert stored_hash(pw, addr) == h, "a refused password changes nothing"
    assert set_password(pw, "nobody-%s" % addr, GOOD).returncode != 0


def test_signing_in_with_the_password(pw):
    addr = new_customer(pw, name="Paula Password")
    assert set_password(pw, addr, GOOD).returncode == 0
    browser = pw_browser(pw)
    done = password_login(browser, addr.upper(), GOOD)
    assert done.status == 303, done.text
    assert done.location == "/portal"
    assert "__Host-porch" in browser.cookies
    assert len(sessions_of(pw, addr)) == 1
    page = browser.get("/portal")
    assert page.status == 200
    assert "Hello, Paula Password" in page.visible_text

    other = pw_browser(pw)
    done = password_login(other, addr, GOOD, next_path="/portal/account")
    assert done.status == 303
    assert done.location == "/portal/account"
    assert len(sessions_of(pw, addr)) == 2


def test_every_failure_looks_the_same(pw):
    addr = new_customer(pw, name="Wrong Guess")
    assert set_password(pw, addr, GOOD).returncode == 0
    nopw = new_customer(pw, name="No Password")
    texts = []
    for who, password in [(addr, GOOD + "x"), (addr, ""),
                          ("nobody-%s" % addr, GOOD), (nopw, GOOD)]:
        browser = pw_browser(pw)
        page = password_login(browser, who, password)
        assert page.status == 422, page.text
        assert page.visible_text.count(MATCH) == 1
        assert "__Host-porch" not in browser.cookies
        form = page.form("/login/password")
        assert form.fields.get("password", "") == ""
        assert GOOD not in page.text
        texts.append(page.visible_text.replace(who, "ADDR"))
    assert len(set(texts)) == 1, "the answers tell the cases apart"
    assert sessions_of(pw, addr) == [] and sessions_of(pw, nopw) == []


def test_too_many_attempts_are_refused(pw):
    addr = new_customer(pw, name="Many Tries")
    assert set_password(pw, addr, GOOD).returncode == 0
    for _ in range(5):
        assert password_login(pw_browser(pw), addr, "not it at all").status \
            == 422
    refused = password_login(pw_browser(pw), addr, GOOD)
    assert refused.status == 429
    assert refused.header("Retry-After")
    assert sessions_of(pw, addr) == []

    # one client trying many addresses is stopped as well
    browser = pw_browser(pw)
    statuses = [password_login(browser, "n%d-%s" % (i, addr), GOOD).status
                for i in range(21)]
    assert statuses[:20] == [422] * 20
    assert statuses[20] == 429


def test_no_password_sign_in_on_a_magic_link_portal(pw):
    addr = new_customer(pw, name="Demo Only")
    assert set_password(pw, addr, GOOD).returncode == 0
    browser = demo_browser(pw)
    csrf = browser.get("/login").form("/login").fields["csrf"]
    page = browser.post("/login/password", {"csrf": csrf, "email": addr,
                                            "password": GOOD, "next": ""})
    assert page.status == 404
    assert sessions_of(pw, addr) == []


def change(browser, fields):
    form = browser.get("/portal/account").form("/portal/account/password")
    form.fields.update(fields)
    return browser.post("/portal/account/password", form.fields)


def test_setting_and_changing_the_password_on_the_account_page(pw):
    addr = new_customer(pw, name="Acco Unt")
    here, elsewhere = pw_browser(pw), pw_browser(pw)
    sign_in(pw, here, addr, portal="demo-pw")
    sign_in(pw, elsewhere, addr, portal="demo-pw")
    form = here.get("/portal/account").form("/portal/account/password")
    assert set(form.fields) == {"csrf", "password"}, "no current one yet"

    done = change(here, {"password": GOOD})
    assert done.status == 303, done.text
    assert done.location == "/portal/account?password=1"
    first = stored_hash(pw, addr)
    assert first.startswith("$argon2id$") and GOOD not in first
    assert elsewhere.get("/portal").status == 303, "the other device is out"
    assert here.get("/portal").status == 200
    assert len(sessions_of(pw, addr)) == 1

    form = here.get("/portal/account").form("/portal/account/password")
    assert set(form.fields) == {"csrf", "current", "password"}
    for fields, message in [
            ({"current": "", "password": "bright harbour 9"},
             "That is not your current password."),
            ({"current": GOOD + "?", "password": "bright harbour 9"},
             "That is not your current password."),
            ({"current": GOOD, "password": "1234567890"},
             "one of the most common"),
            ({"current": GOOD, "password": "short 1"},
             "at least 10 characters"),
            ({"current": GOOD, "password": "x" * 129},
             "at most 128 characters"),
            ({"current": GOOD, "password": addr}, "e-mail address")]:
        page = change(here, fields)
        assert page.status == 422, fields
        assert message in page.visible_text
        assert GOOD not in page.text and "bright harbour" not in page.text
        assert stored_hash(pw, addr) == first

    again = pw_browser(pw)
    assert password_login(again, addr, GOOD).status == 303
    done = change(here, {"current": GOOD, "password": "bright harbour 9"})
    assert done.status == 303, done.text
    assert stored_hash(pw, addr) != first
    assert again.get("/portal").status == 303
    assert here.get("/portal").status == 200
    assert password_login(pw_browser(pw), addr, GOOD).status == 422
    assert password_login(pw_browser(pw), addr, "bright harbour 9").status \
        == 303
