"""porchctl sweep removes what can never be used again (used or expired
sign-in links, expired sessions), and sent mail once it is older than the
thirty days it is kept, and nothing that still works."""

import sqlite3
import time

from helpers import (new_customer, outbox_to, sessions_of, sign_in,
                     tokens_of)


def test_sweep_keeps_what_works_and_drops_what_cannot(stack, client):
    signed_in = new_customer(stack)
    browser = client()
    sign_in(stack, browser, signed_in)            # its link is now used
    waiting = new_customer(stack)
    stack.link(waiting)                           # unused, still valid
    lapsed = new_customer(stack)
    stack.porchctl("link", "--office", "demo", "--email", lapsed,
                   "--ttl", "1")
    time.sleep(2)

    out = stack.porchctl("sweep")
    assert "demo: swept" in out
    assert tokens_of(stack, signed_in) == []
    assert tokens_of(stack, lapsed) == []
    assert len(tokens_of(stack, waiting)) == 1
    assert len(sessions_of(stack, signed_in)) == 1
    assert browser.get("/portal").status == 200


def test_sweep_drops_sent_mail_after_thirty_days(stack, client):
    old, recent, queued = (new_customer(stack) for _ in range(3))
    for addr in (old, recent, queued):
        browser = client()
        form = browser.get("/login").form("/login")
        form.fields["email"] = addr
        assert browser.post("/login", form.fields).status == 200
    now = int(time.time())
    with sqlite3.connect(stack.db_path("demo"), timeout=10) as db:
        db.execute("UPDATE outbox SET sent = ? WHERE recipient = ?",
                   (now - 31 * 86400, old))
        db.execute("UPDATE outbox SET sent = ? WHERE recipient = ?",
                   (now - 29 * 86400, recent))
    stack.porchctl("sweep")
    assert outbox_to(stack, old) == []
    assert len(outbox_to(stack, recent)) == 1
    assert len(outbox_to(stack, queued)) == 1
