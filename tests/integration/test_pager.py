"""Paging by cursor: the lists of the team side (the inbox, customers, a
customer's timeline, the audit log, the members) walked forward and back
by their pager links reach every item exactly once, in the order the
office's database gives; the filters and the search stay on every page;
and a cursor that was edited, or belongs to another customer's list,
gives a 400 or an empty page, never anything of another customer."""

import base64
import datetime
import re
import struct

import pytest

from client import Client
from helpers import new_member, query, team_sign_in, walk

PASSWORD = "tidy lantern 4 orchard"
CUSTOMER_RE = re.compile(r"^/team/customers/([A-Za-z0-9_-]{22})$")
CURSOR_RE = re.compile(r"[?&](after|before)=([A-Za-z0-9_-]+)")
ABOUT_RE = re.compile(r'For <time datetime="([^"]+)">')
ENTRY_RE = re.compile(r'<li class="item">(.*?)</li>', re.S)


def seed(stack):
    stack.porchctl("seed-demo", "--customers", "60", "--appointments", "120",
                   "--busy", "60")
    for i in range(55):
        stack.porchctl("member", "add", "--office", "demo", "--email",
                       "pm%02d@example.com" % i, "--name",
                       "Pat Member %d" % (i % 9), "--role", "viewer")


@pytest.fixture(scope="module")
def pg(launch, smtp):
    with launch("pager", smtp.url, setup=seed) as s:
        yield s


@pytest.fixture(scope="module")
def admin(pg):
    addr = new_member(pg, role="admin", password=PASSWORD, name="Ada Admin")
    browser = Client(pg.port, pg.host)
    assert team_sign_in(browser, addr, PASSWORD).status == 303
    return browser


def flat(pages):
    return [item for page in pages for item in page]


def pid_of(stack, addr):
    return query(stack, "SELECT pid FROM customers WHERE email = ?",
                 (addr,))[0]["pid"]


def inbox_items(page):
    """The items' own links (an appointment's line links to its customer
    too)."""
    return re.findall(r'class="item-title"><a href="([^"]+)"', page.text)


def customer_items(page):
    return [m.group(1) for m in map(CUSTOMER_RE.match, page.links) if m]


def timeline_items(page):
    """Each entry as what it is about (an appointment's start), or its
    title for an entry about no time."""
    card = page.text.split('id="h-timeline"', 1)[1]
    out = []
    for li in ENTRY_RE.findall(card):
        m = ABOUT_RE.search(li)
        out.append(m.group(1) if m else re.sub(r"<[^>]+>", "",
                                                li.split("</p>")[0]).strip())
    return out


def audit_items(page):
    rows = re.findall(r'<tr>\s*<th scope="row"><time[^>]*>[^<]*</time></th>'
                      r'(.*?)</tr>', page.text, re.S)
    return [re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)[2] for r in rows]


def member_items(page):
    return re.findall(r'<th scope="row" id="member-([A-Za-z0-9_-]{22})"',
                      page.text)


def iso(t):
    return datetime.datetime.fromtimestamp(
        t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


def cursor_of(link):
    return CURSOR_RE.search(link).group(2)


def decode(cursor):
    return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))


def encode(record):
    return base64.urlsafe_b64encode(record).decode().rstrip("=")


def assert_walk(ahead, behind, expected, size):
    """Every item once, in order, in full pages but the last; coming back
    gives the same pages."""
    assert flat(ahead) == expected
    assert behind == ahead
    assert all(len(p) == size for p in ahead[:-1])


def test_the_inbox_walks_forward_and_back(pg, admin):
    expected = [r["link"] for r in query(pg, """
        SELECT link FROM (
          SELECT a.updated AS at, 0 AS kind, a.id AS id,
                 '/team/appointments/' || a.pid AS link
            FROM appointments a
          UNION ALL SELECT created, 1, id, '/team/customers/' || pid
            FROM customers
          UNION ALL SELECT created, 2, id, '/team/deletions/' || pid
            FROM deletion_requests
          UNION ALL SELECT i.updated, 3, i.id, '/team/customers/' || c.pid
            FROM invitations i JOIN customers c ON c.id = i.customer_id
          UNION ALL SELECT updated, 4, id, '/team/requests/' || pid
            FROM appointment_requests
          UNION ALL SELECT created, 5, id, '/team/documents/' || pid
            FROM documents WHERE customer_id IS NOT NULL)
        ORDER BY at DESC, kind, id DESC""")]
    assert len(expected) > 200
    ahead, behind, followed = walk(admin, "/team/inbox", inbox_items)
    assert_walk(ahead, behind, expected, 25)
    first = admin.get("/team/inbox")
    assert "1,000+ in all" not in first.visible_text
    assert "%d in all" % len(expected) in first.visible_text
    # the last page (the oldest 25) is one link away, and says so
    last = admin.get(first.link_to("Oldest"))
    assert last.status == 200
    assert inbox_items(last) == expected[-25:]
    assert last.link_to("Older") is None and last.link_to("Oldest") is None
    assert last.link_to("Newer") is not None
    assert first.link_to("Newer") is None and first.link_to("Newest") is None


def test_the_filters_stay_on_every_page(pg, admin):
    path = "/team/inbox?kind=appointment&status=confirmed"
    expected = [r["link"] for r in query(pg, """
        SELECT '/team/appointments/' || a.pid AS link FROM appointments a
         WHERE a.status = 'confirmed' ORDER BY a.updated DESC, a.id DESC""")]
    ahead, behind, followed = walk(
        admin, path, lambda p: (inbox_items(p),
                                set(re.findall(r'data-status="([a-z-]+)"',
                                               p.text)),
                                p.text.count('data-kind="signup"')))
    assert [link for page in ahead for link in page[0]] == expected
    assert [link for page in behind for link in page[0]] == expected
    assert all(page[1] == {"confirmed"} and page[2] == 0
               for page in ahead + behind)
    assert len(followed) > 2
    assert all(link.startswith(path + "&") for link in followed)

    ahead, behind, followed = walk(admin, "/team/customers?q=Customer",
                                   customer_items, "Next", "Previous")
    names = [r["pid"] for r in query(pg, """
        SELECT pid FROM customers WHERE lower(name) LIKE '%customer%'
            OR email LIKE '%customer%' ORDER BY lower(name), id""")]
    assert flat(ahead) == names and flat(behind) == names
    assert 25 < len(names) < len(query(pg, "SELECT id FROM customers"))
    assert all(link.startswith("/team/customers?q=Customer&")
               for link in followed)


def test_customers_walk_by_name(pg, admin):
    expected = [r["pid"] for r in query(
        pg, "SELECT pid FROM customers ORDER BY lower(name), id")]
    ahead, behind, _ = walk(admin, "/team/customers", customer_items,
                            "Next", "Previous")
    assert_walk(ahead, behind, expected, 25)
    first = admin.get("/team/customers")
    assert "%d found" % len(expected) in first.visible_text
    assert first.link_to("Last") is not None
    assert first.link_to("Previous") is None


def test_a_long_timeline_walks_forward_and_back(pg, admin):
    pid = pid_of(pg, "busy@example.com")
    rows = query(pg, "SELECT a.starts FROM appointments a JOIN customers c "
                 "ON c.id = a.customer_id WHERE c.pid = ? "
                 "ORDER BY a.created DESC, a.id DESC", (pid,))
    expected = [iso(r["starts"]) for r in rows] + ["Account created"]
    ahead, behind, _ = walk(admin, "/team/customers/" + pid, timeline_items)
    # the page shows times to the minute, as the portal's clock does
    assert [t[:16] + "Z" if t[0].isdigit() else t
            for t in flat(ahead)] == expected
    assert flat(ahead) == flat(behind)
    assert all(len(p) == 10 for p in ahead[:-1])


def test_a_customer_page_shows_the_soonest_5_upcoming(pg, admin):
    pid = pid_of(pg, "busy@example.com")
    rows = query(pg, "SELECT a.pid, a.starts FROM appointments a "
                 "JOIN customers c ON c.id = a.customer_id WHERE c.pid = ? "
                 "AND a.ends > CAST(strftime('%s', 'now') AS INTEGER) "
                 "AND a.status IN ('requested', 'invited', 'confirmed') "
                 "ORDER BY a.ends, a.id", (pid,))
    assert len(rows) > 5, "the seed gives Bea too few upcoming appointments"
    page = admin.get("/team/customers/" + pid)
    assert page.status == 200, page.text
    card = page.text.split('id="h-appointments"', 1)[1].split("</section>")[0]
    shown = re.findall(r'href="/team/appointments/([A-Za-z0-9_-]+)"', card)
    # the 5 that end soonest, shown in the order they start
    assert shown == [r["pid"] for r in
                     sorted(rows[:5], key=lambda r: r["starts"])]


def test_the_audit_log_walks_forward_and_back(pg, admin):
    csrf = admin.get("/team").csrf
    for r in query(pg, "SELECT pid FROM customers WHERE email LIKE "
                   "'customer%' ORDER BY id LIMIT 55"):
        done = admin.post("/team/customers/%s/activation" % r["pid"],
                          {"csrf": csrf})
        assert done.status == 303, done.text
    expected = [r["subject"] for r in query(
        pg, "SELECT subject FROM audit ORDER BY at DESC, id DESC")]
    assert len(expected) > 50
    ahead, behind, _ = walk(admin, "/team/audit", audit_items)
    assert_walk(ahead, behind, expected, 50)


def test_members_walk_by_name(pg, admin):
    expected = [r["pid"] for r in query(
        pg, "SELECT pid FROM members ORDER BY name, id")]
    assert len(expected) > 50
    ahead, behind, _ = walk(admin, "/team/members", member_items, "Next",
                            "Previous")
    assert_walk(ahead, behind, expected, 50)


def test_a_cursor_moves_only_within_its_own_list(pg, admin):
    busy = pid_of(pg, "busy@example.com")
    other = pid_of(pg, "customer1@example.com")
    theirs = {iso(r["starts"]) for r in query(
        pg, "SELECT a.starts FROM appointments a JOIN customers c "
        "ON c.id = a.customer_id WHERE c.pid = ?", (other,))}
    older = admin.get("/team/customers/" + busy).link_to("Older")
    cursor = cursor_of(older)

    # the busy customer's cursor on another customer's page shows that
    # customer's entries (those older than the position), never Bea's
    page = admin.get("/team/customers/%s?after=%s" % (other, cursor))
    assert page.status == 200
    shown = timeline_items(page)
    assert "Bea Busy" not in page.text
    assert {t[:16] + "Z" for t in shown if t[0].isdigit()} <= theirs

    # an edited position is only another position in the same list
    record = bytearray(decode(cursor))
    record[11:19] = struct.pack(">q", 1)
    page = admin.get("/team/customers/%s?before=%s" % (other,
                                                       encode(record)))
    assert page.status == 200
    assert "Bea Busy" not in page.text
    # what is not a cursor is refused
    for bad in (cursor[:-1], cursor + "A", cursor + "=", "0", "x" * 2000,
                encode(bytes([2]) + decode(cursor)[1:]),
                encode(decode(cursor) + b"\x00")):
        got = admin.get("/team/customers/%s?after=%s" % (other, bad))
        assert got.status == 400, bad
    assert admin.get("/team/inbox?after=%s&before=%s" % (
        cursor, cursor)).status == 400
    # past the end: an empty page with the way back to the newest
    end = encode(bytes([1, 1]))
    page = admin.get("/team/inbox?after=" + end)
    assert page.status == 200 and inbox_items(page) == []
    assert "There is nothing more on this page." in page.visible_text
    assert page.link_to("Newest") == "/team/inbox"

