"""The team's inbox and members pages: /team/inbox lists the office's new
appointments and customers newest first, by kind and by page, and /team
shows the newest; /team/members lists the office's own team, and admins
change roles there (recorded in the audit log), never leaving the office
without an admin."""

import re
import time

import pytest

from client import Client
from helpers import new_customer, new_member, query, team_sign_in

PASSWORD = "tidy lantern 4 orchard"
ANA = "ana@example.com"
PID_RE = re.compile(r"^/team/customers/([A-Za-z0-9_-]{22})$")
APPT_RE = re.compile(r"^/team/appointments/([A-Za-z0-9_-]{22})$")
LAST_ADMIN = "last admin"
SIGNUP = 'data-kind="signup"'
APPOINTMENT = 'data-kind="appointment"'


def member_browser(stack, role, office="demo", host=None):
    addr = new_member(stack, office=office, role=role, password=PASSWORD,
                      name="Ina %s" % role.title())
    browser = Client(stack.port, host or stack.host)
    done = team_sign_in(browser, addr, PASSWORD)
    assert done.status == 303, done.text
    return addr, browser


def customer_pid(stack, addr, office="demo"):
    rows = query(stack, "SELECT pid FROM customers WHERE email = ?",
                 (addr,), office)
    assert len(rows) == 1
    return rows[0]["pid"]


def member_pid(stack, addr, office="demo"):
    rows = query(stack, "SELECT pid FROM members WHERE email = ?",
                 (addr,), office)
    assert len(rows) == 1
    return rows[0]["pid"]


def role_of(stack, addr, office="demo"):
    return query(stack, "SELECT role FROM members WHERE email = ?",
                 (addr,), office)[0]["role"]


def customer_links(stack, page):
    """The customer of each item a page lists, in order: a new customer's
    item links to them, an appointment's to the appointment's page."""
    out = []
    for link in re.findall(r'class="item-title"><a href="([^"]+)"',
                           page.text):
        m = PID_RE.match(link)
        if m:
            out.append(m.group(1))
        elif APPT_RE.match(link):
            out.append(query(stack, "SELECT c.pid FROM appointments a JOIN "
                             "customers c ON c.id = a.customer_id WHERE "
                             "a.pid = ?", (APPT_RE.match(link).group(1),)
                             )[0]["pid"])
    return out


def set_role(browser, pid, role):
    csrf = browser.get("/team").csrf
    return browser.post("/team/members/%s/role" % pid,
                        {"csrf": csrf, "role": role})


def test_new_interactions_come_first(stack):
    _, browser = member_browser(stack, "viewer")
    addr = new_customer(stack, name="Nia Newcomer")
    time.sleep(1.1)  # times are whole seconds
    stack.porchctl("seed-demo", "--appointments", "1")
    ana, nia = customer_pid(stack, ANA), customer_pid(stack, addr)

    inbox = browser.get("/team/inbox")
    assert inbox.status == 200, inbox.text
    assert customer_links(stack, inbox)[:2] == [ana, nia]
    assert "Appointment: " in inbox.visible_text
    assert "Nia Newcomer" in inbox.visible_text
    home = browser.get("/team")
    assert home.status == 200, home.text
    assert customer_links(stack, home)[:2] == [ana, nia]
    # the newest ten items, whatever their kinds (the session's stack
    # holds what other test files made too)
    assert len(re.findall(r'class="item-title"><a href=', home.text)) == 10
    assert "/team/inbox" in home.links and "/team/members" in home.links


def test_the_kind_filter_keeps_one_kind(stack):
    _, browser = member_browser(stack, "viewer")
    addr = new_customer(stack, name="Kit Kindly")
    signups = browser.get("/team/inbox?kind=signup")
    assert signups.status == 200, signups.text
    assert customer_links(stack, signups)[0] == customer_pid(stack, addr)
    assert SIGNUP in signups.text and APPOINTMENT not in signups.text
    appts = browser.get("/team/inbox?kind=appointment")
    assert appts.status == 200, appts.text
    assert customer_pid(stack, addr) not in customer_links(stack, appts)
    assert APPOINTMENT in appts.text and SIGNUP not in appts.text
    assert browser.get("/team/inbox?kind=nothing").status == 400
    assert browser.get("/team/inbox?after=0").status == 400


def test_the_status_filter_keeps_one_status(stack):
    _, browser = member_browser(stack, "viewer")
    invited = "i-%d@example.com" % time.time_ns()
    stack.porchctl("invite", "--office", "demo", "--email", invited,
                   "--name", "Ivy Invited")
    active = new_customer(stack, name="Abe Active")
    page = browser.get("/team/inbox?kind=signup&status=invited")
    assert page.status == 200, page.text
    links = customer_links(stack, page)
    assert customer_pid(stack, invited) in links
    assert customer_pid(stack, active) not in links
    statuses = re.findall(r'data-status="([a-z-]+)"', page.text)
    assert statuses and set(statuses) == {"invited"}
    # the links keep the other filter where it fits; the statuses offered
    # are the kind's own
    assert "/team/inbox?kind=signup&status=active" in page.links
    assert "/team/inbox?kind=appointment&status=invited" in page.links
    assert "/team/inbox?kind=deletion" in page.links
    assert "/team/inbox?status=invited" in page.links
    offered = set(re.findall(r'/team/inbox\?kind=signup&status=([a-z_]+)',
                             " ".join(page.links)))
    assert offered == {"active"}  # and invited, the current one
    assert not any("status=confirmed" in link for link in page.links)
    # with every kind, every status is offered
    whole = browser.get("/team/inbox")
    assert "/team/inbox?status=confirmed" in whole.links
    assert "/team/inbox?status=done" in whole.links
    done = browser.get("/team/inbox?kind=signup&status=done")
    assert done.status == 200 and customer_links(stack, done) == []
    every = browser.get("/team/inbox?status=active")
    assert customer_pid(stack, active) in customer_links(stack, every)
    assert set(re.findall(r'data-status="([a-z-]+)"', every.text)) == {"active"}
    assert browser.get("/team/inbox?status=nothing").status == 400


def test_the_inbox_pages_by_25(stack):
    _, browser = member_browser(stack, "viewer")
    count = lambda: query(stack, "SELECT count(*) AS n FROM customers")[0]["n"]
    while count() < 30:
        new_customer(stack)
    total = count()
    first = browser.get("/team/inbox?kind=signup")
    assert len(customer_links(stack, first)) == 25
    assert "%d in all" % total in first.visible_text
    older = first.link_to("Older")
    assert older.startswith("/team/inbox?kind=signup&after=")
    second = browser.get(older)
    assert second.status == 200, second.text
    assert len(customer_links(stack, second)) == min(25, total - 25)
    assert not set(customer_links(stack, first)) & \
        set(customer_links(stack, second))
    newer = second.link_to("Newer")
    assert newer.startswith("/team/inbox?kind=signup&before=")
    assert customer_links(stack, browser.get(newer)) == \
        customer_links(stack, first)
    assert second.link_to("Newest") == "/team/inbox?kind=signup"


def test_signed_out_goes_to_the_team_sign_in(stack, client):
    page = client().get("/team/inbox")
    assert page.status == 303 and "/team/login" in page.location


def test_an_admin_changes_a_role(stack):
    _, admin = member_browser(stack, "admin")
    agent_addr, agent = member_browser(stack, "agent")
    pid = member_pid(stack, agent_addr)
    ana = customer_pid(stack, ANA)
    listing = admin.get("/team/members")
    assert listing.form("/team/members/%s/role" % pid) is not None
    done = set_role(admin, pid, "viewer")
    assert done.status == 303 and done.location.endswith("/team/members")
    assert role_of(stack, agent_addr) == "viewer"
    rows = query(stack, "SELECT detail FROM audit WHERE action = "
                 "'role-changed' AND subject = ?", (pid,))
    assert [r["detail"] for r in rows] == ["agent->viewer"]
    # the demoted member's next agent action is refused
    refused = agent.post("/team/customers/%s/activation" % ana,
                         {"csrf": agent.get("/team").csrf})
    assert refused.status == 403
    assert set_role(admin, pid, "bogus").status == 400


@pytest.mark.parametrize("role", ["agent", "viewer"])
def test_only_admins_change_roles(stack, role):
    target, _ = member_browser(stack, "agent")
    _, browser = member_browser(stack, role)
    assert set_role(browser, member_pid(stack, target), "admin").status == 403
    assert role_of(stack, target) == "agent"
    page = browser.get("/team/members")
    assert page.status == 200 and target in page.visible_text
    action = "/team/members/%s/role" % member_pid(stack, target)
    assert not [f for f in page.forms if f.action == action]


def add_other_office(stack):
    stack.porchctl("office", "add", "other", "--name", "Other Office")
    stack.porchctl("portal", "add", "other", "--office", "other",
                   "--url", "http://localhost:%d" % stack.port,
                   "--name", "Other Portal")


@pytest.fixture(scope="module")
def two(launch, smtp):
    with launch("team-inbox", smtp.url, setup=add_other_office) as s:
        yield s


def test_members_are_the_offices_own(two):
    here, browser = member_browser(two, "viewer")
    there = new_member(two, office="other", role="agent")
    page = browser.get("/team/members")
    assert page.status == 200, page.text
    assert here in page.visible_text
    assert there not in page.visible_text
    assert browser.post("/team/members/%s/role" % member_pid(
        two, there, "other"), {"csrf": page.csrf, "role": "admin"}).status \
        == 403


def test_the_last_admin_cannot_demote_themself(two):
    host = "localhost:%d" % two.port
    assert query(two, "SELECT count(*) AS n FROM members WHERE role = "
                 "'admin'", office="other")[0]["n"] == 0
    addr, admin = member_browser(two, "admin", office="other", host=host)
    pid = member_pid(two, addr, "other")
    refused = set_role(admin, pid, "agent")
    assert refused.status == 422, refused.text
    assert LAST_ADMIN in refused.visible_text
    assert role_of(two, addr, "other") == "admin"
    assert query(two, "SELECT count(*) AS n FROM audit", office="other")[0][
        "n"] == 0
    other = new_member(two, office="other", role="agent")
    assert set_role(admin, member_pid(two, other, "other"),
                    "admin").status == 303
    done = set_role(admin, pid, "agent")
    assert done.status == 303, done.text
    assert role_of(two, addr, "other") == "agent"
