"""A customer's request to delete their personal data: asked for and
cancelled on the account page, listed for the team, carried out by an
admin only, after which the customer is told by mail, cannot sign in, and
nothing personal is left of them in the office's database."""

import re

from client import Client
from helpers import (confirmed_post, customer_id, new_customer, new_member,
                     outbox_to, press_deletion,
                     query, sign_in, team_sign_in)

PASSWORD = "tidy lantern 4 orchard"
PID_RE = re.compile(r"^/team/deletions/([A-Za-z0-9_-]{22})$")


def member_browser(stack, client, role):
    addr = new_member(stack, role=role, password=PASSWORD,
                      name="Dee %s" % role.title())
    browser = client()
    done = team_sign_in(browser, addr, PASSWORD)
    assert done.status == 303, done.text
    return browser


def press(browser, action):
    done = press_deletion(browser, action)
    assert done.status == 303, done.text
    assert done.location.endswith("/portal/account")
    return browser.get("/portal/account")


def requests_of(stack, addr):
    return query(stack, "SELECT * FROM deletion_requests WHERE "
                 "customer_id = ? ORDER BY id", (customer_id(stack, addr),))


def request_pid(stack, addr):
    rows = [r for r in requests_of(stack, addr) if r["status"] == "open"]
    assert len(rows) == 1
    return rows[0]["pid"]


def test_a_customer_asks_and_cancels(stack, client):
    addr = new_customer(stack, name="Cara Cancel")
    browser = client()
    sign_in(stack, browser, addr)
    page = press(browser, "request")
    assert "Cancel the request" in page.visible_text
    assert [r["status"] for r in requests_of(stack, addr)] == ["open"]
    page = press(browser, "cancel")
    assert "Cancel the request" not in page.visible_text
    assert [r["status"] for r in requests_of(stack, addr)] == ["cancelled"]
    bad = browser.post("/portal/account/deletion",
                       {"csrf": page.csrf, "action": "everything"})
    assert bad.status == 400


def test_asking_takes_a_confirming_step(stack, client):
    addr = new_customer(stack, name="Stef Step")
    browser = client()
    sign_in(stack, browser, addr)
    page = browser.get("/portal/account")
    form = page.form("/portal/account/deletion")
    step = browser.post("/portal/account/deletion", form.fields)
    assert step.status == 200, step.text
    assert "Delete your personal data?" in step.visible_text
    assert "cannot be undone" in step.visible_text
    assert "/portal/account" in step.links     # the way back: keep my data
    assert requests_of(stack, addr) == []
    # a forged confirm value is no confirmation
    forged = browser.post("/portal/account/deletion",
                          dict(form.fields, confirm="sure"))
    assert forged.status == 200 and requests_of(stack, addr) == []
    confirm = step.form("/portal/account/deletion")
    done = browser.post("/portal/account/deletion", confirm.fields)
    assert done.status == 303, done.text
    assert [r["status"] for r in requests_of(stack, addr)] == ["open"]


def test_only_an_admin_carries_out_a_request(stack, smtp, client):
    addr = new_customer(stack, name="Gus Gone")
    cid = customer_id(stack, addr)
    customer = client()
    sign_in(stack, customer, addr)
    press(customer, "request")
    pid = request_pid(stack, addr)
    path = "/team/deletions/%s" % pid

    viewer = member_browser(stack, client, "viewer")
    listing = viewer.get("/team/deletions")
    assert listing.status == 200, listing.text
    assert pid in [m.group(1) for m in map(PID_RE.match, listing.links) if m]
    assert addr in listing.visible_text
    page = viewer.get(path)
    assert page.status == 200 and "Gus Gone" in page.visible_text
    assert viewer.get("/team/deletions/AAAAAAAAAAAAAAAAAAAAAA").status == 404
    for browser in (viewer, member_browser(stack, client, "agent")):
        page = browser.get(path)
        denied = browser.post(path + "/process", {"csrf": page.csrf})
        assert denied.status == 403
    assert query(stack, "SELECT id FROM customers WHERE id = ?", (cid,))

    # a sign-in link asked for before: its mail goes with the data
    before = client()
    form = before.get("/login").form("/login")
    form.fields["email"] = addr
    assert before.post("/login", form.fields).status == 200
    assert len(outbox_to(stack, addr)) == 1

    admin = member_browser(stack, client, "admin")
    page = admin.get(path)
    form = page.form(path + "/process")
    # the button first shows what will happen, and changes nothing
    step = admin.post(path + "/process", form.fields)
    assert step.status == 200, step.text
    assert "cannot be undone" in step.visible_text
    assert query(stack, "SELECT id FROM customers WHERE id = ?", (cid,))
    done = confirmed_post(admin, path + "/process", form.fields)
    assert done.status == 303, done.text
    assert done.location.endswith(path)
    page = admin.get(path)
    assert "Done" in page.visible_text and addr not in page.text

    # only the notice is left, and it outlives the customer
    left = outbox_to(stack, addr)
    assert len(left) == 1 and "deleted" in left[0]["body"]
    stack.mailer("--once")
    mail = smtp.wait_for(addr)
    assert "Gus Gone" in mail.text and "deleted" in mail.text

    # nothing personal is left
    for table, col in (("customers", "id"), ("login_tokens", "customer_id"),
                       ("appointments", "customer_id")):
        assert query(stack, "SELECT * FROM %s WHERE %s = ?" % (table, col),
                     (cid,)) == []
    assert query(stack, "SELECT * FROM sessions WHERE kind = 'customer' "
                 "AND principal_id = ?", (cid,)) == []
    row = query(stack, "SELECT * FROM deletion_requests WHERE pid = ?",
                (pid,))[0]
    assert row["status"] == "done" and row["customer_id"] is None
    assert row["processed"] > 0 and row["processed_by"] is not None
    for value in dict(row).values():
        assert "Gus" not in str(value) and addr not in str(value)
    audit = query(stack, "SELECT * FROM audit WHERE subject = ?", (pid,))
    assert [a["action"] for a in audit] == ["deletion-processed"]
    assert addr not in audit[0]["detail"]

    # the customer is signed out for good
    gone = customer.get("/portal/account")
    assert gone.status == 303 and "/login" in gone.location
    asker = client()
    form = asker.get("/login").form("/login")
    form.fields["email"] = addr
    assert asker.post("/login", form.fields).status == 200
    assert len(outbox_to(stack, addr)) == 1


def test_a_request_reaches_the_team_inbox(stack, client):
    addr = new_customer(stack, name="Ines Inbox")
    browser = client()
    sign_in(stack, browser, addr)
    press(browser, "request")
    pid = request_pid(stack, addr)

    team = member_browser(stack, client, "viewer")
    inbox = team.get("/team/inbox?kind=deletion")
    assert inbox.status == 200, inbox.text
    assert "Deletion request" in inbox.visible_text
    assert "Ines Inbox" in inbox.visible_text
    assert "/team/deletions/%s" % pid in inbox.text
