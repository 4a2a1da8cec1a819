"""Team members' permissions beside the role: portal access (the pages
that show or change customers' interactions and records) and agenda edit
access.  A member without portal access gets 403 on each of those pages
and actions and changes nothing; an admin gives or takes a permission on
/team/members, which the audit log records; an admin holds every
permission whatever is stored.  Team home and the layout link only to
pages the member may open."""

import os
import re

import pytest

from client import Client
from helpers import (SRCDIR, add_agenda, add_appointment, customer_id,
                     day_start_utc, new_agenda, new_customer, new_member,
                     new_project, press_deletion, outbox_to, query, routes,
                     set_member_password, sign_in, team_sign_in)
from test_documents import PDF, upload

PASSWORD = "tidy lantern 4 orchard"
TABLE = routes()

# Every team page and action that shows or changes customers' interactions
# or records.  A new route under these paths must be added here, and so
# declare PERM_PORTAL (checked against the sources below).
PORTAL_ROUTES = [
    "GET /team/inbox",
    "GET /team/customers",
    "GET /team/customers/{id}",
    "POST /team/customers/{id}/activation",
    "GET /team/deletions",
    "GET /team/deletions/{id}",
    "POST /team/deletions/{id}/process",
    "GET /team/customers/{id}/book",
    "POST /team/customers/{id}/book",
    "GET /team/appointments",
    "GET /team/appointments/{id}",
    "POST /team/appointments/{id}/cancel",
    "POST /team/appointments/{id}/status",
    "GET /team/appointments/{id}/move",
    "POST /team/appointments/{id}/move",
    "GET /team/customers/{id}/invite",
    "POST /team/customers/{id}/invite",
    "POST /team/customers/{id}/propose",
    "POST /team/invitations/{id}/cancel",
    "GET /team/requests",
    "GET /team/requests/{id}",
    "POST /team/requests/{id}/close",
    "GET /team/documents",
    "GET /team/documents/{id}",
    "GET /team/documents/{id}/download",
    "GET /team/documents/{id}/file",
    "POST /team/documents/{id}/review",
    "POST /team/documents/{id}/delete",
    "GET /team/customers/{id}/document-request",
    "POST /team/customers/{id}/document-request",
    "POST /team/document-requests/{id}/cancel",
]
# What a GET answers a member who may open it, when not 200: a download
# is a link of a few minutes, and a file without one is nothing.
PASSED = {"GET /team/documents/{id}/download": 303,
          "GET /team/documents/{id}/file": 404}
PORTAL_PREFIXES = ("/team/inbox", "/team/customers", "/team/deletions",
                   "/team/appointments", "/team/invitations",
                   "/team/requests", "/team/documents",
                   "/team/document-requests")
NO_PORTAL_NEEDED = ["/team", "/team/members", "/team/agendas",
                    "/team/projects"]


# Every team action that changes an agenda or a project, its documents
# included: each declares PERM_AGENDA (checked against the sources below;
# test_team_agendas.py tries each without it).
AGENDA_ROUTES = [
    "GET /team/agendas/new",
    "POST /team/agendas",
    "POST /team/agendas/{id}",
    "POST /team/agendas/{id}/exceptions",
    "POST /team/agendas/{id}/exceptions/{xid}/delete",
    "GET /team/projects/new",
    "POST /team/projects",
    "POST /team/projects/{id}",
    "POST /team/projects/{id}/agendas",
    "POST /team/projects/{id}/documents",
    "POST /team/projects/{id}/documents/{did}/share",
    "POST /team/projects/{id}/documents/{did}/delete",
]


def route_key(r):
    return "%s %s" % (r["method"], r["path"])


def declares_portal(program):
    with open(os.path.join(SRCDIR, "cgi-bin", program + ".c"),
              encoding="utf-8") as f:
        return re.search(r"\.perms\s*=[^,;]*\bPERM_PORTAL\b", f.read())


def declares_agenda(program):
    with open(os.path.join(SRCDIR, "cgi-bin", program + ".c"),
              encoding="utf-8") as f:
        return re.search(r"\.perms\s*=[^,;]*\bPERM_AGENDA\b", f.read())


def test_the_agenda_list_is_what_the_pages_declare():
    team = [r for r in TABLE["routes"] if r["need"] == "member"]
    assert sorted(route_key(r) for r in team
                  if declares_agenda(r["program"])) == sorted(AGENDA_ROUTES)
    # every change under /team/agendas and /team/projects is one of them
    changing = sorted(route_key(r) for r in team
                      if r["path"].startswith(("/team/agendas",
                                               "/team/projects"))
                      and (r["method"] == "POST" or
                           r["path"].endswith("/new")))
    assert changing == sorted(AGENDA_ROUTES)


def test_the_list_is_what_the_pages_declare():
    team = [r for r in TABLE["routes"] if r["need"] == "member"]
    declared = sorted(route_key(r) for r in team
                      if declares_portal(r["program"]))
    assert declared == sorted(PORTAL_ROUTES)
    under = sorted(route_key(r) for r in TABLE["routes"]
                   if r["path"].startswith(PORTAL_PREFIXES))
    assert under == sorted(PORTAL_ROUTES)
    for r in team:
        if r["path"] in NO_PORTAL_NEEDED or \
                r["path"].startswith("/team/members"):
            assert not declares_portal(r["program"]), route_key(r)


# ---------------------------------------------------------------- people
def add_member(stack, role, *flags, name="Pat Perms"):
    addr = "m-%s@example.com" % os.urandom(6).hex()
    stack.porchctl("member", "add", "--office", "demo", "--email", addr,
                   "--name", name, "--role", role, *flags)
    set_member_password(stack, addr, PASSWORD)
    return addr


def signed_in(client, addr):
    browser = client()
    done = team_sign_in(browser, addr, PASSWORD)
    assert done.status == 303, done.text
    return browser


def member_row(stack, addr):
    rows = query(stack, "SELECT * FROM members WHERE email = ?",
                 (addr.lower(),))
    assert len(rows) == 1
    return rows[0]


def perms_of(stack, addr):
    row = member_row(stack, addr)
    return row["portal_access"], row["agenda_edit"]


def audit_of(stack, subject, action="member-permissions"):
    return query(stack, "SELECT a.*, m.email AS by_email FROM audit a "
                 "LEFT JOIN members m ON m.id = a.member_id "
                 "WHERE a.subject = ? AND a.action = ? ORDER BY a.id",
                 (subject, action))


def set_perms(browser, pid, **boxes):
    """Posts the permissions form as a browser would: a ticked box sends
    "1", an unticked one nothing."""
    page = browser.get("/team/members")
    assert page.status == 200, page.text
    fields = {"csrf": page.csrf}
    fields.update({k: v for k, v in boxes.items() if v is not None})
    return browser.post("/team/members/%s/permissions" % pid, fields)


@pytest.fixture(scope="module")
def records(stack):
    """A customer with an open deletion request: the real ids every
    {id} route is tried with, so a refusal is never a 404 in disguise."""
    addr = new_customer(stack, name="Rhea Records")
    browser = Client(stack.port, stack.host)
    sign_in(stack, browser, addr)
    assert press_deletion(browser, "request").status == 303
    cid = customer_id(stack, addr)
    deletion = query(stack, "SELECT pid FROM deletion_requests WHERE "
                     "customer_id = ? AND status = 'open'", (cid,))[0]["pid"]
    customer = query(stack, "SELECT pid FROM customers WHERE id = ?",
                     (cid,))[0]["pid"]
    agenda = add_agenda(stack)
    appointment = add_appointment(stack, addr, agenda,
                                  day_start_utc(1) + 36000)
    # a place on a project's waiting list, and an invitation to book
    project = new_project(stack, [new_agenda(stack, name="Perms Waiting")],
                          title="Perms Place")
    page = browser.get("/book/%s/request" % project)
    assert browser.post("/book/%s/request" % project, {
        "csrf": page.csrf, "kind": "waitlist"}).status == 303
    request = query(stack, "SELECT pid FROM appointment_requests WHERE "
                    "customer_id = ?", (cid,))[0]["pid"]
    team = signed_in(lambda: Client(stack.port, stack.host),
                     add_member(stack, "agent"))
    page = team.get("/team/customers/%s/invite?agenda=%s" %
                    (customer, agenda["pid"]))
    assert team.post("/team/customers/%s/invite" % customer, {
        "csrf": page.csrf, "agenda": agenda["pid"]}).status == 303
    invitation = query(stack, "SELECT pid FROM invitations WHERE "
                       "customer_id = ?", (cid,))[0]["pid"]
    assert upload(browser, [("records.pdf", PDF)]).status == 303
    document = query(stack, "SELECT pid FROM documents WHERE "
                     "customer_id = ?", (cid,))[0]["pid"]
    page = team.get("/team/customers/%s/document-request" % customer)
    assert team.post("/team/customers/%s/document-request" % customer, {
        "csrf": page.csrf, "title": "Perms payslip"}).status == 303
    doc_request = query(stack, "SELECT pid FROM document_requests WHERE "
                        "customer_id = ?", (cid,))[0]["pid"]
    return {"addr": addr, "/team/customers/{id}": customer,
            "/team/deletions/{id}": deletion,
            "/team/appointments/{id}": appointment,
            "/team/requests/{id}": request,
            "/team/invitations/{id}": invitation,
            "/team/documents/{id}": document,
            "/team/document-requests/{id}": doc_request}


def path_of(route, records):
    path = route.split(" ", 1)[1]
    for prefix in ("/team/customers/{id}", "/team/deletions/{id}",
                   "/team/appointments/{id}", "/team/requests/{id}",
                   "/team/invitations/{id}", "/team/documents/{id}",
                   "/team/document-requests/{id}"):
        if path.startswith(prefix):
            return prefix.replace("{id}", records[prefix]) + \
                path[len(prefix):]
    return path


def deletion_status(stack, records):
    return query(stack, "SELECT status FROM deletion_requests WHERE pid = ?",
                 (records["/team/deletions/{id}"],))[0]["status"]


# ----------------------------------------------------------- the refusals
@pytest.mark.parametrize("role", ["viewer", "agent"])
@pytest.mark.parametrize("route", PORTAL_ROUTES)
def test_without_portal_access_each_portal_route_is_403(stack, client,
                                                        records, role,
                                                        route):
    browser = signed_in(client, add_member(stack, role,
                                           "--no-portal-access"))
    path = path_of(route, records)
    before = len(query(stack, "SELECT id FROM audit"))
    mail_before = len(outbox_to(stack, records["addr"]))
    if route.startswith("GET "):
        r = browser.get(path)
    else:
        r = browser.post(path, {"csrf": browser.get("/team").csrf})
    assert r.status == 403, "%s: %d" % (route, r.status)
    assert records["addr"] not in r.text
    # nothing changed: the request is still open, no mail, no record
    assert deletion_status(stack, records) == "open"
    assert len(outbox_to(stack, records["addr"])) == mail_before
    assert len(query(stack, "SELECT id FROM audit")) == before
    # the session itself is fine
    assert browser.get("/team").status == 200


def test_team_home_and_layout_link_only_to_pages_the_member_may_open(
        stack, client):
    addr = add_member(stack, "agent", "--no-portal-access")
    browser = signed_in(client, addr)
    home = browser.get("/team")
    assert home.status == 200, home.text
    team_links = sorted({link.split("?")[0] for link in home.links
                         if link.startswith("/team")})
    assert team_links == ["/team", "/team/agendas", "/team/members",
                          "/team/projects"]
    for link in team_links:
        assert browser.get(link).status == 200, link
    assert "no portal access" in home.visible_text
    assert ">Newest in the inbox</h2>" not in home.text
    members = browser.get("/team/members")
    assert not [link for link in members.links
                if link.startswith(PORTAL_PREFIXES)]

    # with access, the customers' pages are linked, and each opens
    with_access = signed_in(client, add_member(stack, "viewer"))
    home = with_access.get("/team")
    links = {link.split("?")[0] for link in home.links
             if link.startswith("/team")}
    for path in ("/team/customers", "/team/inbox", "/team/deletions",
                 "/team/appointments", "/team/documents"):
        assert path in links
    for link in links:
        assert with_access.get(link).status == 200, link
    assert "/team/audit" not in links
    assert ">Newest in the inbox</h2>" in home.text


# ------------------------------------------------------ granting, taking
def test_an_admin_grants_portal_access_through_the_form(stack, client,
                                                        records):
    addr = add_member(stack, "agent", "--no-portal-access",
                      name="Gia Granted")
    member = signed_in(client, addr)
    assert member.get("/team/customers").status == 403
    assert perms_of(stack, addr) == (0, 0)

    admin_addr = add_member(stack, "admin", name="Ada Admin")
    admin = signed_in(client, admin_addr)
    pid = member_row(stack, addr)["pid"]
    page = admin.get("/team/members")
    form = page.form("/team/members/%s/permissions" % pid)
    assert form is not None
    assert "Save permissions" in " ".join(form.buttons)
    done = set_perms(admin, pid, portal_access="1")
    assert done.status == 303, done.text
    assert done.location == "/team/members"
    assert perms_of(stack, addr) == (1, 0)

    audit = audit_of(stack, pid)
    assert len(audit) == 1
    assert audit[0]["detail"] == "none->portal"
    assert audit[0]["by_email"] == admin_addr.lower()
    log = admin.get("/team/audit")
    assert "member-permissions" in log.visible_text
    assert "none->portal" in log.visible_text

    # the session already open has it from its next request
    for route in PORTAL_ROUTES:
        if route.startswith("GET "):
            r = member.get(path_of(route, records))
            assert r.status == PASSED.get(route, 200), \
                "%s: %d" % (route, r.status)
    r = member.post(path_of("POST /team/customers/{id}/activation",
                            records), {"csrf": member.get("/team").csrf})
    assert r.status == 303, r.text
    # processing a deletion stays an admin's, permission or not
    r = member.post(path_of("POST /team/deletions/{id}/process", records),
                    {"csrf": member.get("/team").csrf})
    assert r.status == 403
    assert deletion_status(stack, records) == "open"

    # the same again changes and records nothing
    assert set_perms(admin, pid, portal_access="1").status == 303
    assert len(audit_of(stack, pid)) == 1

    # unticked boxes take them away again
    assert set_perms(admin, pid, agenda_edit="1").status == 303
    assert perms_of(stack, addr) == (0, 1)
    assert member.get("/team/inbox").status == 403
    assert [a["detail"] for a in audit_of(stack, pid)] == [
        "none->portal", "portal->agenda"]


def test_the_members_page_shows_permissions(stack, client):
    tag = os.urandom(3).hex()
    plain = add_member(stack, "agent", name="Aa %s Plain" % tag)
    both = add_member(stack, "agent", "--agenda-edit",
                      name="Ab %s Both" % tag)
    none = add_member(stack, "viewer", "--no-portal-access",
                      name="Ac %s None" % tag)
    boss = add_member(stack, "admin", "--no-portal-access",
                      name="Ad %s Boss" % tag)
    viewer = signed_in(client, add_member(stack, "viewer"))
    page = viewer.get("/team/members")
    assert page.status == 200
    assert not [f for f in page.forms if f.action.endswith("/permissions")]
    text = page.visible_text
    expect = {plain: "Portal access", both: "Portal access · Agenda edit "
              "access", none: "None", boss: "Every permission (admin)"}
    for addr, shown in expect.items():
        row = re.search(re.escape(addr) + r"\s+(agent|viewer|admin)\s+(.*?)"
                        r"\s+(Joined|No password yet)", text)
        assert row is not None, addr
        assert row.group(2) == shown, (addr, row.group(2))

    admin = signed_in(client, add_member(stack, "admin"))
    page = admin.get("/team/members")
    for addr, (portal, agenda) in ((plain, (True, False)),
                                   (both, (True, True)),
                                   (none, (False, False))):
        pid = member_row(stack, addr)["pid"]
        form = re.search(r'<form[^>]*action="/team/members/%s/permissions"'
                         r'.*?</form>' % pid, page.text, re.S).group(0)
        assert bool(re.search(r'name="portal_access" value="1" checked',
                              form)) == portal
        assert bool(re.search(r'name="agenda_edit" value="1" checked',
                              form)) == agenda


@pytest.mark.parametrize("role", ["viewer", "agent"])
def test_only_an_admin_changes_permissions(stack, client, role):
    target = add_member(stack, "viewer", "--no-portal-access")
    pid = member_row(stack, target)["pid"]
    browser = signed_in(client, add_member(stack, role))
    refused = set_perms(browser, pid, portal_access="1", agenda_edit="1")
    assert refused.status == 403, refused.text
    assert perms_of(stack, target) == (0, 0)
    assert audit_of(stack, pid) == []


def test_the_form_refuses_what_no_checkbox_sends(stack, client):
    target = add_member(stack, "viewer")
    pid = member_row(stack, target)["pid"]
    admin = signed_in(client, add_member(stack, "admin"))
    assert set_perms(admin, pid, portal_access="yes").status == 400
    assert set_perms(admin, pid, agenda_edit="0").status == 400
    assert perms_of(stack, target) == (1, 0)
    assert set_perms(admin, "AAAAAAAAAAAAAAAAAAAAAA",
                     portal_access="1").status == 404
    assert audit_of(stack, pid) == []


def test_admins_always_pass(stack, client, records):
    addr = add_member(stack, "admin", "--no-portal-access")
    assert perms_of(stack, addr) == (0, 0)
    admin = signed_in(client, addr)
    for route in PORTAL_ROUTES:
        if route.startswith("GET "):
            r = admin.get(path_of(route, records))
            assert r.status == PASSED.get(route, 200), \
                "%s: %d" % (route, r.status)
    home = admin.get("/team")
    assert "/team/inbox" in home.links and "/team/audit" in home.links
    # an admin may clear their own stored permissions and still passes
    pid = member_row(stack, addr)["pid"]
    assert set_perms(admin, pid).status == 303
    assert admin.get("/team/customers").status == 200
    # and the stored ones apply once the role is another
    other = signed_in(client, add_member(stack, "admin"))
    page = other.get("/team/members")
    assert other.post("/team/members/%s/role" % pid,
                      {"csrf": page.csrf, "role": "agent"}).status == 303
    assert admin.get("/team/customers").status == 403


# -------------------------------------------------- porchctl, invitation
def test_porchctl_member_add_sets_permissions(stack):
    base = "m-%s@example.com" % os.urandom(6).hex()
    for tag, flags, want in (("a", (), (1, 0)),
                             ("b", ("--no-portal-access", "--agenda-edit"),
                              (0, 1)),
                             ("c", ("--no-portal-access",), (0, 0)),
                             ("d", ("--agenda-edit",), (1, 1))):
        addr = "%s-%s" % (tag, base)
        stack.porchctl("member", "add", "--office", "demo", "--email", addr,
                       "--name", "X", *flags)
        assert perms_of(stack, addr) == want, flags
    assert perms_of(stack, new_member(stack)) == (1, 0)


def test_an_invitation_sets_permissions(stack, client):
    admin = signed_in(client, add_member(stack, "admin"))
    page = admin.get("/team/members")
    form = re.search(r'<form[^>]*action="/team/members/invite".*?</form>',
                     page.text, re.S).group(0)
    assert re.search(r'name="portal_access" value="1" checked', form)
    assert re.search(r'name="agenda_edit" value="1">', form)
    addr = "m-%s@example.com" % os.urandom(6).hex()
    done = admin.post("/team/members/invite", {
        "csrf": page.csrf, "email": addr, "name": "Ivo Invited",
        "role": "viewer", "agenda_edit": "1"})
    assert done.status == 303, done.text
    assert perms_of(stack, addr) == (0, 1)
    pid = member_row(stack, addr)["pid"]
    assert [a["detail"] for a in audit_of(stack, pid, "member-invited")] \
        == ["viewer"]
    assert [a["detail"] for a in audit_of(stack, pid)] == ["portal->agenda"]
    # a form sent back keeps what was ticked
    again = admin.post("/team/members/invite", {
        "csrf": page.csrf, "email": "not an address", "name": "Ivo",
        "role": "viewer", "agenda_edit": "1"})
    assert again.status == 422
    assert not re.search(r'name="portal_access" value="1" checked',
                         again.text)
    assert re.search(r'name="agenda_edit" value="1" checked', again.text)
