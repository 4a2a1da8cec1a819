"""Offices share nothing.  One installation serves two offices on two host
names (and a second portal of the demo office on a third); the Host header
picks the portal, as a browser's address bar would."""

import pytest

from client import Client
from helpers import (new_customer, open_link, path_of, sessions_of, sign_in,
                     tokens_of)


def add_offices(stack):
    stack.porchctl("office", "add", "other", "--name", "Other Office")
    stack.porchctl("portal", "add", "other", "--office", "other",
                   "--url", "http://localhost:%d" % stack.port,
                   "--name", "Other Portal")
    stack.porchctl("portal", "add", "demo-alt", "--office", "demo",
                   "--url", "http://alt.localhost:%d" % stack.port,
                   "--name", "Demo Second Portal")


@pytest.fixture(scope="module")
def two(launch, smtp):
    with launch("tenancy", smtp.url, setup=add_offices) as stack:
        yield stack


def demo(stack):
    return Client(stack.port, stack.host)


def other(stack):
    return Client(stack.port, "localhost:%d" % stack.port)


def alt(stack):
    return Client(stack.port, "alt.localhost:%d" % stack.port)


def test_each_host_shows_its_own_portal(two):
    assert "Other Portal" in other(two).get("/").visible_text
    assert "Other Portal" not in demo(two).get("/").visible_text


@pytest.mark.parametrize("home,away", [(demo, other), (other, demo)])
def test_a_session_cookie_gives_nothing_on_another_office(two, home, away):
    office = "demo" if home is demo else "other"
    addr = new_customer(two, office=office, name="Tess Tenant")
    mine = home(two)
    sign_in(two, mine, addr, office=office)
    stranger = away(two)
    stranger.cookies.update(mine.cookies)
    page = stranger.get("/portal")
    assert page.status == 303
    assert page.location == "/login?next=%2Fportal"
    assert "/portal" not in stranger.get("/").links
    assert mine.get("/portal").status == 200


def test_the_same_address_is_two_customers(two):
    addr = new_customer(two, office="demo", name="Dana Demo")
    two.porchctl("customer", "add", "--office", "other", "--email", addr,
                 "--name", "Otto Other")
    refused = other(two).get(path_of(two.link(addr, office="demo")))
    assert refused.status == 410
    assert sessions_of(two, addr, office="other") == []
    page = sign_in(two, other(two), addr, office="other")
    assert "Hello, Otto Other" in page.visible_text
    assert "Dana Demo" not in page.visible_text
    assert sessions_of(two, addr, office="demo") == []
    assert [t["used"] for t in tokens_of(two, addr, office="demo")] == [0]


def test_a_link_works_only_on_its_own_portal(two):
    addr = new_customer(two)
    link = two.link(addr, portal="demo-alt")
    assert "alt.localhost" in link
    browser = demo(two)
    assert browser.get(path_of(link)).status == 410
    assert open_link(alt(two), link).status == 303


def test_a_post_from_another_portal_is_refused(two):
    browser = demo(two)
    form = browser.get("/login").form("/login")
    form.fields["email"] = new_customer(two)
    for origin in ("http://localhost:%d" % two.port,
                   "http://alt.localhost:%d" % two.port):
        assert browser.post("/login", form.fields,
                            origin=origin).status == 403
