"""A customer's private calendar feed: made on /portal/calendar, its
secret address shown once, read by a calendar application without a
session (iCalendar, METHOD:PUBLISH, one VEVENT per appointment of the
last 90 days and to come, cancelled ones marked so), and 404 once revoked
or replaced, exactly like an address that never existed.  The address is
the credential, so the access log never holds it."""

import re
import secrets
import sqlite3
import time

from client import Client
from helpers import customer_id, new_customer, query, sign_in

DAY = 86400
FEED_RE = re.compile(r'value="(http://[^"]+/calendar/([A-Za-z0-9_-]{43})\.ics)"')


def add_appointment(stack, addr, starts, status="confirmed", sequence=0,
                    title="Quay 1"):
    """An appointment of the customer's in an Amsterdam agenda; its pid."""
    pid = secrets.token_urlsafe(16)[:21] + "A"
    cid = customer_id(stack, addr)
    now = int(time.time())
    conn = sqlite3.connect(stack.db_path(), timeout=10)
    try:
        with conn:
            conn.execute("INSERT OR IGNORE INTO agendas (pid, name, created,"
                         " zone) VALUES ('feedagendaAAAAAAAAAAAA', "
                         "'Viewings', ?, 'Europe/Amsterdam')", (now,))
            aid = conn.execute("SELECT id FROM agendas WHERE pid = "
                               "'feedagendaAAAAAAAAAAAA'").fetchone()[0]
            conn.execute(
                "INSERT INTO projects (pid, title, created) VALUES (?, ?, ?)",
                (secrets.token_urlsafe(16)[:21] + "A", title, now))
            proj = conn.execute("SELECT max(id) FROM projects").fetchone()[0]
            conn.execute(
                "INSERT INTO appointments (pid, customer_id, project_id, "
                "agenda_id, starts, ends, status, source, sequence, "
                "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, 'team', ?, "
                "?, ?)", (pid, cid, proj, aid, starts, starts + 3600,
                          status, sequence, now, now))
    finally:
        conn.close()
    return pid


def make_feed(browser):
    """Presses "Make a calendar feed": the address and its token."""
    page = browser.get("/portal/calendar")
    assert page.status == 200
    r = browser.post("/portal/calendar/new", {"csrf": page.csrf})
    assert r.status == 200, r.text
    m = FEED_RE.search(r.text)
    assert m, r.text
    return m.group(1), m.group(2)


def events(text):
    """The VEVENTs of an iCalendar text as dicts of their properties
    (unfolded, name without parameters)."""
    text = re.sub(r"\r\n[ \t]", "", text)
    out, cur = [], None
    for line in text.split("\r\n"):
        if line == "BEGIN:VEVENT":
            cur = {}
        elif line == "END:VEVENT":
            out.append(cur)
            cur = None
        elif cur is not None and ":" in line:
            name, value = line.split(":", 1)
            cur[name.split(";")[0]] = value
    return out


def fetch(stack, token):
    return Client(stack.port, stack.host).get("/calendar/%s.ics" % token)


def test_feed_lists_the_customers_appointments(stack, client):
    addr = new_customer(stack)
    now = int(time.time())
    upcoming = add_appointment(stack, addr, now + 3 * DAY, sequence=2)
    cancelled = add_appointment(stack, addr, now + 5 * DAY,
                                status="cancelled", sequence=1)
    recent = add_appointment(stack, addr, now - 30 * DAY,
                             status="completed")
    add_appointment(stack, addr, now - 120 * DAY, status="completed")
    browser = client()
    sign_in(stack, browser, addr)
    url, token = make_feed(browser)
    assert url.startswith("http://%s" % stack.host)
    r = fetch(stack, token)
    assert r.status == 200
    assert r.header("Content-Type") == "text/calendar; charset=utf-8"
    assert r.header("Cache-Control") == "no-store"
    text = r.body.decode("utf-8")
    assert "METHOD:PUBLISH\r\n" in text
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam\r\n" in text
    evs = {e["UID"].split("@")[0]: e for e in events(text)}
    assert set(evs) == {upcoming, cancelled, recent}
    host = stack.host.split(":")[0]
    assert all(e["UID"].endswith("@" + host) for e in evs.values())
    assert evs[upcoming]["SEQUENCE"] == "2"
    assert evs[upcoming]["STATUS"] == "CONFIRMED"
    assert evs[cancelled]["STATUS"] == "CANCELLED"
    assert evs[cancelled]["SEQUENCE"] == "1"
    # the page shows the address only when it is made
    page = browser.get("/portal/calendar")
    assert token not in page.text
    assert 'action="/portal/calendar/revoke"' in page.text
    assert query(stack, "SELECT count(*) AS n FROM calendar_feeds WHERE "
                 "customer_id = ? AND revoked = 0",
                 (customer_id(stack, addr),))[0]["n"] == 1


def test_revoked_replaced_and_unknown_feeds_are_the_same_404(stack, client):
    addr = new_customer(stack)
    add_appointment(stack, addr, int(time.time()) + DAY)
    browser = client()
    sign_in(stack, browser, addr)
    _, old = make_feed(browser)
    _, new = make_feed(browser)
    assert fetch(stack, new).status == 200
    replaced = fetch(stack, old)
    unknown = fetch(stack, "A" * 43)
    assert replaced.status == unknown.status == 404
    # asking first, then confirming
    page = browser.get("/portal/calendar")
    ask = browser.post("/portal/calendar/revoke", {"csrf": page.csrf})
    assert ask.status == 200 and 'name="confirm"' in ask.text
    assert fetch(stack, new).status == 200
    done = browser.post("/portal/calendar/revoke",
                        {"csrf": page.csrf, "confirm": "yes"})
    assert done.status == 303
    revoked = fetch(stack, new)
    assert revoked.status == 404
    for r in (replaced, revoked):
        assert r.body.replace(b"\r", b"") == unknown.body.replace(b"\r", b"")
        assert sorted(k for k, _ in r.headers if k.lower() not in
                      ("date", "x-request-id")) == \
            sorted(k for k, _ in unknown.headers if k.lower() not in
                   ("date", "x-request-id"))
    assert "no calendar feed" in browser.get("/portal/calendar").text
    # nothing in the database holds the token itself
    rows = query(stack, "SELECT * FROM calendar_feeds WHERE customer_id = ?",
                 (customer_id(stack, addr),))
    assert len(rows) == 2 and all(r["revoked"] != 0 for r in rows)
    for row in rows:
        assert new.encode() not in bytes(row["token_hash"])


def test_a_feed_never_shows_another_customers_appointments(stack, client):
    ana, ben = new_customer(stack), new_customer(stack)
    now = int(time.time())
    anas = add_appointment(stack, ana, now + DAY, title="Ana's viewing")
    bens = add_appointment(stack, ben, now + DAY, title="Ben's viewing")
    a, b = client(), client()
    sign_in(stack, a, ana)
    sign_in(stack, b, ben)
    _, ta = make_feed(a)
    _, tb = make_feed(b)
    ua = [e["UID"] for e in events(fetch(stack, ta).body.decode())]
    ub = [e["UID"] for e in events(fetch(stack, tb).body.decode())]
    assert [u.split("@")[0] for u in ua] == [anas]
    assert [u.split("@")[0] for u in ub] == [bens]
    # revoking Ben's feed leaves Ana's working
    page = b.get("/portal/calendar")
    b.post("/portal/calendar/revoke", {"csrf": page.csrf, "confirm": "yes"})
    assert fetch(stack, tb).status == 404
    assert fetch(stack, ta).status == 200


def test_a_malformed_token_is_not_found(stack):
    for path in ("/calendar/short.ics", "/calendar/%s.ics" % ("A" * 44),
                 "/calendar/%s" % ("A" * 43), "/calendar/%s.ics" % ("B" * 43)):
        assert Client(stack.port, stack.host).get(path).status == 404, path
