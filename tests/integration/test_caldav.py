"""Calendar sync against a real CalDAV server: Radicale, started on
loopback by this module with htpasswd (plain) sign-in and a calendar made
with MKCALENDAR for each agenda.

A booking through the real pages puts the event in the agenda's calendar
once porch-hooks has run; a reschedule replaces it (SEQUENCE 1), a move
takes it from one calendar to the other, a cancellation deletes it.  An
event made in the calendar itself takes its time out of the booking page
after porchctl sweep, while Porch's own events do not.  A server that is
down never fails a booking: the job waits, and is delivered once the
server is back.  An office whose plan has no calendar-sync cannot connect
an agenda and syncs nothing.
"""

import os
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import base64

import pytest

from client import Client
from helpers import (add_agenda, add_appointment, add_project, customer_id, days_ahead,
                     new_agenda, new_customer, new_member, new_project,
                     porch_dev, query, set_office_option, sign_in, slots_on,
                     team_sign_in, _write)

USER = "porch"
PASSWORD = "radicale-porch-7c1e"
MEMBER_PASSWORD = "tidy lantern 4 orchard"
PYTHON = "/usr/bin/python3"


def radicale_installed():
    return subprocess.run([PYTHON, "-c", "import radicale"],
                          capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(not radicale_installed(),
                                reason="Radicale is not installed "
                                "(Debian package radicale)")


class Radicale:
    """A Radicale server of our own, stopped and started at will."""

    def __init__(self, root, port):
        self.root = root
        self.port = port
        self.proc = None
        os.makedirs(root, exist_ok=True)
        with open(os.path.join(root, "users"), "w") as f:
            f.write("%s:%s\n" % (USER, PASSWORD))
        with open(os.path.join(root, "config"), "w") as f:
            f.write("[server]\nhosts = 127.0.0.1:%d\n"
                    "[auth]\ntype = htpasswd\nhtpasswd_filename = %s\n"
                    "htpasswd_encryption = plain\n"
                    "[storage]\nfilesystem_folder = %s\n"
                    "[rights]\ntype = owner_only\n"
                    "[logging]\nlevel = warning\n"
                    % (port, os.path.join(root, "users"),
                       os.path.join(root, "collections")))

    @property
    def base(self):
        return "http://127.0.0.1:%d/%s/" % (self.port, USER)

    def start(self):
        self.proc = subprocess.Popen(
            [PYTHON, "-m", "radicale", "--config",
             os.path.join(self.root, "config")],
            stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(self.root, "log"), "a"))
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port),
                                         0.2).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("Radicale did not start")

    def stop(self):
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None

    def request(self, method, url, body=None, headers=None):
        """(status, text) of one request as the calendar's owner."""
        auth = base64.b64encode(("%s:%s" % (USER, PASSWORD)).encode())
        req = urllib.request.Request(url, data=body, method=method,
                                     headers=dict(headers or {}))
        req.add_header("Authorization", "Basic " + auth.decode())
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def calendar(self):
        """A new calendar; its url."""
        url = self.base + "cal-%s/" % secrets.token_hex(4)
        status, text = self.request("MKCALENDAR", url)
        assert status == 201, text
        return url

    def event(self, url, pid):
        """(status, iCalendar text) of Porch's event of appointment pid."""
        return self.request("GET", url + pid + ".ics")


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    r = Radicale(str(tmp_path_factory.mktemp("radicale")),
                 porch_dev.free_port()).start()
    yield r
    r.stop()


def password_file(stack):
    path = os.path.join(stack.state, "caldav.password")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(PASSWORD + "\n")
    return path


@pytest.fixture(scope="module")
def synced(launch, smtp):
    with launch("caldav", smtp.url) as stack:
        yield stack


def connect(stack, radicale, agenda_pid):
    """Connects the agenda to a new calendar of its own; the calendar's
    url."""
    url = radicale.calendar()
    stack.porchctl("agenda", "caldav", "--office", "demo", "--agenda",
                   agenda_pid, "--url", url, "--user", USER,
                   "--password-file", password_file(stack))
    return url


def book(browser, pid, nth=0, days=3):
    page = browser.get("/book/%s?day=%s" % (pid, days_ahead(days)))
    at = slots_on(page)[nth]
    step = browser.get("/book/%s?at=%d" % (pid, at))
    done = browser.post("/book/" + pid, step.form("/book/" + pid).fields)
    assert done.status == 303, done.text
    return done.location.split("/")[-1].split("?")[0], at


def jobs(stack):
    return query(stack, "SELECT * FROM calendar_jobs")


def unfold(text):
    return text.replace("\r\n ", "").replace("\r\n", "\n")


@pytest.fixture
def customer(synced):
    addr = new_customer(synced, name="Cal Customer")
    browser = Client(synced.port, synced.host)
    sign_in(synced, browser, addr)
    return addr, browser


def test_a_booking_reaches_the_calendar_and_follows_each_change(
        synced, radicale, customer):
    addr, browser = customer
    g = new_agenda(synced, name="Synced Desk")
    p = new_project(synced, [g], title="Canal House")
    url = connect(synced, radicale, g)
    pid, at = book(browser, p)
    assert len(jobs(synced)) == 1           # written with the booking
    synced.hooks("--once")
    assert jobs(synced) == []
    status, ics = radicale.event(url, pid)
    assert status == 200, ics
    ics = unfold(ics)
    assert "UID:%s@" % pid in ics
    assert "SUMMARY:Canal House — Synced Desk" in ics
    assert "STATUS:CONFIRMED" in ics
    assert "METHOD:" not in ics and "ATTENDEE" not in ics
    assert "DTSTART;TZID=Europe/Amsterdam:" in ics
    # rescheduled through the page: the same resource, a new time
    page = browser.get("/portal/appointments/%s/reschedule?day=%s" %
                       (pid, days_ahead(4)))
    new = slots_on(page)[2]
    form = page.form("/portal/appointments/%s/reschedule" % pid)
    done = browser.post("/portal/appointments/%s/reschedule" % pid,
                        dict(form.fields, at=str(new)))
    assert done.status == 303, done.text
    synced.hooks("--once")
    status, ics = radicale.event(url, pid)
    ics = unfold(ics)
    assert status == 200 and "SEQUENCE:1" in ics
    start = time.strftime("%Y%m%d", time.gmtime(new))
    assert "DTSTART;TZID=Europe/Amsterdam:%sT" % start in ics
    # cancelled through the page: gone from the calendar
    path = "/portal/appointments/%s/cancel" % pid
    csrf = browser.get("/portal/appointments/" + pid).csrf
    done = browser.post(path, {"csrf": csrf, "confirm": "yes"})
    assert done.status == 303, done.text
    synced.hooks("--once")
    assert radicale.event(url, pid)[0] == 404
    assert jobs(synced) == []
    status = synced.porchctl("agenda", "caldav-status", "--office", "demo",
                             "--agenda", g)
    assert "last_error\t\n" in status and "pending\t0" in status


def test_a_move_leaves_one_calendar_for_the_other(synced, radicale):
    addr = new_customer(synced, name="Mia Mover")
    a = add_agenda(synced, connected=True)
    b = add_agenda(synced, connected=True)
    p = add_project(synced, agendas=(a, b))
    urls = {g["id"]: connect(synced, radicale, g["pid"]) for g in (a, b)}
    browser = Client(synced.port, synced.host)
    sign_in(synced, browser, addr)
    pid, at = book(browser, p["pid"], days=2)
    [ap] = query(synced, "SELECT agenda_id FROM appointments WHERE pid = ?",
                 (pid,))
    if ap["agenda_id"] == b["id"]:          # the page chose b's time
        a, b = b, a
    url_a, url_b = urls[a["id"]], urls[b["id"]]
    synced.hooks("--once")
    assert radicale.event(url_a, pid)[0] == 200
    member = new_member(synced, role="agent", password=MEMBER_PASSWORD)
    team = Client(synced.port, synced.host)
    assert team_sign_in(team, member, MEMBER_PASSWORD).status == 303
    move = team.get("/team/appointments/%s/move" % pid)
    starts = re.findall(r'name="agenda" value="%s">(.*?)</form>' %
                        re.escape(b["pid"]), move.text, re.S)
    target = int(re.findall(r'name="start" value="(\d+)"', starts[0])[0])
    done = team.post("/team/appointments/%s/move" % pid, {
        "csrf": move.csrf, "agenda": b["pid"], "start": str(target)})
    assert done.status == 303, done.text
    assert len(jobs(synced)) == 2           # one per calendar
    synced.hooks("--once")
    assert radicale.event(url_a, pid)[0] == 404
    status, ics = radicale.event(url_b, pid)
    assert status == 200 and "SEQUENCE:1" in unfold(ics)


def test_connecting_brings_the_appointments_still_to_come(synced, radicale):
    addr = new_customer(synced, name="Ola Early")
    g = add_agenda(synced)
    t = int(time.time()) // 86400 * 86400 + 2 * 86400 + 10 * 3600
    coming = add_appointment(synced, addr, g, t)
    cancelled = add_appointment(synced, addr, g, t + 3600,
                                status="cancelled")
    past = add_appointment(synced, addr, g, t - 5 * 86400)
    url = connect(synced, radicale, g["pid"])
    synced.hooks("--once")
    assert radicale.event(url, coming)[0] == 200
    assert radicale.event(url, cancelled)[0] == 404
    assert radicale.event(url, past)[0] == 404


EVENT = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//Radicale//EN\r
BEGIN:VEVENT\r
UID:%(uid)s\r
DTSTAMP:20260101T000000Z\r
DTSTART:%(start)s\r
DTEND:%(end)s\r
SUMMARY:Dentist\r
END:VEVENT\r
END:VCALENDAR\r
"""


def stamp(t):
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(t))


def test_an_event_in_the_calendar_takes_its_slot_off_the_page(
        synced, radicale, customer):
    addr, browser = customer
    g = new_agenda(synced, name="Busy Desk", capacity=3)
    p = new_project(synced, [g], title="Mill Lane")
    url = connect(synced, radicale, g)
    day = days_ahead(5)
    before = slots_on(browser.get("/book/%s?day=%s" % (p, day)))
    busy, free = before[3], before[6]
    # Porch's own event in the calendar blocks nothing (capacity 3)
    own, _ = book(browser, p, nth=6, days=5)
    synced.hooks("--once")
    assert radicale.event(url, own)[0] == 200
    status, text = radicale.request(
        "PUT", url + "dentist.ics",
        (EVENT % {"uid": "dentist-1@example.com", "start": stamp(busy),
                  "end": stamp(busy + 1200)}).encode(),
        {"Content-Type": "text/calendar"})
    assert status in (200, 201), text
    assert busy in slots_on(browser.get("/book/%s?day=%s" % (p, day)))
    out = synced.porchctl("sweep")
    assert re.search(r"demo: [1-9]\d* calendars read, 0 could not be read",
                     out), out
    after = slots_on(browser.get("/book/%s?day=%s" % (p, day)))
    assert busy not in after and free in after
    assert set(before) - set(after) == {busy}
    [row] = query(synced, "SELECT b.* FROM calendar_busy b JOIN agendas g "
                  "ON g.id = b.agenda_id WHERE g.pid = ?", (g,))
    assert (row["starts"], row["ends"]) == (busy, busy + 1200)
    # a booking of the busy time is refused like a taken one
    step = browser.post("/book/" + p, dict(
        browser.get("/book/%s?at=%d" % (p, free)).form("/book/" + p).fields,
        at=str(busy)))
    assert step.status == 409


def test_a_server_that_is_down_delays_the_sync_and_loses_nothing(
        synced, radicale, customer):
    addr, browser = customer
    g = new_agenda(synced, name="Outage Desk")
    p = new_project(synced, [g], title="Dyke Road")
    url = connect(synced, radicale, g)
    radicale.stop()
    try:
        pid, at = book(browser, p)          # the booking does not wait
        synced.hooks("--once")
        [job] = jobs(synced)
        assert job["attempts"] == 1 and job["last_error"] != ""
        status = synced.porchctl("agenda", "caldav-status", "--office",
                                 "demo", "--agenda", g)
        assert "pending\t1" in status
        assert re.search(r"last_error\t\S", status)
        synced.hooks("--once")              # backoff: not yet due
        assert jobs(synced)[0]["attempts"] == 1
    finally:
        radicale.start()
    synced.hooks("--once", "--flush")
    assert jobs(synced) == []
    assert radicale.event(url, pid)[0] == 200


def test_the_team_agenda_page_shows_the_sync(synced, radicale):
    g = add_agenda(synced, name="Shown Desk")
    url = connect(synced, radicale, g["pid"])
    member = new_member(synced, role="admin", password=MEMBER_PASSWORD)
    team = Client(synced.port, synced.host)
    assert team_sign_in(team, member, MEMBER_PASSWORD).status == 303
    page = team.get("/team/agendas/%s" % g["pid"])
    assert page.status == 200, page.text
    text = page.visible_text
    assert "Calendar sync" in text and url in text
    assert "Not synced yet" in text
    assert PASSWORD not in page.text and "caldav.password" not in page.text


@pytest.fixture(scope="module")
def unplanned(launch, smtp):
    def no_sync(stack):
        set_office_option(stack.conf, "demo", "features",
                          "booking-links time-proposals multi-slot uploads")

    with launch("caldav-plan", smtp.url, setup=no_sync) as stack:
        yield stack


def test_a_plan_without_calendar_sync_syncs_nothing(unplanned, radicale):
    g = add_agenda(unplanned, name="Plain Desk")
    url = radicale.calendar()
    p = subprocess.run(
        [unplanned.tool("porchctl"), "-c", unplanned.conf, "agenda",
         "caldav", "--office", "demo", "--agenda", g["pid"], "--url", url,
         "--user", USER, "--password-file", password_file(unplanned)],
        env=unplanned.env(), capture_output=True, text=True)
    assert p.returncode != 0 and "calendar-sync" in p.stderr
    assert query(unplanned, "SELECT * FROM agenda_calendars") == []
    # a connection left from when the plan had it: nothing goes out
    _write(unplanned, "INSERT INTO agenda_calendars (agenda_id, url, user, "
           "password_file, connected) VALUES (?, ?, ?, ?, 1)",
           (g["id"], url, USER, password_file(unplanned)))
    addr = new_customer(unplanned, name="Pia Plain")
    proj = add_project(unplanned, agendas=(g,))
    browser = Client(unplanned.port, unplanned.host)
    sign_in(unplanned, browser, addr)
    pid, at = book(browser, proj["pid"])
    unplanned.hooks("--once")
    assert jobs(unplanned) == []
    assert radicale.event(url, pid)[0] == 404
