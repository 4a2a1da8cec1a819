"""CRM webhooks end to end: an appointment change records its event in the
change's own transaction, and porch-hooks posts it to a real HTTP receiver
on loopback, which checks the signature itself with the office's secret.
A 500 is tried again (the same event id), a closed port loses nothing and
never fails the booking, a 410 disables the endpoint until an admin
enables it, and after the last attempt the event is failed, listed by
porchctl and on /team/webhooks, and sent again on request.

The changes are made by tests/integration/appointment-change, which calls
lib's booking, cancel and mark functions as the appointment pages do.
"""

import hashlib
import hmac
import http.server
import json
import os
import re
import subprocess
import threading
import time

import pytest

from client import Client
from helpers import BUILDDIR, new_member, porch_dev, query, team_sign_in

SECRET = "whsec-porch-test-4b1d"
PASSWORD = "tidy lantern 4 orchard"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
ATTEMPTS = 18       # WEBHOOK_ATTEMPTS in lib/data/webhook.h


class Receiver:
    """A CRM's endpoint: answers each POST with the next status of its
    script (200 once the script is used up) and keeps what it got."""

    def __init__(self, port):
        self.port = port
        self.script = []
        self.got = []
        self.server = None
        self.lock = threading.Lock()

    @property
    def url(self):
        return "http://127.0.0.1:%d/hooks/porch" % self.port

    def start(self):
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with outer.lock:
                    status = outer.script.pop(0) if outer.script else 200
                    outer.got.append((self.path, dict(self.headers), body,
                                      status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever,
                         daemon=True).start()
        return self

    def stop(self):
        """Closes the port: the endpoint is down."""
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def take(self):
        with self.lock:
            got, self.got = self.got, []
        return got


@pytest.fixture(scope="module")
def receiver():
    r = Receiver(porch_dev.free_port()).start()
    yield r
    r.stop()


@pytest.fixture(scope="module")
def hooked(launch, smtp, receiver):
    """An installation whose demo office posts its events to receiver."""

    def setup(stack):
        secret = os.path.join(stack.state, "demo-webhook.secret")
        fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(SECRET + "\n")
        with open(stack.conf, encoding="utf-8") as f:
            text = f.read()
        text = text.replace(
            "[office demo]\n", "[office demo]\nwebhook_url = %s\n"
            "webhook_secret_file = %s\n" % (receiver.url, secret), 1)
        with open(stack.conf, "w", encoding="utf-8") as f:
            f.write(text)

    with launch("hooks", smtp.url, setup=setup) as stack:
        yield stack


def change(stack, *args):
    """Runs appointment-change; what it printed."""
    p = subprocess.run([os.path.join(BUILDDIR, "tests", "integration",
                                     "appointment-change"),
                        "-c", stack.conf] + list(args),
                       capture_output=True, text=True, env=stack.env())
    assert p.returncode == 0, p.stderr
    return p.stdout.strip()


def events(stack, failed=False):
    """porchctl hooks list, as dicts by event id."""
    out = stack.porchctl("hooks", "list", "--office", "demo",
                         *(["--failed"] if failed else []))
    lines = out.splitlines()
    head = lines[0].split("\t")
    rows = [dict(zip(head, l.split("\t"))) for l in lines[1:]]
    return {r["event"]: r for r in rows}


def verified(request):
    """The request's JSON body, after checking its headers and signature
    as a receiver would."""
    path, headers, body, _ = request
    assert path == "/hooks/porch"
    assert headers["Content-Type"] == "application/json"
    ts = headers["Porch-Timestamp"]
    assert ts.isdigit() and abs(int(ts) - time.time()) < 120
    mac = hmac.new(SECRET.encode(), ts.encode() + b"." + body,
                   hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["Porch-Signature"], "v1=" + mac)
    payload = json.loads(body)
    assert headers["Porch-Event-Id"] == payload["id"]
    return payload


def drain(stack, receiver):
    """Delivers whatever is pending, so each test starts clean."""
    stack.hooks("--once", "--flush")
    receiver.take()


def test_a_500_is_tried_again_with_the_same_event(hooked, receiver):
    drain(hooked, receiver)
    receiver.script = [500]
    pid = change(hooked, "book", "ana@example.com")
    hooked.hooks("--once")
    first = receiver.take()
    assert [g[3] for g in first] == [500]
    event = verified(first[0])
    row = events(hooked)[event["id"]]
    assert (row["state"], row["attempts"], row["last_status"],
            row["last_error"]) == ("pending", "1", "500", "HTTP 500")
    hooked.hooks("--once")          # not due yet: backoff
    assert receiver.take() == []
    hooked.hooks("--once", "--flush")
    second = receiver.take()
    assert [g[3] for g in second] == [200]
    again = verified(second[0])
    assert again == event           # the same event, the same body
    assert events(hooked)[event["id"]]["state"] == "delivered"

    assert event["type"] == "appointment.created"
    assert ISO.match(event["created"])
    ap = event["data"]["appointment"]
    assert ap["id"] == pid
    assert ap["status"] == "confirmed"
    assert ISO.match(ap["starts"]) and ISO.match(ap["ends"])
    assert ap["starts"] < ap["ends"]
    assert ap["time_zone"] == "Europe/London"
    assert ap["customer"]["email"] == "ana@example.com"
    assert ap["customer"]["name"] == "Ana Alvarez"
    assert ap["agenda"]["name"] and ap["agenda"]["id"]
    assert ap["source"] == "team"
    assert isinstance(ap["sequence"], int)
    for key in ("project", "location", "meeting_url"):
        assert key in ap
    # the stored event is the one sent, as recorded in the transaction
    rows = query(hooked, "SELECT payload FROM webhook_events "
                 "WHERE event_id = ?", (event["id"],))
    assert json.loads(rows[0]["payload"]) == event


def test_an_endpoint_that_is_down_loses_nothing(hooked, receiver):
    drain(hooked, receiver)
    receiver.stop()
    try:
        pid = change(hooked, "book", "ben@example.com")   # still books
        change(hooked, "cancel", pid)
        hooked.hooks("--once")
        waiting = [r for r in events(hooked).values()
                   if r["state"] == "pending"]
        assert len(waiting) == 2
        assert all(r["attempts"] == "1" and r["last_status"] == "0" and
                   r["last_error"] != "-" for r in waiting)
    finally:
        receiver.start()
    hooked.hooks("--once", "--flush")
    got = [verified(g) for g in receiver.take()]
    assert sorted(e["type"] for e in got) == ["appointment.cancelled",
                                              "appointment.created"]
    cancelled = next(e for e in got if e["type"] == "appointment.cancelled")
    assert cancelled["data"]["appointment"]["id"] == pid
    assert cancelled["data"]["appointment"]["status"] == "cancelled"
    assert all(events(hooked)[e["id"]]["state"] == "delivered" for e in got)


def admin_browser(hooked, client_of):
    addr = new_member(hooked, role="admin", password=PASSWORD)
    browser = client_of()
    assert team_sign_in(browser, addr, PASSWORD).status == 303
    return browser


@pytest.fixture
def hooked_client(hooked):
    return lambda: Client(hooked.port, hooked.host)


def test_a_410_disables_the_endpoint_until_enabled(hooked, receiver,
                                                   hooked_client):
    drain(hooked, receiver)
    receiver.script = [410]
    pid = change(hooked, "book", "ana@example.com")
    hooked.hooks("--once")
    assert [g[3] for g in receiver.take()] == [410]
    change(hooked, "complete", pid)
    hooked.hooks("--once", "--flush")
    assert receiver.take() == []    # disabled: nothing more is sent
    assert len([r for r in events(hooked).values()
                if r["state"] == "pending"]) == 2

    admin = admin_browser(hooked, hooked_client)
    page = admin.get("/team/webhooks")
    assert page.status == 200
    assert "410 Gone" in page.text
    form = page.form("/team/webhooks/enable")
    done = admin.post("/team/webhooks/enable", form.fields)
    assert done.status == 303 and done.location.endswith("?enabled=1")
    audit = query(hooked, "SELECT action FROM audit "
                  "WHERE action = 'webhook-enabled'")
    assert audit

    hooked.hooks("--once")
    got = [verified(g) for g in receiver.take()]
    assert [e["type"] for e in got] == ["appointment.created",
                                        "appointment.completed"]
    assert got[1]["data"]["appointment"]["status"] == "completed"
    assert "410 Gone" not in admin.get("/team/webhooks").text

    # porchctl enables it as well
    receiver.script = [410]
    change(hooked, "book", "ben@example.com")
    hooked.hooks("--once")
    assert [g[3] for g in receiver.take()] == [410]
    hooked.hooks("--once", "--flush")
    assert receiver.take() == []
    assert "demo: webhook endpoint enabled" in hooked.porchctl(
        "hooks", "enable", "--office", "demo")
    hooked.hooks("--once")
    assert [g[3] for g in receiver.take()] == [200]


def test_after_the_last_attempt_an_event_is_failed_and_kept(
        hooked, receiver, hooked_client):
    drain(hooked, receiver)
    receiver.stop()
    try:
        change(hooked, "book", "ana@example.com")
        for _ in range(ATTEMPTS):
            hooked.hooks("--once", "--flush")
    finally:
        receiver.start()
    failed = events(hooked, failed=True)
    assert len(failed) == 1
    (eid, row), = failed.items()
    assert row["state"] == "failed" and row["attempts"] == str(ATTEMPTS)
    hooked.hooks("--once", "--flush")
    assert receiver.take() == []    # failed events wait for a person

    admin = admin_browser(hooked, hooked_client)
    page = admin.get("/team/webhooks?show=failed")
    assert page.status == 200 and eid in page.text
    assert admin.get("/team/webhooks?show=nonsense").status == 400
    form = page.form("/team/webhooks/%s/retry" % eid)
    done = admin.post("/team/webhooks/%s/retry" % eid, form.fields)
    assert done.status == 303 and done.location.endswith("?retried=1")
    assert eid not in admin.get("/team/webhooks?show=failed").text
    hooked.hooks("--once")
    got = receiver.take()
    assert [verified(g)["id"] for g in got] == [eid]
    assert events(hooked)[eid]["state"] == "delivered"

    # the same from porchctl
    receiver.stop()
    try:
        change(hooked, "book", "ben@example.com")
        for _ in range(ATTEMPTS):
            hooked.hooks("--once", "--flush")
    finally:
        receiver.start()
    (eid, _), = events(hooked, failed=True).items()
    assert "1 event scheduled now" in hooked.porchctl(
        "hooks", "retry", eid)
    hooked.hooks("--once")
    assert [verified(g)["id"] for g in receiver.take()] == [eid]
    missing = subprocess.run(
        [hooked.tool("porchctl"), "-c", hooked.conf, "hooks", "retry", eid],
        capture_output=True, text=True)
    assert missing.returncode == 1 and "no event" in missing.stderr


def test_only_admins_see_webhooks(hooked, hooked_client):
    addr = new_member(hooked, role="agent", password=PASSWORD)
    agent = hooked_client()
    assert team_sign_in(agent, addr, PASSWORD).status == 303
    assert agent.get("/team/webhooks").status == 403
    assert "/team/webhooks" not in agent.get("/team").links
    admin = admin_browser(hooked, hooked_client)
    assert "/team/webhooks" in admin.get("/team").links
