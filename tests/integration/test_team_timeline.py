"""The timeline on a customer's team page: everything that happened with
the customer, newest first, 10 a page, each entry with when, what and who
did it (the customer, a named team member, or the system), read from
what the office's database holds after real actions: signing up, the
team sending a sign-in link, booking, changing the e-mail address and
asking for (or cancelling) the deletion of personal data.  Another
customer's entries never appear."""

import html
import re
import secrets
import time

import pytest

from client import Client
import helpers
from helpers import (TOKEN_RE, customer_id, new_customer, new_member,
                     open_link, outbox_to, path_of, query, sign_in,
                     team_sign_in)

PASSWORD = "tidy lantern 4 orchard"
ANA = "ana@example.com"
CONFIRM_RE = re.compile(
    r"/account/email/confirm\?t=[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")
CREATED = "Account created"
LINK_SENT = "Sign-in link sent"
DELETION = "Deletion of personal data requested"
EMAIL = "E-mail address changed"
BOOKED = "Appointment booked"
ACTIVATED = "Account activated"
CANCELLED = "Deletion request cancelled"


def add_open_portal(stack):
    stack.porchctl("portal", "add", "tl-open", "--office", "demo",
                   "--url", "http://open.localhost:%d" % stack.port,
                   "--name", "Timeline Open Portal", "--signup", "open")


@pytest.fixture(scope="module")
def tl(launch, smtp):
    with launch("team-timeline", smtp.url, setup=add_open_portal) as s:
        yield s


def tick():
    """Times are whole seconds: the next action is a second later."""
    time.sleep(1.1)


def member_browser(stack, role="agent", name="Mo Agent"):
    addr = new_member(stack, role=role, password=PASSWORD, name=name)
    browser = Client(stack.port, stack.host)
    done = team_sign_in(browser, addr, PASSWORD)
    assert done.status == 303, done.text
    return browser


def pid_of(stack, addr):
    rows = query(stack, "SELECT pid FROM customers WHERE email = ?",
                 (addr.lower(),))
    assert len(rows) == 1
    return rows[0]["pid"]


def card(page, heading_id="h-timeline"):
    """The HTML of the page's card headed by heading_id."""
    m = re.search(r'<section[^>]*aria-labelledby="%s".*?</section>'
                  % heading_id, page.text, re.S)
    assert m, "no card %s in the page:\n%s" % (heading_id, page.text[:2000])
    return m.group(0)


def visible(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def entries(page):
    """The timeline's entries, in page order, as the text a reader sees."""
    return [visible(li) for li in re.findall(
        r'<li class="item">(.*?)</li>', card(page), re.S)]


def timeline(browser, pid, link=None):
    """The customer's page, or the page of one of its pager links."""
    got = browser.get(link or "/team/customers/" + pid)
    assert got.status == 200, got.text
    return got


def send_link(browser, pid):
    page = browser.get("/team/customers/" + pid)
    form = page.form("/team/customers/%s/activation" % pid)
    done = browser.post(form.action, form.fields)
    assert done.status == 303, done.text


def press_deletion(browser, action):
    done = helpers.press_deletion(browser, action)
    assert done.status == 303, done.text


def newest_link(stack, addr, pattern):
    for mail in reversed(outbox_to(stack, addr)):
        m = re.search(r"https?://\S+?" + pattern.pattern, mail["body"])
        if m:
            return m.group(0)
    raise AssertionError("no link in the mail to %s" % addr)


def test_invitation_link_and_deletion_request_newest_first(tl):
    addr = "tl-%s@example.com" % secrets.token_hex(6)
    tl.porchctl("invite", "--office", "demo", "--email", addr,
                "--name", "Tia Timeline")
    pid = pid_of(tl, addr)
    tick()
    team = member_browser(tl, "agent", "Mo Agent")
    send_link(team, pid)
    tick()
    # the team's link proves the address and signs the customer in
    customer = Client(tl.port, tl.host)
    assert open_link(customer, newest_link(tl, addr, TOKEN_RE)).status == 303
    tick()
    press_deletion(customer, "request")

    viewer = member_browser(tl, "viewer", "Val Viewer")
    page = timeline(viewer, pid)
    got = entries(page)
    assert len(got) == 4, got
    assert DELETION in got[0] and "by Tia Timeline" in got[0]
    assert "Open" in got[0]
    assert ACTIVATED in got[1] and "by Tia Timeline" in got[1]
    assert LINK_SENT in got[2] and "by Mo Agent (team)" in got[2]
    assert CREATED in got[3] and "by Tia Timeline" in got[3]
    assert "Active" in got[3]
    request = query(tl, "SELECT pid FROM deletion_requests WHERE "
                    "customer_id = ?", (customer_id(tl, addr),))
    assert "/team/deletions/%s" % request[0]["pid"] in page.links
    # newest first: the times shown go down the page
    stamps = re.findall(r'<time datetime="([^"]+)">', card(page))
    assert stamps == sorted(stamps, reverse=True)


def test_an_email_change_and_a_cancelled_request(tl):
    old = new_customer(tl, name="Cal Changer")
    pid = pid_of(tl, old)
    browser = Client(tl.port, tl.host)
    sign_in(tl, browser, old)
    tick()
    press_deletion(browser, "request")
    tick()
    press_deletion(browser, "cancel")
    tick()
    new = "moved-" + old
    form = browser.get("/portal/account").form("/portal/account/email")
    form.fields["email"] = new
    assert browser.post("/portal/account/email", form.fields).status == 303
    confirm = browser.get(path_of(newest_link(tl, new, CONFIRM_RE)))
    assert confirm.status == 200, confirm.text
    form = confirm.form("/account/email/confirm")
    assert browser.post("/account/email/confirm", form.fields).status == 303

    got = entries(timeline(member_browser(tl, "viewer"), pid))
    assert len(got) == 4, got
    assert EMAIL in got[0] and "by Cal Changer" in got[0]
    assert CANCELLED in got[1] and "by Cal Changer" in got[1]
    assert DELETION in got[2] and "Cancelled" in got[2]
    assert CREATED in got[3]
    # no address, old or new, is written into the timeline
    assert not [e for e in got if old in e or new in e]


def test_appointments_say_who_booked_them(tl):
    rows = query(tl, "SELECT a.source, a.status FROM appointments a "
                 "JOIN customers c ON c.id = a.customer_id "
                 "WHERE c.email = ?", (ANA,))
    assert rows, "the demo seed gives Ana no appointment"
    got = entries(timeline(member_browser(tl, "viewer"), pid_of(tl, ANA)))
    booked = [e for e in got if BOOKED in e]
    assert len(booked) == len(rows)
    by_team = [e for e in booked if "by the team" in e]
    assert len(by_team) == len([r for r in rows if r["source"] == "team"])
    assert len(booked) - len(by_team) == len(
        [e for e in booked if "by Ana Alvarez" in e])
    # past and cancelled ones are history too, each with its status
    labels = {"requested": "Requested", "invited": "Invited",
              "confirmed": "Confirmed", "cancelled": "Cancelled"}
    assert sorted(r["status"] for r in rows) == sorted(
        s for e in booked for s, label in labels.items() if label in e)


def test_the_timeline_pages_by_10(tl):
    addr = new_customer(tl, name="Pia Pager")
    pid = pid_of(tl, addr)
    team = member_browser(tl, "agent", "Pat Sender")
    csrf = team.get("/team").csrf
    for _ in range(11):
        done = team.post("/team/customers/%s/activation" % pid,
                         {"csrf": csrf})
        assert done.status == 303, done.text

    first = timeline(team, pid)
    got = entries(first)
    assert len(got) == 10
    assert all(LINK_SENT in e and "by Pat Sender (team)" in e for e in got)
    assert first.link_to("Newer") is None
    older = first.link_to("Older")
    assert older.startswith("/team/customers/%s?after=" % pid)

    second = timeline(team, pid, older)
    got = entries(second)
    assert len(got) == 2
    assert LINK_SENT in got[0] and CREATED in got[1]
    assert second.link_to("Older") is None
    assert entries(timeline(team, pid, second.link_to("Newer"))) == \
        entries(first)
    assert second.link_to("Newest") == "/team/customers/" + pid

    # past the end (a cursor of the end of the list): nothing, and the
    # way back
    past = timeline(team, pid, "/team/customers/%s?after=AQE" % pid)
    assert entries(past) == []
    assert "There is nothing more on this page." in visible(card(past))
    assert past.link_to("Newest") == "/team/customers/" + pid
    assert team.get("/team/customers/%s?after=0" % pid).status == 400
    assert team.get("/team/customers/%s?before=x" % pid).status == 400


def test_another_customers_entries_never_appear(tl):
    busy, quiet = new_customer(tl, name="Bea Busy"), \
        new_customer(tl, name="Quin Quiet")
    team = member_browser(tl, "agent")
    send_link(team, pid_of(tl, busy))
    browser = Client(tl.port, tl.host)
    sign_in(tl, browser, busy)
    press_deletion(browser, "request")

    assert len(entries(timeline(team, pid_of(tl, busy)))) == 3
    page = timeline(team, pid_of(tl, quiet))
    got = entries(page)
    assert len(got) == 1 and CREATED in got[0]
    assert "by Quin Quiet" in got[0]
    assert "Bea Busy" not in page.visible_text
    ana = visible(card(timeline(team, pid_of(tl, ANA))))
    assert "Bea Busy" not in ana and LINK_SENT not in ana
    assert team.get("/team/customers/" + "A" * 22).status == 404
