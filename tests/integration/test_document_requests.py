"""Document requests over the real nginx.  The team asks a customer for
a document on the customer's page: the request opens on the customer's
documents page and in their timeline, the audit log records it, and the
customer is mailed (when they want news) a link that leads through
sign-in to the request.  The request's page shows what the office asks
for and a single upload field, which works even when the office's plan
has no uploads; the upload is the customer's document, attached to the
request, and fulfils it, and the team finds it on the customer's page.
The team may cancel an open request; a fulfilled or cancelled request
takes no more; another customer's request is 404; viewers see requests
but neither ask nor cancel."""

import re
import time
import urllib.parse

import pytest

from client import Client
from helpers import (_write, add_office, customer_id, new_customer,
                     new_member, new_pid, open_link, outbox_to, path_of,
                     query, set_office_option, sign_in, team_sign_in)
from test_documents import PDF, documents_of, upload


def ask(stack, addr, title="Your passport", explanation="Both sides.",
        status="open", office="demo"):
    """A document request for the customer, as the team leaves one."""
    pid = new_pid()
    now = int(time.time())
    _write(stack, "INSERT INTO document_requests (pid, customer_id, title, "
           "explanation, status, created, updated) VALUES (?, ?, ?, ?, ?, "
           "?, ?)", (pid, customer_id(stack, addr, office), title,
                     explanation, status, now, now), office)
    return pid


def request_row(stack, pid, office="demo"):
    return query(stack, "SELECT * FROM document_requests WHERE pid = ?",
                 (pid,), office)[0]


def signed_in(stack, client, name="Rob Request"):
    addr = new_customer(stack, name=name)
    browser = client()
    sign_in(stack, browser, addr)
    return addr, browser


def answer(browser, pid, files):
    path = "/portal/documents/requests/%s" % pid
    return upload(browser, files, path=path + "/upload",
                  csrf=browser.get(path).csrf)


def test_a_request_is_answered_with_one_document(stack, client):
    addr, browser = signed_in(stack, client)
    pid = ask(stack, addr, title="Payslip <March>",
              explanation="The last one, please.")
    docs = browser.get("/portal/documents")
    assert "/portal/documents/requests/%s" % pid in docs.links
    page = browser.get("/portal/documents/requests/%s" % pid)
    assert page.status == 200, page.text
    assert "Payslip <March>" in page.visible_text, page.text
    assert "The last one, please." in page.visible_text
    form = page.form("/portal/documents/requests/%s/upload" % pid)
    assert "multiple" not in page.text.split(form.action)[1].split("</form>")[0]

    done = answer(browser, pid, [("payslip.pdf", PDF)])
    assert done.status == 303, done.text
    assert done.location == \
        "/portal/documents/requests/%s?done=uploaded" % pid
    rows = documents_of(stack, addr)
    assert len(rows) == 1
    assert rows[0]["source"] == "request"
    assert rows[0]["request_id"] == request_row(stack, pid)["id"]
    assert request_row(stack, pid)["status"] == "fulfilled"
    page = browser.get(done.location)
    assert "your document is with the office" in page.visible_text
    assert 'action="/portal/documents/requests/%s/upload"' % pid \
        not in page.text
    assert "For the request: Payslip <March>" in \
        browser.get("/portal/documents").visible_text

    # a fulfilled request takes no more
    again = answer(browser, pid, [("second.pdf", PDF)])
    assert again.status == 409
    assert len(documents_of(stack, addr)) == 1


def test_two_files_or_none_are_refused(stack, client):
    addr, browser = signed_in(stack, client)
    pid = ask(stack, addr)
    r = answer(browser, pid, [("a.pdf", PDF), ("b.pdf", PDF)])
    assert r.status in (400, 413, 422)
    r = answer(browser, pid, [])
    assert r.status == 422
    assert documents_of(stack, addr) == []
    assert request_row(stack, pid)["status"] == "open"


def test_a_cancelled_request_takes_nothing(stack, client):
    addr, browser = signed_in(stack, client)
    pid = ask(stack, addr, status="cancelled")
    page = browser.get("/portal/documents/requests/%s" % pid)
    assert page.status == 200
    assert "The office cancelled this request" in page.visible_text
    assert 'action="/portal/documents/requests/%s/upload"' % pid \
        not in page.text
    assert answer(browser, pid, [("late.pdf", PDF)]).status == 409
    assert documents_of(stack, addr) == []


def test_another_customers_request_is_not_found(stack, client):
    addr, _ = signed_in(stack, client)
    pid = ask(stack, addr)
    _, other = signed_in(stack, client, name="Olga Other")
    assert other.get("/portal/documents/requests/%s" % pid).status == 404
    assert answer_as(other, pid).status == 404
    assert documents_of(stack, addr) == []
    assert request_row(stack, pid)["status"] == "open"


def answer_as(browser, pid):
    return upload(browser, [("theirs.pdf", PDF)],
                  path="/portal/documents/requests/%s/upload" % pid,
                  csrf=browser.get("/portal/documents").csrf)


@pytest.fixture(scope="module")
def no_uploads(stack):
    host = "noupreq.localhost"
    add_office(stack, "noupreq", host, "Plain Requests")
    set_office_option(stack.conf, "noupreq", "features",
                      "booking-links time-proposals multi-slot")
    return "%s:%d" % (host, stack.port)


def test_a_request_works_without_uploads_in_the_plan(stack, no_uploads):
    addr = new_customer(stack, office="noupreq")
    browser = Client(stack.port, no_uploads)
    sign_in(stack, browser, addr, office="noupreq", portal="noupreq")
    pid = ask(stack, addr, office="noupreq")
    assert upload(browser, [("a.pdf", PDF)]).status == 403
    done = answer(browser, pid, [("asked.pdf", PDF)])
    assert done.status == 303, done.text
    assert request_row(stack, pid, "noupreq")["status"] == "fulfilled"
    assert len(documents_of(stack, addr, "noupreq")) == 1


# ------------------------------------------------------------ team side
PASSWORD = "tidy lantern 4 orchard"
SIGN_IN_LINK = r"https?://\S+/auth\?t=[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"


def member(stack, role="agent"):
    addr = new_member(stack, password=PASSWORD, name="Dora Desk", role=role)
    browser = Client(stack.port, stack.host)
    assert team_sign_in(browser, addr, PASSWORD).status == 303
    return browser


def customer_pid(stack, addr):
    return query(stack, "SELECT pid FROM customers WHERE email = ?",
                 (addr,))[0]["pid"]


def requests_of(stack, addr):
    return query(stack, "SELECT * FROM document_requests WHERE "
                 "customer_id = ? ORDER BY id", (customer_id(stack, addr),))


def audit_of(stack, action, detail):
    return query(stack, "SELECT * FROM audit WHERE action = ? AND detail "
                 "LIKE ?", (action, "%" + detail + "%"))


def team_asks(team, cpid, title="Proof of income", explanation=""):
    page = team.get("/team/customers/%s" % cpid)
    assert page.status == 200, page.text
    assert "/team/customers/%s/document-request" % cpid in page.links
    form = team.get("/team/customers/%s/document-request" % cpid)
    assert form.status == 200, form.text
    f = form.form("/team/customers/%s/document-request" % cpid)
    f.fields.update(title=title, explanation=explanation)
    return team.post(f.action, f.fields)


def test_the_whole_journey_from_the_team_to_the_customer_and_back(
        stack, client):
    addr = new_customer(stack, name="Jo Journey")
    cpid = customer_pid(stack, addr)
    team = member(stack)
    before = len(outbox_to(stack, addr))
    done = team_asks(team, cpid, title="Proof of <income>",
                     explanation="Your last three payslips.")
    assert done.status == 303, done.text
    assert done.location == "/team/customers/%s?requested=1" % cpid
    rows = requests_of(stack, addr)
    assert [(r["title"], r["explanation"], r["status"]) for r in rows] == \
        [("Proof of <income>", "Your last three payslips.", "open")]
    pid = rows[0]["pid"]
    assert len(audit_of(stack, "document-requested", pid)) == 1
    page = team.get(done.location)
    assert "The document request is on" in page.visible_text
    assert "Proof of &lt;income&gt;" in page.text
    assert "Document requested: Proof of <income>" in page.visible_text
    assert 'action="/team/document-requests/%s/cancel"' % pid in page.text

    # the mail's link leads through sign-in to the request
    mails = outbox_to(stack, addr)
    assert len(mails) == before + 1
    mail = mails[-1]
    assert "asks you for a document" in mail["subject"]
    assert "Proof of <income>" in mail["body"]
    link = re.search(r"https?://\S+/portal/documents/requests/" + pid,
                     mail["body"])
    assert link, mail["body"]
    browser = client()
    first = browser.get(path_of(link.group(0)))
    assert first.status == 303
    path = "/portal/documents/requests/%s" % pid
    assert first.location == "/login?next=" + urllib.parse.quote(path, "")
    login = browser.get(first.location).form("/login")
    assert login.fields["next"] == path
    login.fields["email"] = addr
    assert browser.post("/login", login.fields).status == 200
    sign = re.search(SIGN_IN_LINK, outbox_to(stack, addr)[-1]["body"])
    assert sign, outbox_to(stack, addr)[-1]["body"]
    landed = open_link(browser, sign.group(0))
    assert landed.status == 303
    assert landed.location == path
    shown = browser.get(path)
    assert shown.status == 200, shown.text
    assert "Proof of <income>" in shown.visible_text
    assert "Your last three payslips." in shown.visible_text

    # the customer answers; the team finds the document on the request
    assert answer(browser, pid, [("payslips.pdf", PDF)]).status == 303
    assert request_row(stack, pid)["status"] == "fulfilled"
    doc = documents_of(stack, addr)[0]
    assert doc["request_id"] == request_row(stack, pid)["id"]
    page = team.get("/team/customers/%s" % cpid)
    assert "/team/documents/%s" % doc["pid"] in page.links
    assert 'action="/team/document-requests/%s/cancel"' % pid \
        not in page.text
    shown = team.get("/team/documents/%s" % doc["pid"])
    assert shown.status == 200
    assert "payslips.pdf" in shown.visible_text
    assert "Proof of <income>" in shown.visible_text
    # a fulfilled request cannot be cancelled
    again = team.post("/team/document-requests/%s/cancel" % pid,
                      {"csrf": page.csrf})
    assert again.status == 409
    assert request_row(stack, pid)["status"] == "fulfilled"


def test_a_customer_who_wants_no_news_gets_no_mail(stack, client):
    addr, browser = signed_in(stack, client, name="Quinn Quiet")
    prefs = browser.post("/portal/account/notifications", {
        "csrf": browser.get("/portal/account").csrf, "appointments": "1"})
    assert prefs.status == 303
    before = len(outbox_to(stack, addr))
    assert team_asks(member(stack), customer_pid(stack, addr)).status == 303
    assert len(requests_of(stack, addr)) == 1
    assert len(outbox_to(stack, addr)) == before
    # the request is on their documents page all the same
    pid = requests_of(stack, addr)[0]["pid"]
    assert "/portal/documents/requests/%s" % pid in \
        browser.get("/portal/documents").links


def test_the_team_cancels_and_the_upload_is_refused(stack, client):
    addr, browser = signed_in(stack, client, name="Cleo Cancel")
    cpid = customer_pid(stack, addr)
    team = member(stack)
    assert team_asks(team, cpid, title="Passport").status == 303
    pid = requests_of(stack, addr)[0]["pid"]
    page = team.get("/team/customers/%s" % cpid)
    form = page.form("/team/document-requests/%s/cancel" % pid)
    done = team.post(form.action, form.fields)
    assert done.status == 303, done.text
    assert done.location == "/team/customers/%s?cancelled=1" % cpid
    assert request_row(stack, pid)["status"] == "cancelled"
    assert len(audit_of(stack, "document-request-cancelled", pid)) == 1
    page = team.get(done.location)
    assert "it takes no more uploads" in page.visible_text
    assert "Document request cancelled by the team" in page.visible_text
    assert "Cancelled" in page.visible_text
    assert "/portal/documents/requests/%s" % pid not in \
        browser.get("/portal/documents").links
    assert answer(browser, pid, [("late.pdf", PDF)]).status == 409
    assert documents_of(stack, addr) == []
    assert team.post(form.action, form.fields).status == 409


def test_a_title_is_needed_and_kept_short(stack):
    addr = new_customer(stack, name="Tia Title")
    cpid = customer_pid(stack, addr)
    team = member(stack)
    for title in ("", "   ", "é" * 101):
        r = team_asks(team, cpid, title=title, explanation="Kept <as typed>")
        assert r.status == 422, (title, r.status)
        assert "Say what you ask for" in r.visible_text
        assert "Kept &lt;as typed&gt;" in r.text
    r = team_asks(team, cpid, title="Deed", explanation="x" * 2001)
    assert r.status in (400, 422)
    assert requests_of(stack, addr) == []


def test_a_viewer_sees_requests_but_neither_asks_nor_cancels(stack):
    addr = new_customer(stack, name="Vera Viewed")
    cpid = customer_pid(stack, addr)
    pid = ask(stack, addr, title="Utility bill")
    viewer = member(stack, role="viewer")
    page = viewer.get("/team/customers/%s" % cpid)
    assert page.status == 200
    assert "Utility bill" in page.visible_text
    assert "/team/customers/%s/document-request" % cpid not in page.links
    assert "/team/document-requests/%s/cancel" % pid not in page.text
    assert viewer.get("/team/customers/%s/document-request" % cpid) \
        .status == 403
    r = viewer.post("/team/customers/%s/document-request" % cpid,
                    {"csrf": page.csrf, "title": "Sneaky"})
    assert r.status == 403
    r = viewer.post("/team/document-requests/%s/cancel" % pid,
                    {"csrf": page.csrf})
    assert r.status == 403
    assert [r["title"] for r in requests_of(stack, addr)] == ["Utility bill"]
    assert request_row(stack, pid)["status"] == "open"


def test_unknown_ids_are_not_found_for_the_team(stack):
    team = member(stack)
    csrf = team.get("/team").csrf
    assert team.get("/team/customers/%s/document-request" % new_pid()) \
        .status == 404
    assert team.post("/team/customers/%s/document-request" % new_pid(),
                     {"csrf": csrf, "title": "X"}).status == 404
    assert team.post("/team/document-requests/%s/cancel" % new_pid(),
                     {"csrf": csrf}).status == 404
