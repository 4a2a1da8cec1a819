"""Signing in with an OpenID provider: the real oidc-provider (an OpenID
Certified implementation, tests/oidc) on loopback, Porch as its client.

Two providers serve one installation: "dev" (RS256 ID tokens without the
e-mail claims, so Porch must ask userinfo) and "ed" (EdDSA ID tokens that
carry the claims).  A third, "down", names a port where nothing listens.
The open portal offers all three; the invite-only portal offers "dev".
"""

import os
import re
import secrets
import urllib.parse

import pytest

from client import Client
from helpers import new_member, outbox_to, path_of, query, team_sign_in
from oidc import (Provider, abort_at_provider, redirect_params,
                  sign_in_at_provider)

OPEN = "oidc-open.localhost"
INVITE = "oidc-invite.localhost"


def callback_uris(port):
    return ["http://%s:%d/auth/oidc/callback" % (h, port)
            for h in (OPEN, INVITE)]


class Env:
    providers = []


def configure(stack):
    """Starts the providers and adds them and two portals to porch.conf."""
    dev = Provider(callback_uris(stack.port))
    ed = Provider(callback_uris(stack.port), id_token_alg="EdDSA",
                  claims_in_id_token=True)
    Env.providers = [dev, ed]
    conf = []
    for pid, name, p in (("dev", "Demo ID", dev), ("ed", "Ed ID", ed)):
        secret = os.path.join(stack.state, pid + ".secret")
        with open(secret, "w") as f:
            f.write(p.client_secret + "\n")
        conf.append("[oidc %s]\nname = %s\nissuer = %s\nclient_id = %s\n"
                    "client_secret_file = %s\n" % (pid, name, p.issuer,
                                                   p.client_id, secret))
    conf.append("[oidc down]\nissuer = http://127.0.0.1:9\nclient_id = x\n"
                "client_secret_file = %s\n" % secret)
    conf.append("[portal oidc-open]\noffice = demo\nurl = http://%s:%d\n"
                "signup = open\noidc = dev ed down\n" % (OPEN, stack.port))
    conf.append("[portal oidc-invite]\noffice = demo\nurl = http://%s:%d\n"
                "oidc = dev\n" % (INVITE, stack.port))
    with open(stack.conf, "a") as f:
        f.write("\n" + "\n".join(conf))


@pytest.fixture(scope="module")
def op(launch, smtp):
    try:
        with launch("oidc", smtp.url, setup=configure) as stack:
            yield stack
    finally:
        for p in Env.providers:
            p.stop()


@pytest.fixture(scope="module")
def dev(op):
    return Env.providers[0]


def browser(stack, host=OPEN):
    return Client(stack.port, "%s:%d" % (host, stack.port))


def start(b, provider="dev", next_path=None):
    """Follows "Sign in with ..." on the sign-in page; the response."""
    page = b.get("/login" + ("?next=" + urllib.parse.quote(next_path, safe="")
                             if next_path else ""))
    assert page.status == 200, page.text
    links = [h for h in page.links if h.startswith("/auth/oidc?") and
             urllib.parse.parse_qs(h.split("?", 1)[1]).get("provider") ==
             [provider]]
    assert len(links) == 1, page.text
    return b.get(links[0])


def sign_in(b, login, provider="dev", next_path=None):
    """The whole journey: Porch, the provider's pages, back to Porch.
    Returns Porch's answer to the way back and that url."""
    away = start(b, provider, next_path)
    assert away.status == 303, away.text
    back = sign_in_at_provider(away.header("Location"), login)
    return b.get(path_of(back)), back


def address():
    return "o-%s@example.com" % secrets.token_hex(5)


def customer(stack, addr):
    rows = query(stack, "SELECT * FROM customers WHERE email = ?", (addr,))
    return rows[0] if rows else None


def identities(stack, addr):
    return query(stack, "SELECT i.* FROM customer_identities i JOIN "
                 "customers c ON c.id = i.customer_id WHERE c.email = ?",
                 (addr,))


def test_buttons_only_where_offered(op):
    page = browser(op).get("/login")
    assert "Sign in with Demo ID" in page.visible_text
    assert "Sign in with Ed ID" in page.visible_text
    assert "Sign in with Demo ID" in browser(op).get("/signup").visible_text
    demo = Client(op.port, op.host).get("/login")
    assert "Sign in with" not in demo.visible_text.replace(
        "Sign in with your password", "")
    assert browser(op, INVITE).get("/login").visible_text.count(
        "Sign in with") >= 1


def test_new_customer_on_open_portal(op, dev):
    b, addr = browser(op), address()
    away = start(b)
    assert away.status == 303
    assert away.header("Location").startswith(dev.issuer + "/auth?")
    q = redirect_params(away.header("Location"))
    assert q["code_challenge_method"] == "S256"
    assert q["redirect_uri"] == callback_uris(op.port)[0]
    assert "openid" in q["scope"].split() and q["nonce"] and q["state"]
    assert b.cookies["__Host-porch-oidc"] == q["state"]
    flows = query(op, "SELECT * FROM oidc_flows")
    back = sign_in_at_provider(away.header("Location"), addr)
    done = b.get(path_of(back))
    assert done.status == 303, done.text
    assert done.location == "/portal"
    assert "__Host-porch-oidc" not in b.cookies
    assert "__Host-porch" in b.cookies
    page = b.get("/portal")
    assert page.status == 200
    c = customer(op, addr)
    assert c["active"] == 1
    ids = identities(op, addr)
    assert len(ids) == 1
    assert ids[0]["issuer"] == dev.issuer
    assert ids[0]["subject"] == "sub-" + addr
    # the flow is gone; the same way back again is refused
    assert len(query(op, "SELECT * FROM oidc_flows")) == len(flows) - 1
    again = b.get(path_of(back))
    assert again.status == 400
    assert "can't be finished" in again.visible_text


def test_next_path_kept(op):
    for path in ("/portal/account", "/portal/account?saved=1&sent=1"):
        done, _ = sign_in(browser(op), address(), next_path=path)
        assert done.status == 303
        assert done.location == path


def test_claims_in_eddsa_id_token(op):
    b, addr = browser(op), address()
    done, _ = sign_in(b, addr, provider="ed")
    assert done.status == 303, done.text
    ids = identities(op, addr)
    assert [i["issuer"] for i in ids] == [Env.providers[1].issuer]


def test_same_subject_same_customer(op):
    """The provider's subject decides who it is: a changed address at the
    provider signs the same customer in, and makes no new account."""
    b = browser(op)
    first, second = address(), address()
    tag = secrets.token_hex(4)
    done, _ = sign_in(b, "%s#%s" % (first, tag))
    assert done.status == 303
    done, _ = sign_in(browser(op), "%s#%s" % (second, tag))
    assert done.status == 303
    assert customer(op, second) is None
    rows = query(op, "SELECT COUNT(*) AS n FROM customer_identities "
                 "WHERE subject = ?", ("sub-" + tag,))
    assert rows[0]["n"] == 1


def test_links_existing_customer(op):
    addr = address()
    op.porchctl("customer", "add", "--office", "demo", "--email", addr,
                "--name", "Existing Person")
    before = customer(op, addr)
    done, _ = sign_in(browser(op, INVITE), addr.upper())
    assert done.status == 303, done.text
    assert customer(op, addr)["id"] == before["id"]
    assert len(identities(op, addr)) == 1


def test_invited_customer_is_activated(op):
    addr = address()
    op.porchctl("invite", "--office", "demo", "--email", addr,
                "--name", "Invited Person", "--portal", "oidc-invite")
    assert customer(op, addr)["active"] == 0
    done, _ = sign_in(browser(op, INVITE), addr)
    assert done.status == 303, done.text
    assert customer(op, addr)["active"] == 1


def test_a_strangers_sign_up_is_dropped_by_the_owners_provider(op):
    """A stranger signed up with the address first; the owner's sign-in
    through the provider proves it, and nothing of the stranger's joins
    the account."""
    addr = address()
    b = browser(op)
    form = b.get("/signup").form("/signup")
    form.fields.update(name="Mallory", email=addr)
    assert b.post("/signup", form.fields).status == 200
    body = [m for m in outbox_to(op, addr) if m["sent"] == 0][-1]["body"]
    stranger = re.search(r"/auth\?t=[A-Za-z0-9_-]{43}", body).group(0)
    assert customer(op, addr) is None
    done, _ = sign_in(browser(op), addr)
    assert done.status == 303, done.text
    c = customer(op, addr)
    assert c["active"] == 1 and c["name"] != "Mallory"
    assert browser(op).get(stranger).status == 410
    assert query(op, "SELECT * FROM signups WHERE email = ?", (addr,)) == []


def test_invite_only_portal_makes_no_account(op):
    addr = address()
    done, _ = sign_in(browser(op, INVITE), addr)
    assert done.status == 403
    assert "No account for this address" in done.visible_text
    assert customer(op, addr) is None
    assert "__Host-porch" not in browser(op, INVITE).cookies


def test_unverified_address_refused(op):
    addr = "unverified-%s@example.com" % secrets.token_hex(4)
    b = browser(op)
    done, _ = sign_in(b, addr)
    assert done.status == 403
    assert "isn't confirmed" in done.visible_text
    assert customer(op, addr) is None
    assert "__Host-porch" not in b.cookies


def test_no_address_at_all_refused(op):
    addr = "noemail-%s@example.com" % secrets.token_hex(4)
    done, _ = sign_in(browser(op), addr)
    assert done.status == 403
    assert customer(op, addr) is None


def test_cancel_at_provider(op):
    b = browser(op)
    away = start(b)
    back = abort_at_provider(away.header("Location"))
    assert redirect_params(back)["error"] == "access_denied"
    done = b.get(path_of(back))
    assert done.status == 200
    assert "Sign-in cancelled" in done.visible_text
    assert "__Host-porch" not in b.cookies


def test_way_back_needs_the_same_browser(op):
    """Login CSRF: a way back carried to another browser (no cookie, or
    another flow's) signs no one in there."""
    b, other = browser(op), browser(op)
    away = start(b)
    back = sign_in_at_provider(away.header("Location"), address())
    assert other.get(path_of(back)).status == 400
    start(other)
    assert other.get(path_of(back)).status == 400
    assert "__Host-porch" not in other.cookies
    # the browser that began it still can
    assert b.get(path_of(back)).status == 303


def test_state_of_another_portal_refused(op):
    b = browser(op)
    away = start(b)
    back = sign_in_at_provider(away.header("Location"), address())
    elsewhere = Client(op.port, "%s:%d" % (INVITE, op.port))
    elsewhere.cookies["__Host-porch-oidc"] = b.cookies["__Host-porch-oidc"]
    assert elsewhere.get(path_of(back)).status == 400


def test_key_rotation(op, dev):
    """New signing keys at the provider: Porch fetches the key set again
    once, and the sign-in works."""
    addr = address()
    dev.stop()
    dev.start()
    done, _ = sign_in(browser(op), addr)
    assert done.status == 303, done.text + dev.log()[-2000:]


def test_provider_down(op):
    b = browser(op)
    before = query(op, "SELECT COUNT(*) AS n FROM oidc_flows")[0]["n"]
    r = start(b, provider="down")
    assert r.status == 502
    assert "can't be reached" in r.visible_text
    assert query(op, "SELECT COUNT(*) AS n FROM oidc_flows")[0]["n"] == before
    assert "__Host-porch-oidc" not in b.cookies


def test_provider_not_offered_here(op):
    b = browser(op, INVITE)
    for name in ("ed", "down", "nope", "", "NOPE"):
        r = b.get("/auth/oidc?provider=" + name)
        assert r.status == 404, name
    assert b.get("/auth/oidc").status == 404
    assert "__Host-porch-oidc" not in b.cookies


def test_export_names_providers(op, dev):
    b = browser(op)
    done, _ = sign_in(b, address())
    assert done.status == 303
    r = b.get("/portal/account/export")
    assert r.status == 200
    assert dev.issuer in r.text


def test_team_sees_the_provider_on_the_timeline(op, dev):
    addr = address()
    done, _ = sign_in(browser(op), addr)
    assert done.status == 303
    password = "quiet harbour 58 lantern"
    member = new_member(op, role="viewer", password=password)
    team = Client(op.port, op.host)
    assert team_sign_in(team, member, password).status == 303
    page = team.get("/team/customers/%s" % customer(op, addr)["pid"])
    assert page.status == 200, page.text
    assert "First signed in through %s" % dev.issuer in page.visible_text
    assert "Account created" in page.visible_text
