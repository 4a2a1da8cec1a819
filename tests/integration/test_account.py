"""The customer's account page: their own details, saved with
Post/Redirect/Get and refused with the form again when they cannot be used;
the list of devices signed in as them; and signing out everywhere.

What a save did is read from the database, and so is what it must not have
done to anyone else's row.
"""

import re

import pytest

from helpers import customer_id, new_customer, query, sessions_of, sign_in

FIREFOX = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) "
           "Gecko/20100101 Firefox/126.0")
CHROME = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
          "(KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36")


def row(stack, addr):
    rows = query(stack, "SELECT name, phone, email FROM customers "
                 "WHERE id = ?", (customer_id(stack, addr),))
    return dict(rows[0])


def browser_as(client, agent):
    """A client whose every request says it is the browser `agent`."""
    b = client()
    plain = b.request

    def request(method, path, body=None, headers=None, origin=True):
        h = {"User-Agent": agent}
        h.update(headers or {})
        return plain(method, path, body=body, headers=h, origin=origin)

    b.request = request
    return b


def save(browser, name, phone):
    form = browser.get("/portal/account").form("/portal/account")
    form.fields.update(name=name, phone=phone)
    return browser.post("/portal/account", form.fields)


def sessions_on(page):
    """Each listed session's text, whitespace folded."""
    items = re.findall(r'<li class="item">(.*?)</li>', page.text, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", i).split()) for i in items]


def input_tag(page, ident):
    m = re.search(r'<input id="%s"[^>]*>' % ident, page.text)
    assert m, "no input %s in:\n%s" % (ident, page.text[:3000])
    return m.group(0)


def test_the_page_shows_the_customers_own_details(stack, client):
    addr = new_customer(stack, name="Petra Page")
    browser = client()
    sign_in(stack, browser, addr)
    page = browser.get("/portal/account")
    assert page.status == 200, page.text
    form = page.form("/portal/account")
    assert form.fields["name"] == "Petra Page"
    assert form.fields["phone"] == ""
    assert form.fields["csrf"]
    assert "email" not in form.fields, "the address is not edited here"
    assert 'value="%s"' % addr in input_tag(page, "email")
    assert "readonly" in input_tag(page, "email")
    assert "Save my details" in form.buttons
    assert "/portal/account" in browser.get("/portal").links
    assert "were saved" not in page.visible_text
    assert "were saved" not in browser.get(
        "/portal/account?saved=yes").visible_text


def test_saving_changes_the_greeting_and_the_database(stack, client):
    addr = new_customer(stack, name="Old Name")
    browser = client()
    sign_in(stack, browser, addr)
    done = save(browser, "  Nora Nieuw\u00eb  ", " +31 (20) 555-0101 ")
    assert done.status == 303, done.text
    assert done.location == "/portal/account?saved=1"
    assert row(stack, addr) == {"name": "Nora Nieuw\u00eb",
                                "phone": "+31 (20) 555-0101",
                                "email": addr}

    page = browser.get(done.location)
    assert page.status == 200
    assert "Your details were saved." in page.visible_text
    form = page.form("/portal/account")
    assert form.fields["name"] == "Nora Nieuw\u00eb"
    assert form.fields["phone"] == "+31 (20) 555-0101"
    assert "Hello, Nora Nieuw\u00eb" in browser.get("/portal").visible_text

    # an empty phone removes the number
    assert save(browser, "Nora", "").status == 303
    assert row(stack, addr)["phone"] == ""
    assert row(stack, addr)["name"] == "Nora"


XSS = '<script>alert("x")</script>'


@pytest.mark.parametrize("name,phone,bad", [
    ("Valid " + XSS, "12" + XSS, {"phone"}),
    ("", "+31 20 555 0101", {"name"}),
    ("   ", "", {"name"}),
    ("n" * 201, "555-0101", {"name"}),
    (XSS, "12", {"phone"}),
    ("", "ext. 12", {"name", "phone"}),
    ("Fine", "1" * 41, {"phone"}),
], ids=["script-in-both", "empty-name", "blank-name", "long-name",
        "script-name-short-phone", "both-wrong", "long-phone"])
def test_unusable_input_gets_the_form_again(stack, client, name, phone, bad):
    addr = new_customer(stack, name="Stays Same")
    browser = client()
    sign_in(stack, browser, addr)
    assert save(browser, "Stays Same", "020 555 0100").status == 303
    before = row(stack, addr)

    page = save(browser, name, phone)
    assert page.status == 422, page.text
    assert "<script>" not in page.text
    form = page.form("/portal/account")
    # The form comes back with the values as Porch read them: trimmed.
    assert form.fields["name"] == name.strip()
    assert form.fields["phone"] == phone.strip()
    if XSS in name + phone:
        assert "&lt;script&gt;" in page.text
    for field in ("name", "phone"):
        tag = input_tag(page, field)
        if field in bad:
            assert 'aria-invalid="true"' in tag
            assert 'aria-describedby="%s-error"' % field in tag
            assert 'id="%s-error"' % field in page.text
        else:
            assert "aria-invalid" not in tag
            assert 'id="%s-error"' % field not in page.text
    assert row(stack, addr) == before
    assert "Hello, Stays Same" in browser.get("/portal").visible_text


def test_the_sessions_list_marks_this_device(stack, client):
    addr = new_customer(stack)
    first = browser_as(client, FIREFOX)
    second = browser_as(client, CHROME)
    sign_in(stack, first, addr)
    sign_in(stack, second, addr)
    assert len(sessions_of(stack, addr)) == 2

    for me, mine, theirs in ((first, "Firefox on Windows",
                              "Chrome on Android"),
                             (second, "Chrome on Android",
                              "Firefox on Windows")):
        page = me.get("/portal/account")
        assert page.status == 200
        listed = sessions_on(page)
        assert len(listed) == 2, listed
        marked = [s for s in listed if "This device" in s]
        assert len(marked) == 1, listed
        assert mine in marked[0]
        assert [s for s in listed if theirs in s and s not in marked]
        for s in listed:
            assert "Signed in" in s and "Last active" in s
        # the page names devices, never their tokens
        assert me.cookies["__Host-porch"] not in page.text
    # nobody else's sessions
    other = client()
    sign_in(stack, other, new_customer(stack))
    assert len(sessions_on(first.get("/portal/account"))) == 2


def test_sign_out_everywhere_ends_every_session(stack, client):
    addr = new_customer(stack)
    other_addr = new_customer(stack)
    first, second, other = client(), client(), client()
    sign_in(stack, first, addr)
    sign_in(stack, second, addr)
    sign_in(stack, other, other_addr)
    page = first.get("/portal/account")
    form = page.form("/portal/account/sign-out-everywhere")
    assert "Sign out everywhere" in form.buttons

    done = first.post("/portal/account/sign-out-everywhere", form.fields)
    assert done.status == 303, done.text
    assert done.location == "/login"
    assert "__Host-porch" not in first.cookies
    assert sessions_of(stack, addr) == []
    for browser in (first, second):
        again = browser.get("/portal/account")
        assert again.status == 303
        assert again.location == "/login?next=%2Fportal%2Faccount"
        assert browser.get("/portal").location == "/login?next=%2Fportal"
    # another customer stays signed in
    assert len(sessions_of(stack, other_addr)) == 1
    assert other.get("/portal").status == 200


def test_another_customers_row_is_never_changed(stack, client):
    mine, theirs = new_customer(stack), new_customer(stack, name="Theirs")
    theirs_before = row(stack, theirs)
    mine_before = row(stack, mine)
    browser = client()
    sign_in(stack, browser, mine)
    form = browser.get("/portal/account").form("/portal/account")
    # fields the form does not have are dropped, not obeyed
    form.fields.update(name="Changed", phone="555 0199",
                       id=str(customer_id(stack, theirs)), email=theirs,
                       customer=theirs)
    assert browser.post("/portal/account", form.fields).status == 303
    assert row(stack, theirs) == theirs_before
    assert row(stack, mine) == {"name": "Changed", "phone": "555 0199",
                                "email": mine_before["email"]}


def test_a_save_needs_the_forms_token(stack, client):
    addr = new_customer(stack, name="Kept")
    browser = client()
    sign_in(stack, browser, addr)
    refused = browser.post("/portal/account",
                           {"name": "Forged", "phone": "555 0100",
                            "csrf": "A" * 43})
    assert refused.status == 403
    refused = browser.post("/portal/account/sign-out-everywhere",
                           {"csrf": "A" * 43})
    assert refused.status == 403
    assert row(stack, addr)["name"] == "Kept"
    assert len(sessions_of(stack, addr)) == 1


# ------------------------------------------------------------ one device
END = re.compile(r'<form[^>]* action="/portal/account/sessions/'
                 r'([A-Za-z0-9_-]{22})/end">')


def listed_sessions(page):
    """Each listed session: its text, whitespace folded, and the public id
    its "Sign out this device" form names (None when it has none)."""
    items = re.findall(r'<li class="item">(.*?)</li>', page.text, re.S)
    out = []
    for i in items:
        m = END.search(i)
        text = " ".join(re.sub(r"<[^>]+>", " ", i).split())
        out.append((text, m.group(1) if m else None))
    return out


def test_each_other_device_can_be_signed_out(stack, client):
    addr = new_customer(stack)
    me, firefox, chrome = (client(), browser_as(client, FIREFOX),
                           browser_as(client, CHROME))
    for b in (me, firefox, chrome):
        sign_in(stack, b, addr)
    rows = sessions_of(stack, addr)
    assert len(rows) == 3
    pids = {r["pid"] for r in rows}
    assert len(pids) == 3 and all(len(p) == 22 for p in pids)

    page = me.get("/portal/account")
    listed = listed_sessions(page)
    assert len(listed) == 3, listed
    current = [(t, p) for t, p in listed if "This device" in t]
    assert len(current) == 1 and current[0][1] is None, \
        "the current device is not offered the button"
    others = [(t, p) for t, p in listed if "This device" not in t]
    assert {p for _, p in others} <= pids and None not in \
        {p for _, p in others}
    for text, _ in others:
        assert "Sign out this device" in text
        assert "Signed in" in text and "Last active" in text
    assert [t for t, _ in others if "Chrome on Android" in t]
    assert [t for t, _ in others if "Firefox on Windows" in t]
    for b in (me, firefox, chrome):
        assert b.cookies["__Host-porch"] not in page.text

    chrome_pid = next(p for t, p in others if "Chrome on Android" in t)
    form = page.form("/portal/account/sessions/%s/end" % chrome_pid)
    assert set(form.fields) == {"csrf"}
    done = me.post("/portal/account/sessions/%s/end" % chrome_pid,
                   form.fields)
    assert done.status == 303, done.text
    assert done.location == "/portal/account?ended=1"
    assert {r["pid"] for r in sessions_of(stack, addr)} == \
        pids - {chrome_pid}
    after = me.get(done.location)
    assert re.search(r'<p class="notice" role="status">That device was '
                     r'signed out.</p>', after.text)
    assert len(listed_sessions(after)) == 2
    assert "That device was signed out." not in \
        me.get("/portal/account").visible_text
    assert chrome.get("/portal").status == 303
    assert firefox.get("/portal").status == 200
    assert me.get("/portal").status == 200

    # the same id again is gone
    again = me.post("/portal/account/sessions/%s/end" % chrome_pid,
                    {"csrf": form.fields["csrf"]})
    assert again.status == 404


def test_ending_a_session_only_reaches_ones_own_other_devices(stack,
                                                              client):
    mine, theirs = new_customer(stack), new_customer(stack)
    me, other = client(), client()
    sign_in(stack, me, mine)
    sign_in(stack, other, theirs)
    csrf = me.get("/portal/account").csrf
    their_pid = sessions_of(stack, theirs)[0]["pid"]
    my_pid = sessions_of(stack, mine)[0]["pid"]
    for pid in (their_pid, my_pid, "A" * 21 + "w"):
        refused = me.post("/portal/account/sessions/%s/end" % pid,
                          {"csrf": csrf})
        assert refused.status == 404, pid
    assert [r["pid"] for r in sessions_of(stack, theirs)] == [their_pid]
    assert [r["pid"] for r in sessions_of(stack, mine)] == [my_pid]
    assert other.get("/portal").status == 200
    assert me.get("/portal").status == 200
    # a stranger, or a forged form, ends nothing either
    assert client().post("/portal/account/sessions/%s/end" % their_pid,
                         {"csrf": csrf}).status == 403
    assert me.post("/portal/account/sessions/%s/end" % my_pid,
                   {"csrf": "A" * 43}).status == 403
    assert len(sessions_of(stack, theirs)) == 1
