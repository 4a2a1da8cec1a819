"""A team member who forgot their password asks /team/password/forgot
(linked from /team/login) for a link, valid 30 minutes and usable once, to
/team/password/reset, where they choose a new one: like the customers'
reset, on the team's side.

Opening the link changes nothing (mail scanners open links); its form
does: the password is stored, every session of the member ends, the
audit log records it and the browser lands signed in on /team, which says
so.  Offices whose team_signin offers no passwords have none of these
pages.  One installation serves the demo office (passwords, the default,
with a second portal that offers customers passwords too) and a "links"
office whose team signs in with links only.
"""

import re

import pytest

from client import Client
from helpers import (add_office, customer_id, expire_member_links,
                     member_id, member_sessions, new_customer, new_member,
                     outbox_to, path_of, query, team_sign_in)

OLD = "tidy lantern 4 orchard"
NEW = "quiet harbour 7 maple"
TEAM_COOKIE = "__Host-porch-team"
TOKEN = r"\?t=[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"
TEAM_RESET_RE = re.compile(r"https?://[^\s]+/team/password/reset" + TOKEN)
RESET_RE = re.compile(r"https?://[^\s]+/password/reset" + TOKEN)
SAVED = "Your new password is saved. Every other device was signed out."


def add_offices(stack):
    stack.porchctl("portal", "add", "demo-pw", "--office", "demo",
                   "--url", "http://pw.localhost:%d" % stack.port,
                   "--name", "Demo Password Portal",
                   "--signin", "magic-link password")
    add_office(stack, "links", "links.localhost", "Links",
               team_signin="magic-link")


@pytest.fixture(scope="module")
def team(launch, smtp):
    with launch("team-password", smtp.url, setup=add_offices) as stack:
        yield stack


def browser(stack, host=None):
    return Client(stack.port, "%s:%d" % (host, stack.port) if host
                  else stack.host)


def ask_reset(b, addr):
    """Sends the team's forgot-password form; the response and its csrf."""
    page = b.get("/team/password/forgot")
    assert page.status == 200, page.text
    form = page.form("/team/password/forgot")
    assert set(form.fields) == {"csrf", "email"}
    form.fields["email"] = addr
    return b.post("/team/password/forgot", form.fields), form.fields["csrf"]


def mailed_link(stack, smtp, addr):
    """The team reset link in the first mail delivered to addr, as a local
    path."""
    stack.mailer("--once")
    mail = smtp.wait_for(addr)
    found = TEAM_RESET_RE.search(mail.text)
    assert found, mail.text
    return mail, path_of(found.group(0))


def queued_link(stack, addr, pattern=TEAM_RESET_RE, office="demo"):
    """The link in the newest mail queued for addr, as a local path."""
    found = pattern.search(outbox_to(stack, addr, office)[-1]["body"])
    assert found
    return path_of(found.group(0))


def reset_links(stack, addr, office="demo"):
    return query(stack, "SELECT * FROM member_link_tokens WHERE "
                 "member_id = ? AND purpose = 'reset' ORDER BY created",
                 (member_id(stack, addr, office),), office)


def stored_hash(stack, addr):
    return query(stack, "SELECT password_hash FROM members WHERE id = ?",
                 (member_id(stack, addr),))[0]["password_hash"]


def choose(b, link, password):
    """Opens a reset link and sends its form; the response to the POST."""
    page = b.get(link)
    assert page.status == 200, page.text
    form = page.form("/team/password/reset")
    assert set(form.fields) == {"csrf", "t", "password"}
    form.fields["password"] = password
    return b.post("/team/password/reset", form.fields)


def test_the_team_sign_in_offers_a_reset_only_with_passwords(team):
    page = browser(team).get("/team/login")
    assert "/team/password/forgot" in page.links
    assert "Forgot your password?" in page.visible_text
    forgot = browser(team).get("/team/password/forgot")
    assert forgot.status == 200
    assert "/team/login" in forgot.links, "back to the team's sign-in"

    links = browser(team, "links.localhost")
    assert "/team/password/forgot" not in links.get("/team/login").text
    for path in ("/team/password/forgot",
                 "/team/password/reset?t=" + "A" * 43):
        assert links.get(path).status == 404
    csrf = links.get("/team/login").csrf
    for path in ("/team/password/forgot", "/team/password/reset"):
        refused = links.post(path, {"csrf": csrf, "email": "x@example.com",
                                    "t": "A" * 43, "password": NEW})
        assert refused.status == 404, path


def test_the_team_reset_journey(team, smtp):
    addr = new_member(team, name="Rhea Reset", password=OLD)
    before = stored_hash(team, addr)
    elsewhere = browser(team)
    assert team_sign_in(elsewhere, addr, OLD).status == 303
    assert len(member_sessions(team, addr)) == 1

    b = browser(team)
    sent, _ = ask_reset(b, addr.upper())
    assert sent.status == 200, sent.text
    assert "Check your e-mail" in sent.visible_text
    assert "a member of the team" in sent.visible_text
    mail, link = mailed_link(team, smtp, addr)
    assert "Rhea Reset" in mail.text and "30 minutes" in mail.text
    tokens = reset_links(team, addr)
    assert len(tokens) == 1
    assert tokens[0]["expires"] - tokens[0]["created"] == 30 * 60
    assert link.split("t=")[1] not in str(tokens[0]["token_hash"])

    # opening the link changes nothing, however often
    for _ in range(2):
        page = b.get(link)
        assert page.status == 200, page.text
        assert "Choose a new password" in page.visible_text
    assert stored_hash(team, addr) == before
    assert reset_links(team, addr)[0]["used"] == 0
    assert len(member_sessions(team, addr)) == 1
    assert elsewhere.get("/team").status == 200

    # a password the rules refuse keeps the link usable
    again = choose(b, link, "short")
    assert again.status == 422
    assert "at least 10 characters" in again.visible_text
    again = choose(b, link, addr)
    assert again.status == 422
    assert "cannot be your e-mail address" in again.visible_text
    assert stored_hash(team, addr) == before

    done = choose(b, link, NEW)
    assert done.status == 303, done.text
    assert done.location == "/team?password=1"
    assert TEAM_COOKIE in b.cookies and "__Host-porch" not in b.cookies
    home = b.get(done.location)
    assert home.status == 200
    assert re.search(r'<p class="notice" role="status">%s</p>'
                     % re.escape(SAVED), home.text), home.text
    assert SAVED not in b.get("/team").visible_text
    after = stored_hash(team, addr)
    assert after != before and after.startswith("$argon2id$")
    # every other session ended: only the fresh one is left
    assert len(member_sessions(team, addr)) == 1
    assert elsewhere.get("/team").status == 303
    logged = [a for a in query(team, "SELECT * FROM audit WHERE action = "
                               "'member-password-reset'")
              if a["member_id"] == member_id(team, addr)]
    assert len(logged) == 1
    assert logged[0]["subject"] == query(
        team, "SELECT pid FROM members WHERE id = ?",
        (member_id(team, addr),))[0]["pid"]

    # the link works once
    assert b.get(link).status == 410
    form = page.form("/team/password/reset")
    form.fields.update(password="another fine 9 password",
                       csrf=b.get("/team").csrf)
    assert b.post("/team/password/reset", form.fields).status == 410
    assert stored_hash(team, addr) == after

    assert team_sign_in(browser(team), addr, OLD).status == 422
    assert team_sign_in(browser(team), addr, NEW).status == 303


def test_an_expired_team_reset_link_is_refused(team):
    addr = new_member(team, password=OLD)
    before = stored_hash(team, addr)
    assert ask_reset(browser(team), addr)[0].status == 200
    link = queued_link(team, addr)
    b = browser(team)
    form = b.get(link).form("/team/password/reset")
    expire_member_links(team, addr)
    refused = b.get(link)
    assert refused.status == 410
    assert "/team/password/forgot" in refused.links
    form.fields["password"] = NEW
    assert b.post("/team/password/reset", form.fields).status == 410
    assert stored_hash(team, addr) == before
    assert member_sessions(team, addr) == []
    assert TEAM_COOKIE not in b.cookies


def test_one_reset_ends_the_other_links(team):
    addr = new_member(team, password=OLD)
    for _ in range(2):
        assert ask_reset(browser(team), addr)[0].status == 200
    first, second = [path_of(TEAM_RESET_RE.search(m["body"]).group(0))
                     for m in outbox_to(team, addr)]
    assert choose(browser(team), second, NEW).status == 303
    assert browser(team).get(first).status == 410
    assert all(r["used"] for r in reset_links(team, addr))


def test_an_unknown_address_gets_the_same_answer_and_no_mail(team):
    known = new_member(team, password=OLD)
    unknown = "nobody-%s" % known
    customer = new_customer(team)
    a, a_csrf = ask_reset(browser(team), known)
    b, b_csrf = ask_reset(browser(team), unknown)
    c, c_csrf = ask_reset(browser(team), customer)
    assert a.status == b.status == c.status == 200
    texts = [r.text.replace(csrf, "C").replace(who, "A") for r, csrf, who in
             ((a, a_csrf, known), (b, b_csrf, unknown),
              (c, c_csrf, customer))]
    assert texts[0] == texts[1] == texts[2]
    assert len(outbox_to(team, known)) == 1
    assert outbox_to(team, unknown) == []
    assert outbox_to(team, customer) == [], "a customer is not on the team"


def test_team_reset_requests_are_throttled(team):
    addr = new_member(team, password=OLD)
    for _ in range(5):
        assert ask_reset(browser(team), addr)[0].status == 200
    refused, _ = ask_reset(browser(team), addr)
    assert refused.status == 429
    assert refused.header("Retry-After")
    assert len(outbox_to(team, addr)) == 5


def test_an_invalid_address_gets_the_form_again(team):
    b = browser(team)
    page, _ = ask_reset(b, "not an address <b>")
    assert page.status == 422
    form = page.form("/team/password/forgot")
    assert form.fields["email"] == "not an address <b>"
    assert "<b>" not in page.text
    assert "Enter an e-mail address" in page.visible_text


def test_broken_team_reset_links_are_refused(team):
    b = browser(team)
    for t in ("", "short", "A" * 43):
        page = b.get("/team/password/reset?t=" + t)
        assert page.status == 410
        assert "/team/password/forgot" in page.links


def test_one_sides_reset_link_never_opens_the_other(team):
    """The same address may be a customer's and a member's: each side's
    link works only on its own side."""
    addr = new_member(team, password=OLD)
    team.porchctl("customer", "add", "--office", "demo", "--email", addr,
                  "--name", "Both Sides")
    assert ask_reset(browser(team), addr)[0].status == 200
    member_link = queued_link(team, addr)
    pw = browser(team, "pw.localhost")
    form = pw.get("/password/forgot").form("/password/forgot")
    form.fields["email"] = addr
    assert pw.post("/password/forgot", form.fields).status == 200
    customer_link = queued_link(team, addr, RESET_RE)
    assert not customer_link.startswith("/team/")

    token = member_link.split("t=")[1]
    assert pw.get("/password/reset?t=" + token).status == 410
    refused = pw.post("/password/reset", {"t": token, "password": NEW,
                                          "csrf": pw.get("/login").csrf})
    assert refused.status == 410
    token = customer_link.split("t=")[1]
    b = browser(team)
    assert b.get("/team/password/reset?t=" + token).status == 410
    refused = b.post("/team/password/reset",
                     {"t": token, "password": NEW,
                      "csrf": b.get("/team/login").csrf})
    assert refused.status == 410
    assert query(team, "SELECT password_hash FROM customers WHERE id = ?",
                 (customer_id(team, addr),))[0]["password_hash"] is None
    assert team_sign_in(browser(team), addr, OLD).status == 303


def test_an_invitation_made_before_still_works_beside_resets(team, smtp):
    """Reset links share their table with invitations; each works only
    for its own purpose."""
    admin = new_member(team, role="admin", password=OLD)
    b = browser(team)
    assert team_sign_in(b, admin, OLD).status == 303
    addr = "i-%s" % admin
    form = b.get("/team/members").form("/team/members/invite")
    form.fields.update(email=addr, name="Ivo Invited", role="viewer")
    assert b.post("/team/members/invite", form.fields).status == 303
    invitation = queued_link(
        team, addr, re.compile(r"https?://[^\s]+/team/welcome" + TOKEN))
    token = invitation.split("t=")[1]
    assert browser(team).get("/team/password/reset?t=" + token).status == 410

    assert ask_reset(browser(team), addr)[0].status == 200
    token = queued_link(team, addr).split("t=")[1]
    assert browser(team).get("/team/welcome?t=" + token).status == 410
    newcomer = browser(team)
    welcome = newcomer.get(invitation).form("/team/welcome")
    welcome.fields["password"] = NEW
    assert newcomer.post("/team/welcome", welcome.fields).status == 303
