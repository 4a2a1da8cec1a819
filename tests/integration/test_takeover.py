"""Account pre-hijacking, and working links left where they should not be.

A stranger who does not own an address signs up with it first, choosing
the name "Mallory" and a password; later the owner proves the address in
some way.  Whatever that way (their own sign-up, a sign-in link, an
invitation, the team's activation link, an e-mail change), the account
the owner gets holds nothing of the stranger's: not the name, not the
password, and the stranger's sign-up link no longer works.  Signing in
through an OpenID provider is proven the same way in test_oidc.py.

And once a mail is delivered, nothing the database holds (its file, its
write-ahead log) nor anything logged can be turned into the link it
carried.
"""

import glob
import os
import re

import pytest

from client import Client
from helpers import TOKEN_RE, new_customer, new_member, open_link, \
    outbox_to, path_of, query, sign_in, team_sign_in

STRANGER_PW = "mallory chose this 91"
OWNER_PW = "owners own secret 2718"
LINK_RE = re.compile(r"https?://\S+?/auth\?t=[A-Za-z0-9_-]{43}"
                     r"(?![A-Za-z0-9_-])")


def add_open_portal(stack):
    stack.porchctl("portal", "add", "takeover", "--office", "demo",
                   "--url", "http://takeover.localhost:%d" % stack.port,
                   "--name", "Takeover Portal", "--signup", "open",
                   "--signin", "magic-link password")


@pytest.fixture(scope="module")
def tk(launch, smtp):
    with launch("takeover", smtp.url, setup=add_open_portal) as stack:
        yield stack


def browser(stack):
    return Client(stack.port, "takeover.localhost:%d" % stack.port)


def fresh_address():
    return "victim-%s@example.com" % os.urandom(5).hex()


def sign_up(stack, addr, name, password):
    b = browser(stack)
    form = b.get("/signup").form("/signup")
    form.fields.update(name=name, email=addr, password=password)
    done = b.post("/signup", form.fields)
    assert done.status == 200, done.text
    return done


def queued_link(stack, addr):
    """The link in the newest mail still queued for addr (read before the
    mailer runs, as only queued mail may hold one)."""
    rows = [r for r in outbox_to(stack, addr) if r["sent"] == 0]
    assert rows, "no mail queued for %s" % addr
    m = LINK_RE.search(rows[-1]["body"])
    assert m, rows[-1]["body"]
    return m.group(0)


def stranger_signs_up(stack, addr):
    """The stranger's sign-up; its link, which only the owner's mailbox
    receives (the owner might still press it, which is the one thing
    that may confirm what the stranger typed)."""
    sign_up(stack, addr, "Mallory", STRANGER_PW)
    return queued_link(stack, addr)


def password_works(stack, addr, password):
    b = browser(stack)
    form = b.get("/login").form("/login/password")
    form.fields.update(email=addr, password=password)
    return b.post("/login/password", form.fields).status == 303


def account(stack, addr):
    rows = query(stack, "SELECT * FROM customers WHERE email = ?", (addr,))
    return rows[0] if rows else None


def link_is_dead(stack, link):
    return browser(stack).get(path_of(link)).status == 410


def assert_nothing_of_the_strangers(stack, addr, stranger_link):
    row = account(stack, addr)
    assert row is not None and row["active"] == 1
    assert row["name"] != "Mallory"
    assert not password_works(stack, addr, STRANGER_PW)
    assert link_is_dead(stack, stranger_link)
    assert query(stack, "SELECT * FROM signups WHERE email = ?",
                 (addr,)) == []


def test_the_owners_sign_up_replaces_the_strangers(tk):
    addr = fresh_address()
    stranger = stranger_signs_up(tk, addr)
    assert account(tk, addr) is None     # a sign-up is not an account
    assert not password_works(tk, addr, STRANGER_PW)

    sign_up(tk, addr, "Olivia Owner", OWNER_PW)
    owners = queued_link(tk, addr)
    assert link_is_dead(tk, stranger)
    b = browser(tk)
    assert open_link(b, owners).status == 303
    assert b.get("/portal").status == 200
    assert_nothing_of_the_strangers(tk, addr, stranger)
    assert account(tk, addr)["name"] == "Olivia Owner"
    assert password_works(tk, addr, OWNER_PW)


def test_a_sign_in_link_after_the_team_adds_the_owner(tk):
    addr = fresh_address()
    stranger = stranger_signs_up(tk, addr)
    tk.porchctl("customer", "add", "--office", "demo", "--email", addr,
                "--name", "Olivia Owner")
    b = browser(tk)
    sign_in(tk, b, addr, portal="takeover")
    assert_nothing_of_the_strangers(tk, addr, stranger)
    assert account(tk, addr)["password_hash"] is None


def test_an_invitation_after_the_strangers_sign_up(tk):
    addr = fresh_address()
    stranger = stranger_signs_up(tk, addr)
    out = tk.porchctl("invite", "--office", "demo", "--email", addr,
                      "--name", "Ivy Invited", "--portal", "takeover")
    invitation = TOKEN_RE.search(out)
    assert invitation, out
    assert account(tk, addr)["active"] == 0
    assert link_is_dead(tk, stranger)
    b = browser(tk)
    done = open_link(b, "/auth?t=" + invitation.group(1))
    assert done.status == 303, done.text
    assert_nothing_of_the_strangers(tk, addr, stranger)
    assert account(tk, addr)["name"] == "Ivy Invited"


def test_a_strangers_sign_up_over_an_invitation_changes_nothing(tk):
    addr = fresh_address()
    tk.porchctl("invite", "--office", "demo", "--email", addr,
                "--name", "Ivy Invited", "--portal", "takeover")
    before = dict(account(tk, addr))
    sign_up(tk, addr, "Mallory", STRANGER_PW)
    assert dict(account(tk, addr)) == before
    # the owner is told they have an account, with a link of their own
    told = queued_link(tk, addr)
    b = browser(tk)
    assert open_link(b, told).status == 303
    row = account(tk, addr)
    assert row["active"] == 1 and row["name"] == "Ivy Invited"
    assert row["password_hash"] is None
    assert not password_works(tk, addr, STRANGER_PW)


def test_the_teams_activation_link(tk):
    addr = fresh_address()
    tk.porchctl("invite", "--office", "demo", "--email", addr,
                "--name", "Tess Team-Invited", "--portal", "takeover")
    # a sign-up for an invited address changes nothing
    sign_up(tk, addr, "Mallory", STRANGER_PW)
    admin = new_member(tk, role="admin", password="team admin pass 123")
    team = Client(tk.port, "takeover.localhost:%d" % tk.port)
    assert team_sign_in(team, admin, "team admin pass 123").status == 303
    pid = account(tk, addr)["pid"]
    page = team.get("/team/customers/" + pid)
    form = page.form("/team/customers/%s/activation" % pid)
    assert team.post(form.action, form.fields).status == 303
    link = queued_link(tk, addr)
    b = browser(tk)
    assert open_link(b, link).status == 303
    row = account(tk, addr)
    assert row["active"] == 1 and row["name"] == "Tess Team-Invited"
    assert not password_works(tk, addr, STRANGER_PW)


def test_a_password_reset_finds_no_account_to_take(tk):
    """A waiting sign-up is no account: the owner's reset mails nothing,
    and the stranger's password opens nothing either way."""
    addr = fresh_address()
    stranger_signs_up(tk, addr)
    queued = len(outbox_to(tk, addr))
    b = browser(tk)
    form = b.get("/password/forgot").form("/password/forgot")
    form.fields["email"] = addr
    assert b.post("/password/forgot", form.fields).status == 200
    assert len(outbox_to(tk, addr)) == queued
    assert account(tk, addr) is None
    assert not password_works(tk, addr, STRANGER_PW)


def test_an_email_change_to_the_address(tk):
    addr = fresh_address()
    stranger = stranger_signs_up(tk, addr)
    owner = new_customer(tk, name="Olivia Owner")
    b = browser(tk)
    sign_in(tk, b, owner, portal="takeover")
    form = b.get("/portal/account").form("/portal/account/email")
    form.fields["email"] = addr
    assert b.post("/portal/account/email", form.fields).status == 303
    body = [r for r in outbox_to(tk, addr) if r["sent"] == 0][-1]["body"]
    confirm = re.search(r"/account/email/confirm\?t=[A-Za-z0-9_-]{43}",
                        body).group(0)
    form = b.get(confirm).form("/account/email/confirm")
    assert b.post("/account/email/confirm", form.fields).status == 303
    assert_nothing_of_the_strangers(tk, addr, stranger)
    assert account(tk, addr)["name"] == "Olivia Owner"


# ------------------------------------------- links after their delivery
def files_holding(stack, secret):
    """Every file of the installation's state (databases, their logs,
    every program's and web server's log) whose bytes hold `secret`."""
    needle = secret.encode()
    found = []
    for path in glob.glob(os.path.join(stack.state, "**"), recursive=True):
        if not os.path.isfile(path) or "maildir" in path:
            continue
        with open(path, "rb") as f:
            if needle in f.read():
                found.append(os.path.relpath(path, stack.state))
    return found


def test_a_delivered_link_is_nowhere_in_the_state(tk, smtp):
    owner = new_customer(tk, name="Dee Delivered")
    b = browser(tk)
    form = b.get("/login").form("/login")
    form.fields["email"] = owner
    assert b.post("/login", form.fields).status == 200
    link = queued_link(tk, owner)
    token = TOKEN_RE.search(link).group(1)
    # queued, the mail (both its parts) is the one place the link is
    queued = [r for r in outbox_to(tk, owner) if r["sent"] == 0]
    assert token in queued[-1]["body_html"]
    assert any(p.endswith("porch.db") or p.endswith("porch.db-wal")
               for p in files_holding(tk, token))

    tk.mailer("--once")
    mail = smtp.wait_for(owner)
    assert token in mail.text and token in mail.html
    assert files_holding(tk, token) == []
    sent = [r for r in outbox_to(tk, owner) if r["sent"] != 0]
    assert len(sent) == 1 and sent[0]["body"] == ""
    assert sent[0]["body_html"] is None
    assert sent[0]["subject"]            # the record of what was sent stays
    # and the link still works for its owner, once
    assert open_link(b, link).status == 303
    assert files_holding(tk, token) == []


def test_a_delivered_sign_up_link_is_nowhere_either(tk, smtp):
    addr = fresh_address()
    link = stranger_signs_up(tk, addr)
    token = TOKEN_RE.search(link).group(1)
    tk.mailer("--once")
    assert token in smtp.wait_for(addr).text
    assert files_holding(tk, token) == []
