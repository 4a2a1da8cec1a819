"""Checks every route of the build's routes table, so a new page is
covered the day it is added: other methods get 405 with Allow, pages that
need a signed-in customer or team member send strangers to the matching
sign-in form, every POST refuses a request without its CSRF token, and a
made-up id in any route that takes one, page or action, is not found."""

import urllib.parse

import pytest

from helpers import new_customer, new_member, routes, sign_in, team_sign_in

TABLE = routes()
OTHER_METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")


def of(method=None, need=None):
    return [r for r in TABLE["routes"]
            if (method is None or r["method"] == method) and
            (need is None or r["need"] == need)]


def ids(rows):
    return ["%s %s" % (r["method"], r["path"]) for r in rows]


def example_of(path):
    return next(r["example"] for r in TABLE["routes"] if r["path"] == path)


@pytest.mark.parametrize("path", sorted(TABLE["paths"]))
def test_other_methods_get_405_with_allow(client, path):
    allowed = TABLE["paths"][path].split(", ")
    browser = client()
    for method in OTHER_METHODS:
        if method in allowed:
            continue
        r = browser.request(method, example_of(path))
        assert r.status == 405, "%s %s: %d" % (method, path, r.status)
        allow = [m.strip() for m in (r.header("Allow") or "").split(",")]
        assert sorted(allow) == sorted(allowed), (method, path, allow)


def expect_sign_in(response, route):
    assert response.status == 303, "%s: %d" % (route["path"],
                                                 response.status)
    loc = urllib.parse.urlsplit(response.location)
    login = "/team/login" if route["need"] == "member" else "/login"
    assert loc.path == login
    assert urllib.parse.parse_qs(loc.query).get("next") == [route["example"]]


SIGNED_IN_PAGES = of("GET", "customer") + of("GET", "member")
ROUTES_WITH_IDS = [r for r in of(need="customer") + of(need="member")
                   if r["params"]]


@pytest.mark.parametrize("route", SIGNED_IN_PAGES, ids=ids(SIGNED_IN_PAGES))
def test_pages_for_signed_in_people_send_strangers_to_sign_in(client, route):
    expect_sign_in(client().get(route["example"]), route)


ACTIONS = of("POST", "customer") + of("POST", "member")


@pytest.mark.parametrize("route", ACTIONS, ids=ids(ACTIONS))
def test_actions_for_signed_in_people_refuse_strangers(client, route):
    browser = client()
    csrf = browser.get("/login").csrf
    r = browser.post(route["example"], {"csrf": csrf})
    assert r.status == 403, r.text


MEMBER_PASSWORD = "tidy lantern 4 orchard"
HOME = {"customer": "/portal", "member": "/team"}


@pytest.mark.parametrize("route", of("POST"), ids=ids(of("POST")))
def test_every_post_refuses_a_missing_csrf_token(stack, client, route):
    browser = client()
    if route["need"] == "customer":
        sign_in(stack, browser, new_customer(stack))
    elif route["need"] == "member":
        addr = new_member(stack, role="admin", password=MEMBER_PASSWORD)
        assert team_sign_in(browser, addr, MEMBER_PASSWORD).status == 303
    else:
        browser.get("/login")   # the pre-session cookie a form would pair with
    refused = browser.post(route["example"], {})
    assert refused.status == 403, refused.text
    if route["need"] in HOME:
        assert browser.get(HOME[route["need"]]).status == 200, \
            "the session ended"


@pytest.mark.parametrize("route", of("POST", "public"),
                         ids=ids(of("POST", "public")))
def test_every_public_post_refuses_a_foreign_origin(client, route):
    browser = client()
    csrf = browser.get("/login").csrf
    refused = browser.post(route["example"], {"csrf": csrf},
                           origin="https://evil.example")
    assert refused.status == 403, refused.text


@pytest.mark.parametrize("route", ROUTES_WITH_IDS, ids=ids(ROUTES_WITH_IDS))
def test_a_made_up_id_is_not_found(stack, client, route):
    browser = client()
    if route["need"] == "member":
        addr = new_member(stack, role="admin", password=MEMBER_PASSWORD)
        assert team_sign_in(browser, addr, MEMBER_PASSWORD).status == 303
    else:
        sign_in(stack, browser, new_customer(stack))
    if route["method"] == "GET":
        assert browser.get(route["example"]).status == 404
    else:
        csrf = browser.get(HOME[route["need"]]).csrf
        answer = browser.post(route["example"], {"csrf": csrf})
        assert answer.status == 404, answer.text


@pytest.mark.parametrize("route", of("GET", "public"),
                         ids=ids(of("GET", "public")))
def test_head_answers_like_get_without_a_body(client, route):
    browser = client()
    get = browser.get(route["example"])
    head = browser.request("HEAD", route["example"])
    assert head.status == get.status
    assert head.body == b""
    assert head.header("Content-Type") == get.header("Content-Type")
