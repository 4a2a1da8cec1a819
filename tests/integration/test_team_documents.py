"""The team's side of documents over the real nginx: the overview of the
office's documents (filtered by status and customer, paged), a
document's page with its download (every team download in the audit
log), accept, reject with a reason the customer sees, and delete after a
confirming step; each review action is in the audit log and the
customer is mailed when they want news about their documents.  Viewers
see and download but do not change; another office's member finds
nothing."""

import re

import pytest

from client import Client
from helpers import (confirmed_post, new_member, outbox_to, query, sign_in,
                     team_sign_in, walk, new_customer)
from test_documents import PDF, documents_of, upload

PASSWORD = "tidy lantern 4 orchard"


def member(stack, role="agent"):
    addr = new_member(stack, password=PASSWORD, name="Dirk Documents",
                      role=role)
    browser = Client(stack.port, stack.host)
    assert team_sign_in(browser, addr, PASSWORD).status == 303
    return browser


def uploaded(stack, client, name="Cas Customer", files=None):
    addr = new_customer(stack, name=name)
    browser = client()
    sign_in(stack, browser, addr)
    r = upload(browser, files or [("passport.pdf", PDF)])
    assert r.status == 303, r.text
    return addr, browser, documents_of(stack, addr)


def audit_of(stack, pid, action):
    return query(stack, "SELECT * FROM audit WHERE action = ? AND detail "
                 "LIKE ?", (action, "%" + pid + "%"))


def test_the_overview_filters_and_pages(stack, client):
    addr, _, docs = uploaded(stack, client, name="Fenna Filter",
                             files=[("doc-%02d.pdf" % i, PDF)
                                    for i in range(3)])
    cpid = query(stack, "SELECT pid FROM customers WHERE email = ?",
                 (addr,))[0]["pid"]
    team = member(stack)
    home = team.get("/team")
    assert "/team/documents" in home.links
    page = team.get("/team/documents?customer=" + cpid)
    assert page.status == 200, page.text
    assert "Only the documents of Fenna Filter." in page.visible_text
    names = re.findall(r"doc-\d\d\.pdf", page.text)
    assert sorted(names) == ["doc-00.pdf", "doc-01.pdf", "doc-02.pdf"]
    for d in docs:
        assert "/team/documents/%s" % d["pid"] in page.links
    # one accepted: the status filter finds it, and only it
    done = team.post("/team/documents/%s/review" % docs[0]["pid"], {
        "csrf": page.csrf, "status": "accepted"})
    assert done.status == 303, done.text
    page = team.get("/team/documents?status=accepted&customer=" + cpid)
    assert re.findall(r"doc-\d\d\.pdf", page.text) == ["doc-00.pdf"]
    page = team.get("/team/documents?status=new&customer=" + cpid)
    assert sorted(re.findall(r"doc-\d\d\.pdf", page.text)) == [
        "doc-01.pdf", "doc-02.pdf"]
    # bad filters are 400
    assert team.get("/team/documents?status=lost").status == 400
    assert team.get("/team/documents?customer=" + "A" * 22).status == 400
    assert team.get("/team/documents?after=x&before=y").status == 400


def test_the_overview_pages_with_a_keyset(stack, client):
    _, _, docs = uploaded(stack, client, name="Pim Pages",
                          files=[("pg-%02d.pdf" % i, PDF) for i in range(10)])
    uploaded(stack, client, name="Pim Pages",
             files=[("pg-%02d.pdf" % i, PDF) for i in range(10, 20)])
    uploaded(stack, client, name="Pim Pages",
             files=[("pg-%02d.pdf" % i, PDF) for i in range(20, 25)])
    team = member(stack)
    # each row: its document's link and name (names other tests upload
    # too may repeat; the documents may not)
    ahead, behind, _ = walk(team, "/team/documents",
                            lambda p: re.findall(
                                r'href="/team/documents/([A-Za-z0-9_-]{22})"'
                                r'>([^<]+)</a> <span class="muted"', p.text))
    seen = [row for page in ahead for row in page]
    assert len(seen) == len(set(pid for pid, _ in seen)), \
        "a document on two pages"
    mine = [n for _, n in seen if n.startswith("pg-")]
    assert mine == ["pg-%02d.pdf" % i for i in reversed(range(25))]
    assert ahead == behind
    assert len(ahead) >= 2


def test_a_download_is_audited_and_bound_to_the_member(stack, client):
    _, browser, docs = uploaded(stack, client, name="Dan Download")
    pid = docs[0]["pid"]
    team = member(stack)
    page = team.get("/team/documents/%s" % pid)
    assert page.status == 200, page.text
    assert "passport.pdf" in page.visible_text
    assert "Dan Download" in page.visible_text
    for n in (1, 2):
        r = team.get("/team/documents/%s/download" % pid)
        assert r.status == 303, r.text
        assert re.match(r"^/team/documents/%s/file\?exp=[0-9]+&sig=" % pid,
                        r.location), r.location
        assert len(audit_of(stack, pid, "document-downloaded")) == n
    got = team.get(r.location)
    assert got.status == 200
    assert got.body == PDF
    assert "attachment" in got.header("Content-Disposition")
    # the link is the member's: another member, the customer, a signed-out
    # browser get nothing
    assert member(stack).get(r.location).status == 404
    assert browser.get(r.location.replace("/team/", "/portal/")).status == 404
    assert client().get(r.location).status == 303
    assert team.get(r.location.replace("sig=", "sig=A")).status in (400, 404)


def test_accept_and_reject_are_audited_and_mailed(stack, client):
    addr, browser, docs = uploaded(stack, client, name="Rita Review")
    pid = docs[0]["pid"]
    team = member(stack)
    before = len(outbox_to(stack, addr))
    page = team.get("/team/documents/%s" % pid)
    done = team.post("/team/documents/%s/review" % pid, {
        "csrf": page.csrf, "status": "rejected",
        "reason": "The scan is <b>blurred</b>; please send it again."})
    assert done.status == 303, done.text
    assert done.location == "/team/documents/%s?done=rejected" % pid
    row = documents_of(stack, addr)[0]
    assert row["status"] == "rejected"
    assert row["reason"].startswith("The scan is <b>blurred</b>")
    assert len(audit_of(stack, pid, "document-rejected")) == 1
    mails = outbox_to(stack, addr)
    assert len(mails) == before + 1
    assert "not accepted" in mails[-1]["subject"]
    assert "The scan is <b>blurred</b>" in mails[-1]["body"]
    # the customer sees it, escaped
    portal = browser.get("/portal/documents")
    assert "The scan is &lt;b&gt;blurred&lt;/b&gt;" in portal.text
    assert "Rejected" in portal.visible_text
    # accepting clears the reason; the customer who wants no news gets none
    prefs = browser.post("/portal/account/notifications", {
        "csrf": browser.get("/portal/account").csrf, "appointments": "1"})
    assert prefs.status == 303
    done = team.post("/team/documents/%s/review" % pid, {
        "csrf": page.csrf, "status": "accepted"})
    assert done.status == 303
    row = documents_of(stack, addr)[0]
    assert (row["status"], row["reason"]) == ("accepted", "")
    assert len(audit_of(stack, pid, "document-accepted")) == 1
    assert len(outbox_to(stack, addr)) == before + 1
    shown = team.get(done.location)
    assert "The document was accepted." in shown.visible_text
    # accepted: rejecting is still offered, accepting again is not
    form = shown.form("/team/documents/%s/review" % pid)
    assert form.fields.get("status") == "rejected"
    assert "Accept" not in [b.strip() for b in form.buttons]
    # what is not a review is refused and changes nothing
    for status in ("new", "lost", ""):
        r = team.post("/team/documents/%s/review" % pid, {
            "csrf": page.csrf, "status": status})
        assert r.status == 400, status
    assert documents_of(stack, addr)[0]["status"] == "accepted"


def test_delete_takes_a_confirming_step(stack, client):
    addr, browser, docs = uploaded(stack, client, name="Dora Delete")
    pid = docs[0]["pid"]
    team = member(stack)
    page = team.get("/team/documents/%s" % pid)
    step = team.post("/team/documents/%s/delete" % pid, {"csrf": page.csrf})
    assert step.status == 200
    assert "Delete this document?" in step.visible_text
    assert len(documents_of(stack, addr)) == 1
    done = confirmed_post(team, "/team/documents/%s/delete" % pid,
                          {"csrf": page.csrf})
    assert done.status == 303, done.text
    assert done.location == "/team/documents?done=deleted"
    assert documents_of(stack, addr) == []
    assert len(audit_of(stack, pid, "document-deleted")) == 1
    assert team.get("/team/documents/%s" % pid).status == 404
    assert browser.get("/portal/documents/%s/download" % pid).status == 404
    assert "The document was deleted for good." in \
        team.get(done.location).visible_text


def test_a_viewer_sees_but_does_not_change(stack, client):
    addr, _, docs = uploaded(stack, client, name="Vera Viewer")
    pid = docs[0]["pid"]
    viewer = member(stack, role="viewer")
    page = viewer.get("/team/documents/%s" % pid)
    assert page.status == 200
    actions = [f.action for f in page.forms]
    assert "/team/documents/%s/review" % pid not in actions
    assert "/team/documents/%s/delete" % pid not in actions
    assert viewer.get("/team/documents/%s/download" % pid).status == 303
    for action, fields in (("review", {"status": "accepted"}),
                           ("delete", {"confirm": "yes"})):
        r = viewer.post("/team/documents/%s/%s" % (pid, action),
                        dict(fields, csrf=page.csrf))
        assert r.status == 403, action
    row = documents_of(stack, addr)[0]
    assert row["status"] == "new"


def test_unknown_documents_are_404(stack, client):
    team = member(stack)
    csrf = team.get("/team").csrf
    for path in ("/team/documents/%s" % ("A" * 22),
                 "/team/documents/%s/download" % ("A" * 22)):
        assert team.get(path).status == 404, path
    for action in ("review", "delete"):
        assert team.post("/team/documents/%s/%s" % ("A" * 22, action), {
            "csrf": csrf, "status": "accepted"}).status == 404, action


def test_documents_in_the_inbox_timeline_and_customer_page(stack, client):
    addr, _, docs = uploaded(stack, client, name="Iris Inbox",
                             files=[("inbox-<i>.pdf", PDF)])
    pid = docs[0]["pid"]
    cpid = query(stack, "SELECT pid FROM customers WHERE email = ?",
                 (addr,))[0]["pid"]
    team = member(stack)
    inbox = team.get("/team/inbox?kind=document")
    assert inbox.status == 200, inbox.text
    assert "/team/documents/%s" % pid in inbox.links
    assert "Document: inbox-<i>.pdf" in inbox.visible_text
    assert "inbox-&lt;i&gt;.pdf" in inbox.text
    assert "/team/documents/%s" % pid in \
        team.get("/team/inbox?kind=document&status=new").links
    assert "/team/documents/%s" % pid not in \
        team.get("/team/inbox?kind=document&status=accepted").links
    assert "/team/inbox?kind=document" in team.get("/team/inbox").links

    page = team.get("/team/customers/%s" % cpid)
    assert "Document uploaded: inbox-<i>.pdf" in page.visible_text
    assert "/team/documents/%s" % pid in page.links
    assert "/team/documents?customer=%s" % cpid in page.links

    done = team.post("/team/documents/%s/review" % pid, {
        "csrf": page.csrf, "status": "rejected", "reason": "Blurred"})
    assert done.status == 303
    page = team.get("/team/customers/%s" % cpid)
    assert "Document rejected by the team" in page.visible_text
    assert "/team/documents/%s" % pid in \
        team.get("/team/inbox?kind=document&status=rejected").links
    assert confirmed_post(team, "/team/documents/%s/delete" % pid,
                          {"csrf": page.csrf}).status == 303
    page = team.get("/team/customers/%s" % cpid)
    assert "Document deleted by the team" in page.visible_text
    assert "/team/documents/%s" % pid not in page.links
    assert "No documents." in page.visible_text
