"""Appointment requests and waiting lists: a customer asks for a visit or
joins a project's waiting list from its booking page; the request shows
in their portal (dashboard and /portal/requests), in the team's inbox,
list and the customer's timeline; the customer cancels with a confirming
step, the team declines or books it.  A cancelled appointment frees a
place: the waiting customers are mailed a link to a page with the time,
and of two racing for it exactly one books it while the other gets 409
and nothing is written.  Another customer finds none of it."""

import json
import re
import threading

import pytest

from client import Client
from helpers import (_write, appointments_of, customer_id, days_ahead,
                     new_agenda, new_customer, new_member, new_project, query,
                     set_office_option, sign_in, slots_on, team_sign_in)

PASSWORD = "tidy lantern 4 orchard"
LINK_RE = re.compile(r"https?://\S+/auth\?t=[A-Za-z0-9_-]+")


def customer(stack, client, name="Wes Waiting"):
    addr = new_customer(stack, name=name)
    browser = client() if client is not None else Client(stack.port,
                                                         stack.host)
    sign_in(stack, browser, addr)
    return addr, browser


def member(stack):
    addr = new_member(stack, password=PASSWORD, name="Ria Requests")
    browser = Client(stack.port, stack.host)
    assert team_sign_in(browser, addr, PASSWORD).status == 303
    return browser


def requests_of(stack, addr):
    return query(stack, "SELECT * FROM appointment_requests "
                 "WHERE customer_id = ? ORDER BY id",
                 (customer_id(stack, addr),))


def ask(browser, project, **fields):
    page = browser.get("/book/%s/request" % project)
    assert page.status == 200, page.text
    return browser.post("/book/%s/request" % project,
                        dict({"csrf": page.csrf}, **fields))


def customer_pid(stack, addr):
    return query(stack, "SELECT pid FROM customers WHERE email = ?",
                 (addr,))[0]["pid"]


@pytest.fixture
def place(stack):
    g = new_agenda(stack, name="Viewing Desk", capacity=1)
    return {"agenda": g, "project": new_project(stack, [g],
                                                title="Dune House 4")}


def test_a_visit_request_shows_everywhere(stack, client, place):
    addr, browser = customer(stack, client)
    book = browser.get("/book/" + place["project"])
    assert "/book/%s/request" % place["project"] in book.links
    empty = ask(browser, place["project"], kind="visit", preferred="")
    assert empty.status == 422
    assert "Say when suits you" in empty.visible_text
    assert requests_of(stack, addr) == []
    done = ask(browser, place["project"], kind="visit",
               preferred="Evenings", day1=days_ahead(5), part1="morning",
               message="<b>Two of us</b>")
    assert done.status == 303 and done.location.startswith(
        "/portal/requests"), done.text
    [row] = requests_of(stack, addr)
    assert (row["kind"], row["status"]) == ("visit", "open")
    assert row["preferred"] == "Evenings\n%s morning" % days_ahead(5)
    page = browser.get(done.location)
    text = page.visible_text
    for shown in ("Your request is sent", "Visit: Dune House 4", "Open",
                  "<b>Two of us</b>"):
        assert shown in text, shown
    assert "<b>Two" not in page.text
    assert "Visit: Dune House 4" in browser.get("/portal").visible_text

    team = member(stack)
    inbox = team.get("/team/inbox?kind=request")
    assert inbox.status == 200
    assert "Appointment request: Dune House 4" in inbox.visible_text
    assert "/team/requests/" + row["pid"] in inbox.links
    listed = team.get("/team/requests?kind=visit&status=open")
    assert "/team/requests/" + row["pid"] in listed.links
    one = team.get("/team/requests/" + row["pid"])
    assert one.status == 200 and "Evenings" in one.visible_text
    assert "/team/customers/%s/book?project=%s" % (
        customer_pid(stack, addr), place["project"]) in one.links
    timeline = team.get("/team/customers/" + customer_pid(stack, addr))
    assert "Visit requested: Dune House 4" in timeline.visible_text


def test_cancelling_takes_a_confirming_step(stack, client, place):
    addr, browser = customer(stack, client)
    assert ask(browser, place["project"], kind="visit",
               preferred="Any morning").status == 303
    [row] = requests_of(stack, addr)
    path = "/portal/requests/%s/cancel" % row["pid"]
    csrf = browser.get("/portal/requests").csrf
    step = browser.post(path, {"csrf": csrf})
    assert step.status == 200 and "Cancel this request?" in step.visible_text
    assert requests_of(stack, addr)[0]["status"] == "open"
    done = browser.post(path, {"csrf": csrf, "confirm": "yes"})
    assert done.status == 303
    assert requests_of(stack, addr)[0]["status"] == "cancelled"
    assert "Cancelled" in browser.get("/portal/requests").visible_text
    assert "You have no open requests" in browser.get("/portal").visible_text


def test_the_waiting_list_takes_a_customer_once(stack, client, place):
    addr, browser = customer(stack, client)
    assert ask(browser, place["project"], kind="waitlist").status == 303
    again = ask(browser, place["project"], kind="waitlist")
    assert again.status == 409
    assert "on the waiting list for Dune House 4 already" in \
        again.visible_text
    [row] = requests_of(stack, addr)
    assert (row["kind"], row["status"]) == ("waitlist", "open")
    page = browser.get("/portal/requests").visible_text
    assert "Waiting list: Dune House 4" in page
    assert "Leave the waiting list" in page
    mine = json.loads(browser.get("/portal/account/export").body)
    assert [(q["id"], q["kind"], q["project"]) for q in mine["requests"]] \
        == [(row["pid"], "waitlist", "Dune House 4")]


def booked_slot(stack, client, place):
    """A customer who booked the first free slot: (addr, browser, pid,
    start)."""
    addr, browser = customer(stack, client, name="Cai Cancels")
    page = browser.get("/book/%s?day=%s" % (place["project"], days_ahead(3)))
    at = slots_on(page)[0]
    step = browser.get("/book/%s?at=%d" % (place["project"], at))
    done = browser.post("/book/" + place["project"],
                        step.form("/book/" + place["project"]).fields)
    assert done.status == 303, done.text
    return addr, browser, done.location.split("/")[-1].split("?")[0], at


def test_a_freed_place_goes_to_the_first_who_confirms(stack, client, smtp,
                                                      place):
    owner, ob, apid, at = booked_slot(stack, client, place)
    waiting = [customer(stack, client, name=n) for n in ("Una", "Vic")]
    for _, b in waiting:
        assert ask(b, place["project"], kind="waitlist").status == 303
    path = "/portal/appointments/%s/cancel" % apid
    csrf = ob.get("/portal/appointments/" + apid).csrf
    assert ob.post(path, {"csrf": csrf, "confirm": "yes"}).status == 303
    stack.mailer("--once")
    pages = []
    for addr, b in waiting:
        [m] = [m for m in smtp.to(addr) if "A place freed up" in m.subject]
        link = LINK_RE.search(m.text).group(0)
        assert "/auth?t=" in link
        [row] = requests_of(stack, addr)
        assert (row["offer_starts"], row["notified_at"] > 0) == (at, True)
        offer = b.get("/portal/requests/%s/offer" % row["pid"])
        assert offer.status == 200 and "Book this time" in offer.visible_text
        pages.append((b, row, offer.csrf))
    assert not [m for m in smtp.to(owner) if "A place freed up" in m.subject]
    assert "Offered a freed time" in member(stack).get(
        "/team/requests/" + pages[0][1]["pid"]).visible_text

    answers = [None, None]

    def take(i):
        b, row, csrf = pages[i]
        answers[i] = b.post("/portal/requests/%s/offer" % row["pid"],
                            {"csrf": csrf})

    threads = [threading.Thread(target=take, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(a.status for a in answers)
    assert statuses == [303, 409], [a.text for a in answers]
    lost = [i for i in (0, 1) if answers[i].status == 409][0]
    won = 1 - lost
    assert "That time was just taken" in answers[lost].visible_text
    assert [a["starts"] for a in appointments_of(stack, waiting[won][0])] \
        == [at]
    assert appointments_of(stack, waiting[lost][0]) == []
    assert requests_of(stack, waiting[won][0])[0]["status"] == "booked"
    assert requests_of(stack, waiting[lost][0])[0]["status"] == "open"
    # the page of the one who lost says so and books nothing
    again = pages[lost][0].get("/portal/requests/%s/offer" %
                               pages[lost][1]["pid"])
    assert again.status == 200 and "Book this time" not in again.visible_text
    assert "You booked a time from this waiting list." not in \
        again.visible_text
    # the winner's offer page now says the time is theirs
    mine = pages[won][0].get("/portal/requests/%s/offer" %
                             pages[won][1]["pid"])
    assert mine.status == 200
    assert "You booked a time from this waiting list." in mine.visible_text


def test_the_team_declines_or_books(stack, client, place):
    addr, browser = customer(stack, client)
    assert ask(browser, place["project"], kind="visit",
               preferred="Saturday").status == 303
    assert ask(browser, place["project"], kind="waitlist").status == 303
    visit, wait = requests_of(stack, addr)
    team = member(stack)
    path = "/team/requests/%s/close" % visit["pid"]
    csrf = team.get("/team/requests/" + visit["pid"]).csrf
    step = team.post(path, {"csrf": csrf})
    assert step.status == 200 and "Decline this visit request?" in \
        step.visible_text
    assert team.post(path, {"csrf": csrf, "confirm": "yes"}).status == 303
    visit = requests_of(stack, addr)[0]
    assert visit["status"] == "cancelled" and visit["closed_by"] is not None
    assert "Ria Requests" in team.get("/team/requests/" +
                                      visit["pid"]).visible_text
    cpid = customer_pid(stack, addr)
    page = team.get("/team/customers/%s/book?agenda=%s&project=%s" % (
        cpid, place["agenda"], place["project"]))
    start = min(int(s) for s in re.findall(r'name="start" value="(\d+)"',
                                           page.text))
    done = team.post("/team/customers/%s/book" % cpid, {
        "csrf": page.csrf, "agenda": place["agenda"],
        "project": place["project"], "start": str(start)})
    assert done.status == 303, done.text
    wait = requests_of(stack, addr)[1]
    assert wait["status"] == "booked" and wait["appointment_id"] is not None
    assert requests_of(stack, addr)[0]["status"] == "cancelled"


def test_another_customer_finds_nothing(stack, client, place):
    addr, browser = customer(stack, client)
    assert ask(browser, place["project"], kind="waitlist").status == 303
    [row] = requests_of(stack, addr)
    _, other = customer(stack, client, name="Nosy Neighbour")
    csrf = other.get("/portal").csrf
    base = "/portal/requests/" + row["pid"]
    assert other.get(base + "/offer").status == 404
    for path in (base + "/offer", base + "/cancel"):
        assert other.post(path, {"csrf": csrf, "confirm": "yes"}).status == \
            404
    assert row["pid"] not in other.get("/portal/requests").text
    assert requests_of(stack, addr)[0]["status"] == "open"


@pytest.fixture(scope="module")
def in_turn(launch, smtp):
    def setup(stack):
        set_office_option(stack.conf, "demo", "waitlist", "in-turn")
    with launch("in-turn", smtp.url, setup=setup) as stack:
        yield stack


def test_in_turn_the_next_is_told_when_an_offer_runs_out(in_turn, smtp):
    stack = in_turn
    g = new_agenda(stack, name="Turn Desk", capacity=1)
    place = {"agenda": g, "project": new_project(stack, [g],
                                                 title="Turn House")}
    owner, ob, apid, at = booked_slot(stack, None, place)
    first, fb = customer(stack, None, name="Fay First")
    second, sb = customer(stack, None, name="Sid Second")
    for b in (fb, sb):
        assert ask(b, place["project"], kind="waitlist").status == 303
    csrf = ob.get("/portal/appointments/" + apid).csrf
    assert ob.post("/portal/appointments/%s/cancel" % apid,
                   {"csrf": csrf, "confirm": "yes"}).status == 303
    stack.mailer("--once")
    freed = lambda addr: [m for m in smtp.to(addr)
                          if "A place freed up" in m.subject]
    assert len(freed(first)) == 1 and freed(second) == []
    assert "yours to take until" in freed(first)[0].text
    [row] = requests_of(stack, first)
    assert 0 < row["offer_expires"] - row["notified_at"] <= 2 * 3600
    # two hours pass: the sweep ends the first offer and tells the next
    _write(stack, "UPDATE appointment_requests SET offer_expires = ? "
           "WHERE id = ?", (row["notified_at"] - 1, row["id"]))
    assert "waiting-list offers ended" in stack.porchctl("sweep")
    stack.mailer("--once")
    assert len(freed(second)) == 1 and len(freed(first)) == 1
    [late] = requests_of(stack, first)
    assert (late["status"], late["offer_expires"]) == ("open", 0)
    page = fb.get("/portal/requests/%s/offer" % late["pid"])
    assert page.status == 200 and "Book this time" not in page.visible_text
    assert fb.post("/portal/requests/%s/offer" % late["pid"],
                   {"csrf": page.csrf}).status == 409
    [row] = requests_of(stack, second)
    page = sb.get("/portal/requests/%s/offer" % row["pid"])
    assert "Book this time" in page.visible_text
    assert sb.post("/portal/requests/%s/offer" % row["pid"],
                   {"csrf": page.csrf}).status == 303
    assert [a["starts"] for a in appointments_of(stack, second)] == [at]
