"""Asking for a sign-in link: the same answer whether or not the address
is a customer's, limits on how often, and mail that waits in the outbox
while the mail server is down.  Every mail is multipart/alternative: a
plain-text and an HTML part that carry the same link, the HTML escaped."""

import html
import html.parser
import re
import sqlite3
import time

from client import Client
from helpers import new_customer, outbox_to, portal_name, porch_dev
from smtpserver import SmtpServer

HOSTILE = 'Zo\u00eb <script>alert("x")</script> & Co'


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


# ------------------------------------------------------ the two parts
class Html(html.parser.HTMLParser):
    """What a test reads of an HTML part: the lang, the title and each
    link's href and text (entities undone, as a mail client shows them)."""

    def __init__(self, text):
        super().__init__()
        self.lang, self.title, self.links = None, "", []
        self._in = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        elif tag == "title":
            self._in = "title"
        elif tag == "a":
            self.links.append([dict(attrs).get("href"), ""])
            self._in = "a"

    def handle_endtag(self, tag):
        if tag in ("title", "a"):
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "a":
            self.links[-1][1] += data


def assert_two_parts(mail):
    msg = mail.message
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == \
        ["text/plain", "text/html"]
    for p in parts:
        assert p.get_content_charset() == "utf-8"
        assert p["Content-Transfer-Encoding"] == "quoted-printable"
    assert msg.get_boundary() not in mail.text + mail.html


def assert_one_button(mail, link):
    page = Html(mail.html)
    assert page.lang == "en"
    assert page.title == mail.subject
    assert len(page.links) == 1, page.links
    href, words = page.links[0]
    assert href == link
    return words


def test_a_sign_in_mail_is_text_and_html(stack, smtp, client):
    addr = new_customer(stack, name=HOSTILE)
    assert ask(client(), addr)[0].status == 200
    stack.mailer("--once")
    mail = smtp.wait_for(addr)
    assert_two_parts(mail)
    link = re.search(re.escape(stack.url) + r"/auth\?t=[A-Za-z0-9_-]{43}\b",
                     mail.text).group(0)
    name = portal_name(stack)
    assert assert_one_button(mail, link) == "Sign in to " + name
    assert link in mail.html
    assert html.escape(name) in mail.html
    # the customer's name as they typed it in the text, escaped in HTML
    assert HOSTILE in mail.text
    assert html.escape(HOSTILE) in mail.html
    assert "<script>" not in mail.html
    # both parts are erased on delivery
    row = outbox_to(stack, addr)[0]
    assert row["sent"] and row["body"] == "" and row["body_html"] is None


def test_an_invitation_from_porchctl_is_text_and_html(stack, smtp):
    addr = "invited-%d@example.com" % time.time_ns()
    out = stack.porchctl("invite", "--office", "demo", "--email", addr,
                         "--name", HOSTILE)
    link = out.strip().splitlines()[-1]
    stack.mailer("--once")
    mail = smtp.wait_for(addr)
    assert_two_parts(mail)
    assert link in mail.text
    assert assert_one_button(mail, link) == "Open your account"
    assert html.escape(HOSTILE) in mail.html


def test_a_message_queued_before_html_goes_as_text(stack, smtp):
    """A row from before the outbox had an HTML part (body_html NULL)."""
    addr = new_customer(stack)
    conn = sqlite3.connect(stack.db_path(), timeout=10)
    try:
        with conn:
            conn.execute(
                "INSERT INTO outbox (recipient, subject, body, created, "
                "attempts, next_attempt, sent, last_error) "
                "VALUES (?, 'Queued long ago', 'Caf\u00e9 text only', ?, "
                "0, 0, 0, '')", (addr, int(time.time())))
    finally:
        conn.close()
    stack.mailer("--once")
    mail = smtp.wait_for(addr)
    assert mail.message.get_content_type() == "text/plain"
    assert mail.text.strip() == "Caf\u00e9 text only"
    assert mail.html == ""


def test_the_demo_prints_the_link_of_a_multipart_mail(stack, smtp, client,
                                                       tmp_path):
    """porch-dev's Maildir watcher reads the text part for the link."""
    addr = new_customer(stack)
    assert ask(client(), addr)[0].status == 200
    stack.mailer("--once")
    mail = smtp.wait_for(addr)
    path = tmp_path / "message"
    path.write_bytes(mail.data.replace(b"\r\n", b"\n"))
    link = re.search(r"https?://\S+/auth\?t=[A-Za-z0-9_-]{43}",
                     mail.text).group(0)
    assert porch_dev.MaildirWatcher.describe(str(path)) == \
        "%s: %s" % (addr, link)


INVITE = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Porch//test//EN\r\n"
          "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:abc@portal.example\r\n"
          "SEQUENCE:2\r\nDTSTAMP:20260301T120000Z\r\n"
          "DTSTART:20260328T090000Z\r\nSUMMARY:Caf\u00e9\\, Quay 1\r\n"
          "END:VEVENT\r\nEND:VCALENDAR\r\n")


def test_a_mail_with_an_attachment_is_multipart_mixed(stack, smtp):
    """The outbox's attachment arrives as a part of its own after the
    text and HTML, its bytes intact, and delivery erases them."""
    addr = new_customer(stack)
    conn = sqlite3.connect(stack.db_path(), timeout=10)
    try:
        with conn:
            conn.execute(
                "INSERT INTO outbox (recipient, subject, body, body_html, "
                "created, attempts, next_attempt, sent, last_error, "
                "attachment_name, attachment_type, attachment) "
                "VALUES (?, 'Your appointment', 'See the invitation.', "
                "'<p>See the invitation.</p>', ?, 0, 0, 0, '', "
                "'invite.ics', "
                "'text/calendar; charset=utf-8; method=REQUEST', ?)",
                (addr, int(time.time()), INVITE.encode()))
    finally:
        conn.close()
    stack.mailer("--once")
    mail = smtp.wait_for(addr)
    msg = mail.message
    assert msg.get_content_type() == "multipart/mixed"
    assert not msg.defects
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == \
        ["multipart/alternative", "text/calendar"]
    assert mail.text.strip() == "See the invitation."
    ics = parts[1]
    assert ics.get_content_disposition() == "attachment"
    assert ics.get_filename() == "invite.ics"
    assert ics.get_param("method") == "REQUEST"
    assert ics["Content-Transfer-Encoding"] == "base64"
    assert ics.get_content() == INVITE
    assert all(len(line) <= 78 for line in mail.data.split(b"\n"))
    lines = ics.get_content().split("\r\n")
    assert "UID:abc@portal.example" in lines and "SEQUENCE:2" in lines
    row = outbox_to(stack, addr)[0]
    assert row["sent"] != 0 and row["attachment"] is None
    assert row["attachment_name"] == "invite.ics"
