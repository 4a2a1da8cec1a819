"""Documents over the real nginx: a customer uploads from the portal's
documents area, the file is sealed in the office's store (the plaintext
is nowhere on disk), its type is read from its bytes (HTML and SVG are
refused), a cut-off or refused upload leaves no row, file or temporary
file, hostile file names are kept for display only and escaped; a
download goes through a link of a few minutes bound to the signed-in
customer, served as an inert attachment, with Range; an edited link or
another customer gets nothing; an office whose plan has no uploads
answers 403 and shows no form."""

import http.client
import os
import re
import secrets
import urllib.parse

import pytest

from client import Client
from helpers import (add_office, customer_id, new_customer, query,
                     set_office_option, sign_in)

PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
       b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")


def multipart(csrf, files, boundary=None, close=True):
    """A multipart/form-data body: csrf first, then each (name, bytes)."""
    b = boundary or "----porch" + secrets.token_hex(8)
    out = b""
    if csrf is not None:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"csrf\""
                "\r\n\r\n%s\r\n" % (b, csrf)).encode()
    for name, data in files:
        if isinstance(name, str):
            name = name.encode()
        out += b"--" + b.encode() + (
            b"\r\nContent-Disposition: form-data; name=\"file\"; "
            b"filename=\"") + name + (
            b"\"\r\nContent-Type: application/octet-stream\r\n\r\n") + \
            data + b"\r\n"
    if close:
        out += ("--%s--\r\n" % b).encode()
    return out, "multipart/form-data; boundary=" + b


def upload(browser, files, path="/portal/documents/upload", csrf=True,
           close=True):
    token = browser.get("/portal/documents").csrf if csrf is True else csrf
    body, ctype = multipart(token, files, close=close)
    return browser.post(path, body=body, headers={"Content-Type": ctype})


def customer(stack, client):
    addr = new_customer(stack, name="Dora Documents")
    browser = client()
    sign_in(stack, browser, addr)
    return addr, browser


def documents_of(stack, addr, office="demo"):
    return query(stack, "SELECT * FROM documents WHERE customer_id = ? "
                 "ORDER BY id", (customer_id(stack, addr, office),), office)


def files_dir(stack, office="demo"):
    return os.path.join(os.path.dirname(stack.db_path(office)), "files")


def stored_files(stack, office="demo"):
    d = files_dir(stack, office)
    return sorted(os.listdir(d)) if os.path.isdir(d) else []


def file_link(browser, pid):
    """The download link the portal hands out for the document."""
    r = browser.get("/portal/documents/%s/download" % pid)
    assert r.status == 303, r.text
    assert re.match(r"^/portal/documents/%s/file\?exp=[0-9]+&sig=[A-Za-z0-9_-]{43}$"
                    % re.escape(pid), r.location), r.location
    return r.location


# ---------------------------------------------------------------- upload
def test_an_upload_is_sealed_listed_and_downloadable(stack, client):
    addr, browser = customer(stack, client)
    marker = b"porch-marker-" + secrets.token_hex(12).encode()
    r = upload(browser, [("income 2026.pdf", PDF + marker)])
    assert r.status == 303, r.text
    assert r.location == "/portal/documents?done=uploaded"
    [doc] = documents_of(stack, addr)
    assert doc["status"] == "new" and doc["type"] == "application/pdf"
    assert doc["display_name"] == "income 2026.pdf"
    assert doc["size"] == len(PDF + marker)
    assert doc["removes_at"] - doc["created"] == 180 * 86400
    assert doc["stored_name"] in stored_files(stack)
    page = browser.get(r.location)
    assert "income 2026.pdf" in page.visible_text
    assert "New" in page.visible_text and "Removed on" in page.visible_text
    # the plaintext is nowhere under the state directory
    for root, _, names in os.walk(stack.state):
        for n in names:
            p = os.path.join(root, n)
            if os.path.isfile(p) and not os.path.islink(p):
                with open(p, "rb") as f:
                    assert marker not in f.read(), p
    got = browser.get(file_link(browser, doc["pid"]))
    assert got.status == 200
    assert got.body == PDF + marker
    assert got.header("Content-Type") == "application/pdf"
    disp = got.header("Content-Disposition")
    assert disp.startswith("attachment; filename=\"income 2026.pdf\"")
    assert "filename*=UTF-8''income%202026.pdf" in disp
    assert got.header("X-Content-Type-Options") == "nosniff"
    assert got.header("Cache-Control") == "no-store"
    assert "sandbox" in got.header("Content-Security-Policy")


def test_range_requests_get_the_part_asked_for(stack, client):
    addr, browser = customer(stack, client)
    data = PDF + bytes(range(256)) * 1000      # over two sealed chunks
    assert upload(browser, [("big.pdf", data)]).status == 303
    [doc] = documents_of(stack, addr)
    link = file_link(browser, doc["pid"])
    part = browser.get(link, headers={"Range": "bytes=65530-65600"})
    assert part.status == 206
    assert part.body == data[65530:65601]
    assert part.header("Content-Range") == "bytes 65530-65600/%d" % len(data)
    tail = browser.get(link, headers={"Range": "bytes=-10"})
    assert tail.status == 206 and tail.body == data[-10:]
    assert browser.get(link, headers={"Range": "bytes=%d-" % len(data)}
                       ).status == 416


def test_a_large_download_comes_whole_and_a_damaged_one_stops_short(
        stack, client):
    addr, browser = customer(stack, client)
    # blocks of 256 kB decrypted ahead by two threads, taken in turn
    data = PDF + os.urandom(3 * 1024 * 1024 + 12345)
    assert upload(browser, [("scan.pdf", data)]).status == 303
    [doc] = documents_of(stack, addr)
    got = browser.get(file_link(browser, doc["pid"]))
    assert got.status == 200 and got.body == data
    part = browser.get(file_link(browser, doc["pid"]),
                       headers={"Range": "bytes=300000-2000000"})
    assert part.status == 206 and part.body == data[300000:2000001]
    # a byte changed in the 31st of the file's 49 chunks (an 8-byte
    # magic, then chunks of 64 kB and 41 bytes): the bytes before it
    # come, then the response is cut short
    at = 8 + 30 * (65536 + 41) + 100
    with open(os.path.join(files_dir(stack), doc["stored_name"]),
              "r+b") as f:
        f.seek(at)
        b = f.read(1)
        f.seek(at)
        f.write(bytes([b[0] ^ 1]))
    with pytest.raises(http.client.IncompleteRead) as cut:
        browser.get(file_link(browser, doc["pid"]))
    assert len(cut.value.partial) <= 30 * 65536
    assert data.startswith(cut.value.partial)


@pytest.mark.parametrize("name,data", [
    ("page.html", b"<!DOCTYPE html><html><body><script>alert(1)</script>"
                  b"</body></html>"),
    ("logo.svg", b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/"
                 b"2000/svg\"><script>alert(1)</script></svg>"),
    ("invoice.pdf", b"<html><script>alert(1)</script></html>"),
])
def test_what_a_browser_could_run_is_refused(stack, client, name, data):
    addr, browser = customer(stack, client)
    before = stored_files(stack)
    r = upload(browser, [(name, data)])
    assert r.status == 422
    assert "only PDF, pictures and office documents" in r.visible_text
    assert documents_of(stack, addr) == []
    assert stored_files(stack) == before


def test_a_cut_off_upload_leaves_nothing(stack, client):
    addr, browser = customer(stack, client)
    before = stored_files(stack)
    r = upload(browser, [("cut.pdf", PDF * 3000)], close=False)
    assert r.status == 400
    assert documents_of(stack, addr) == []
    assert stored_files(stack) == before
    assert not [n for n in stored_files(stack) if n.startswith(".tmp")]


def test_one_bad_file_refuses_the_whole_form(stack, client):
    addr, browser = customer(stack, client)
    before = stored_files(stack)
    r = upload(browser, [("good.pdf", PDF), ("bad.html", b"<html></html>")])
    assert r.status == 422
    assert documents_of(stack, addr) == []
    assert stored_files(stack) == before


def test_without_the_form_token_nothing_is_stored(stack, client):
    addr, browser = customer(stack, client)
    before = stored_files(stack)
    assert upload(browser, [("a.pdf", PDF)], csrf="x" * 43).status == 403
    assert upload(browser, [("a.pdf", PDF)], csrf=None).status == 403
    assert documents_of(stack, addr) == []
    assert stored_files(stack) == before


HOSTILE = [
    b"../../etc/passwd.pdf",
    b"evil\x00name.pdf",
    b"crlf\r\nSet-Cookie: x=1.pdf",
    "right\u202eto-left.pdf".encode(),
    b"<img src=x onerror=alert(1)>.pdf",
    b"x" * 300 + b".pdf",
]


@pytest.mark.parametrize("name", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_names_are_kept_for_display_only(stack, client, name):
    addr, browser = customer(stack, client)
    r = upload(browser, [(name, PDF)])
    if b"\x00" in name or b"\r" in name:
        # a NUL, CR or LF in a part header is a malformed form
        assert r.status == 400
        assert documents_of(stack, addr) == []
        return
    assert r.status == 303, r.text
    [doc] = documents_of(stack, addr)
    shown = doc["display_name"]
    assert "/" not in shown and "\\" not in shown and "\u202e" not in shown
    assert len(shown.encode()) <= 200
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", doc["stored_name"])
    page = browser.get("/portal/documents")
    assert "<img src=x" not in page.text
    got = browser.get(file_link(browser, doc["pid"]))
    assert got.status == 200 and got.body == PDF
    assert "\r" not in got.header("Content-Disposition")


# -------------------------------------------------------------- download
def test_a_download_link_is_bound_to_its_customer(stack, client):
    addr, browser = customer(stack, client)
    assert upload(browser, [("mine.pdf", PDF)]).status == 303
    [doc] = documents_of(stack, addr)
    link = file_link(browser, doc["pid"])
    # another customer, with the very link: not found
    _, other = customer(stack, client)
    assert other.get(link).status == 404
    assert other.get("/portal/documents/%s/download" % doc["pid"]
                     ).status == 404
    # signed out: to the sign-in page, no file
    anon = client()
    r = anon.get(link)
    assert r.status == 303 and r.location.startswith("/login")
    # an edited expiry or signature: not found
    exp = int(re.search(r"exp=([0-9]+)", link).group(1))
    assert browser.get(link.replace("exp=%d" % exp, "exp=%d" % (exp + 3600))
                       ).status == 404
    sig = re.search(r"sig=([A-Za-z0-9_-]+)", link).group(1)
    forged = sig[:-1] + ("A" if sig[-1] != "A" else "Q")
    assert browser.get(link.replace(sig, forged)).status in (400, 404)
    assert browser.get(link).status == 200


# ----------------------------------------------------------------- plan
@pytest.fixture(scope="module")
def no_uploads(stack):
    host = "nouploads.localhost"
    add_office(stack, "nouploads", host, "Plain")
    set_office_option(stack.conf, "nouploads", "features",
                      "booking-links time-proposals multi-slot")
    return "%s:%d" % (host, stack.port)


def test_uploads_off_is_403_and_no_form(stack, no_uploads):
    addr = new_customer(stack, office="nouploads")
    browser = Client(stack.port, no_uploads)
    sign_in(stack, browser, addr, office="nouploads", portal="nouploads")
    page = browser.get("/portal/documents")
    assert page.status == 200
    assert 'action="/portal/documents/upload"' not in page.text
    r = upload(browser, [("a.pdf", PDF)])
    assert r.status == 403
    assert query(stack, "SELECT count(*) AS n FROM documents",
                 office="nouploads")[0]["n"] == 0


# ------------------------------------------------------------- retention
def test_the_sweep_removes_expired_documents_for_good(stack, client):
    from helpers import _write
    addr, browser = customer(stack, client)
    assert upload(browser, [("old.pdf", PDF), ("kept.pdf", PDF)]
                  ).status == 303
    old, kept = documents_of(stack, addr)
    _write(stack, "UPDATE documents SET removes_at = 1 WHERE id = ?",
           (old["id"],))
    path = os.path.join(files_dir(stack), old["stored_name"])
    with open(path, "rb") as f:
        backup = f.read()
    out = stack.porchctl("sweep")
    assert re.search(r"demo: swept.*[1-9][0-9]* documents removed", out), out
    assert [d["pid"] for d in documents_of(stack, addr)] == [kept["pid"]]
    assert not os.path.exists(path)
    assert kept["stored_name"] in stored_files(stack)
    assert query(stack, "SELECT count(*) AS n FROM audit WHERE action = "
                 "'document-removed' AND subject = ?", (old["pid"],)
                 )[0]["n"] == 1
    # the wrapped key went with the row: a backup of the file opens under
    # no key the database still holds
    assert len(backup) > len(PDF)
    assert query(stack, "SELECT count(*) AS n FROM documents WHERE "
                 "stored_name = ?", (old["stored_name"],))[0]["n"] == 0
    assert browser.get("/portal/documents/%s/download" % old["pid"]
                       ).status == 404
