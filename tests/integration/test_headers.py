"""Every kind of response carries the security headers exactly once: pages,
redirects, the programs' error pages, nginx's own refusals, static files,
and the page shown while a program is down."""

import os

import pytest

from helpers import SRCDIR, new_customer, sign_in


def assert_secure(r):
    csp = r.header("Content-Security-Policy")
    assert csp, "no Content-Security-Policy on %r" % r
    assert "default-src" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert r.header("X-Content-Type-Options") == "nosniff"
    assert r.header("Referrer-Policy") == "no-referrer"


def static_file():
    top = os.path.join(SRCDIR, "htdocs", "static")
    for d, _, files in sorted(os.walk(top)):
        for name in sorted(files):
            if name.endswith(".css"):
                return os.path.join(d, name)
    pytest.fail("no stylesheet under htdocs/static")


def test_pages_redirects_and_errors(stack, client):
    browser = client()
    cases = [
        (browser.get("/"), 200),
        (browser.request("HEAD", "/"), 200),
        (browser.get("/portal"), 303),
        (browser.get("/login?next=%zz"), 400),
        (browser.post("/login", {"csrf": "x", "email": "a@example.com"},
                      origin="https://evil.example"), 403),
        (browser.get("/no/such/page"), 404),
        (browser.request("DELETE", "/login"), 405),
        (browser.get("/auth?t=expired"), 410),
        (browser.post("/login", body=b"email=" + b"a" * (70 * 1024)), 413),
    ]
    for response, status in cases:
        assert response.status == status, (response, status)
        assert_secure(response)


def test_a_signed_in_page(stack, client):
    browser = client()
    page = sign_in(stack, browser, new_customer(stack))
    assert_secure(page)
    assert "no-store" in (page.header("Cache-Control") or "")


def test_nginx_refusing_a_body_too_large(client):
    browser = client()
    head = ("POST /login HTTP/1.1\r\nHost: %s\r\nContent-Length: %d\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Connection: close\r\n\r\n" % (browser.host, 5 * 1024 * 1024))
    r = browser.raw(head.encode())
    assert r.status == 413
    assert_secure(r)


def test_nginx_refusing_a_malformed_request(client):
    r = client().raw(b"GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n")
    assert r.status == 400
    assert_secure(r)


def test_static_files(client):
    path = static_file()
    url = "/static/" + os.path.relpath(path, os.path.join(SRCDIR, "htdocs",
                                                          "static"))
    r = client().get(url)
    assert r.status == 200
    with open(path, "rb") as f:
        assert r.body == f.read()
    assert r.header("Content-Type").startswith("text/css")
    assert_secure(r)
    max_age = [int(p.split("=")[1]) for p in
               (r.header("Cache-Control") or "").split(",")
               if p.strip().startswith("max-age=")]
    assert max_age and max_age[0] >= 24 * 3600
    missing = client().get("/static/no-such-file.css")
    assert missing.status == 404
    assert_secure(missing)


def test_the_page_shown_while_a_program_is_down(stack, client):
    stack.stop_program("home")
    try:
        r = client().get("/")
    finally:
        stack.start_program("home")
    assert r.status in (502, 503, 504)
    assert_secure(r)
    with open(os.path.join(SRCDIR, "htdocs", "errors", "unavailable.html"),
              "rb") as f:
        assert r.body == f.read()
    assert client().get("/").status == 200
