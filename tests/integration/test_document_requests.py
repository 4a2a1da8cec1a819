"""Answering a document request in the portal, over the real nginx: the
request's page shows what the office asks for and a single upload field,
which works even when the office's plan has no uploads; the upload is
the customer's document, attached to the request, and fulfils it; a
fulfilled or cancelled request takes no more; another customer's
request is 404."""

import time

import pytest

from client import Client
from helpers import (_write, add_office, customer_id, new_customer, new_pid,
                     query, set_office_option, sign_in)
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
