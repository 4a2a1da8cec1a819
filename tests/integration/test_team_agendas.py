"""Agendas and projects on the team side: creating and editing an agenda
(rules, weekly hours, exceptions) changes the free times its page offers,
as slot_list computes them; a form that cannot be used comes back with
422, everything as typed; projects are made, edited and served by
agendas; every change is in the audit log.  A member without agenda edit
access reads the same pages without a form that works and is refused
(403) on every route that changes an agenda or a project."""

import re
import secrets
import time

import pytest

from client import Client
from helpers import (add_agenda, add_project, day_start_utc, query,
                     set_member_password, team_sign_in)
from test_documents import PDF, multipart

PASSWORD = "tidy lantern 4 orchard"
TIME_RE = re.compile(r'<li><time datetime="([^"]+)">(\d\d:\d\d)</time></li>')
DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def member(stack, *flags, role="agent"):
    addr = "m-%s@example.com" % secrets.token_hex(6)
    stack.porchctl("member", "add", "--office", "demo", "--email", addr,
                   "--name", "Ag Editor", "--role", role, *flags)
    set_member_password(stack, addr, PASSWORD)
    browser = Client(stack.port, stack.host)
    assert team_sign_in(browser, addr, PASSWORD).status == 303
    return browser


def form(name, hours="10:00-11:00", **over):
    f = {"name": name, "zone": "UTC", "slot_minutes": "30",
         "buffer_minutes": "0", "capacity": "1", "max_slots": "1",
         "notice_minutes": "0", "horizon_days": "60", "cancel_hours": "24",
         "location": "2 Harbour Lane", "meeting_url": "", "connected": "1"}
    for d in DAYS:
        f["hours_" + d] = hours
    f.update(over)
    return {k: v for k, v in f.items() if v is not None}


def free_times(page):
    """{day: [HH:MM, ...]} of the page's free-times list."""
    out = {}
    for iso, clock in TIME_RE.findall(page.text):
        out.setdefault(iso[:10], []).append(clock)
    return out


def tomorrow():
    return time.strftime("%Y-%m-%d", time.gmtime(day_start_utc(1)))


def agenda_row(stack, pid):
    return dict(query(stack, "SELECT * FROM agendas WHERE pid = ?",
                      (pid,))[0])


def test_create_and_edit_an_agenda_changes_the_times_offered(stack):
    editor = member(stack, "--agenda-edit")
    new = editor.get("/team/agendas/new")
    assert new.status == 200, new.text
    name = "Viewings " + secrets.token_hex(3)
    done = editor.post("/team/agendas", dict(form(name), csrf=new.csrf))
    assert done.status == 303, done.text
    pid = re.match(r"/team/agendas/([A-Za-z0-9_-]{22})\?saved=created",
                   done.location).group(1)
    page = editor.get(done.location)
    assert "The agenda was created." in page.visible_text
    assert "/book/%s" % pid in page.links
    assert free_times(page)[tomorrow()] == ["10:00", "10:30"]
    row = agenda_row(stack, pid)
    assert (row["name"], row["zone"], row["connected"]) == (name, "UTC", 1)

    # new hours on Tuesdays only; every other day closed
    hours = {"hours_" + d: "" for d in DAYS}
    hours["hours_tue"] = "14:00-15:00, 16:00-16:30"
    saved = editor.post("/team/agendas/%s" % pid, dict(
        form(name, **hours), csrf=page.csrf, capacity="2"))
    assert saved.status == 303, saved.text
    page = editor.get("/team/agendas/%s" % pid)
    times = free_times(page)
    assert len(times) == 1
    (day, clocks), = times.items()
    assert time.strptime(day, "%Y-%m-%d").tm_wday == 1     # Tuesday
    assert clocks == ["14:00", "14:30", "16:00"]
    assert 'value="14:00-15:00, 16:00-16:30"' in page.text
    assert agenda_row(stack, pid)["capacity"] == 2

    # an exception: tomorrow opens 08:00-09:00 extra, then closes again
    add = editor.post("/team/agendas/%s/exceptions" % pid, {
        "csrf": page.csrf, "day": tomorrow(), "kind": "open",
        "from": "08:00", "to": "09:00", "note": "Open house"})
    assert add.status == 303, add.text
    page = editor.get("/team/agendas/%s" % pid)
    assert free_times(page).get(tomorrow()) == ["08:00", "08:30"]
    assert "Open house" in page.visible_text
    xid = re.search(r'/team/agendas/%s/exceptions/([A-Za-z0-9_-]{22})/delete'
                    % pid, page.text).group(1)
    # a closed exception on the same day takes the hours away
    assert editor.post("/team/agendas/%s/exceptions" % pid, {
        "csrf": page.csrf, "day": tomorrow(), "kind": "closed"}).status == 303
    assert tomorrow() not in free_times(editor.get("/team/agendas/%s" % pid))
    gone = editor.post("/team/agendas/%s/exceptions/%s/delete" % (pid, xid),
                       {"csrf": page.csrf})
    assert gone.status == 303
    assert editor.post("/team/agendas/%s/exceptions/%s/delete" % (pid, xid),
                       {"csrf": page.csrf}).status == 404
    actions = [r["action"] for r in query(
        stack, "SELECT action FROM audit WHERE subject = ? ORDER BY id",
        (pid,))]
    assert actions == ["agenda-created", "agenda-saved",
                       "agenda-exception-added", "agenda-exception-added",
                       "agenda-exception-deleted"]
    # archived: no times at all, listed apart
    editor.post("/team/agendas/%s" % pid, dict(form(name), csrf=page.csrf,
                                               archived="1"))
    assert free_times(editor.get("/team/agendas/%s" % pid)) == {}
    listing = editor.get("/team/agendas")
    archived = listing.text.split('id="h-archived"', 1)
    assert len(archived) == 2 and name in archived[1]


def test_a_form_that_cannot_be_used_comes_back_as_typed(stack):
    editor = member(stack, "--agenda-edit")
    csrf = editor.get("/team/agendas/new").csrf
    name = "Bad " + secrets.token_hex(3)
    before = query(stack, "SELECT count(*) AS n FROM agendas")[0]["n"]
    bad = editor.post("/team/agendas", dict(
        form(name, hours_mon="9-5"), csrf=csrf, zone="Mars/Base",
        slot_minutes="3", meeting_url="http://meet.example/x"))
    assert bad.status == 422, bad.text
    text = bad.visible_text
    for msg in ("Enter a time zone's IANA name",
                "Enter a whole number from 5 to 480",
                "Enter an address that starts with https://",
                "Write times like 09:00-12:00"):
        assert msg in text, msg
    for typed in ('value="Mars/Base"', 'value="3"', 'value="9-5"',
                  'value="http://meet.example/x"', 'value="%s"' % name,
                  'value="2 Harbour Lane"'):
        assert typed in bad.text, typed
    assert query(stack, "SELECT count(*) AS n FROM agendas")[0]["n"] == before

    g = add_agenda(stack)
    page = editor.get("/team/agendas/%s" % g["pid"])
    bad = editor.post("/team/agendas/%s/exceptions" % g["pid"], {
        "csrf": page.csrf, "day": "2026-02-30", "kind": "open",
        "from": "10:00", "to": "09:00", "note": "Oops"})
    assert bad.status == 422
    assert "Enter a day like" in bad.visible_text
    assert 'value="Oops"' in bad.text
    assert query(stack, "SELECT count(*) AS n FROM agenda_exceptions WHERE "
                 "agenda_id = ?", (g["id"],))[0]["n"] == 0


def test_projects_are_made_edited_and_served_by_agendas(stack):
    editor = member(stack, "--agenda-edit")
    g = add_agenda(stack)
    csrf = editor.get("/team/projects/new").csrf
    title = "Harbour flat " + secrets.token_hex(3)
    bad = editor.post("/team/projects", {"csrf": csrf, "title": "",
                                         "address": "9 Pier", "booking": "1"})
    assert bad.status == 422
    assert 'value="9 Pier"' in bad.text
    done = editor.post("/team/projects", {"csrf": csrf, "title": title,
                                          "address": "9 Pier",
                                          "description": "Two rooms\nsea view",
                                          "booking": "1"})
    assert done.status == 303, done.text
    pid = re.match(r"/team/projects/([A-Za-z0-9_-]{22})", done.location
                   ).group(1)
    page = editor.get(done.location)
    assert "/book/%s" % pid in page.links
    serve = editor.post("/team/projects/%s/agendas" % pid, {
        "csrf": csrf, "agenda": g["pid"], "serve": "1"})
    assert serve.status == 303
    page = editor.get("/team/projects/%s" % pid)
    assert re.search(r"%s\s+Serves it" % re.escape(g["name"]),
                     page.visible_text)
    assert query(stack, "SELECT count(*) AS n FROM project_agendas pa JOIN "
                 "projects p ON p.id = pa.project_id WHERE p.pid = ?",
                 (pid,))[0]["n"] == 1
    editor.post("/team/projects/%s/agendas" % pid, {"csrf": csrf,
                                                   "agenda": g["pid"]})
    assert query(stack, "SELECT count(*) AS n FROM project_agendas pa JOIN "
                 "projects p ON p.id = pa.project_id WHERE p.pid = ?",
                 (pid,))[0]["n"] == 0
    saved = editor.post("/team/projects/%s" % pid, {
        "csrf": csrf, "title": title, "address": "9 Pier",
        "bidding": "1", "archived": "1"})
    assert saved.status == 303
    row = dict(query(stack, "SELECT * FROM projects WHERE pid = ?",
                     (pid,))[0])
    assert (row["booking"], row["bidding"], row["archived"]) == (0, 1, 1)
    assert "/book/%s" % pid not in editor.get("/team/projects/%s" % pid).links
    assert [r["action"] for r in query(
        stack, "SELECT action FROM audit WHERE subject = ? ORDER BY id",
        (pid,))] == ["project-created", "project-agenda", "project-agenda",
                     "project-saved"]


CHANGING = [
    ("GET", "/team/agendas/new"),
    ("POST", "/team/agendas"),
    ("POST", "/team/agendas/{a}"),
    ("POST", "/team/agendas/{a}/exceptions"),
    ("POST", "/team/agendas/{a}/exceptions/{x}/delete"),
    ("GET", "/team/projects/new"),
    ("POST", "/team/projects"),
    ("POST", "/team/projects/{p}"),
    ("POST", "/team/projects/{p}/agendas"),
    ("POST", "/team/projects/{p}/documents"),
    ("POST", "/team/projects/{p}/documents/{d}/share"),
    ("POST", "/team/projects/{p}/documents/{d}/delete"),
]


@pytest.mark.parametrize("role", ["viewer", "agent"])
def test_without_agenda_edit_access_every_change_is_403(stack, role):
    editor = member(stack, "--agenda-edit")
    g = add_agenda(stack)
    p = add_project(stack)
    page = editor.get("/team/agendas/%s" % g["pid"])
    assert editor.post("/team/agendas/%s/exceptions" % g["pid"], {
        "csrf": page.csrf, "day": tomorrow(), "kind": "closed"}).status == 303
    xid = query(stack, "SELECT pid FROM agenda_exceptions WHERE agenda_id = ?",
                (g["id"],))[0]["pid"]
    page = editor.get("/team/projects/%s" % p["pid"])
    body, ctype = multipart(page.csrf, [("plan.pdf", PDF)])
    assert editor.post("/team/projects/%s/documents" % p["pid"], body=body,
                       headers={"Content-Type": ctype}).status == 303
    did = query(stack, "SELECT pid FROM documents WHERE project_id = ?",
                (p["id"],))[0]["pid"]

    def snapshot():
        return [[dict(r) for r in query(stack, sql)] for sql in (
            "SELECT * FROM agendas", "SELECT * FROM agenda_hours",
            "SELECT * FROM agenda_exceptions", "SELECT * FROM projects",
            "SELECT * FROM project_agendas", "SELECT * FROM documents",
            "SELECT count(*) AS n FROM audit")]

    browser = member(stack, role=role)
    before = snapshot()
    csrf = browser.get("/team").csrf
    for method, path in CHANGING:
        path = path.format(a=g["pid"], x=xid, p=p["pid"], d=did)
        if method == "GET":
            r = browser.get(path)
        elif path.endswith("/documents"):
            body, ctype = multipart(csrf, [("taken.pdf", PDF)])
            r = browser.post(path, body=body,
                             headers={"Content-Type": ctype})
        else:
            r = browser.post(path, dict(form("Taken over"), csrf=csrf,
                                        day=tomorrow(), kind="closed",
                                        title="Taken", agenda=g["pid"],
                                        serve="1", share="project",
                                        confirm="yes"))
        assert r.status == 403, (method, path, r.status)
    assert snapshot() == before
    # the pages themselves read, with nothing to press
    for path in ("/team/agendas", "/team/agendas/%s" % g["pid"],
                 "/team/projects", "/team/projects/%s" % p["pid"]):
        r = browser.get(path)
        assert r.status == 200, path
        assert "needs agenda edit access" in r.visible_text
        assert "/team/agendas/new" not in r.links
        assert not re.search(r'<button type="submit" class="(button|link)'
                             r'[^"]*"[^>]*>(Save|Create|Add|Delete|Remove)',
                             r.text), path
    agenda = browser.get("/team/agendas/%s" % g["pid"])
    assert "fieldset class=\"form-grid\" disabled" in agenda.text
    assert g["name"] in agenda.text
