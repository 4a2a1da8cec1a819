"""Asking for a sign-in link: the same answer whether or not the address
is a customer's, limits on how often, and mail that waits in the outbox
while the mail server is down."""

import re

from client import Client
from helpers import new_customer, outbox_to, porch_dev
from smtpserver import SmtpServer


def ask(browser, addr):
    form = browser.get("/login").form("/login")
    form.fields["email"] = addr
    return browser.post("/login", form.fields), form.fields["csrf"]


def normalized(response, csrf, addr):
    return response.text.replace(csrf, "CSRF").replace(addr, "ADDRESS")


def test_known_and_unknown_addresses_get_the_same_answer(stack, client):
    known = new_customer(stack)
    unknown = "nobody-%s" % known
    a, a_csrf = ask(client(), known)
    b, b_csrf = ask(client(), unknown)
    assert a.status == b.status == 200
    assert normalized(a, a_csrf, known) == normalized(b, b_csrf, unknown)
    assert sorted(k for k, _ in a.headers if k.lower() != "date") == \
        sorted(k for k, _ in b.headers if k.lower() != "date")
    assert len(outbox_to(stack, known)) == 1
    assert outbox_to(stack, unknown) == []


def assert_throttled(response):
    assert response.status == 429, response.text
    retry = response.header("Retry-After")
    assert retry and retry.isdigit() and 0 < int(retry) <= 15 * 60
    assert response.header("Content-Type").startswith("text/html")


def test_more_than_five_requests_for_an_address_get_429(stack, client):
    """Counted per address: each request comes from another client."""
    addr = new_customer(stack)
    for _ in range(5):
        assert ask(client(), addr)[0].status == 200
    assert_throttled(ask(client(), addr)[0])
    assert len(outbox_to(stack, addr)) == 5


def test_more_than_twenty_requests_from_a_client_get_429(stack, client):
    browser = client()
    for i in range(20):
        assert ask(browser, "unknown-%d-%s@example.com"
                   % (i, browser.address))[0].status == 200
    addr = new_customer(stack)
    assert_throttled(ask(browser, addr)[0])
    assert outbox_to(stack, addr) == []
    assert ask(client(), addr)[0].status == 200


def test_the_mail_holds_a_link_to_this_portal(stack, smtp, client):
    addr = new_customer(stack, name="Mia Mail")
    assert ask(client(), addr)[0].status == 200
    stack.mailer("--once")
    mail = smtp.wait_for(addr)
    assert mail.rcpt_tos == [addr]
    assert "Mia Mail" in mail.text
    assert re.search(re.escape(stack.url) + r"/auth\?t=[A-Za-z0-9_-]{43}\b",
                     mail.text)
    row = outbox_to(stack, addr)[0]
    assert row["sent"] and row["attempts"] == 1


def test_mail_waits_while_the_smtp_server_is_down(launch):
    server = SmtpServer(porch_dev.free_port())
    with launch("smtp-down", server.url) as stack:
        addr = new_customer(stack)
        assert ask(Client(stack.port, stack.host), addr)[0].status == 200

        stack.mailer("--once", check=False)
        row = outbox_to(stack, addr)[0]
        assert row["attempts"] == 1
        assert row["last_error"]
        assert not row["sent"]
        assert addr in stack.porchctl("outbox", "--office", "demo")

        server.start()
        try:
            stack.mailer("--once", check=False)
            assert server.to(addr) == [], "retried before its time"
            stack.mailer("--once", "--flush")
            server.wait_for(addr)
        finally:
            server.stop()
        row = outbox_to(stack, addr)[0]
        assert row["sent"] and row["attempts"] == 2
        assert addr not in stack.porchctl("outbox", "--office", "demo")
