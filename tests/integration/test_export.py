"""The account page's "Download my data" and notification settings.

The export is a JSON file to save with everything Porch holds about the
signed-in customer and nothing of anyone else's: it is parsed, and the
demo customers Ana and Ben (both with appointments) are each checked
against the other.  Secrets (session and sign-in tokens, the password
hash) must not be in it anywhere.  The notification settings are saved
with Post/Redirect/Get; what they did is read back from the page and from
the database.
"""

import json
import re
import subprocess

from helpers import appointment_labels, customer_id, new_customer, query, \
    sign_in, tokens_of
from test_headers import assert_secure

ANA = "ana@example.com"
BEN = "ben@example.com"


def export(stack, browser):
    r = browser.get("/portal/account/export")
    assert r.status == 200, r.text
    return r, json.loads(r.body.decode("utf-8"))


def every_string(value):
    """All the strings (keys and values) in a parsed JSON document."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from every_string(v)
    elif isinstance(value, list):
        for v in value:
            yield from every_string(v)
    elif isinstance(value, str):
        yield value


def test_the_export_is_a_json_attachment(stack, client):
    browser = client()
    sign_in(stack, browser, ANA)
    r, _ = export(stack, browser)
    assert r.header("Content-Type").startswith("application/json")
    disp = r.header("Content-Disposition")
    assert re.fullmatch(
        r'attachment; filename="porch-data-\d{4}-\d{2}-\d{2}\.json"', disp), disp
    assert "no-store" in (r.header("Cache-Control") or "")
    assert_secure(r)


def test_the_export_needs_a_signed_in_customer(stack, client):
    r = client().get("/portal/account/export")
    assert r.status == 303
    assert r.location.startswith("/login")


def test_the_account_page_links_to_the_export(stack, client):
    browser = client()
    page = sign_in(stack, browser, new_customer(stack))
    page = browser.get("/portal/account")
    assert "/portal/account/export" in page.links


def test_each_customer_gets_only_their_own_data(stack, client):
    docs = {}
    for me in (ANA, BEN):
        browser = client()
        sign_in(stack, browser, me)
        docs[me] = export(stack, browser)[1]
    for me, other in ((ANA, BEN), (BEN, ANA)):
        doc = docs[me]
        mine = appointment_labels(stack, me)
        theirs = appointment_labels(stack, other) - mine
        assert mine and theirs, "the demo seed gives Ana and Ben appointments"
        assert doc["profile"]["email"] == me
        assert doc["profile"]["name"] == query(
            stack, "SELECT name FROM customers WHERE email = ?",
            (me,))[0]["name"]
        strings = set(every_string(doc))
        assert mine <= strings, "an appointment of %s is missing" % me
        assert not theirs & strings, "%s's export has %s's" % (me, other)
        text = json.dumps(doc)
        assert other not in text
        count = query(stack, "SELECT count(*) AS n FROM appointments "
                      "WHERE customer_id = ?",
                      (customer_id(stack, me),))[0]["n"]
        assert len(doc["appointments"]) == count, "past ones are in it too"


def test_the_export_holds_no_secret(stack, client):
    addr = new_customer(stack, name="Sec Ret")
    done = subprocess.run(
        [stack.tool("porchctl"), "-c", stack.conf, "customer", "password",
         "--office", "demo", "--email", addr],
        env=stack.env(), input="correct horse battery staple 42\n",
        capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    browser = client()
    link = stack.link(addr)
    sign_in(stack, browser, addr)
    unused = stack.link(addr)
    r, doc = export(stack, browser)
    text = r.body.decode("utf-8")

    assert doc["profile"]["password_set"] is True
    assert doc["profile"]["active"] is True
    assert doc["profile"]["name"] == "Sec Ret"
    assert doc["notifications"] == {"appointments": True, "updates": True}
    assert doc["deletion_request"] is None
    assert len(doc["sessions"]) == 1 and doc["sessions"][0]["this_device"]
    stored = query(stack, "SELECT password_hash FROM customers WHERE id = ?",
                   (customer_id(stack, addr),))[0]["password_hash"]
    assert stored and stored not in text and "argon2" not in text
    assert browser.cookies["__Host-porch"] not in text
    for url in (link, unused):
        token = re.search(r"[?&]t=([A-Za-z0-9_-]+)", url).group(1)
        assert token not in text
    csrf = browser.get("/portal/account").csrf
    assert csrf not in text
    for row in tokens_of(stack, addr):
        assert row["token_hash"].hex() not in text
    assert "token" not in text and "password_hash" not in text


def notification_boxes(page):
    """name -> checked, for the notification checkboxes on the page."""
    boxes = {}
    for tag in re.findall(r'<input type="checkbox"[^>]*>', page.text):
        name = re.search(r'name="([a-z]+)"', tag).group(1)
        boxes[name] = " checked" in tag
    return boxes


def stored_prefs(stack, addr):
    row = query(stack, "SELECT notify_appointments, notify_updates FROM "
                "customers WHERE id = ?", (customer_id(stack, addr),))[0]
    return (row["notify_appointments"], row["notify_updates"])


def test_notification_settings_are_saved(stack, client):
    addr = new_customer(stack, name="Noti Fy")
    other = new_customer(stack, name="Other One")
    browser = client()
    sign_in(stack, browser, addr)
    page = browser.get("/portal/account")
    assert notification_boxes(page) == {"appointments": True, "updates": True}
    assert "always sent" in page.text
    assert stored_prefs(stack, addr) == (1, 1)

    cases = [({"updates": "1"}, (0, 1)),
             ({"appointments": "1"}, (1, 0)),
             ({}, (0, 0)),
             ({"appointments": "1", "updates": "1"}, (1, 1))]
    for fields, want in cases:
        form = dict(fields, csrf=browser.get("/portal/account").csrf)
        done = browser.post("/portal/account/notifications", form)
        assert done.status == 303, done.text
        assert done.location == "/portal/account?saved=1"
        assert stored_prefs(stack, addr) == want
        page = browser.get(done.location)
        assert notification_boxes(page) == {"appointments": bool(want[0]),
                                            "updates": bool(want[1])}
        assert export(stack, browser)[1]["notifications"] == {
            "appointments": bool(want[0]), "updates": bool(want[1])}
    assert stored_prefs(stack, other) == (1, 1), "another row changed"


def test_notification_settings_refuse_bad_values(stack, client):
    addr = new_customer(stack)
    browser = client()
    sign_in(stack, browser, addr)
    csrf = browser.get("/portal/account").csrf
    done = browser.post("/portal/account/notifications",
                        {"csrf": csrf, "appointments": "yes"})
    assert done.status == 400
    assert stored_prefs(stack, addr) == (1, 1)
    done = browser.post("/portal/account/notifications", {"appointments": "1"})
    assert done.status == 403, "no CSRF token"
    assert stored_prefs(stack, addr) == (1, 1)
