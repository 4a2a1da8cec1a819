"""A POST must carry the right CSRF token and come from the portal's own
origin; otherwise it is refused with 403 and changes nothing.

(test_routes.py checks a missing token on every POST route; these follow
the two forms that matter most all the way to the database.)
"""

import pytest

from helpers import new_customer, outbox_to, sessions_of, sign_in


def login_form(browser, addr):
    form = browser.get("/login").form("/login")
    form.fields["email"] = addr
    return form.fields


@pytest.mark.parametrize("case", ["no token", "wrong token", "other token",
                                  "foreign origin", "other portal origin",
                                  "no origin"])
def test_a_refused_login_request_sends_nothing(stack, client, case):
    addr = new_customer(stack)
    browser = client()
    fields = login_form(browser, addr)
    origin = True
    if case == "no token":
        del fields["csrf"]
    elif case == "wrong token":
        fields["csrf"] = "A" * len(fields["csrf"])
    elif case == "other token":
        fields["csrf"] = client().get("/login").csrf
    elif case == "foreign origin":
        origin = "https://evil.example"
    elif case == "other portal origin":
        origin = "http://localhost:%d" % stack.port
    else:
        origin = None
    refused = browser.post("/login", fields, origin=origin)
    assert refused.status == 403, refused.text
    assert refused.header("Content-Type").startswith("text/html")
    assert outbox_to(stack, addr) == []
    assert browser.post("/login", login_form(browser, addr)).status == 200
    assert len(outbox_to(stack, addr)) == 1


@pytest.mark.parametrize("case", ["no token", "pre-session token",
                                  "foreign origin"])
def test_a_refused_sign_out_keeps_the_session(stack, client, case):
    addr = new_customer(stack)
    browser = client()
    dashboard = sign_in(stack, browser, addr)
    token = dashboard.form("/logout").fields["csrf"]
    fields, origin = {"csrf": token}, True
    if case == "no token":
        fields = {}
    elif case == "pre-session token":
        fields["csrf"] = browser.cookies.get("__Host-porch-pre") or \
            client().get("/login").csrf
    else:
        origin = "https://evil.example"
    refused = browser.post("/logout", fields, origin=origin)
    assert refused.status == 403, refused.text
    assert len(sessions_of(stack, addr)) == 1
    assert browser.get("/portal").status == 200


def test_a_refused_sign_in_leaves_the_link_unused(stack, client):
    addr = new_customer(stack)
    link = stack.link(addr)
    browser = client()
    fields = browser.get(link[link.index("/auth"):]).form("/auth").fields
    refused = browser.post("/auth", fields, origin="https://evil.example")
    assert refused.status == 403
    del fields["csrf"]
    assert browser.post("/auth", fields).status == 403
    assert sessions_of(stack, addr) == []
    fields = browser.get(link[link.index("/auth"):]).form("/auth").fields
    assert browser.post("/auth", fields).status == 303


# What browsers really send.  Porch's pages say "Referrer-Policy:
# no-referrer", under which a browser's form POST carries "Origin: null";
# Sec-Fetch-Site, which no page can set, then says where the form was.
@pytest.mark.parametrize("origin,site,accepted", [
    ("null", "same-origin", True),       # Chromium, Firefox, Safari today
    (None, "same-origin", True),
    (True, "same-origin", True),
    ("null", None, False),               # says nothing: refused
    ("null", "cross-site", False),
    ("null", "same-site", False),        # a sibling host is not this portal
    (True, "cross-site", False),         # contradictory signals
    ("https://evil.example", "same-origin", False),
])
def test_the_origin_signals_a_browser_sends(stack, client, origin, site,
                                            accepted):
    addr = new_customer(stack)
    browser = client()
    headers = {"Sec-Fetch-Site": site} if site else {}
    answer = browser.post("/login", login_form(browser, addr), origin=origin,
                          headers=headers)
    if accepted:
        assert answer.status == 200, answer.text
        assert len(outbox_to(stack, addr)) == 1
    else:
        assert answer.status == 403, answer.text
        assert outbox_to(stack, addr) == []


def test_an_old_browser_with_only_a_referer_of_ours_may_post(stack, client):
    addr = new_customer(stack)
    browser = client()
    fields = login_form(browser, addr)
    foreign = browser.post("/login", fields, origin=None,
                           headers={"Referer": "https://evil.example/login"})
    assert foreign.status == 403
    ours = browser.post("/login", fields, origin=None,
                        headers={"Referer": browser.origin + "/login"})
    assert ours.status == 200
    assert len(outbox_to(stack, addr)) == 1
