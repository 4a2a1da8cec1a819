"""The customer's own appointments under /portal/appointments: the list
(upcoming, and the history by pages), one appointment's page, cancelling
with a reason and rescheduling, both refused after the agenda's cut-off.
A reschedule moves the same appointment, so the team sees one timeline
entry at the new time.  Another customer's appointment is not found on
any of these routes."""

import datetime
import re

import pytest

MEMBER_PASSWORD = "tidy lantern 4 orchard"

from helpers import (appointments_of,
                     customer_id, days_ahead, new_agenda, new_customer,
                     new_member, new_project, query, sign_in, slots_on,
                     team_sign_in)


def book(browser, pid, nth=0, days=3):
    """Books the nth free slot from `days` ahead as the signed-in
    customer: the appointment's public id and its start."""
    page = browser.get("/book/%s?day=%s" % (pid, days_ahead(days)))
    at = slots_on(page)[nth]
    step = browser.get("/book/%s?at=%d" % (pid, at))
    done = browser.post("/book/" + pid, step.form("/book/" + pid).fields)
    assert done.status == 303, done.text
    return done.location.split("/")[-1].split("?")[0], at


@pytest.fixture
def customer(stack, client):
    addr = new_customer(stack, name="Pat Portal")
    browser = client()
    sign_in(stack, browser, addr)
    return addr, browser


def test_the_list_shows_upcoming_and_links_each(stack, customer):
    addr, browser = customer
    g = new_agenda(stack, name="Keys Desk", location="1 Quay Street")
    p = new_project(stack, [g], title="Quay Loft")
    pid, _ = book(browser, p)
    page = browser.get("/portal/appointments")
    assert page.status == 200
    text = page.visible_text
    for shown in ("Quay Loft", "Keys Desk", "1 Quay Street", "Confirmed"):
        assert shown in text, shown
    assert re.search(r"\bCES?T\b", text)
    assert "/portal/appointments/" + pid in page.links
    nav = browser.get("/portal")
    assert 'href="/portal/appointments"' in nav.text
    details = browser.get("/portal/appointments/" + pid)
    assert details.status == 200 and "Quay Loft" in details.visible_text
    assert "Choose another time" in details.visible_text


def test_an_empty_list_points_to_booking(stack, customer):
    addr, browser = customer
    g = new_agenda(stack, name="Offer Desk")
    new_project(stack, [g], title="Bookable Barn")
    page = browser.get("/portal/appointments")
    assert "You have no appointments yet" in page.visible_text
    assert any(l.startswith("/book/") for l in page.links)
    assert any(l.startswith("/book/") for l in browser.get("/portal").links)


def test_cancelling_takes_a_step_and_keeps_the_reason(stack, customer, smtp):
    addr, browser = customer
    g = new_agenda(stack, name="Cancel Desk")
    pid, at = book(browser, g)
    path = "/portal/appointments/%s/cancel" % pid
    csrf = browser.get("/portal/appointments/" + pid).csrf
    step = browser.post(path, {"csrf": csrf})
    assert step.status == 200 and "Cancel this appointment?" in step.visible_text
    assert appointments_of(stack, addr)[0]["status"] == "confirmed"
    long = browser.post(path, {"csrf": csrf, "confirm": "yes",
                               "reason": "x" * 501})
    assert long.status == 422
    step = browser.post(path, {"csrf": csrf, "reason": "Found another house"})
    assert ">Found another house</textarea>" in step.text
    form = step.form(path)
    assert form.fields.get("confirm") == "yes"
    done = browser.post(path, dict(form.fields, reason="Found another house"))
    assert done.status == 303
    [ap] = appointments_of(stack, addr)
    assert (ap["status"], ap["cancel_reason"]) == ("cancelled",
                                                   "Found another house")
    page = browser.get(done.location)
    assert "Your appointment is cancelled" in page.visible_text
    assert "Found another house" in page.visible_text
    history = browser.get("/portal/appointments").visible_text
    assert "Cancelled" in history
    stack.mailer("--once")
    assert any("cancelled" in m.subject for m in smtp.to(addr))
    again = browser.post(path, {"csrf": csrf, "confirm": "yes"})
    assert again.status == 409


def test_after_the_cut_off_nothing_changes(stack, customer):
    addr, browser = customer
    g = new_agenda(stack, name="Strict Desk", cancel_hours=720)
    pid, at = book(browser, g)
    csrf = browser.get("/portal/appointments/" + pid).csrf
    details = browser.get("/portal/appointments/" + pid).visible_text
    assert "Cancel the appointment" not in details
    for answer in (
            browser.post("/portal/appointments/%s/cancel" % pid,
                         {"csrf": csrf, "confirm": "yes"}),
            browser.get("/portal/appointments/%s/reschedule" % pid),
            browser.post("/portal/appointments/%s/reschedule" % pid,
                         {"csrf": csrf, "at": str(at + 3600)})):
        assert answer.status == 409, answer.text
        assert "can no longer be changed" in answer.visible_text
    [ap] = appointments_of(stack, addr)
    assert (ap["status"], ap["starts"], ap["sequence"]) == \
        ("confirmed", at, 0)


def test_a_reschedule_moves_the_same_appointment(stack, client, customer,
                                                 smtp):
    addr, browser = customer
    g = new_agenda(stack, name="Move Desk")
    p = new_project(stack, [g], title="Moving Mill")
    pid, at = book(browser, p)
    page = browser.get("/portal/appointments/%s/reschedule?day=%s" %
                       (pid, days_ahead(4)))
    assert page.status == 200
    offered = slots_on(page)
    assert len(offered) > 2
    new = offered[2]
    form = page.form("/portal/appointments/%s/reschedule" % pid)
    done = browser.post("/portal/appointments/%s/reschedule" % pid,
                        dict(form.fields, at=str(new)))
    assert done.status == 303, done.text
    assert done.location.endswith("?done=moved")
    [ap] = appointments_of(stack, addr)
    assert (ap["pid"], ap["starts"], ap["sequence"]) == (pid, new, 1)
    stack.mailer("--once")
    assert any("has changed" in m.subject for m in smtp.to(addr))
    member = new_member(stack, role="agent", password=MEMBER_PASSWORD)
    team = client()
    assert team_sign_in(team, member, MEMBER_PASSWORD).status == 303
    cpid = query(stack, "SELECT pid FROM customers WHERE email = ?",
                 (addr,))[0]["pid"]
    timeline = team.get("/team/customers/" + cpid)
    assert timeline.status == 200
    assert timeline.visible_text.count("Appointment booked: Moving Mill") == 1
    stamps = re.findall(r'For <time datetime="([^"]+)"', timeline.text)
    assert [datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M%z").timestamp()
            for s in stamps] == [new]


def test_a_time_taken_meanwhile_is_409_on_reschedule(stack, client,
                                                     customer):
    addr, browser = customer
    g = new_agenda(stack, name="Busy Desk")
    pid, at = book(browser, g)
    page = browser.get("/portal/appointments/%s/reschedule" % pid)
    target = [t for t in slots_on(page) if t != at][3]
    rival = client()
    sign_in(stack, rival, new_customer(stack))
    step = rival.get("/book/%s?at=%d" % (g, target))
    assert rival.post("/book/" + g, step.form("/book/" + g).fields).status \
        == 303
    form = page.form("/portal/appointments/%s/reschedule" % pid)
    answer = browser.post("/portal/appointments/%s/reschedule" % pid,
                          dict(form.fields, at=str(target)))
    assert answer.status == 409
    assert "That time was just taken" in answer.visible_text
    assert target not in slots_on(answer)
    assert appointments_of(stack, addr)[0]["starts"] == at


def test_another_customer_meets_404_on_every_route(stack, client, customer):
    addr, browser = customer
    g = new_agenda(stack, name="Private Desk")
    pid, at = book(browser, g)
    other = client()
    sign_in(stack, other, new_customer(stack))
    csrf = other.get("/portal").csrf
    base = "/portal/appointments/" + pid
    assert other.get(base).status == 404
    assert other.get(base + "/reschedule").status == 404
    for path, fields in ((base + "/cancel", {"confirm": "yes"}),
                         (base + "/reschedule", {"at": str(at + 1800)})):
        answer = other.post(path, dict(fields, csrf=csrf))
        assert answer.status == 404, path
    [ap] = appointments_of(stack, addr)
    assert (ap["status"], ap["starts"], ap["sequence"]) == \
        ("confirmed", at, 0)


def test_the_history_pages_by_cursor(stack, customer):
    addr, browser = customer
    g = new_agenda(stack, name="History Desk", capacity=30)
    csrf = browser.get("/portal").csrf
    made = []
    for i in range(23):
        pid, _ = book(browser, g, nth=i % 10, days=3 + i // 10)
        assert browser.post("/portal/appointments/%s/cancel" % pid,
                            {"csrf": csrf, "confirm": "yes"}).status == 303
        made.append(pid)
    first = browser.get("/portal/appointments")
    older = first.link_to("Older")
    assert older is not None
    second = browser.get(older)
    assert second.status == 200
    seen = [l for page in (first, second) for l in page.links
            if l.startswith("/portal/appointments/")]
    assert sorted(set(l.split("/")[-1] for l in seen)) == sorted(made)
