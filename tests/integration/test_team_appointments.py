"""The team's side of appointments: the list with its filters and pager,
one appointment's page and its actions (cancel with a confirming step,
mark completed or no-show, move to another time or connected agenda),
and booking on a customer's behalf.  Every action is in the audit log; a
move keeps the one appointment (same public id, one timeline entry); a
time with no place, an agenda that is not connected and a viewer are
refused and change nothing."""

import re
import secrets
import time

import pytest

from client import Client
from helpers import (add_agenda, add_appointment, add_project,
                     day_start_utc, member_id, new_customer, new_member,
                     outbox_to, query, team_sign_in)

PASSWORD = "tidy lantern 4 orchard"
HOUR = 3600
START_RE = re.compile(r'name="start" value="(\d+)"')


def member_browser(stack, role="agent", name="Mo Agent"):
    addr = new_member(stack, role=role, password=PASSWORD, name=name)
    browser = Client(stack.port, stack.host)
    done = team_sign_in(browser, addr, PASSWORD)
    assert done.status == 303, done.text
    return browser, addr


def appt(stack, pid):
    rows = query(stack, "SELECT a.*, g.pid AS agenda_pid FROM appointments a "
                 "LEFT JOIN agendas g ON g.id = a.agenda_id WHERE a.pid = ?",
                 (pid,))
    assert len(rows) == 1
    return dict(rows[0])


def customer_pid(stack, addr):
    return query(stack, "SELECT pid FROM customers WHERE email = ?",
                 (addr,))[0]["pid"]


def audit(stack, action, subject):
    return [dict(r) for r in query(
        stack, "SELECT a.*, m.email AS by_email FROM audit a LEFT JOIN "
        "members m ON m.id = a.member_id WHERE a.action = ? AND "
        "a.subject = ? ORDER BY a.id", (action, subject))]


def offered(page, agenda_pid=None):
    """The starts a page offers, of one agenda's form when given."""
    text = page.text
    if agenda_pid is not None:
        m = re.search(r'<form[^>]*>\s*<input[^>]*name="csrf"[^>]*>\s*'
                      r'<input type="hidden" name="agenda" value="%s">'
                      r'(.*?)</form>' % re.escape(agenda_pid), text, re.S)
        text = m.group(1) if m else ""
    return {int(s) for s in START_RE.findall(text)}


@pytest.fixture
def setup(stack):
    """A customer with one confirmed appointment tomorrow at 10:00 (UTC)
    in agenda A; B is connected, C is not."""
    addr = new_customer(stack, name="Cora Customer")
    a = add_agenda(stack, "A " + secrets.token_hex(3))
    b = add_agenda(stack, "B " + secrets.token_hex(3), connected=True)
    c = add_agenda(stack, "C " + secrets.token_hex(3), connected=False)
    p = add_project(stack, agendas=(a, b))
    t = day_start_utc(1) + 10 * HOUR
    pid = add_appointment(stack, addr, a, t, project=p)
    return {"addr": addr, "a": a, "b": b, "c": c, "p": p, "t": t,
            "pid": pid}


# ------------------------------------------------------------------ list
def test_the_list_filters_and_pages(stack):
    addr = new_customer(stack, name="Lia Lister")
    g = add_agenda(stack)
    base = day_start_utc(2) + 8 * HOUR
    pids = [add_appointment(stack, addr, g, base + i * 1800)
            for i in range(23)]
    cancelled = add_appointment(stack, addr, g, base + 30 * 1800,
                                status="cancelled")
    far = add_appointment(stack, addr, g, day_start_utc(30) + 12 * HOUR)
    browser, _ = member_browser(stack, role="viewer")
    first = browser.get("/team/appointments?agenda=%s" % g["pid"])
    assert first.status == 200, first.text
    shown = re.findall(r'href="/team/appointments/([A-Za-z0-9_-]{22})"',
                       first.text)
    assert shown == pids[:20]       # the order they start, 20 a page
    assert "Lia Lister" in first.visible_text
    assert g["name"] in first.visible_text
    nxt = browser.get(first.link_to("Next"))
    assert nxt.status == 200
    rest = re.findall(r'href="/team/appointments/([A-Za-z0-9_-]{22})"',
                      nxt.text)
    assert rest == pids[20:] + [cancelled]
    assert "agenda=%s" % g["pid"] in first.link_to("Next")
    back = browser.get(nxt.link_to("Previous"))
    assert re.findall(r'href="/team/appointments/([A-Za-z0-9_-]{22})"',
                      back.text) == pids[:20]
    # one status; days beyond the default fortnight only when asked
    only = browser.get("/team/appointments?agenda=%s&status=cancelled" %
                       g["pid"])
    assert re.findall(r'href="/team/appointments/([A-Za-z0-9_-]{22})"',
                      only.text) == [cancelled]
    assert far not in first.text + nxt.text
    day = time.strftime("%Y-%m-%d", time.gmtime(day_start_utc(30)))
    ranged = browser.get("/team/appointments?agenda=%s&from=%s&to=%s" %
                         (g["pid"], day, day))
    assert re.findall(r'href="/team/appointments/([A-Za-z0-9_-]{22})"',
                      ranged.text) == [far]
    # the filter form sends every field, an empty one for "any"
    form = browser.get("/team/appointments?agenda=%s&status=&from=&to=" %
                       g["pid"])
    assert form.status == 200
    assert re.findall(r'href="/team/appointments/([A-Za-z0-9_-]{22})"',
                      form.text) == pids[:20]
    # what is not a filter is refused
    for bad in ("agenda=AAAAAAAAAAAAAAAAAAAAAA", "status=lost",
                "from=2026-13-01", "to=tomorrow"):
        assert browser.get("/team/appointments?" + bad).status == 400, bad


def test_one_customers_appointments_from_their_page(stack):
    """The customer's page links to all their appointments: the list of
    that customer alone, from a year back to a year on."""
    addr = new_customer(stack, name="Cy Onlyone")
    other = new_customer(stack, name="Di Notme")
    g = add_agenda(stack)
    past = add_appointment(stack, addr, g, day_start_utc(-200) + 9 * HOUR,
                           status="completed")
    soon = add_appointment(stack, addr, g, day_start_utc(3) + 9 * HOUR)
    later = add_appointment(stack, addr, g, day_start_utc(100) + 9 * HOUR)
    theirs = add_appointment(stack, other, g, day_start_utc(3) + 10 * HOUR)
    browser, _ = member_browser(stack, role="viewer")
    pid = customer_pid(stack, addr)
    page = browser.get("/team/customers/%s" % pid)
    assert page.status == 200, page.text
    link = page.link_to("All of this customer's appointments")
    assert link == "/team/appointments?customer=%s" % pid
    mine = browser.get(link)
    assert mine.status == 200, mine.text
    assert "Appointments of Cy Onlyone" in mine.visible_text
    assert re.findall(r'href="/team/appointments/([A-Za-z0-9_-]{22})"',
                      mine.text) == [past, soon, later]
    assert theirs not in mine.text
    # the filter form keeps the customer; the status narrows it
    assert 'name="customer" value="%s"' % pid in mine.text
    done = browser.get("/team/appointments?customer=%s&status=completed"
                       "&from=&to=" % pid)
    assert re.findall(r'href="/team/appointments/([A-Za-z0-9_-]{22})"',
                      done.text) == [past]
    # an unknown customer is not a filter
    assert browser.get("/team/appointments?customer=AAAAAAAAAAAAAAAAAAAAAA"
                       ).status == 400


def test_a_row_and_the_page_say_who_booked_it(stack, setup):
    browser, addr = member_browser(stack, name="Bo Booker")
    chooser = browser.get("/team/customers/%s/book?agenda=%s&project=" % (
        customer_pid(stack, setup["addr"]), setup["b"]["pid"]))
    assert chooser.status == 200, chooser.text
    assert offered(chooser)
    page = browser.get("/team/customers/%s/book?agenda=%s&project=%s" % (
        customer_pid(stack, setup["addr"]), setup["b"]["pid"],
        setup["p"]["pid"]))
    assert page.status == 200, page.text
    start = min(offered(page))
    done = browser.post(page.form("/team/customers/%s/book" % customer_pid(
        stack, setup["addr"])).action, {
        "csrf": page.csrf, "agenda": setup["b"]["pid"],
        "project": setup["p"]["pid"], "start": str(start)})
    assert done.status == 303, done.text
    pid = re.match(r"/team/appointments/([A-Za-z0-9_-]{22})\?done=booked",
                   done.location).group(1)
    row = appt(stack, pid)
    assert (row["source"], row["status"], row["starts"]) == (
        "team", "confirmed", start)
    assert row["member_id"] == member_id(stack, addr)
    shown = browser.get(done.location)
    assert "The appointment was booked." in shown.visible_text
    assert "By Bo Booker (team)" in shown.visible_text
    assert setup["p"]["title"] in shown.visible_text
    # the customer's timeline names the member
    cust = browser.get("/team/customers/%s" % customer_pid(
        stack, setup["addr"]))
    assert re.search(r"Appointment booked: %s.*?by Bo Booker \(team\)" %
                     re.escape(setup["p"]["title"]), cust.visible_text)
    assert audit(stack, "appointment-booked", customer_pid(
        stack, setup["addr"]))[0]["detail"] == pid
    # the same time again, for someone else: no place left
    other = new_customer(stack)
    again = browser.post("/team/customers/%s/book" % customer_pid(
        stack, other), {"csrf": page.csrf, "agenda": setup["b"]["pid"],
                        "start": str(start)})
    assert again.status == 409, again.text
    assert "no longer free" in again.visible_text
    assert query(stack, "SELECT count(*) AS n FROM appointments WHERE "
                 "agenda_id = ? AND starts = ? AND status = 'confirmed'",
                 (setup["b"]["id"], start))[0]["n"] == 1
    # a project the agenda does not serve
    lone = add_project(stack)
    assert browser.post("/team/customers/%s/book" % customer_pid(
        stack, other), {"csrf": page.csrf, "agenda": setup["b"]["pid"],
                        "project": lone["pid"],
                        "start": str(start + 1800)}).status == 400


# --------------------------------------------------------------- actions
def test_cancel_takes_a_confirming_step_and_is_audited(stack, setup):
    browser, addr = member_browser(stack)
    page = browser.get("/team/appointments/%s" % setup["pid"])
    assert page.status == 200
    assert "Cancel appointment" in " ".join(
        page.form("/team/appointments/%s/cancel" % setup["pid"]).buttons)
    path = "/team/appointments/%s/cancel" % setup["pid"]
    step = browser.post(path, {"csrf": page.csrf})
    assert step.status == 200, step.text
    assert appt(stack, setup["pid"])["status"] == "confirmed"
    form = step.form(path)
    assert form.fields["confirm"] == "yes"
    done = browser.post(path, dict(form.fields, reason="Seller is away"))
    assert done.status == 303, done.text
    row = appt(stack, setup["pid"])
    assert (row["status"], row["cancel_reason"]) == ("cancelled",
                                                     "Seller is away")
    cpid = customer_pid(stack, setup["addr"])
    rows = audit(stack, "appointment-cancelled", cpid)
    assert [(r["detail"], r["by_email"]) for r in rows] == [
        (setup["pid"], addr)]
    shown = browser.get(done.location)
    assert "Seller is away" in shown.visible_text
    assert "Cancel appointment" not in shown.visible_text
    timeline = browser.get("/team/customers/%s" % cpid).visible_text
    assert "Appointment cancelled by the team" in timeline
    # once cancelled, it cannot be cancelled or moved again
    assert browser.post(path, dict(form.fields)).status == 409
    assert browser.get(path.replace("cancel", "move")).status == 409
    assert len(audit(stack, "appointment-cancelled", cpid)) == 1
    # the customer is told, with the calendar's cancellation attached
    [mail] = outbox_to(stack, setup["addr"])
    assert "cancelled" in mail["subject"]
    assert "method=CANCEL" in mail["attachment_type"]
    assert "Seller is away" in mail["body"]


def test_mark_completed_or_no_show(stack, setup):
    browser, _ = member_browser(stack)
    path = "/team/appointments/%s/status" % setup["pid"]
    csrf = browser.get("/team").csrf
    assert browser.post(path, {"csrf": csrf, "status": "lost"}).status == 400
    assert browser.post(path, {"csrf": csrf,
                               "status": "cancelled"}).status == 400
    done = browser.post(path, {"csrf": csrf, "status": "no_show"})
    assert done.status == 303, done.text
    assert appt(stack, setup["pid"])["status"] == "no_show"
    assert [r["detail"] for r in audit(
        stack, "appointment-marked", customer_pid(stack, setup["addr"]))] \
        == ["%s confirmed->no_show" % setup["pid"]]
    assert browser.post(path, {"csrf": csrf,
                               "status": "completed"}).status == 409
    assert appt(stack, setup["pid"])["status"] == "no_show"

    other = add_appointment(stack, setup["addr"], setup["a"],
                            setup["t"] + 2 * HOUR)
    done = browser.post("/team/appointments/%s/status" % other,
                        {"csrf": csrf, "status": "completed"})
    assert done.status == 303
    assert appt(stack, other)["status"] == "completed"


# ------------------------------------------------------------------ move
def test_a_move_to_a_connected_agenda_keeps_one_appointment(stack, setup):
    browser, addr = member_browser(stack)
    move = browser.get("/team/appointments/%s/move" % setup["pid"])
    assert move.status == 200, move.text
    text = move.visible_text
    assert setup["a"]["name"] in text and setup["b"]["name"] in text
    assert setup["c"]["name"] not in text        # not connected
    target = setup["t"] + HOUR
    assert target in offered(move, setup["b"]["pid"])
    before = appt(stack, setup["pid"])
    done = browser.post("/team/appointments/%s/move" % setup["pid"], {
        "csrf": move.csrf, "agenda": setup["b"]["pid"],
        "start": str(target)})
    assert done.status == 303, done.text
    assert done.location == "/team/appointments/%s?done=moved" % \
        setup["pid"]
    after = appt(stack, setup["pid"])
    assert (after["agenda_pid"], after["starts"], after["ends"]) == (
        setup["b"]["pid"], target, target + 1800)
    assert after["id"] == before["id"]
    assert after["sequence"] == before["sequence"] + 1
    assert after["status"] == "confirmed"
    assert query(stack, "SELECT count(*) AS n FROM appointments WHERE "
                 "customer_id = (SELECT id FROM customers WHERE email = ?)",
                 (setup["addr"],))[0]["n"] == 1
    cpid = customer_pid(stack, setup["addr"])
    page = browser.get("/team/customers/%s" % cpid)
    assert page.text.count('href="/team/appointments/%s"' % setup["pid"]) \
        == 2      # the upcoming card and one timeline entry
    assert page.visible_text.count("Appointment booked") == 1
    rows = audit(stack, "appointment-moved", cpid)
    assert len(rows) == 1 and rows[0]["by_email"] == addr
    assert rows[0]["detail"].startswith("%s %s " % (setup["pid"],
                                                    setup["a"]["pid"]))
    shown = browser.get(done.location).visible_text
    assert setup["b"]["name"] in shown
    # the customer is told the new time, the invitation updated
    [mail] = outbox_to(stack, setup["addr"])
    assert "has changed" in mail["subject"]
    assert "method=REQUEST" in mail["attachment_type"]


def test_a_move_to_a_full_time_is_refused_and_changes_nothing(stack, setup):
    browser, _ = member_browser(stack)
    full = setup["t"] + 2 * HOUR
    add_appointment(stack, new_customer(stack), setup["b"], full)
    move = browser.get("/team/appointments/%s/move" % setup["pid"])
    assert full not in offered(move, setup["b"]["pid"])
    assert full + 1800 in offered(move, setup["b"]["pid"])
    before = appt(stack, setup["pid"])
    for agenda, start in ((setup["b"], full),
                          (setup["c"], setup["t"] + HOUR),   # not connected
                          (setup["b"], setup["t"] + 60)):    # not a slot
        r = browser.post("/team/appointments/%s/move" % setup["pid"], {
            "csrf": move.csrf, "agenda": agenda["pid"], "start": str(start)})
        assert r.status == 409, (agenda["name"], r.status)
        assert appt(stack, setup["pid"]) == before
    assert audit(stack, "appointment-moved",
                 customer_pid(stack, setup["addr"])) == []


def test_the_move_page_says_when_a_move_is_not_possible(stack, setup):
    browser, _ = member_browser(stack)
    week = time.strftime("%Y-%m-%d", time.gmtime(day_start_utc(400)))
    page = browser.get("/team/appointments/%s/move?week=%s" % (
        setup["pid"], week))
    assert page.status == 200
    assert "The move is not possible this week" in page.visible_text
    assert offered(page) == set()
    assert browser.get("/team/appointments/%s/move?week=soon" %
                       setup["pid"]).status == 400


def test_a_viewer_reads_but_cannot_act(stack, setup):
    browser, _ = member_browser(stack, role="viewer")
    page = browser.get("/team/appointments/%s" % setup["pid"])
    assert page.status == 200
    assert setup["p"]["title"] in page.visible_text
    assert not [f for f in page.forms if f.method == "post" and
                f.action.startswith("/team/appointments/")]
    before = appt(stack, setup["pid"])
    csrf = page.csrf
    base = "/team/appointments/%s" % setup["pid"]
    assert browser.get(base + "/move").status == 403
    for path, fields in ((base + "/cancel", {"confirm": "yes"}),
                         (base + "/status", {"status": "completed"}),
                         (base + "/move", {"agenda": setup["b"]["pid"],
                                           "start": str(setup["t"] +
                                                        HOUR)})):
        r = browser.post(path, dict(fields, csrf=csrf))
        assert r.status == 403, path
    cpid = customer_pid(stack, setup["addr"])
    assert browser.get("/team/customers/%s/book" % cpid).status == 403
    assert browser.post("/team/customers/%s/book" % cpid, {
        "csrf": csrf, "agenda": setup["b"]["pid"],
        "start": str(setup["t"])}).status == 403
    assert appt(stack, setup["pid"]) == before
