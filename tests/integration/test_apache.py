"""Porch behind Apache 2.4: the same programs and sockets as behind nginx,
with the server configured from apache/porch.conf.in and the Apache rules
porch-routes makes from the routes table.

The other test files prove the programs behind nginx; these prove what
Apache must do the same way: pick the program by method and path, pass the
CGI variables the programs read (the decoded path, the Host with its port,
PORCH_ALLOW, PORCH_STATUS, the request id), serve the static files, refuse
a body that is too large or a request it cannot read, and show a page of
its own while a program is down, all with the headers of Porch's pages.
(What its access log leaves out is in test_access_log.py.)
"""

import os
import re

import pytest

from client import Client
from helpers import (SRCDIR, appointment_labels, new_customer, outbox_to,
                     path_of, portal_name, routes)
from test_headers import (REFUSED, assert_page_headers, assert_secure,
                          errors_page, page_headers, refuse, static_file)

ANA = "ana@example.com"
BEN = "ben@example.com"
TABLE = routes()


@pytest.fixture(scope="module")
def apache(launch, smtp):
    with launch("apache", smtp.url, web="apache") as stack:
        yield stack


@pytest.fixture
def browser(apache):
    return Client(apache.port, apache.host)


def assert_error_page(r, status, heading):
    """A page the fallback program rendered from the templates."""
    assert r.status == status, r.text
    assert_secure(r)
    assert r.header("Content-Type").startswith("text/html")
    assert heading in r.visible_text
    assert "/static/porch.css" in r.text     # the layout, not Apache's page


def served_by(apache, response, program):
    """True when the program logged the request (by its request id)."""
    rid = response.header("X-Request-Id")
    assert rid, "no X-Request-Id"
    with open(os.path.join(apache.logdir, program + ".log"),
              encoding="utf-8", errors="replace") as f:
        return "req=%s " % rid in f.read()


def example_of(path):
    return next(r["example"] for r in TABLE["routes"] if r["path"] == path)


def test_the_home_page(apache, browser):
    """The portal is found by host:port, so its name on the page shows that
    HTTP_HOST kept the port."""
    home = browser.get("/")
    assert home.status == 200
    assert_secure(home)
    assert "Welcome to " + portal_name(apache) in home.visible_text
    assert "/login" in home.links
    head = browser.request("HEAD", "/")
    assert head.status == 200
    assert head.body == b""


def test_the_request_id_reaches_the_program(apache, browser):
    """Apache's request id (mod_unique_id) is the program's REQUEST_ID."""
    assert served_by(apache, browser.get("/"), "home")


def test_a_static_file(browser):
    path = static_file()
    url = "/static/" + os.path.relpath(path, os.path.join(SRCDIR, "htdocs",
                                                          "static"))
    r = browser.get(url)
    assert r.status == 200
    with open(path, "rb") as f:
        assert r.body == f.read()
    assert r.header("Content-Type").startswith("text/css")
    assert_secure(r)
    assert "max-age=" in (r.header("Cache-Control") or "")
    assert_error_page(browser.get("/static/no-such-file.css"), 404,
                      "Page not found")
    past_the_end = browser.get(url, headers={"Range": "bytes=999999-"})
    assert past_the_end.status == 200
    assert_secure(past_the_end)


@pytest.mark.parametrize("me,other", [(ANA, BEN), (BEN, ANA)])
def test_signing_in_with_a_magic_link(apache, browser, me, other):
    mine = appointment_labels(apache, me, upcoming_only=True)
    theirs = appointment_labels(apache, other) - appointment_labels(apache,
                                                                    me)
    assert mine and theirs, "the demo seed gives no appointments to compare"
    link = apache.link(me)
    confirm = browser.get(path_of(link))
    assert confirm.status == 200, confirm.text
    form = confirm.form("/auth")
    assert form.fields["csrf"]
    done = browser.post("/auth", form.fields)     # with this portal's Origin
    assert done.status == 303, done.text
    assert done.location == "/portal"
    assert "__Host-porch" in browser.cookies
    dashboard = browser.get("/portal")
    assert dashboard.status == 200
    assert_secure(dashboard)
    page = dashboard.visible_text
    assert [l for l in mine if l in page], "no own appointment shown"
    assert not [l for l in theirs if l in page], "another's appointment shown"


def test_asking_for_a_link(apache, browser):
    addr = new_customer(apache)
    form = browser.get("/login").form("/login")
    form.fields["email"] = addr
    sent = browser.post("/login", form.fields)
    assert sent.status == 200, sent.text
    assert "Check your e-mail" in sent.visible_text
    assert len(outbox_to(apache, addr)) == 1


def test_a_post_without_its_csrf_token(apache, browser):
    addr = new_customer(apache)
    form = browser.get("/login").form("/login")
    form.fields["email"] = addr
    del form.fields["csrf"]
    assert_error_page(browser.post("/login", form.fields), 403,
                      "That action wasn't allowed")
    assert outbox_to(apache, addr) == []


def test_an_unknown_path(browser):
    assert_error_page(browser.get("/no/such/page"), 404, "Page not found")


def test_a_path_is_matched_decoded(browser):
    """Apache passes the decoded path as DOCUMENT_URI, as nginx does."""
    page = browser.get("/log%69n")
    assert page.status == 200, page.text
    assert page.form("/login")


def test_the_error_pages_are_not_addresses(browser):
    for path in ("/.porch/error", "/.porch/unavailable.html"):
        assert_error_page(browser.get(path), 404, "Page not found")


@pytest.mark.parametrize("route", TABLE["routes"],
                         ids=["%s %s" % (r["method"], r["path"])
                              for r in TABLE["routes"]])
def test_each_route_reaches_its_program(apache, browser, route):
    methods = ["GET", "HEAD"] if route["method"] == "GET" else ["POST"]
    for method in methods:
        r = browser.request(method, route["example"], body=b"" if
                            method == "POST" else None)
        assert served_by(apache, r, route["program"]), \
            "%s %s: %d" % (method, route["example"], r.status)


@pytest.mark.parametrize("path", sorted(TABLE["paths"]))
def test_another_method_gets_405_with_allow(apache, browser, path):
    allowed = TABLE["paths"][path]
    for method in ("PUT", "DELETE", "OPTIONS",
                   "POST" if "POST" not in allowed else "PATCH"):
        r = browser.request(method, example_of(path))
        assert_error_page(r, 405, "That doesn't work here")
        assert r.header("Allow") == allowed
        assert served_by(apache, r, TABLE["fallback"])


def test_a_body_over_the_program_limit(browser):
    """Over max_body_kb (64 KB): the program refuses it."""
    r = browser.post("/login", body=b"email=" + b"a" * (70 * 1024))
    assert_error_page(r, 413, "That was too large")


def test_a_body_over_the_server_limit(browser):
    """Over Apache's 1 MB: refused before any program sees it (the body is
    announced and never sent), with the fallback program's page."""
    head = ("POST /login HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Connection: close\r\n\r\n" % (browser.host, 5 * 1024 * 1024))
    r = browser.raw(head.encode(), timeout=10)
    assert_error_page(r, 413, "That was too large")
    assert_page_headers(r, page_headers(browser))


@pytest.mark.parametrize("what,status,head", REFUSED,
                         ids=[c[0] for c in REFUSED])
def test_a_request_apache_refuses(browser, what, status, head):
    """Apache's own 400 and 414 are the static pages of htdocs/errors/,
    with the headers of Porch's pages (not Apache's, in ISO-8859-1)."""
    r = refuse(browser, head)
    assert r.status == status, r.text
    assert_page_headers(r, page_headers(browser))
    assert r.body == errors_page("%d.html" % status)


def test_the_static_error_pages_are_not_addresses(browser):
    for name in ("400.html", "408.html", "414.html"):
        assert_error_page(browser.get("/.porch/" + name), 404,
                          "Page not found")


def test_a_stopped_program_gives_the_unavailable_page(apache, browser):
    want = page_headers(browser)
    apache.stop_program("home")
    try:
        r = browser.get("/")
    finally:
        apache.start_program("home")
    assert r.status in (502, 503, 504)
    assert_page_headers(r, want)
    assert r.body == errors_page("unavailable.html")
    assert browser.get("/").status == 200


def test_apache_logged_no_errors_of_its_own(apache, browser):
    """Apache's error log holds nothing at warn level or above except what
    the stopped program caused (connection refused to its socket)."""
    browser.get("/")
    with open(os.path.join(apache.apache_dir, "log", "error.log"),
              encoding="utf-8", errors="replace") as f:
        lines = [l for l in f if re.search(r":(warn|error|crit|alert|emerg)\]",
                                           l)]
    lines = [l for l in lines if "home.sock" not in l and
             "AH01079" not in l]
    assert not lines, "".join(lines)
