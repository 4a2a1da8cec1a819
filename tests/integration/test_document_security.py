"""What keeps documents safe, over the real nginx: Debian's clamd (with a
signature database sigtool makes from the EICAR test file) refuses an
infected upload, which stores nothing and shows in the team's timeline of
the customer; with clamd down an upload is "try again later" and nothing
is kept, never an unscanned file; a 200 MB upload streams through a
worker whose resident memory stays under 20 MB, reading the body in large
pieces, its plaintext nowhere on disk; and a processed deletion request takes the customer's key, so
their stored files no longer open with anything the office holds (the
write-ahead log included).  Besides test_documents.py's: a PDF with HTML
inside is served only as an inert attachment; a link past its expiry
fails although signed right (the signing reproduced here from the master
key); after the sweep an expired document's key is in no file."""

import base64
import hashlib
import hmac
import os
import re
import secrets
import subprocess
import threading
import time

import pytest

import client as client_module
from client import Client
from clamdserver import EICAR, Clamd, missing
from helpers import (BUILDDIR, _write, confirmed_post, customer_id,
                     new_customer, new_member, porch_dev, query, sign_in,
                     team_sign_in)
from test_deletion import member_browser, press, request_pid
from test_documents import (PDF, documents_of, file_link, files_dir,
                            stored_files, upload)

PASSWORD = "tidy lantern 4 orchard"
MB = 1024 * 1024


def nothing_stored(stack, addr, before):
    assert documents_of(stack, addr) == []
    assert stored_files(stack) == before
    assert not [n for n in stored_files(stack) if n.startswith(".")]


def files_holding(top, needle):
    """The files under top whose bytes hold needle (read a piece at a
    time, the pieces overlapping by the needle's length)."""
    found = []
    for root, _, names in os.walk(top):
        for n in names:
            p = os.path.join(root, n)
            if not os.path.isfile(p) or os.path.islink(p):
                continue
            with open(p, "rb") as f:
                carry = b""
                while True:
                    piece = f.read(8 * MB)
                    if not piece:
                        break
                    if needle in carry + piece:
                        found.append(p)
                        break
                    carry = piece[-len(needle):]
    return found


def customer_pid(stack, addr):
    return query(stack, "SELECT pid FROM customers WHERE email = ?",
                 (addr,))[0]["pid"]


# ------------------------------------------------------------------ clamd
@pytest.fixture(scope="module")
def clamd():
    why = missing()
    if why:
        pytest.skip(why)
    server = Clamd()
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture(scope="module")
def scanned(launch, smtp, clamd):
    """An installation whose porch.conf names the clamd above."""

    def setup(stack):
        porch_dev.set_server_options(stack.conf, {"clamd": clamd.socket})

    with launch("scanned", smtp.url, setup=setup) as s:
        yield s


def scanned_customer(stack):
    addr = new_customer(stack, name="Vera Virus")
    browser = Client(stack.port, stack.host)
    sign_in(stack, browser, addr)
    return addr, browser


def test_an_infected_upload_is_refused_and_the_team_sees_it(scanned, clamd):
    assert clamd.ping()
    addr, browser = scanned_customer(scanned)
    before = stored_files(scanned)
    # the EICAR file itself, and inside a PDF after a clean one: the whole
    # form is refused
    for files in ([("eicar.txt", EICAR)],
                  [("clean.pdf", PDF), ("report.pdf", PDF + EICAR + PDF)]):
        r = upload(browser, files)
        assert r.status == 422, r.text
        assert "%s was not uploaded: our virus scanner found something " \
            "harmful in it." % files[-1][0] in r.visible_text
        nothing_stored(scanned, addr, before)
    audit = query(scanned, "SELECT * FROM audit WHERE action = "
                  "'upload-infected' AND subject = ? ORDER BY id",
                  (customer_pid(scanned, addr),))
    assert [a["member_id"] for a in audit] == [None, None]
    assert all(a["detail"].startswith("Porch.Test.Eicar") for a in audit)

    team = Client(scanned.port, scanned.host)
    member = new_member(scanned, password=PASSWORD, name="Sam Scanner")
    assert team_sign_in(team, member, PASSWORD).status == 303
    page = team.get("/team/customers/%s" % customer_pid(scanned, addr))
    assert page.status == 200, page.text
    assert page.visible_text.count(
        "An infected file was refused: Porch.Test.Eicar") == 2

    # a clean file is scanned and kept
    r = upload(browser, [("clean.pdf", PDF)])
    assert r.status == 303, r.text
    [doc] = documents_of(scanned, addr)
    assert doc["stored_name"] in stored_files(scanned)
    assert browser.get(file_link(browser, doc["pid"])).body == PDF


def test_with_clamd_down_nothing_is_kept_unscanned(scanned, clamd):
    addr, browser = scanned_customer(scanned)
    before = stored_files(scanned)
    clamd.stop()
    try:
        for data in (PDF, PDF + bytes(300 * 1024)):
            r = upload(browser, [("while-down.pdf", data)])
            assert r.status == 503, r.text
            assert "could not be checked for viruses just now" in \
                r.visible_text
            assert "Please try again later." in r.visible_text
            nothing_stored(scanned, addr, before)
    finally:
        clamd.start()
    r = upload(browser, [("after.pdf", PDF)])
    assert r.status == 303, r.text
    assert len(documents_of(scanned, addr)) == 1


# ------------------------------------------------------- a large upload
@pytest.fixture(scope="module")
def roomy(launch, smtp):
    """An installation that takes files of 256 MB."""

    def setup(stack):
        porch_dev.set_server_options(stack.conf, {
            "upload_file_mb": "256", "upload_request_mb": "260",
            "upload_quota_mb": "1024"})

    with launch("roomy", smtp.url, setup=setup) as s:
        yield s


def open_under(top, comm):
    """The files under top that processes named comm hold open (nginx
    unlinks its temporary files as it makes them: only its descriptors
    show them)."""
    found = set()
    for entry in os.listdir("/proc"):
        try:
            with open("/proc/%s/comm" % entry) as f:
                if f.read().strip() != comm:
                    continue
            for fd in os.listdir("/proc/%s/fd" % entry):
                target = os.readlink("/proc/%s/fd/%s" % (entry, fd))
                if target.startswith(top + os.sep):
                    found.add(target)
        except OSError:
            continue
    return found


def pids_of(stack, program):
    """The process of a page program and its workers."""
    top = stack.process(program).pid
    pids = [top]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == top:
                pids.append(int(entry))
    return pids


def sanitized(pid):
    """Whether the process runs with AddressSanitizer, whose shadow memory
    and quarantine add to what it holds."""
    try:
        with open("/proc/%d/maps" % pid) as f:
            return any("libasan" in line for line in f)
    except OSError:
        return False


def rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def reads_of(pids):
    """The read system calls the processes have made (syscr)."""
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/io" % pid) as f:
                for line in f:
                    if line.startswith("syscr:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def streamed_form(csrf, head, size, tail, boundary):
    """A multipart body of one file (head, then zero-padded pattern up to
    size bytes, then tail) made as it is sent: never whole in memory."""
    yield ("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n"
           "%s\r\n--%s\r\nContent-Disposition: form-data; name=\"file\"; "
           "filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
           % (boundary, csrf, boundary)).encode()
    yield head
    block = bytes(range(256)) * 1024
    left = size - len(head) - len(tail)
    while left > 0:
        piece = block[:min(left, len(block))]
        left -= len(piece)
        yield piece
    yield tail
    yield ("\r\n--%s--\r\n" % boundary).encode()


def form_length(csrf, head, size, tail, boundary):
    return sum(len(p) for p in streamed_form(csrf, head, 0, b"", boundary)
               ) - len(head) + size


def test_a_200_mb_upload_streams_in_little_memory(roomy, monkeypatch):
    # the answer comes once the whole body is sealed: time enough for that
    # on a busy machine (a test of memory, not of speed)
    monkeypatch.setattr(client_module, "TIMEOUT", 600)
    size = 200 * MB
    addr = new_customer(roomy, name="Bea Bigfile")
    browser = Client(roomy.port, roomy.host)
    sign_in(roomy, browser, addr)
    csrf = browser.get("/portal/documents").csrf
    marker = b"porch-plain-" + secrets.token_hex(16).encode()
    head, tail = PDF + marker, marker
    boundary = "----porch" + secrets.token_hex(8)
    # the program has answered a request (it starts at its first): one
    # without its form's token
    assert browser.post("/portal/documents/upload", {}).status == 403
    before = max(rss_kb(pid) for pid in pids_of(roomy, "document-upload"))
    reads = reads_of(pids_of(roomy, "document-upload"))
    peak, seen, done = [0], set(), threading.Event()
    spooled = set()     # files nginx kept the body in, if any
    body_temp = os.path.join(roomy.state, "nginx", "tmp", "client_body")

    def sample():
        while not done.is_set():
            for pid in pids_of(roomy, "document-upload"):
                seen.add(pid)
                peak[0] = max(peak[0], rss_kb(pid))
            spooled.update(open_under(body_temp, "nginx"))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        r = browser.post(
            "/portal/documents/upload",
            body=streamed_form(csrf, head, size, tail, boundary),
            headers={"Content-Type": "multipart/form-data; boundary=" +
                     boundary,
                     "Content-Length": str(form_length(
                         csrf, head, size, tail, boundary))})
    finally:
        done.set()
        sampler.join()
    assert r.status == 303, r.text
    [doc] = documents_of(roomy, addr)
    assert doc["size"] == size and doc["type"] == "application/pdf"
    assert len(seen) >= 2
    # the body is read in large pieces: libfcgi alone reads 8 kB at a
    # time, 25,600 reads for these 200 MB
    reads = reads_of(pids_of(roomy, "document-upload")) - reads
    assert 0 < reads < size // (16 * 1024), "%d reads" % reads
    # flat: what the upload adds is small, in every build; and the whole
    # under 20 MB where no sanitizer adds its own
    assert peak[0] > 0 and peak[0] - before < 8 * 1024, \
        "VmRSS %d kB, then %d kB" % (before, peak[0])
    if not sanitized(roomy.process("document-upload").pid):
        assert peak[0] < 20 * 1024, "peak VmRSS %d kB" % peak[0]
    # nginx handed the body over as it came: no plaintext in its files
    assert spooled == set()
    # sealed: bigger than the plaintext, and the marker is nowhere
    stored = os.path.join(files_dir(roomy), doc["stored_name"])
    assert os.path.getsize(stored) > size
    assert files_holding(roomy.state, marker) == []
    # and it comes back whole: its ends checked with ranges
    link = file_link(browser, doc["pid"])
    first = browser.get(link, headers={"Range": "bytes=0-%d" %
                                       (len(head) - 1)})
    assert first.status == 206 and first.body == head
    last = browser.get(link, headers={"Range": "bytes=-%d" % len(tail)})
    assert last.status == 206 and last.body == tail


# ------------------------------------------------------------- deletion
def document_open(stack, cid, doc):
    return subprocess.run(
        [os.path.join(BUILDDIR, "tests", "integration", "document-open"),
         "-c", stack.conf, str(cid), doc["pid"], doc["wrapped_key"].hex(),
         doc["stored_name"]], capture_output=True, env=stack.env())


def test_a_processed_deletion_destroys_the_customers_key(stack, client):
    addr = new_customer(stack, name="Kai Keygone")
    cid = customer_id(stack, addr)
    customer = client()
    sign_in(stack, customer, addr)
    data = PDF + secrets.token_hex(16).encode()
    assert upload(customer, [("a.pdf", data), ("b.pdf", data + b"b")]
                  ).status == 303
    docs = documents_of(stack, addr)
    assert len(docs) == 2
    doc_key = query(stack, "SELECT doc_key FROM customers WHERE id = ?",
                    (cid,))[0]["doc_key"]
    assert doc_key
    backups = {}
    for d in docs:
        opened = document_open(stack, cid, d)
        assert opened.returncode == 0, opened.stderr
        assert opened.stdout in (data, data + b"b")
        with open(os.path.join(files_dir(stack), d["stored_name"]),
                  "rb") as f:
            backups[d["stored_name"]] = f.read()

    press(customer, "request")
    path = "/team/deletions/%s" % request_pid(stack, addr)
    admin = member_browser(stack, client, "admin")
    form = admin.get(path).form(path + "/process")
    assert confirmed_post(admin, path + "/process", form.fields
                          ).status == 303

    assert query(stack, "SELECT * FROM documents WHERE customer_id = ? OR "
                 "pid IN (?, ?)", (cid, docs[0]["pid"], docs[1]["pid"])) == []
    assert query(stack, "SELECT * FROM customers WHERE id = ?", (cid,)) == []
    for d in docs:
        # the file as it was (a backup): nothing the office holds opens it
        p = os.path.join(files_dir(stack), d["stored_name"])
        if not os.path.exists(p):
            with open(p, "wb") as f:
                f.write(backups[d["stored_name"]])
        opened = document_open(stack, cid, d)
        assert opened.returncode == 3, (opened.returncode, opened.stderr)
        assert opened.stdout == b""
    # and the wrapped key itself is in no file of the installation
    assert files_holding(stack.state, doc_key) == []


# ------------------------------------------- what a browser could run
def test_a_pdf_with_html_inside_is_served_inert(stack, client):
    addr = new_customer(stack, name="Hal Html")
    browser = client()
    sign_in(stack, browser, addr)
    data = PDF + b"<html><body><script>alert(document.cookie)</script>" \
        b"</body></html>\n"
    assert upload(browser, [("invoice.pdf", data)]).status == 303
    [doc] = documents_of(stack, addr)
    assert doc["type"] == "application/pdf"
    got = browser.get(file_link(browser, doc["pid"]))
    assert got.status == 200 and got.body == data
    assert got.header("Content-Type") == "application/pdf"
    assert got.header("Content-Disposition").startswith("attachment;")
    assert got.header("X-Content-Type-Options") == "nosniff"
    assert "sandbox" in got.header("Content-Security-Policy")


# ------------------------------------------------------ download links
def signed_link(stack, doc_pid, principal_pid, exp, office="demo"):
    """The download link the portal would sign for a customer and expiry:
    the office key from the master key (keyed BLAKE2b of the office id),
    the link key from it, an HMAC-SHA-256 of the id, principal and exp."""
    conf = stack.conf
    with open(conf, encoding="utf-8") as f:
        line = [l for l in f if l.strip().startswith("master_key_file")]
    path = line[0].split("=", 1)[1].strip() if line else \
        os.path.join(stack.state, "master.key")
    with open(path, "rb") as f:
        master = f.read()
    okey = hashlib.blake2b(office.encode(), digest_size=32, key=master,
                           person=b"porch-office-v1").digest()
    lkey = hashlib.blake2b(b"porch download", digest_size=32,
                           key=okey).digest()
    mac = hmac.new(lkey, ("%s\n1:%s\n%d" % (doc_pid, principal_pid, exp)
                          ).encode(), hashlib.sha256).digest()
    sig = base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
    return "/portal/documents/%s/file?exp=%d&sig=%s" % (doc_pid, exp, sig)


def test_an_expired_link_fails_though_its_signature_is_right(stack, client):
    addr = new_customer(stack, name="Eli Expired")
    browser = client()
    sign_in(stack, browser, addr)
    assert upload(browser, [("old.pdf", PDF)]).status == 303
    [doc] = documents_of(stack, addr)
    link = file_link(browser, doc["pid"])
    exp = int(re.search(r"exp=([0-9]+)", link).group(1))
    cpid = customer_pid(stack, addr)
    # the signing is reproduced exactly: the portal's own link
    assert signed_link(stack, doc["pid"], cpid, exp) == link
    assert browser.get(link).status == 200
    # signed right, but past its time (or further ahead than a link lives);
    # two seconds back, since the server's time() may lag this clock by
    # the kernel's tick across the turn of a second
    for when in (int(time.time()) - 2, int(time.time()) - 86400,
                 exp + 3600):
        r = browser.get(signed_link(stack, doc["pid"], cpid, when))
        assert r.status == 410, (when, r.status)
        assert r.body != PDF


# ----------------------------------------------------------- retention
def test_after_the_sweep_an_expired_documents_bytes_no_longer_open(
        stack, client):
    addr = new_customer(stack, name="Sid Swept")
    cid = customer_id(stack, addr)
    browser = client()
    sign_in(stack, browser, addr)
    data = PDF + secrets.token_hex(16).encode()
    assert upload(browser, [("old.pdf", data), ("kept.pdf", PDF)]
                  ).status == 303
    old, kept = documents_of(stack, addr)
    opened = document_open(stack, cid, old)
    assert opened.returncode == 0 and opened.stdout == data, opened.stderr
    path = os.path.join(files_dir(stack), old["stored_name"])
    with open(path, "rb") as f:
        backup = f.read()
    _write(stack, "UPDATE documents SET removes_at = 1 WHERE id = ?",
           (old["id"],))
    stack.porchctl("sweep")
    assert not os.path.exists(path)
    assert [d["pid"] for d in documents_of(stack, addr)] == [kept["pid"]]
    # the customer's key stays (their other document opens), but the
    # document's own wrapped key is in no file: a backup of the file
    # opens with nothing the office holds
    assert document_open(stack, cid, kept).returncode == 0
    assert files_holding(stack.state, old["wrapped_key"]) == []
    with open(path, "wb") as f:
        f.write(backup)
    try:
        assert document_open(stack, cid, old).returncode == 0, \
            "the saved wrapped key still opens the backup (as it must)"
    finally:
        os.unlink(path)
