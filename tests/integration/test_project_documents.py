"""Project documents over the real nginx: a member with agenda edit
access uploads a brochure or a floor plan to a project from its team page
(sealed in the office's store like a customer's upload, under a key the
project's key wraps); a new document is the team's only, so a customer
of the project gets 404 for it; shared with the project's customers,
those who have an appointment or a request on it see it on their
documents page and on the project's page and download it through a link
bound to them, while a customer with nothing on the project still gets
404; shared with one customer, only that one sees it; unsharing or
deleting takes effect at once, even for a link made before; an edited or
expired link gives nothing; a member without agenda edit access reads
the list but cannot upload, share or delete.  Every change and every
team download is in the audit log."""

import base64
import configparser
import hashlib
import hmac
import os
import re
import secrets
import time

import pytest

from client import Client
from helpers import (add_agenda, add_appointment, add_project, customer_id,
                     day_start_utc, new_customer, query,
                     set_member_password, sign_in, team_sign_in)
from test_documents import PDF, files_dir, multipart

PASSWORD = "tidy lantern 4 orchard"
PLAN = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Title (Floor plan) >>\n"
        b"endobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def member(stack, *flags, role="agent"):
    addr = "m-%s@example.com" % secrets.token_hex(6)
    stack.porchctl("member", "add", "--office", "demo", "--email", addr,
                   "--name", "Pia Projects", "--role", role, *flags)
    set_member_password(stack, addr, PASSWORD)
    browser = Client(stack.port, stack.host)
    assert team_sign_in(browser, addr, PASSWORD).status == 303
    return browser


def customer(stack, client, name):
    addr = new_customer(stack, name=name)
    browser = client()
    sign_in(stack, browser, addr)
    return addr, browser


def team_upload(team, project, files):
    token = team.get("/team/projects/%s" % project["pid"]).csrf
    body, ctype = multipart(token, files)
    return team.post("/team/projects/%s/documents" % project["pid"],
                     body=body, headers={"Content-Type": ctype})


def docs_of(stack, project):
    return [dict(r) for r in query(
        stack, "SELECT * FROM documents WHERE project_id = ? ORDER BY id",
        (project["id"],))]


def share(team, project, doc, how, email=None):
    page = team.get("/team/projects/%s" % project["pid"])
    fields = {"csrf": page.csrf, "share": how}
    if email is not None:
        fields["email"] = email
    return team.post("/team/projects/%s/documents/%s/share" %
                     (project["pid"], doc["pid"]), fields)


def audit(stack, subject, action):
    return [dict(r) for r in query(
        stack, "SELECT * FROM audit WHERE subject = ? AND action = ? "
        "ORDER BY id", (subject, action))]


@pytest.fixture
def place(stack, client):
    """A bookable project with two customers (one with an appointment,
    one with a place on its waiting list), a customer with nothing on it,
    an editor, and a brochure the editor uploaded."""
    agenda = add_agenda(stack)
    project = add_project(stack, agendas=[agenda])
    ana_addr, ana = customer(stack, client, "Alma Appointment")
    add_appointment(stack, ana_addr, agenda, day_start_utc(2) + 36000,
                    project=project)
    wes_addr, wes = customer(stack, client, "Wes Waiting")
    page = wes.get("/book/%s/request" % project["pid"])
    assert wes.post("/book/%s/request" % project["pid"], {
        "csrf": page.csrf, "kind": "waitlist"}).status == 303
    out_addr, out = customer(stack, client, "Otto Outsider")
    editor = member(stack, "--agenda-edit")
    done = team_upload(editor, project, [("brochure.pdf", PDF)])
    assert done.status == 303, done.text
    assert done.location == "/team/projects/%s?saved=uploaded" % \
        project["pid"]
    doc = docs_of(stack, project)[0]
    return {"project": project, "editor": editor, "doc": doc,
            "ana": ana, "ana_addr": ana_addr, "wes": wes,
            "wes_addr": wes_addr, "out": out, "out_addr": out_addr}


def signed_link(stack, doc, customer_pid, exp, office="demo"):
    """A download link as Porch signs them (docview.c), for the customer
    and an expiry of the test's choosing: how a link that ran out looks
    without waiting for it."""
    conf = configparser.ConfigParser(interpolation=None, strict=False,
                                     inline_comment_prefixes=(";", "#"))
    conf.read(stack.conf, encoding="utf-8")
    path = next((conf.get(s, "master_key_file") for s in conf.sections()
                 if conf.has_option(s, "master_key_file")),
                os.path.join(stack.state, "master.key"))
    with open(path, "rb") as f:
        master = f.read()
    office_key = hashlib.blake2b(office.encode(), digest_size=32,
                                 key=master,
                                 person=b"porch-office-v1").digest()
    key = hashlib.blake2b(b"porch download", digest_size=32,
                          key=office_key).digest()
    msg = "%s\n1:%s\n%d" % (doc["pid"], customer_pid, exp)
    sig = base64.urlsafe_b64encode(hmac.new(key, msg.encode(),
                                            hashlib.sha256).digest())
    return "/portal/documents/%s/file?exp=%d&sig=%s" % (
        doc["pid"], exp, sig.decode().rstrip("="))


def link(browser, doc):
    return browser.get("/portal/documents/%s/download" % doc["pid"])


def test_an_upload_is_sealed_team_only_and_audited(stack, client, place):
    project, editor, doc = place["project"], place["editor"], place["doc"]
    assert (doc["source"], doc["shared"], doc["shared_with"],
            doc["customer_id"]) == ("project", 0, None, None)
    assert doc["display_name"] == "brochure.pdf"
    assert doc["type"] == "application/pdf"
    # the plaintext is nowhere on disk: the stored file is sealed
    with open(os.path.join(files_dir(stack), doc["stored_name"]), "rb") as f:
        assert PDF not in f.read()
    page = editor.get("/team/projects/%s?saved=uploaded" % project["pid"])
    assert "The document is uploaded." in page.visible_text
    assert re.search(r"brochure\.pdf\s+Team only", page.visible_text)
    assert [a["detail"] for a in audit(stack, project["pid"],
                                       "project-document-uploaded")] == \
        [doc["pid"]]
    # the team downloads it through the team's link, audited
    r = editor.get("/team/documents/%s/download" % doc["pid"])
    assert r.status == 303
    got = editor.get(r.location)
    assert got.status == 200 and got.body == PDF
    assert len(query(stack, "SELECT * FROM audit WHERE action = "
                     "'document-downloaded' AND detail = ?",
                     (doc["pid"],))) == 1
    # team-only: the project's own customers get nothing, nor see it
    for who in ("ana", "wes", "out"):
        assert link(place[who], doc).status == 404, who
        assert "brochure.pdf" not in place[who].get(
            "/portal/documents").text
    assert "brochure.pdf" not in place["ana"].get(
        "/book/%s" % project["pid"]).text


def test_shared_with_the_project_its_customers_see_and_download(
        stack, client, place):
    project, doc = place["project"], place["doc"]
    done = share(place["editor"], project, doc, "project")
    assert done.status == 303, done.text
    assert query(stack, "SELECT shared FROM documents WHERE id = ?",
                 (doc["id"],))[0]["shared"] == 1
    assert [a["detail"] for a in audit(stack, project["pid"],
                                       "project-document-shared")] == \
        ["%s project" % doc["pid"]]
    page = place["editor"].get("/team/projects/%s" % project["pid"])
    assert re.search(r"brochure\.pdf\s+Shared with the project's customers",
                     page.visible_text)
    for who in ("ana", "wes"):
        browser = place[who]
        mine = browser.get("/portal/documents")
        shared = re.search(r'id="h-shared".*?</section>', mine.text, re.S)
        assert shared and "brochure.pdf" in shared.group(0), who
        assert project["title"] in shared.group(0)
        book = browser.get("/book/%s" % project["pid"])
        assert "Documents for you" in book.visible_text
        assert "/portal/documents/%s/download" % doc["pid"] in book.links
        r = link(browser, doc)
        assert r.status == 303, who
        got = browser.get(r.location)
        assert got.status == 200 and got.body == PDF
        assert "attachment" in got.header("Content-Disposition")
    # a customer with nothing on the project: nothing at all
    out = place["out"]
    assert link(out, doc).status == 404
    assert "brochure.pdf" not in out.get("/portal/documents").text
    assert "brochure.pdf" not in out.get("/book/%s" % project["pid"]).text
    # a link is bound to whom it was made for
    r = link(place["ana"], doc)
    assert out.get(r.location).status == 404
    assert place["wes"].get(r.location).status == 404
    assert client().get(r.location).status == 303      # to sign in
    assert client().get("/portal/documents/%s/download" %
                        doc["pid"]).status == 303
    # a visitor of the project's page sees no documents section
    assert "Documents for you" not in client().get(
        "/book/%s" % project["pid"]).visible_text


def test_an_edited_or_expired_link_fails(stack, client, place):
    project, doc, ana = place["project"], place["doc"], place["ana"]
    assert share(place["editor"], project, doc, "project").status == 303
    r = link(ana, doc)
    exp = int(re.search(r"exp=([0-9]+)", r.location).group(1))
    sig = re.search(r"sig=([A-Za-z0-9_-]+)", r.location).group(1)
    base = "/portal/documents/%s/file" % doc["pid"]
    # the test signs as Porch does: its link is the one Porch made
    ana_pid = query(stack, "SELECT pid FROM customers WHERE id = ?",
                    (customer_id(stack, place["ana_addr"]),))[0]["pid"]
    assert signed_link(stack, doc, ana_pid, exp) == r.location
    # a later expiry with the same signature, or an edited signature
    assert ana.get("%s?exp=%d&sig=%s" % (base, exp + 60, sig)).status == 404
    # (the last of 43 characters holds 4 bits: A and Q are both well formed)
    edited = sig[:-1] + ("A" if sig[-1] != "A" else "Q")
    assert ana.get("%s?exp=%d&sig=%s" % (base, exp, edited)).status == 404
    assert ana.get(r.location.replace(doc["pid"], "A" * 22)).status == 404
    # a link whose minutes ran out is gone, and one that claims more
    # minutes than Porch gives is not believed
    now = int(time.time())
    assert ana.get(signed_link(stack, doc, ana_pid, now - 5)).status == 410
    assert ana.get(signed_link(stack, doc, ana_pid, now + 3600)
                   ).status == 410
    # Ana's link is not Wes's
    assert place["wes"].get(r.location).status == 404
    assert ana.get(r.location).status == 200


def test_unsharing_takes_effect_at_once(stack, client, place):
    project, doc, ana = place["project"], place["doc"], place["ana"]
    assert share(place["editor"], project, doc, "project").status == 303
    r = link(ana, doc)
    assert r.status == 303
    assert share(place["editor"], project, doc, "team").status == 303
    assert tuple(query(stack, "SELECT shared, shared_with FROM documents "
                       "WHERE id = ?", (doc["id"],))[0]) == (0, None)
    # the link made before is dead, and nothing shows any more
    assert ana.get(r.location).status == 404
    assert link(ana, doc).status == 404
    assert "brochure.pdf" not in ana.get("/portal/documents").text
    assert "brochure.pdf" not in ana.get("/book/%s" % project["pid"]).text
    page = place["editor"].get("/team/projects/%s" % project["pid"])
    assert re.search(r"brochure\.pdf\s+Team only", page.visible_text)
    assert [a["detail"] for a in audit(stack, project["pid"],
                                       "project-document-shared")] == \
        ["%s project" % doc["pid"], "%s team" % doc["pid"]]


def test_shared_with_one_customer_only_they_see_it(stack, client, place):
    project, doc = place["project"], place["doc"]
    # one customer, even one with nothing on the project
    done = share(place["editor"], project, doc, "customer",
                 place["out_addr"].upper())
    assert done.status == 303, done.text
    out_pid = query(stack, "SELECT pid FROM customers WHERE id = ?",
                    (customer_id(stack, place["out_addr"]),))[0]["pid"]
    row = query(stack, "SELECT shared, shared_with FROM documents WHERE "
                "id = ?", (doc["id"],))[0]
    assert (row["shared"], row["shared_with"]) == (
        0, customer_id(stack, place["out_addr"]))
    assert audit(stack, project["pid"], "project-document-shared")[-1][
        "detail"] == "%s %s" % (doc["pid"], out_pid)
    page = place["editor"].get("/team/projects/%s" % project["pid"])
    assert re.search(r"brochure\.pdf\s+Shared with Otto Outsider",
                     page.visible_text)
    out = place["out"]
    r = link(out, doc)
    assert r.status == 303
    assert out.get(r.location).body == PDF
    assert "brochure.pdf" in out.get("/portal/documents").text
    # the project's own customers do not see it
    for who in ("ana", "wes"):
        assert link(place[who], doc).status == 404, who
        assert "brochure.pdf" not in place[who].get(
            "/portal/documents").text
    # an address no customer has: the page again, nothing changed
    bad = share(place["editor"], project, doc, "customer",
                "nobody-%s@example.com" % secrets.token_hex(4))
    assert bad.status == 422
    assert "No customer has that e-mail address" in bad.visible_text
    assert query(stack, "SELECT shared_with FROM documents WHERE id = ?",
                 (doc["id"],))[0]["shared_with"] == \
        customer_id(stack, place["out_addr"])
    # a choice that is none is refused
    assert share(place["editor"], project, doc, "everyone").status == 400


def test_delete_takes_a_confirming_step_and_ends_every_link(stack, client,
                                                            place):
    project, doc, ana = place["project"], place["doc"], place["ana"]
    editor = place["editor"]
    assert share(editor, project, doc, "project").status == 303
    r = link(ana, doc)
    path = "/team/projects/%s/documents/%s/delete" % (project["pid"],
                                                      doc["pid"])
    csrf = editor.get("/team/projects/%s" % project["pid"]).csrf
    ask = editor.post(path, {"csrf": csrf})
    assert ask.status == 200
    assert "Delete this project document?" in ask.visible_text
    assert len(docs_of(stack, project)) == 1
    done = editor.post(path, {"csrf": csrf, "confirm": "yes"})
    assert done.status == 303
    assert done.location == "/team/projects/%s?saved=deleted" % \
        project["pid"]
    assert docs_of(stack, project) == []
    assert ana.get(r.location).status == 404
    assert link(ana, doc).status == 404
    assert [a["detail"] for a in audit(stack, project["pid"],
                                       "document-deleted")] == [doc["pid"]]


def test_a_document_of_another_project_is_not_found(stack, client, place):
    other = add_project(stack)
    editor, doc = place["editor"], place["doc"]
    csrf = editor.get("/team/projects/%s" % other["pid"]).csrf
    for action, fields in (("share", {"share": "project"}),
                           ("delete", {"confirm": "yes"})):
        r = editor.post("/team/projects/%s/documents/%s/%s" %
                        (other["pid"], doc["pid"], action),
                        dict(fields, csrf=csrf))
        assert r.status == 404, action
    assert len(docs_of(stack, place["project"])) == 1
    assert docs_of(stack, place["project"])[0]["shared"] == 0
    # an upload to a project that is none
    body, ctype = multipart(csrf, [("x.pdf", PDF)])
    assert editor.post("/team/projects/%s/documents" % ("A" * 22),
                       body=body, headers={"Content-Type": ctype}
                       ).status == 404


def test_a_refused_upload_shows_the_page_with_why(stack, client):
    project = add_project(stack)
    editor = member(stack, "--agenda-edit")
    r = team_upload(editor, project, [("page.html",
                                       b"<!doctype html><html><body>x")])
    assert r.status == 422
    assert "page.html was not uploaded" in r.visible_text
    assert docs_of(stack, project) == []
    # several at once, newest first on the page
    assert team_upload(editor, project, [("brochure.pdf", PDF),
                                         ("floor-plan.pdf", PLAN)]
                       ).status == 303
    names = [d["display_name"] for d in docs_of(stack, project)]
    assert sorted(names) == ["brochure.pdf", "floor-plan.pdf"]
    page = editor.get("/team/projects/%s" % project["pid"])
    assert page.visible_text.count("Team only") == 2


@pytest.mark.parametrize("role,flags", [("viewer", ()), ("agent", ()),
                                        ("viewer", ("--no-portal-access",))])
def test_without_agenda_edit_access_the_list_is_read_only(stack, client,
                                                          place, role,
                                                          flags):
    project, doc = place["project"], place["doc"]
    reader = member(stack, *flags, role=role)
    page = reader.get("/team/projects/%s" % project["pid"])
    assert page.status == 200
    assert "brochure.pdf" in page.visible_text
    assert "/team/projects/%s/documents" % project["pid"] not in page.text
    assert 'name="share"' not in page.text
    before = [dict(r) for r in query(stack, "SELECT * FROM documents")]
    audits = len(query(stack, "SELECT id FROM audit"))
    csrf = page.csrf
    body, ctype = multipart(csrf, [("sneaky.pdf", PDF)])
    assert reader.post("/team/projects/%s/documents" % project["pid"],
                       body=body, headers={"Content-Type": ctype}
                       ).status == 403
    for action, fields in (("share", {"share": "project"}),
                           ("delete", {"confirm": "yes"})):
        r = reader.post("/team/projects/%s/documents/%s/%s" %
                        (project["pid"], doc["pid"], action),
                        dict(fields, csrf=csrf))
        assert r.status == 403, action
    # nor through the team's documents pages
    if "--no-portal-access" not in flags:
        r = reader.post("/team/documents/%s/delete" % doc["pid"],
                        {"csrf": csrf, "confirm": "yes"})
        assert r.status == 403
    assert [dict(r) for r in query(stack, "SELECT * FROM documents")] == \
        before
    assert len(query(stack, "SELECT id FROM audit")) == audits


def test_the_demo_brochure_is_shared_with_ana(stack, client):
    ana = client()
    sign_in(stack, ana, "ana@example.com")
    page = ana.get("/portal/documents")
    shared = re.search(r'id="h-shared".*?</section>', page.text, re.S)
    assert shared, "Ana sees no project documents"
    assert "Project brochure - 12 Harbour Lane.pdf" in shared.group(0)
    pid = re.search(r"/portal/documents/([A-Za-z0-9_-]{22})/download",
                    shared.group(0)).group(1)
    r = ana.get("/portal/documents/%s/download" % pid)
    got = ana.get(r.location)
    assert got.status == 200
    assert got.body.startswith(b"%PDF-")
    assert got.header("Content-Type").startswith("application/pdf")
    # Ben has nothing on that project
    ben = client()
    sign_in(stack, ben, "ben@example.com")
    assert ben.get("/portal/documents/%s/download" % pid).status == 404


def test_the_overview_shows_a_projects_documents_when_chosen(stack, place):
    project, editor, doc = place["project"], place["editor"], place["doc"]
    page = editor.get("/team/documents")
    assert page.status == 200
    # customers' documents by default; the project is one of the choices
    assert "brochure.pdf" not in page.visible_text
    assert '<option value="%s">' % project["pid"] in page.text
    page = editor.get("/team/documents?status=&customer=&project=%s" %
                      project["pid"])
    assert page.status == 200
    assert '<option value="%s" selected>' % project["pid"] in page.text
    assert "/team/documents/%s" % doc["pid"] in page.text
    assert "The documents the team keeps for" in page.visible_text
    # another project's filter shows none of them; a made-up one is 400
    other = add_project(stack, "Another place %s" % secrets.token_hex(3))
    page = editor.get("/team/documents?project=%s" % other["pid"])
    assert page.status == 200 and doc["pid"] not in page.text
    assert editor.get("/team/documents?project=%s" %
                      ("A" * 22)).status == 400
