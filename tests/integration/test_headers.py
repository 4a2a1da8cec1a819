"""Every kind of response carries the security headers exactly once: pages,
redirects, the programs' error pages, nginx's own refusals, static files,
and the page shown while a program is down.  What nginx answers itself
with a page carries exactly the headers a program's page does, charset and
Cache-Control included."""

import os

import pytest

from helpers import SRCDIR, new_customer, sign_in

# The headers every page of Porch's carries, whoever wrote it.
PAGE_HEADERS = ("Content-Type", "Cache-Control", "Content-Security-Policy",
                "X-Content-Type-Options", "Referrer-Policy",
                "X-Frame-Options", "Cross-Origin-Opener-Policy")

# Requests the web server refuses before a program could see them, with the
# status it answers and the static page it shows (htdocs/errors/).  The
# head is completed with "Connection: close" and an empty line.
REFUSED = [
    ("a Host sent twice", 400,
     "GET / HTTP/1.1\r\nHost: {host}\r\nHost: {host}\r\n"),
    ("a URI too long", 414,
     "GET /" + "a" * 10240 + " HTTP/1.1\r\nHost: {host}\r\n"),
    ("a header too large", 400,
     "GET / HTTP/1.1\r\nHost: {host}\r\nX-Large: " + "a" * 65536 +
     "\r\n"),
    ("a malformed request line", 400,
     "GET /\x01 HTTP/1.1\r\nHost: {host}\r\n"),
]


def refuse(browser, head):
    """The response to one of REFUSED's heads, sent as it is."""
    return browser.raw((head.format(host=browser.host) +
                        "Connection: close\r\n\r\n").encode())


def errors_page(name):
    with open(os.path.join(SRCDIR, "htdocs", "errors", name), "rb") as f:
        return f.read()


def page_headers(browser):
    """The headers of a page a program wrote, by name; they say what the
    web server's own pages must send."""
    home = browser.get("/")
    assert home.status == 200
    want = {name: home.header(name) for name in PAGE_HEADERS}
    assert want["Content-Type"] == "text/html; charset=utf-8"
    assert want["Cache-Control"] == "no-store"
    return want


def assert_page_headers(r, want):
    """r carries each of want's headers exactly once, with its value."""
    for name, value in want.items():
        assert r.all(name) == [value], "%s on %r: %r" % (name, r,
                                                        r.all(name))


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
    assert_page_headers(r, page_headers(browser))
    assert "too large" in r.visible_text    # the fallback program's page


@pytest.mark.parametrize("what,status,head", REFUSED,
                         ids=[c[0] for c in REFUSED])
def test_nginx_refusing_a_request(client, what, status, head):
    browser = client()
    r = refuse(browser, head)
    assert r.status == status, r.text
    assert_page_headers(r, page_headers(browser))
    assert r.body == errors_page("%d.html" % status)


def test_the_static_error_pages_are_not_addresses(client):
    for name in ("400.html", "408.html", "414.html", "unavailable.html"):
        r = client().get("/.porch/" + name)
        assert r.status == 404
        assert "Page not found" in r.visible_text


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
    assert_page_headers(missing, page_headers(client()))
    assert "Page not found" in missing.visible_text
    past_the_end = client().get(url, headers={"Range": "bytes=999999-"})
    assert past_the_end.status == 200
    assert_secure(past_the_end)


def test_the_page_shown_while_a_program_is_down(stack, client):
    want = page_headers(client())
    stack.stop_program("home")
    try:
        r = client().get("/")
    finally:
        stack.start_program("home")
    assert r.status in (502, 503, 504)
    assert_page_headers(r, want)
    assert r.body == errors_page("unavailable.html")
    assert client().get("/").status == 200
