"""Invitations to book.  The team invites a customer from their page, at
times it proposes (when the office's plan has time proposals) or at any
free time; the customer gets an e-mail whose link leads, through
sign-in, to the invitation, sees the proposed times that are still free,
and books one: one confirmed appointment, the invitation answered, the
confirmation mailed with its calendar file.  A time taken meanwhile is
409 and writes nothing; another customer's invitation is not found; a
plan without time proposals refuses the proposing form and hides it;
opening the mailed link changes nothing."""

import re
import secrets
import time

import pytest

from client import Client
from helpers import (add_agenda, add_appointment, add_office, add_project,
                     day_start_utc, new_customer, new_member, open_link,
                     outbox_to, path_of, query, set_office_option, sign_in,
                     team_sign_in)

PASSWORD = "tidy lantern 4 orchard"
HOUR = 3600
LINK_RE = re.compile(r"https?://\S+/auth\?t=[A-Za-z0-9_-]{43}")
AT_RE = re.compile(r'name="at" value="(\d+)"')
OPTION_RE = re.compile(r'<option value="(\d+)">')


def add_plain(stack):
    """A second office, "plain", whose plan has no time proposals."""
    add_office(stack, "plain", "localhost", "Plain")
    set_office_option(stack.conf, "plain", "features",
                      "booking-links multi-slot")


@pytest.fixture(scope="module")
def st(launch, smtp):
    with launch("invitations", smtp.url, setup=add_plain) as stack:
        yield stack


def host_of(stack, office):
    return stack.host if office == "demo" else "localhost:%d" % stack.port


def member(stack, office="demo"):
    addr = new_member(stack, office=office, role="agent", password=PASSWORD)
    b = Client(stack.port, host_of(stack, office))
    assert team_sign_in(b, addr, PASSWORD).status == 303
    return b


def customer_pid(stack, addr, office="demo"):
    return query(stack, "SELECT pid FROM customers WHERE email = ?",
                 (addr,), office)[0]["pid"]


def invitations_of(stack, addr, office="demo"):
    return [dict(r) for r in query(
        stack, "SELECT i.*, (SELECT count(*) FROM invitation_times t "
        "WHERE t.invitation_id = i.id) AS ntimes FROM invitations i "
        "JOIN customers c ON c.id = i.customer_id WHERE c.email = ? "
        "ORDER BY i.id", (addr,), office)]


def appointments_of(stack, addr, office="demo"):
    return [dict(r) for r in query(
        stack, "SELECT a.* FROM appointments a JOIN customers c ON "
        "c.id = a.customer_id WHERE c.email = ? ORDER BY a.id", (addr,),
        office)]


def invite_page(team, cpid, agenda, project=None):
    q = "agenda=%s" % agenda["pid"]
    if project is not None:
        q += "&project=%s" % project["pid"]
    page = team.get("/team/customers/%s/invite?%s" % (cpid, q))
    assert page.status == 200, page.text
    return page


def propose(team, cpid, agenda, times, project=None, message=""):
    page = invite_page(team, cpid, agenda, project)
    fields = {"csrf": page.csrf, "agenda": agenda["pid"],
              "message": message}
    if project is not None:
        fields["project"] = project["pid"]
    for i, t in enumerate(times):
        fields["time%d" % (i + 1)] = str(t)
    return team.post("/team/customers/%s/propose" % cpid, fields)


def invite_any(team, cpid, agenda, message=""):
    page = invite_page(team, cpid, agenda)
    return team.post("/team/customers/%s/invite" % cpid,
                     {"csrf": page.csrf, "agenda": agenda["pid"],
                      "message": message})


@pytest.fixture
def setup(st):
    addr = new_customer(st, name="Ana Customer")
    g = add_agenda(st, "Viewings " + secrets.token_hex(3))
    p = add_project(st, agendas=(g,))
    return {"addr": addr, "cpid": customer_pid(st, addr), "g": g, "p": p,
            "t1": day_start_utc(2) + 10 * HOUR,
            "t2": day_start_utc(2) + 14 * HOUR}


def test_the_customer_books_one_of_two_proposed_times(st, smtp, setup):
    team = member(st)
    page = invite_page(team, setup["cpid"], setup["g"], setup["p"])
    offered = {int(v) for v in OPTION_RE.findall(page.text)}
    assert setup["t1"] in offered and setup["t2"] in offered
    sent = propose(team, setup["cpid"], setup["g"],
                   [setup["t1"], setup["t2"]], setup["p"],
                   "Bring <your> papers")
    assert sent.status == 303, sent.text
    assert sent.location == "/team/customers/%s?invited=1" % setup["cpid"]
    [iv] = invitations_of(st, setup["addr"])
    assert (iv["status"], iv["ntimes"]) == ("open", 2)

    st.mailer("--once")
    mail = smtp.wait_for(setup["addr"])
    assert setup["p"]["title"] in mail.text
    assert "Bring <your> papers" in mail.text
    assert "papers" in mail.html and "<your>" not in mail.html
    link = LINK_RE.search(mail.text).group(0)

    # the link's GET changes nothing; its button signs in and lands here
    browser = Client(st.port, st.host)
    assert browser.get(path_of(link)).status == 200
    assert invitations_of(st, setup["addr"])[0]["status"] == "open"
    assert appointments_of(st, setup["addr"]) == []
    done = open_link(browser, link)
    assert done.status == 303
    assert done.location == "/portal/invitations/" + iv["pid"]

    assert iv["pid"] in browser.get("/portal").text
    assert iv["pid"] in browser.get("/portal/appointments").text
    page = browser.get(done.location)
    assert page.status == 200
    assert {int(a) for a in AT_RE.findall(page.text)} == \
        {setup["t1"], setup["t2"]}
    assert "papers" in page.text and "<your>" not in page.text

    booked = browser.post(done.location, {"csrf": page.csrf,
                                          "at": str(setup["t2"])})
    assert booked.status == 303, booked.text
    [ap] = appointments_of(st, setup["addr"])
    assert booked.location == "/portal/appointments/%s?done=booked" % \
        ap["pid"]
    assert (ap["starts"], ap["status"], ap["source"]) == \
        (setup["t2"], "confirmed", "portal")
    assert ap["project_id"] == setup["p"]["id"]
    [iv] = invitations_of(st, setup["addr"])
    assert (iv["status"], iv["appointment_id"]) == ("answered", ap["id"])
    mails = [m for m in outbox_to(st, setup["addr"])
             if m["attachment_name"] == "invite.ics"]
    assert len(mails) == 1
    # answered: no time offered any more, and posting again books nothing
    again = browser.post(done.location, {"csrf": page.csrf,
                                         "at": str(setup["t1"])})
    assert again.status == 409
    assert len(appointments_of(st, setup["addr"])) == 1


def test_a_time_taken_meanwhile_is_409_and_writes_nothing(st, setup):
    team = member(st)
    assert propose(team, setup["cpid"], setup["g"],
                   [setup["t1"], setup["t2"]]).status == 303
    [iv] = invitations_of(st, setup["addr"])
    browser = Client(st.port, st.host)
    sign_in(st, browser, setup["addr"])
    page = browser.get("/portal/invitations/" + iv["pid"])
    other = new_customer(st)
    add_appointment(st, other, setup["g"], setup["t1"])
    answer = browser.post("/portal/invitations/" + iv["pid"],
                          {"csrf": page.csrf, "at": str(setup["t1"])})
    assert answer.status == 409, answer.text
    assert "That time was just taken" in answer.visible_text
    assert [int(a) for a in AT_RE.findall(answer.text)] == [setup["t2"]]
    assert appointments_of(st, setup["addr"]) == []
    assert invitations_of(st, setup["addr"])[0]["status"] == "open"
    # a time it does not propose is refused
    odd = browser.post("/portal/invitations/" + iv["pid"],
                       {"csrf": page.csrf, "at": str(setup["t1"] + 1800)})
    assert odd.status == 400


def test_an_invitation_to_book_any_free_time(st, setup):
    team = member(st)
    sent = invite_any(team, setup["cpid"], setup["g"])
    assert sent.status == 303, sent.text
    [iv] = invitations_of(st, setup["addr"])
    assert iv["ntimes"] == 0
    browser = Client(st.port, st.host)
    sign_in(st, browser, setup["addr"])
    day = time.strftime("%Y-%m-%d", time.gmtime(setup["t1"]))
    page = browser.get("/portal/invitations/%s?day=%s" % (iv["pid"], day))
    assert page.status == 200
    free = [int(a) for a in AT_RE.findall(page.text)]
    assert setup["t1"] in free
    booked = browser.post("/portal/invitations/" + iv["pid"],
                          {"csrf": page.csrf, "at": str(setup["t1"])})
    assert booked.status == 303, booked.text
    [ap] = appointments_of(st, setup["addr"])
    assert ap["starts"] == setup["t1"]
    assert invitations_of(st, setup["addr"])[0]["status"] == "answered"


def test_another_customer_gets_404_everywhere(st, setup):
    team = member(st)
    assert invite_any(team, setup["cpid"], setup["g"]).status == 303
    [iv] = invitations_of(st, setup["addr"])
    stranger = Client(st.port, st.host)
    sign_in(st, stranger, new_customer(st))
    path = "/portal/invitations/" + iv["pid"]
    assert stranger.get(path).status == 404
    csrf = stranger.get("/portal").csrf
    assert stranger.post(path, {"csrf": csrf,
                                "at": str(setup["t1"])}).status == 404
    assert invitations_of(st, setup["addr"])[0]["status"] == "open"
    assert iv["pid"] not in stranger.get("/portal").text


def test_the_team_withdraws_an_open_invitation(st, setup):
    team = member(st)
    assert invite_any(team, setup["cpid"], setup["g"]).status == 303
    [iv] = invitations_of(st, setup["addr"])
    page = team.get("/team/customers/" + setup["cpid"])
    path = "/team/invitations/%s/cancel" % iv["pid"]
    step = team.post(path, {"csrf": page.csrf})
    assert step.status == 200
    assert invitations_of(st, setup["addr"])[0]["status"] == "open"
    done = team.post(path, step.form(path).fields)
    assert done.status == 303
    assert invitations_of(st, setup["addr"])[0]["status"] == "cancelled"
    assert team.post(path, {"csrf": page.csrf,
                            "confirm": "yes"}).status == 409
    browser = Client(st.port, st.host)
    sign_in(st, browser, setup["addr"])
    gone = browser.get("/portal/invitations/" + iv["pid"])
    assert gone.status == 200 and AT_RE.findall(gone.text) == []
    assert "This invitation was withdrawn." in gone.visible_text


def test_a_plan_without_time_proposals_refuses_them(st):
    addr = new_customer(st, office="plain", name="Pia Plain")
    cpid = customer_pid(st, addr, "plain")
    g = add_agenda(st, "Plain viewings", office="plain")
    team = member(st, "plain")
    page = invite_page(team, cpid, g)
    assert 'action="/team/customers/%s/propose"' % cpid not in page.text
    assert OPTION_RE.findall(page.text) == []
    t = day_start_utc(2) + 10 * HOUR
    refused = team.post("/team/customers/%s/propose" % cpid,
                        {"csrf": page.csrf, "agenda": g["pid"],
                         "time1": str(t)})
    assert refused.status == 403
    assert invitations_of(st, addr, "plain") == []
    sent = team.post("/team/customers/%s/invite" % cpid,
                     {"csrf": page.csrf, "agenda": g["pid"]})
    assert sent.status == 303, sent.text
    assert [i["ntimes"] for i in invitations_of(st, addr, "plain")] == [0]


def test_a_time_no_longer_free_is_not_proposed(st, setup):
    team = member(st)
    add_appointment(st, new_customer(st), setup["g"], setup["t1"])
    refused = propose(team, setup["cpid"], setup["g"], [setup["t1"]])
    assert refused.status == 409, refused.text
    assert invitations_of(st, setup["addr"]) == []


def test_the_demo_leaves_ana_one_proposal_however_often_it_runs(st):
    st.porchctl("seed-demo")
    [iv] = [i for i in invitations_of(st, "ana@example.com")
            if i["status"] == "open"]
    assert iv["ntimes"] == 2
    browser = Client(st.port, st.host)
    sign_in(st, browser, "ana@example.com")
    assert iv["pid"] in browser.get("/portal").text
    page = browser.get("/portal/invitations/" + iv["pid"])
    assert len(AT_RE.findall(page.text)) == 2
