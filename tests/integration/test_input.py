"""Input the portal refuses whole: malformed encodings, invalid UTF-8, too
many fields (400) and bodies over the limits (413), each with a real error
page and nothing changed."""

import pytest

from helpers import new_customer, outbox_to


def assert_error_page(response, status):
    assert response.status == status, response.text
    assert response.header("Content-Type").startswith("text/html")
    assert "<html" in response.text.lower()
    assert response.header("Content-Security-Policy")


@pytest.mark.parametrize("query", ["next=%zz", "next=%4", "next=%C3%28",
                                   "next=%FF", "next=%ED%A0%80", "next=a%00b",
                                   "%zz=1"])
def test_a_malformed_query_gets_400(client, query):
    assert_error_page(client().get("/login?" + query), 400)


def login_body(browser, addr, extra=b""):
    csrf = browser.get("/login").csrf
    return b"csrf=" + csrf.encode() + b"&email=" + addr.encode() + extra


@pytest.mark.parametrize("extra", [b"&next=%zz", b"&next=%C3%28",
                                   b"&next=\xff\xfe", b"&next=a%00",
                                   b"&next=%"])
def test_a_malformed_body_gets_400_and_sends_nothing(stack, client, extra):
    addr = new_customer(stack)
    browser = client()
    assert_error_page(browser.post("/login",
                                   body=login_body(browser, addr, extra)), 400)
    assert outbox_to(stack, addr) == []


def test_too_many_fields_get_400(stack, client):
    addr = new_customer(stack)
    browser = client()
    junk = b"".join(b"&f%d=1" % i for i in range(200))
    assert_error_page(browser.post("/login",
                                   body=login_body(browser, addr, junk)), 400)
    assert outbox_to(stack, addr) == []
    assert_error_page(browser.get("/login?" + "&".join(
        "f%d=1" % i for i in range(200))), 400)


def test_a_body_over_the_portal_limit_gets_413(stack, client):
    """Over max_body_kb (64) but under nginx's limit: the program refuses."""
    addr = new_customer(stack)
    browser = client()
    body = login_body(browser, addr, b"&next=/" + b"a" * (70 * 1024))
    assert_error_page(browser.post("/login", body=body), 413)
    assert outbox_to(stack, addr) == []


def test_a_body_over_the_server_limit_gets_413(stack, client):
    """Over nginx's client_max_body_size: nginx refuses before reading the
    body and the fallback program renders the page."""
    browser = client()
    csrf = browser.get("/login").csrf
    head = ("POST /login HTTP/1.1\r\nHost: %s\r\nOrigin: %s\r\n"
            "Cookie: __Host-porch-pre=%s\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: %d\r\nConnection: close\r\n\r\n"
            % (browser.host, browser.origin, csrf, 2 * 1024 * 1024))
    assert_error_page(browser.raw(head.encode()), 413)


def test_a_wrong_content_type_gets_400(stack, client):
    addr = new_customer(stack)
    browser = client()
    r = browser.post("/login", body=login_body(browser, addr),
                     headers={"Content-Type": "text/plain"})
    assert_error_page(r, 400)
    assert outbox_to(stack, addr) == []


def test_an_invalid_address_gets_the_form_again(stack, client):
    browser = client()
    form = browser.get("/login").form("/login")
    form.fields["email"] = "not an address"
    again = browser.post("/login", form.fields)
    assert again.status == 422, again.text
    assert again.form("/login").fields["email"] == "not an address"
    assert "name@example.com" in again.visible_text


def test_unknown_paths_get_404(client):
    browser = client()
    for path in ("/nope", "/portal/", "/login/x", "/LOGIN", "/static/nope.css",
                 "/.porch/error", "/.porch/unavailable.html"):
        assert_error_page(browser.get(path), 404)


def test_an_unknown_host_gets_404(stack):
    from client import Client
    assert_error_page(Client(stack.port, "nowhere.example").get("/"), 404)
