"""Booking an appointment on a project's or an agenda's public page
(/book/{id}) and in the frame of an office's site (/embed/book/{id}).

A visitor gives a name and an address: the address's customer is found
or made, the answer never tells which, and the confirmation mail carries
a sign-in link to the appointment.  The last place of a slot goes to one
booking only however many race for it.  Slots are laid in the agenda's
own zone, so 09:00 stays 09:00 across a change of summer time.
"""

import calendar
import datetime
import re
import threading
import time

import pytest

from client import Client
from helpers import (TOKEN_RE, appointments_of, book_as_visitor, customer_id,
                     days_ahead, new_agenda, new_customer, new_project,
                     open_link, path_of, query, set_portal_option, sign_in,
                     slots_on)


def fresh(prefix="v"):
    import secrets
    return "%s-%s@example.com" % (prefix, secrets.token_hex(6))


def week_slots(browser, pid, days=3, agenda=None):
    page = browser.get("/book/%s?day=%s%s" % (pid, days_ahead(days),
                                              "&agenda=" + agenda
                                              if agenda else ""))
    assert page.status == 200, page.text
    found = slots_on(page)
    assert found, "no slots on " + pid
    return page, found


def test_a_project_page_shows_the_project_and_a_week_of_slots(stack, client):
    g = new_agenda(stack, name="Viewings North")
    p = new_project(stack, [g], title="Canal House 4",
                    address="4 Canal Street", description="Three floors.")
    page, found = week_slots(client(), p)
    text = page.visible_text
    assert "Canal House 4" in text and "4 Canal Street" in text
    assert "Three floors." in text
    assert re.search(r"\bCES?T\b", text), "no zone abbreviation shown"
    assert "08:00" in text
    assert len(found) == len(set(found)) and found == sorted(found)


def test_a_visitor_books_and_the_mail_signs_them_in(stack, client, smtp):
    g = new_agenda(stack, name="Viewings South")
    p = new_project(stack, [g], title="Dune Villa")
    browser = client()
    _, found = week_slots(browser, p)
    addr = fresh()
    done = book_as_visitor(browser, p, found[0], "Vera Visitor", addr)
    assert done.status == 200, done.text
    assert "We sent the confirmation to %s" % addr in done.visible_text
    rows = query(stack, "SELECT name, active FROM customers WHERE email = ?",
                 (addr,))
    assert [(r["name"], r["active"]) for r in rows] == [("Vera Visitor", 0)]
    [ap] = appointments_of(stack, addr)
    assert (ap["starts"], ap["status"], ap["source"]) == \
        (found[0], "confirmed", "link")
    stack.mailer("--once")
    mail = smtp.wait_for(addr)
    assert "Dune Villa" in mail.text
    link = re.search(r"https?://\S+" + TOKEN_RE.pattern, mail.text).group(0)
    signed = open_link(client(), link)
    assert signed.status == 303
    assert signed.location == "/portal/appointments/" + ap["pid"]


def test_a_known_address_gets_the_same_answer_and_keeps_its_name(stack,
                                                                 client):
    g = new_agenda(stack, name="Open House", capacity=2)
    known = new_customer(stack, name="Kim Known")
    unknown = fresh()
    browser = client()
    _, found = week_slots(browser, g)
    answers = [book_as_visitor(client(), g, found[0], "Someone Else", a)
               for a in (known, unknown)]
    assert [a.status for a in answers] == [200, 200]
    texts = [a.visible_text.replace(addr, "ADDR")
             for a, addr in zip(answers, (known, unknown))]
    assert texts[0] == texts[1]
    assert query(stack, "SELECT name FROM customers WHERE email = ?",
                 (known,))[0]["name"] == "Kim Known"
    assert len(appointments_of(stack, known)) == 1


def test_public_booking_is_rate_limited_per_address(stack, client):
    g = new_agenda(stack, name="Limits")
    _, found = week_slots(client(), g)
    addr = fresh()
    answers = []
    for _ in range(6):
        browser = client()   # another client address each time
        step = browser.get("/book/%s?at=%d" % (g, found[0]))
        fields = dict(step.form("/book/" + g).fields)
        fields.update(name="Rita", email=addr, at=str(found[0] + 60))
        answers.append(browser.post("/book/" + g, fields).status)
    assert answers == [409] * 5 + [429]
    assert not query(stack, "SELECT 1 FROM customers WHERE email = ?",
                     (addr,))


def test_a_signed_in_customer_books_for_themselves(stack, client, smtp):
    g = new_agenda(stack, name="Portal Bookings")
    addr = new_customer(stack, name="Sam Signed")
    browser = client()
    sign_in(stack, browser, addr)
    _, found = week_slots(browser, g)
    step = browser.get("/book/%s?at=%d" % (g, found[1]))
    assert "Booking as Sam Signed" in step.visible_text
    form = step.form("/book/" + g)
    assert "email" not in form.fields
    done = browser.post("/book/" + g, form.fields)
    assert done.status == 303, done.text
    [ap] = appointments_of(stack, addr)
    assert done.location == "/portal/appointments/%s?done=booked" % ap["pid"]
    assert (ap["source"], ap["starts"]) == ("portal", found[1])
    page = browser.get(done.location)
    assert "Your appointment is booked" in page.visible_text
    stack.mailer("--once")
    assert "Portal Bookings" in smtp.wait_for(addr).text


def test_a_time_taken_meanwhile_is_409_and_writes_nothing(stack, client):
    g = new_agenda(stack, name="Single Place")
    browser = client()
    _, found = week_slots(browser, g)
    step = browser.get("/book/%s?at=%d" % (g, found[0]))
    first = book_as_visitor(client(), g, found[0], "Quick", fresh())
    assert first.status == 200
    late = fresh()
    fields = dict(step.form("/book/" + g).fields, name="Late", email=late)
    answer = browser.post("/book/" + g, fields)
    assert answer.status == 409, answer.text
    assert "That time was just taken" in answer.visible_text
    assert found[0] not in slots_on(answer) and slots_on(answer)
    assert not query(stack, "SELECT 1 FROM customers WHERE email = ?",
                     (late,))


@pytest.mark.parametrize("capacity", [1, 3])
def test_racing_for_the_last_places_never_overbooks(stack, client, capacity):
    g = new_agenda(stack, name="Race %d" % capacity, capacity=capacity)
    _, found = week_slots(client(), g)
    at = found[0]
    racers = []
    for i in range(50):
        browser = client()
        step = browser.get("/book/%s?at=%d" % (g, at))
        assert step.status == 200
        fields = dict(step.form("/book/" + g).fields, name="Racer %d" % i,
                      email=fresh("race"))
        racers.append((browser, fields))
    start = threading.Barrier(len(racers))
    results = [None] * len(racers)

    def run(i):
        browser, fields = racers[i]
        start.wait()
        results[i] = browser.post("/book/" + g, fields).status

    threads = [threading.Thread(target=run, args=(i,))
               for i in range(len(racers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == sorted([200] * capacity +
                                     [409] * (50 - capacity)), results
    rows = query(stack, "SELECT a.starts FROM appointments a JOIN agendas g "
                 "ON g.id = a.agenda_id WHERE g.pid = ? AND a.status = "
                 "'confirmed'", (g,))
    assert [r["starts"] for r in rows] == [at] * capacity


def test_what_cannot_be_booked_is_not_found(stack, client):
    live = new_agenda(stack, name="Live")
    archived = new_agenda(stack, name="Archived", archived=True)
    dead = [archived,
            new_project(stack, [live], title="Closed", archived=True),
            new_project(stack, [live], title="No Booking", no_booking=True),
            new_project(stack, [], title="No Agenda"),
            new_project(stack, [archived], title="Only Archived"),
            "AAAAAAAAAAAAAAAAAAAAAA"]
    browser = client()
    for pid in dead:
        assert browser.get("/book/" + pid).status == 404, pid
    other = new_agenda(stack, name="Not Linked")
    p = new_project(stack, [live], title="One Agenda")
    assert browser.get("/book/%s?agenda=%s" % (p, other)).status == 404


def last_sunday(year, month):
    day = max(w[calendar.SUNDAY] for w in calendar.monthcalendar(year, month))
    return datetime.date(year, month, day)


def next_change():
    """The next last Sunday of March or October at least 2 days ahead."""
    today = datetime.date.today()
    for year in (today.year, today.year + 1):
        for month in (3, 10):
            d = last_sunday(year, month)
            if d - today >= datetime.timedelta(days=2):
                return d
    raise AssertionError("no change of summer time found")


def test_nine_oclock_stays_nine_across_a_change_of_summer_time(stack,
                                                               client):
    change = next_change()
    g = new_agenda(stack, name="DST", hours="sun-sat 09:00-17:00",
                   horizon=730, notice=0)
    sat = change - datetime.timedelta(days=1)
    page = client().get("/book/%s?day=%s" % (g, sat.isoformat()))
    assert page.status == 200
    found = slots_on(page)
    by_day = {}
    for t in found:
        day = datetime.datetime.fromtimestamp(
            t, datetime.timezone.utc).date()
        by_day.setdefault(day, []).append(t)
    before = min(by_day[sat])
    after = min(by_day[change + datetime.timedelta(days=1)])
    shift = 3600 if change.month == 3 else -3600
    assert after - before == 2 * 86400 - shift
    days = re.findall(r'<h3 class="day-label">(.*?)</h3>.*?<time '
                      r'datetime="[^"]+">(\d\d:\d\d)</time>', page.text,
                      re.S)
    assert days and all(first == "09:00" for _, first in days), days
    assert "CET" in page.text and "CEST" in page.text


# ----------------------------------------------------------- embedding
EMBED = "https://www.harbour.example https://agents.harbour.example"


@pytest.fixture(scope="module")
def embed_host(stack):
    host = "embed.localhost:%d" % stack.port
    with open(stack.conf, encoding="utf-8") as f:
        if "[portal demo-embed]" not in f.read():
            stack.porchctl("portal", "add", "demo-embed", "--office", "demo",
                           "--url", "http://" + host, "--name", "Embedded")
            set_portal_option(stack.conf, "demo-embed", "embed_origins",
                              EMBED)
            # a program looks at porch.conf at most once a second
            time.sleep(1.2)
    return host


def test_the_embedded_page_may_be_framed_by_the_configured_sites(
        stack, embed_host):
    g = new_agenda(stack, name="Embedded")
    browser = Client(stack.port, embed_host)
    page = browser.get("/embed/book/" + g)
    assert page.status == 200, page.text
    csp = page.header("Content-Security-Policy")
    assert "frame-ancestors %s;" % EMBED in csp
    assert "'none'" not in csp.split("frame-ancestors")[1].split(";")[0]
    assert page.header("X-Frame-Options") is None
    assert 'class="top"' not in page.text, "the portal's header is shown"
    at = slots_on(page)[0]
    assert 'target="_top"' in page.text and "via=embed" in page.text
    step = browser.get("/book/%s?at=%d&via=embed" % (g, at))
    assert step.header("X-Frame-Options") == "DENY"
    addr = fresh()
    fields = dict(step.form("/book/" + g).fields, name="Eve", email=addr)
    assert browser.post("/book/" + g, fields).status == 200
    assert [a["source"] for a in appointments_of(stack, addr)] == ["embed"]


def test_without_embed_origins_the_embedded_page_is_not_found(stack, client):
    g = new_agenda(stack, name="Not Embedded")
    page = client().get("/embed/book/" + g)
    assert page.status == 404
    assert "frame-ancestors 'none'" in page.header("Content-Security-Policy")
    assert page.header("X-Frame-Options") == "DENY"
    assert client().get("/book/" + g).status == 200


def test_an_agenda_of_several_slots_offers_a_length(stack, client):
    g = new_agenda(stack, name="Long Talks", max_slots=3)
    browser = client()
    _, found = week_slots(browser, g)
    step = browser.get("/book/%s?at=%d" % (g, found[0]))
    options = re.findall(r'<option value="(\d)"[^>]*>(\d+) minutes',
                         step.text)
    assert options == [("1", "30"), ("2", "60"), ("3", "90")]
    addr = fresh()
    fields = dict(step.form("/book/" + g).fields, name="Lena", email=addr,
                  length="2")
    assert browser.post("/book/" + g, fields).status == 200
    [ap] = appointments_of(stack, addr)
    assert (ap["slots"], ap["ends"] - ap["starts"]) == (2, 3600)
    page = browser.get("/book/%s?day=%s" % (g, days_ahead(3)))
    assert found[0] not in slots_on(page) and found[0] + 1800 not in \
        slots_on(page)
