"""Admins invite members from /team/members: the invited address becomes a
member with the role given and no password, and gets a single-use link to
/team/welcome where they choose a password and are signed in.  Offices
whose team_signin includes magic-link also let members ask for a sign-in
link on /team/login; elsewhere those routes answer 404.

One installation serves three offices: demo (team_signin = password
magic-link, with a second portal), other (the default, password only) and
links (magic-link only)."""

import re
import secrets
import time

import pytest

from client import Client
from helpers import (TOKEN_RE, add_office, expire_member_links, member_id,
                     member_sessions, new_customer, new_member, outbox_to,
                     path_of, query, set_office_option, team_sign_in)

PASSWORD = "tidy lantern 4 orchard"
NEW_PASSWORD = "quiet harbour 7 maple"
TEAM_COOKIE = "__Host-porch-team"
TOKEN = r"\?t=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])"
INVITE_RE = re.compile(r"https?://[^\s]+/team/welcome" + TOKEN)
TEAM_LINK_RE = re.compile(r"https?://[^\s]+/team/auth" + TOKEN)
WEEK = 7 * 24 * 3600


def add_offices(stack):
    set_office_option(stack.conf, "demo", "team_signin",
                      "password magic-link")
    stack.porchctl("portal", "add", "demo-alt", "--office", "demo",
                   "--url", "http://alt.localhost:%d" % stack.port,
                   "--name", "Demo Second Portal")
    add_office(stack, "other", "localhost", "Other")
    add_office(stack, "links", "links.localhost", "Links",
               team_signin="magic-link")


@pytest.fixture(scope="module")
def inv(launch, smtp):
    with launch("invite", smtp.url, setup=add_offices) as stack:
        yield stack


HOSTS = {"demo": "127.0.0.1", "alt": "alt.localhost", "other": "localhost",
         "links": "links.localhost"}


def browser(stack, where="demo"):
    return Client(stack.port, "%s:%d" % (HOSTS[where], stack.port))


def fresh_address():
    return "i-%s@example.com" % secrets.token_hex(6)


# ------------------------------------------------------------------ steps
def signed_in_admin(stack, office="demo", where="demo", role="admin"):
    addr = new_member(stack, office=office, name="Ada Admin", role=role,
                      password=PASSWORD)
    b = browser(stack, where)
    assert team_sign_in(b, addr, PASSWORD).status == 303
    return addr, b


def invite(b, email, name="Ivy Invitee", role="agent"):
    page = b.get("/team/members")
    assert page.status == 200, page.text
    form = page.form("/team/members/invite")
    form.fields.update(email=email, name=name, role=role)
    return b.post("/team/members/invite", form.fields)


def mails(stack, smtp, addr, count=1, timeout=10.0):
    """Delivers the outbox and waits for `count` messages to addr."""
    stack.mailer("--once")
    deadline = time.monotonic() + timeout
    while len(smtp.to(addr)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    got = smtp.to(addr)
    assert len(got) == count, "%d mails for %s, not %d" % (len(got), addr,
                                                            count)
    return got


def link_in(mail, pattern):
    m = pattern.search(mail.text)
    assert m, mail.text
    return m.group(0), m.group(1)


def member_row(stack, addr, office="demo"):
    rows = query(stack, "SELECT * FROM members WHERE email = ?",
                 (addr.lower(),), office)
    return rows[0] if rows else None


def invitations(stack, addr, office="demo"):
    return query(stack, "SELECT t.* FROM member_link_tokens t JOIN members m "
                 "ON m.id = t.member_id WHERE m.email = ? ORDER BY t.created",
                 (addr.lower(),), office)


def audit_rows(stack, action, office="demo"):
    return query(stack, "SELECT * FROM audit WHERE action = ? ORDER BY id",
                 (action,), office)


def welcome(b, link, password=NEW_PASSWORD):
    """Opens an invitation and sends its form; the response to the POST."""
    page = b.get(path_of(link))
    assert page.status == 200, page.text
    form = page.form("/team/welcome")
    if "password" in form.fields:
        form.fields["password"] = password
    return b.post("/team/welcome", form.fields)


def ask_team_link(b, addr, next_path=None):
    page = b.get("/team/login")
    assert page.status == 200, page.text
    form = page.form("/team/login/link")
    form.fields["email"] = addr
    if next_path is not None:
        form.fields["next"] = next_path
    return b.post("/team/login/link", form.fields)


def open_team_link(b, link):
    page = b.get(path_of(link))
    assert page.status == 200, page.text
    return b.post("/team/auth", page.form("/team/auth").fields)


# ------------------------------------------------------------- invitations
def test_an_invited_member_chooses_a_password_and_is_signed_in(inv, smtp):
    admin, b = signed_in_admin(inv)
    addr = fresh_address()
    done = invite(b, addr, name="Ivy Invitee", role="agent")
    assert done.status == 303, done.text
    assert done.location == "/team/members?invited=1"
    page = b.get(done.location)
    assert "The invitation was e-mailed" in page.visible_text
    assert "No password yet" in page.visible_text
    row = member_row(inv, addr)
    assert row["role"] == "agent" and row["name"] == "Ivy Invitee"
    assert row["password_hash"] is None
    logged = [a for a in audit_rows(inv, "member-invited")
              if a["subject"] == row["pid"]]
    assert len(logged) == 1
    assert logged[0]["detail"] == "agent"
    assert logged[0]["member_id"] == member_id(inv, admin)

    mail = mails(inv, smtp, addr)[0]
    assert "invited" in mail.subject
    assert "Ada Admin invited you" in " ".join(mail.text.split())
    assert "as agent" in mail.text and "7 days" in mail.text
    link, _ = link_in(mail, INVITE_RE)
    tokens = invitations(inv, addr)
    assert len(tokens) == 1
    assert tokens[0]["expires"] - tokens[0]["created"] == WEEK

    newcomer = browser(inv)
    form = newcomer.get(path_of(link))
    assert form.status == 200, form.text
    assert "Welcome to the team" in form.visible_text
    assert addr in form.visible_text and "agent" in form.visible_text
    # opening the link changed nothing
    assert [t["used"] for t in invitations(inv, addr)] == [0]
    assert member_row(inv, addr)["password_hash"] is None
    assert member_sessions(inv, addr) == []
    assert TEAM_COOKIE not in newcomer.cookies

    weak = welcome(newcomer, link, password="short")
    assert weak.status == 422, weak.text
    assert "at least 10 characters" in weak.visible_text
    assert [t["used"] for t in invitations(inv, addr)] == [0]
    assert member_row(inv, addr)["password_hash"] is None

    joined = welcome(newcomer, link)
    assert joined.status == 303, joined.text
    assert joined.location == "/team"
    assert TEAM_COOKIE in newcomer.cookies
    home = newcomer.get("/team")
    assert home.status == 200, home.text
    assert "Hello, Ivy Invitee" in home.text
    assert "agent" in home.visible_text
    assert len(member_sessions(inv, addr)) == 1
    assert member_row(inv, addr)["password_hash"] is not None
    assert invitations(inv, addr)[0]["used"] != 0
    assert [a["member_id"] for a in audit_rows(inv, "invite-accepted")
            if a["subject"] == row["pid"]] == [row["id"]]
    assert "Joined" in b.get("/team/members").visible_text
    # from now on the password signs in
    assert team_sign_in(browser(inv), addr, NEW_PASSWORD).status == 303


def test_an_invitation_works_only_once(inv, smtp):
    _, b = signed_in_admin(inv)
    addr = fresh_address()
    assert invite(b, addr).status == 303
    link, token = link_in(mails(inv, smtp, addr)[0], INVITE_RE)
    assert welcome(browser(inv), link).status == 303
    again = browser(inv)
    page = again.get(path_of(link))
    assert page.status == 410
    assert "This invitation can't be used" in page.visible_text
    csrf = again.get("/team/login").csrf
    refused = again.post("/team/welcome", {"csrf": csrf, "t": token,
                                           "password": "another 9 password"})
    assert refused.status == 410
    assert TEAM_COOKIE not in again.cookies
    assert len(member_sessions(inv, addr)) == 1


@pytest.mark.parametrize("role,audit_status", [("viewer", 403),
                                                ("admin", 200)])
def test_the_member_gets_the_role_they_were_invited_with(inv, smtp, role,
                                                         audit_status):
    _, b = signed_in_admin(inv)
    addr = fresh_address()
    assert invite(b, addr, role=role).status == 303
    link, _ = link_in(mails(inv, smtp, addr)[0], INVITE_RE)
    newcomer = browser(inv)
    assert welcome(newcomer, link).status == 303
    assert role in newcomer.get("/team").visible_text
    assert newcomer.get("/team/audit").status == audit_status


def test_an_expired_invitation_is_refused(inv, smtp):
    _, b = signed_in_admin(inv)
    addr = fresh_address()
    assert invite(b, addr).status == 303
    link, token = link_in(mails(inv, smtp, addr)[0], INVITE_RE)
    expire_member_links(inv, addr)
    late = browser(inv)
    assert late.get(path_of(link)).status == 410
    csrf = late.get("/team/login").csrf
    refused = late.post("/team/welcome", {"csrf": csrf, "t": token,
                                          "password": NEW_PASSWORD})
    assert refused.status == 410
    assert member_row(inv, addr)["password_hash"] is None
    assert member_sessions(inv, addr) == []


def test_inviting_an_address_on_the_team_is_422_and_changes_nothing(inv):
    _, b = signed_in_admin(inv)
    taken = new_member(inv, name="Tom Taken", role="viewer")
    before = len(audit_rows(inv, "member-invited"))
    r = invite(b, taken.upper(), name="Someone Else", role="admin")
    assert r.status == 422, r.text
    assert "is on the team already. Nothing was sent." in r.visible_text
    form = r.form("/team/members/invite")
    assert form.fields["email"] == taken
    assert form.fields["name"] == "Someone Else"
    rows = query(inv, "SELECT * FROM members WHERE email = ?", (taken,))
    assert len(rows) == 1
    assert rows[0]["role"] == "viewer" and rows[0]["name"] == "Tom Taken"
    assert outbox_to(inv, taken) == []
    assert len(audit_rows(inv, "member-invited")) == before


@pytest.mark.parametrize("fields,message", [
    ({"email": "not-an-address"}, "Enter an e-mail address"),
    ({"name": ""}, "Enter their name"),
    ({"role": "owner"}, "Choose viewer, agent or admin"),
])
def test_a_form_that_cannot_be_used_is_422(inv, fields, message):
    _, b = signed_in_admin(inv)
    page = b.get("/team/members")
    form = page.form("/team/members/invite")
    form.fields.update(email=fresh_address(), name="Nia New", role="agent")
    form.fields.update(fields)
    r = b.post("/team/members/invite", form.fields)
    assert r.status == 422, r.text
    assert message in r.visible_text
    if "email" not in fields:
        assert member_row(inv, form.fields["email"]) is None


@pytest.mark.parametrize("role", ["viewer", "agent"])
def test_only_admins_invite(inv, role):
    _, b = signed_in_admin(inv, role=role)
    page = b.get("/team/members")
    assert page.status == 200
    assert "/team/members/invite" not in [f.action for f in page.forms]
    assert "Send invitation again" not in page.visible_text
    addr = fresh_address()
    before = len(audit_rows(inv, "member-invited"))
    refused = b.post("/team/members/invite", {
        "csrf": page.csrf, "email": addr, "name": "Sly Sneak",
        "role": "admin"})
    assert refused.status == 403, refused.text
    assert member_row(inv, addr) is None
    assert outbox_to(inv, addr) == []
    assert len(audit_rows(inv, "member-invited")) == before
    pending = new_member(inv, name="Pat Pending")
    resend = b.post("/team/members/%s/invite"
                    % member_row(inv, pending)["pid"], {"csrf": page.csrf})
    assert resend.status == 403
    assert outbox_to(inv, pending) == []


def test_an_admin_sends_the_invitation_again(inv, smtp):
    _, b = signed_in_admin(inv)
    addr = fresh_address()
    assert invite(b, addr).status == 303
    first, _ = link_in(mails(inv, smtp, addr)[0], INVITE_RE)
    pid = member_row(inv, addr)["pid"]
    page = b.get("/team/members")
    again = b.post("/team/members/%s/invite" % pid,
                   page.form("/team/members/%s/invite" % pid).fields)
    assert again.status == 303, again.text
    assert again.location == "/team/members?invited=1"
    assert [a["subject"] for a in audit_rows(inv, "invite-resent")
            ].count(pid) == 1
    second, _ = link_in(mails(inv, smtp, addr, count=2)[1], INVITE_RE)
    assert second != first
    # only the newest invitation works
    assert browser(inv).get(path_of(first)).status == 410
    assert welcome(browser(inv), second).status == 303


def test_no_invitation_for_a_member_who_has_a_password(inv):
    _, b = signed_in_admin(inv)
    addr = new_member(inv, name="Jo Joined", password=PASSWORD)
    pid = member_row(inv, addr)["pid"]
    page = b.get("/team/members")
    assert "/team/members/%s/invite" % pid not in \
        [f.action for f in page.forms]
    r = b.post("/team/members/%s/invite" % pid, {"csrf": page.csrf})
    assert r.status == 422, r.text
    assert "Jo Joined has chosen a password already" in r.visible_text
    assert outbox_to(inv, addr) == []
    assert invitations(inv, addr) == []


def test_an_invitation_works_only_in_its_own_office(inv, smtp):
    _, b = signed_in_admin(inv)
    addr = fresh_address()
    assert invite(b, addr).status == 303
    link, token = link_in(mails(inv, smtp, addr)[0], INVITE_RE)
    away = browser(inv, "other")
    assert away.get(path_of(link)).status == 410
    refused = away.post("/team/welcome", {"csrf": away.get("/team/login").csrf,
                                          "t": token,
                                          "password": NEW_PASSWORD})
    assert refused.status == 410
    assert TEAM_COOKIE not in away.cookies
    assert member_row(inv, addr, office="other") is None
    assert [t["used"] for t in invitations(inv, addr)] == [0]
    assert welcome(browser(inv), link).status == 303


# ---------------------------------------------------- sign-in links, on
def test_a_member_signs_in_with_a_team_link(inv, smtp):
    addr = new_member(inv, name="Lin Linker")
    b = browser(inv)
    form = b.get("/team/login")
    assert form.form("/team/login") is not None
    asked = ask_team_link(b, addr)
    assert asked.status == 200, asked.text
    assert "Check your e-mail" in asked.visible_text
    mail = mails(inv, smtp, addr)[0]
    assert "team sign-in link" in mail.subject
    link, _ = link_in(mail, TEAM_LINK_RE)
    assert link.startswith("http://127.0.0.1:%d/team/auth?t=" % inv.port)

    page = b.get(path_of(link))
    assert page.status == 200, page.text
    assert page.form("/team/auth") is not None
    # opening the link changed nothing
    rows = query(inv, "SELECT used FROM member_login_tokens WHERE "
                 "member_id = ?", (member_id(inv, addr),))
    assert [t["used"] for t in rows] == [0]
    assert member_sessions(inv, addr) == []
    assert TEAM_COOKIE not in b.cookies

    done = b.post("/team/auth", page.form("/team/auth").fields)
    assert done.status == 303, done.text
    assert done.location == "/team"
    assert TEAM_COOKIE in b.cookies and "__Host-porch" not in b.cookies
    assert "Hello, Lin Linker" in b.get("/team").text
    assert len(member_sessions(inv, addr)) == 1
    # once only
    later = browser(inv)
    assert later.get(path_of(link)).status == 410
    token = link.rsplit("=", 1)[1]
    assert later.post("/team/auth", {"csrf": later.get("/team/login").csrf,
                                     "t": token}).status == 410
    assert len(member_sessions(inv, addr)) == 1


def test_asking_tells_nothing_about_who_is_on_the_team(inv, smtp):
    member = new_member(inv)
    stranger = "nobody-" + member
    known = ask_team_link(browser(inv), member)
    unknown = ask_team_link(browser(inv), stranger)
    assert known.status == unknown.status == 200
    assert known.visible_text.replace(member, "X") == \
        unknown.visible_text.replace(stranger, "X")
    mails(inv, smtp, member)
    assert outbox_to(inv, stranger) == []


@pytest.mark.parametrize("next_path,lands", [("/team/members",
                                               "/team/members"),
                                              ("/portal", "/team")])
def test_a_team_link_lands_on_next_only_on_the_team_side(inv, smtp,
                                                         next_path, lands):
    addr = new_member(inv)
    b = browser(inv)
    assert ask_team_link(b, addr, next_path=next_path).status == 200
    link, _ = link_in(mails(inv, smtp, addr)[0], TEAM_LINK_RE)
    done = open_team_link(b, link)
    assert done.status == 303 and done.location == lands


def test_a_team_link_works_only_on_its_portal_and_side(inv, smtp):
    addr = new_member(inv)
    assert ask_team_link(browser(inv), addr).status == 200
    link, token = link_in(mails(inv, smtp, addr)[0], TEAM_LINK_RE)
    # the office's other portal, the customers' page, another office
    assert browser(inv, "alt").get(path_of(link)).status == 410
    elsewhere = browser(inv)
    assert elsewhere.get("/auth?t=" + token).status == 410
    assert elsewhere.post("/auth", {"csrf": elsewhere.get("/login").csrf,
                                    "t": token}).status == 410
    assert member_sessions(inv, addr) == []
    # and a customer's link does not open the team
    customer = new_customer(inv)
    customer_token = TOKEN_RE.search(inv.link(customer)).group(1)
    b = browser(inv)
    assert b.get("/team/auth?t=" + customer_token).status == 410
    assert b.post("/team/auth", {"csrf": b.get("/team/login").csrf,
                                 "t": customer_token}).status == 410
    assert TEAM_COOKIE not in b.cookies
    assert open_team_link(browser(inv), link).status == 303


def test_asking_for_team_links_is_rate_limited(inv):
    addr = new_member(inv)
    for _ in range(5):
        assert ask_team_link(browser(inv), addr).status == 200
    r = ask_team_link(browser(inv), addr)
    assert r.status == 429, r.text
    assert r.header("Retry-After")
    assert len(outbox_to(inv, addr)) == 5


# ---------------------------------------------------- sign-in links, off
def test_without_magic_link_the_team_link_routes_answer_404(inv):
    addr = new_member(inv, office="other", password=PASSWORD)
    b = browser(inv, "other")
    page = b.get("/team/login")
    assert page.form("/team/login") is not None
    assert "/team/login/link" not in [f.action for f in page.forms]
    refused = b.post("/team/login/link", {"csrf": page.csrf, "email": addr})
    assert refused.status == 404
    assert outbox_to(inv, addr, office="other") == []
    assert b.get("/team/auth?t=" + "A" * 43).status == 404
    assert b.post("/team/auth", {"csrf": page.csrf,
                                 "t": "A" * 43}).status == 404
    assert team_sign_in(b, addr, PASSWORD).status == 303


def test_an_office_with_links_only(inv, smtp):
    admin = new_member(inv, office="links", name="Lou Links", role="admin",
                       password=PASSWORD)
    b = browser(inv, "links")
    page = b.get("/team/login")
    assert "/team/login" not in [f.action for f in page.forms]
    assert page.form("/team/login/link") is not None
    # a password the office does not offer signs no one in
    assert b.post("/team/login", {"csrf": page.csrf, "email": admin,
                                  "password": PASSWORD}).status == 404
    assert ask_team_link(b, admin).status == 200
    link, _ = link_in(mails(inv, smtp, admin)[0], TEAM_LINK_RE)
    assert open_team_link(b, link).status == 303

    addr = fresh_address()
    assert invite(b, addr, role="viewer").status == 303
    mail = mails(inv, smtp, addr)[0]
    assert "join the team and sign in" in mail.text
    link, _ = link_in(mail, INVITE_RE)
    newcomer = browser(inv, "links")
    form = newcomer.get(path_of(link)).form("/team/welcome")
    assert "password" not in form.fields
    assert form.buttons == ["Join the team"]
    joined = newcomer.post("/team/welcome", form.fields)
    assert joined.status == 303, joined.text
    assert "viewer" in newcomer.get("/team").visible_text
    assert member_row(inv, addr, office="links")["password_hash"] is None
