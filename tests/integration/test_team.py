"""The team side signs in on its own: /team/login with a password, its own
session cookie, and no way across to the customers' pages or back.  Every
failed sign-in looks the same, and attempts are rate limited."""

import pytest

from client import Client
from helpers import (member_sessions, new_customer, new_member,
                     set_member_password, sign_in, team_sign_in)

PASSWORD = "tidy lantern 4 orchard"
NO_MATCH = "That e-mail address and password don't match."
TEAM_COOKIE = "__Host-porch-team"


def signed_in_member(stack, client, **kw):
    addr = new_member(stack, password=PASSWORD, **kw)
    browser = client()
    done = team_sign_in(browser, addr, PASSWORD)
    assert done.status == 303, done.text
    return addr, browser, done


def test_a_member_signs_in_and_sees_the_team_home(stack, client):
    addr, browser, done = signed_in_member(stack, client, name="Rita Rowan")
    assert done.location.endswith("/team")
    assert TEAM_COOKIE in browser.cookies
    assert "__Host-porch" not in browser.cookies
    home = browser.get("/team")
    assert home.status == 200, home.text
    assert "Hello, Rita Rowan" in home.text
    assert "agent" in home.visible_text
    assert ">Newest in the inbox</h2>" in home.text
    assert home.form("/team/logout") is not None
    rows = member_sessions(stack, addr)
    assert len(rows) == 1 and rows[0]["kind"] == "member"


def test_sign_in_goes_to_next_only_on_the_team_side(stack, client):
    addr = new_member(stack, password=PASSWORD)
    done = team_sign_in(client(), addr, PASSWORD, next_path="/team?x=1")
    assert done.status == 303 and done.location.endswith("/team?x=1")
    done = team_sign_in(client(), addr, PASSWORD, next_path="/portal")
    assert done.status == 303 and done.location.endswith("/team")


def test_the_member_role_is_shown(stack, client):
    _, browser, _ = signed_in_member(stack, client, role="viewer")
    assert "viewer" in browser.get("/team").visible_text


@pytest.mark.parametrize("case", ["wrong password", "unknown address",
                                  "no password set"])
def test_failed_sign_in_is_422_with_one_message(stack, client, case):
    if case == "no password set":
        addr, pw = new_member(stack), PASSWORD
    else:
        addr, pw = new_member(stack, password=PASSWORD), PASSWORD
    if case == "wrong password":
        pw = PASSWORD + "x"
    tried = addr if case != "unknown address" else "nobody-" + addr
    browser = client()
    r = team_sign_in(browser, tried, pw)
    assert r.status == 422, r.text
    assert NO_MATCH in r.visible_text
    assert TEAM_COOKIE not in browser.cookies
    assert member_sessions(stack, addr) == []


def test_too_many_attempts_get_429(stack, client):
    addr = new_member(stack, password=PASSWORD)
    for _ in range(5):
        assert team_sign_in(client(), addr, "wrong " + PASSWORD).status == 422
    r = team_sign_in(client(), addr, PASSWORD)
    assert r.status == 429, r.text
    assert r.header("Retry-After")
    assert member_sessions(stack, addr) == []


def test_a_customer_session_never_reaches_the_team(stack, client):
    browser = client()
    sign_in(stack, browser, new_customer(stack))
    r = browser.get("/team")
    assert r.status == 303
    assert r.location.startswith("/team/login?next=")


def test_a_member_session_never_reaches_the_portal(stack, client):
    _, browser, _ = signed_in_member(stack, client)
    r = browser.get("/portal")
    assert r.status == 303
    assert r.location.startswith("/login?next=")
    # the member's session under the customers' cookie is no session either
    browser.cookies["__Host-porch"] = browser.cookies[TEAM_COOKIE]
    assert browser.get("/portal").status == 303


def test_team_logout_deletes_the_session(stack, client):
    addr, browser, _ = signed_in_member(stack, client)
    csrf = browser.get("/team").csrf
    r = browser.post("/team/logout", {"csrf": csrf})
    assert r.status == 303
    assert r.location.endswith("/team/login?signed_out=1")
    assert TEAM_COOKIE not in browser.cookies
    assert member_sessions(stack, addr) == []
    assert browser.get("/team").status == 303


def test_porchctl_refuses_a_weak_password(stack):
    addr = new_member(stack)
    p = set_member_password(stack, addr, "short", check=False)
    assert p.returncode != 0
    p = set_member_password(stack, "nobody-" + addr, PASSWORD, check=False)
    assert p.returncode != 0


def add_office(stack):
    stack.porchctl("office", "add", "other", "--name", "Other Office")
    stack.porchctl("portal", "add", "other", "--office", "other",
                   "--url", "http://localhost:%d" % stack.port,
                   "--name", "Other Portal")


@pytest.fixture(scope="module")
def two(launch, smtp):
    with launch("team", smtp.url, setup=add_office) as stack:
        yield stack


def test_a_member_of_one_office_cannot_sign_in_on_another(two):
    addr = new_member(two, office="demo", password=PASSWORD)
    away = Client(two.port, "localhost:%d" % two.port)
    r = team_sign_in(away, addr, PASSWORD)
    assert r.status == 422, r.text
    assert TEAM_COOKIE not in away.cookies
    home = Client(two.port, two.host)
    assert team_sign_in(home, addr, PASSWORD).status == 303


def test_a_signed_in_member_is_not_shown_the_sign_in_form(stack, client):
    _, browser, _ = signed_in_member(stack, client)
    for path, lands in (("/team/login", "/team"),
                        ("/team/login?next=%2Fteam%2Fmembers",
                         "/team/members"),
                        ("/team/login?next=%2Fportal", "/team"),
                        ("/team/login?next=%2Fteam%2Flogin", "/team")):
        page = browser.get(path)
        assert page.status == 303, path
        assert page.location == lands, path
    assert client().get("/team/login").form("/team/login") is not None


def test_team_sign_out_lands_on_a_page_that_says_so(stack, client):
    _, browser, _ = signed_in_member(stack, client)
    out = browser.post("/team/logout", {"csrf": browser.get("/team").csrf})
    assert out.location == "/team/login?signed_out=1"
    page = browser.get(out.location)
    assert page.status == 200
    assert '<p class="notice" role="status">You have signed out.</p>' in \
        page.text
    assert page.form("/team/login") is not None
    assert "signed out" not in browser.get("/team/login").visible_text
