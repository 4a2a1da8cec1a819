"""A customer sees their own records and nobody else's.

The demo seed gives the office two customers with appointments, Ana and
Ben; the tests only read them (signing in adds sessions, nothing else).
What each dashboard must and must not show is read from the database.

Every customer route with an {id} in the routes table is tried with the
id of a record another customer owns, which must be "not found" (404)
and stay as it was; a route added without a way to make such a record
below fails the check that lists them.
"""

import re

import pytest

from client import Client
from helpers import (add_agenda, appointment_labels, appointments_of,
                     customer_id, days_ahead, new_agenda, new_customer,
                     new_member, new_project, query, routes, sessions_of,
                     sign_in, slots_on, team_sign_in)

ANA = "ana@example.com"
BEN = "ben@example.com"


@pytest.fixture(scope="module")
def labels(stack):
    """Per customer: the labels of all their appointments, and of their
    upcoming ones (what the dashboard may show)."""
    return {who: (appointment_labels(stack, who),
                  appointment_labels(stack, who, upcoming_only=True))
            for who in (ANA, BEN)}


@pytest.mark.parametrize("me,other", [(ANA, BEN), (BEN, ANA)])
def test_a_dashboard_shows_only_its_own_appointments(stack, client, labels,
                                                     me, other):
    mine_all, mine_upcoming = labels[me]
    theirs = labels[other][0] - mine_all
    assert theirs, ("the demo seed gives %s and %s no distinguishable "
                    "appointments, so privacy cannot be checked" % (me, other))
    assert mine_upcoming, "the demo seed gives %s no upcoming appointment" % me
    page = sign_in(stack, client(), me).visible_text
    assert [l for l in mine_upcoming if l in page], \
        "none of %s's upcoming appointments is on their dashboard" % me
    leaked = sorted(l for l in theirs if l in page)
    assert not leaked, "%s's dashboard shows %s's %s" % (me, other, leaked)


def test_a_new_customer_sees_empty_sections(stack, client, labels):
    page = sign_in(stack, client(), new_customer(stack))
    assert "no upcoming appointments" in page.visible_text.lower()
    # the empty state offers the bookable projects, which are public: what
    # must not show is anyone's appointment (its time, its status)
    listed = re.findall(r'<li class="item"', page.text)
    assert listed == []
    assert "Confirmed" not in page.visible_text
    page = page.visible_text
    for section in ("Open requests", "Offers", "Documents", "Tickets"):
        assert section in page


# ------------------------------------------------- another customer's ids
def another_session(stack, client):
    """A session of another customer: its id, and a check that it is
    still there."""
    other = new_customer(stack)
    browser = client()
    sign_in(stack, browser, other)
    pid = sessions_of(stack, other)[0]["pid"]
    return pid, lambda: ([r["pid"] for r in sessions_of(stack, other)] ==
                         [pid] and browser.get("/portal").status == 200)


def another_appointment(stack, client):
    """An appointment another customer booked: its id, and a check that
    it is still as it was."""
    other = new_customer(stack)
    browser = client()
    sign_in(stack, browser, other)
    g = new_agenda(stack, name="Privacy")
    at = slots_on(browser.get("/book/%s?day=%s" % (g, days_ahead(3))))[0]
    step = browser.get("/book/%s?at=%d" % (g, at))
    assert browser.post("/book/" + g, step.form("/book/" + g).fields).status \
        == 303
    [ap] = appointments_of(stack, other)
    return ap["pid"], lambda: [tuple(a) for a in appointments_of(
        stack, other)] == [tuple(ap)]


def another_invitation(stack, client):
    """An invitation to book the team sent another customer: its id, and
    a check that it is still open and unanswered."""
    other = new_customer(stack)
    cpid = query(stack, "SELECT pid FROM customers WHERE email = ?",
                 (other,))[0]["pid"]
    g = add_agenda(stack)
    team = Client(stack.port, stack.host)
    addr = new_member(stack, role="agent", password="tidy lantern 4 orchard")
    assert team_sign_in(team, addr, "tidy lantern 4 orchard").status == 303
    page = team.get("/team/customers/%s/invite?agenda=%s" % (cpid, g["pid"]))
    sent = team.post("/team/customers/%s/invite" % cpid,
                     {"csrf": page.csrf, "agenda": g["pid"]})
    assert sent.status == 303, sent.text

    def rows():
        return [tuple(r) for r in query(
            stack, "SELECT i.pid, i.status, i.appointment_id FROM "
            "invitations i JOIN customers c ON c.id = i.customer_id "
            "WHERE c.email = ?", (other,))]
    [row] = rows()
    return row[0], lambda: rows() == [row] and appointments_of(
        stack, other) == []
def another_request(stack, client):
    """A place another customer holds on a project's waiting list: its
    id, and a check that it is still as it was."""
    other = new_customer(stack)
    browser = client()
    sign_in(stack, browser, other)
    g = new_agenda(stack, name="Privacy Waiting")
    p = new_project(stack, [g], title="Privacy Place")
    page = browser.get("/book/%s/request" % p)
    assert browser.post("/book/%s/request" % p, {
        "csrf": page.csrf, "kind": "waitlist"}).status == 303
    rows = lambda: [tuple(r) for r in query(
        stack, "SELECT * FROM appointment_requests WHERE customer_id = ?",
        (customer_id(stack, other),))]
    before = rows()
    return before[0][1], lambda: rows() == before


# How to make another customer's record for each route's {id}.
PDF = b"%PDF-1.4\n%%EOF\n"


def another_document(stack, client):
    """A document another customer uploaded: its id, and a check that
    it is still there and theirs."""
    other = new_customer(stack)
    browser = client()
    sign_in(stack, browser, other)
    boundary = "----privacy"
    body = ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
            "%s\r\n--%s\r\nContent-Disposition: form-data; name=\"file\"; "
            "filename=\"theirs.pdf\"\r\n\r\n" % (
                boundary, browser.get("/portal/documents").csrf,
                boundary)).encode() + PDF + \
        ("\r\n--%s--\r\n" % boundary).encode()
    r = browser.post("/portal/documents/upload", body=body, headers={
        "Content-Type": "multipart/form-data; boundary=" + boundary})
    assert r.status == 303, r.text
    rows = query(stack, "SELECT pid FROM documents WHERE customer_id = ?",
                 (customer_id(stack, other),))
    pid = rows[0]["pid"]
    return pid, lambda: query(
        stack, "SELECT count(*) AS n FROM documents WHERE pid = ? AND "
        "customer_id = ?", (pid, customer_id(stack, other)))[0]["n"] == 1


def another_document_request(stack, client):
    """An open document request of another customer's: its id, and a
    check that it is still open and has no document."""
    from test_document_requests import ask
    other = new_customer(stack)
    pid = ask(stack, other)
    return pid, lambda: tuple(query(
        stack, "SELECT r.status, (SELECT count(*) FROM documents d WHERE "
        "d.request_id = r.id) AS n FROM document_requests r WHERE r.pid = ?",
        (pid,))[0]) == ("open", 0)


OWNED = {
    "/portal/documents/requests/{id}": another_document_request,
    "/portal/documents/requests/{id}/upload": another_document_request,
    "/portal/documents/{id}/download": another_document,
    "/portal/documents/{id}/file": another_document,
    "/book/{id}/request": another_request,
    "/portal/requests/{id}/cancel": another_request,
    "/portal/requests/{id}/offer": another_request,
    "/portal/account/sessions/{id}/end": another_session,
    "/portal/appointments/{id}": another_appointment,
    "/portal/appointments/{id}/cancel": another_appointment,
    "/portal/appointments/{id}/reschedule": another_appointment,
    "/portal/invitations/{id}": another_invitation,
}
# Routes that serve project documents as well: tried again with one shared
# with the customers of a project the stranger has nothing on.
SHARED = ["/portal/documents/{id}/download", "/portal/documents/{id}/file"]


def a_project_document(stack, client):
    """The demo's brochure, shared with the customers of its project (Ana
    has appointments on it): its id, and a check that it is still
    shared."""
    rows = query(stack, "SELECT pid FROM documents WHERE project_id IS NOT "
                 "NULL AND shared = 1 ORDER BY id LIMIT 1")
    assert rows, "the demo seed shares no project document"
    pid = rows[0]["pid"]
    return pid, lambda: query(
        stack, "SELECT shared FROM documents WHERE pid = ?",
        (pid,))[0]["shared"] == 1


WITH_IDS = [r for r in routes()["routes"]
            if r["need"] == "customer" and r["params"]]


def test_every_customer_route_with_an_id_is_tried_here():
    missing = sorted(r["path"] for r in WITH_IDS if r["path"] not in OWNED)
    assert not missing, "no way to make another customer's record for %s" \
        % missing


@pytest.mark.parametrize("route", WITH_IDS, ids=["%s %s" % (r["method"],
                                                             r["path"])
                                                  for r in WITH_IDS])
def test_another_customers_id_is_not_found(stack, client, route):
    theirs, intact = OWNED[route["path"]](stack, client)
    browser = client()
    sign_in(stack, browser, new_customer(stack))
    path = route["path"].replace("{%s}" % route["params"][0], theirs)
    if route["method"] == "GET":
        answer = browser.get(path)
    else:
        answer = browser.post(path, {"csrf": browser.get("/portal").csrf,
                                     "confirm": "yes"})
    assert answer.status == 404, answer.text
    assert intact(), "another customer's record changed"


@pytest.mark.parametrize("path", SHARED)
def test_a_project_document_of_another_project_is_not_found(stack, client,
                                                            path):
    assert [r for r in WITH_IDS if r["path"] == path], path
    theirs, intact = a_project_document(stack, client)
    browser = client()
    sign_in(stack, browser, new_customer(stack))
    answer = browser.get(path.replace("{id}", theirs))
    assert answer.status == 404, answer.text
    assert intact()
    # signed out: to the sign-in page, and nothing of the file
    answer = client().get(path.replace("{id}", theirs))
    assert answer.status == 303
    assert "/login" in answer.location
