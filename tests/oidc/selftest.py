"""The OpenID provider used by hand, as Porch's client side uses it: a
check that the provider, the sign-in walk and the pinned oidc-provider
behave as the sign-in tests assume, and a record of what the provider
insists on.  Not part of the suite; run it after changing provider.mjs
or the pinned version:

    python3 tests/oidc/selftest.py

It starts providers on loopback, signs in through their pages, redeems
codes at the token endpoint with client_secret_basic and PKCE, checks the
RS256 signature of the ID token by hand against the key its kid names,
reads userinfo, and then tries what a provider must refuse.  It prints
what it saw and ends with "selftest: N passed, N failed".
"""

import base64
import hashlib
import json
import os
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "integration"))
from oidc import (Provider, ProviderError, abort_at_provider,  # noqa: E402
                  redirect_params, sign_in_at_provider)

SHA256_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
CALLBACK = "http://127.0.0.1:9/cb"


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def b64e(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def json_at(url, data=None, headers=None):
    """Status and JSON of one request to the provider."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, body, headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status, json.load(res)
    except urllib.error.HTTPError as e:
        with e:
            return e.code, json.load(e)


def authorize_url(p, verifier=None, **extra):
    """An authorization url as Porch builds it, and its state and nonce."""
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    q = {"response_type": "code", "client_id": p.client_id,
         "redirect_uri": CALLBACK, "scope": "openid email profile",
         "state": state, "nonce": nonce, "code_challenge_method": "S256"}
    if verifier is not None:
        q["code_challenge"] = b64e(hashlib.sha256(verifier.encode()).digest())
    q.update(extra)
    q = {k: v for k, v in q.items() if v is not None}
    return p.url("/auth?" + urllib.parse.urlencode(q)), state, nonce


def basic(user, password, encode=True):
    if encode:
        user = urllib.parse.quote_plus(user)
        password = urllib.parse.quote_plus(password)
    raw = ("%s:%s" % (user, password)).encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


def redeem(p, code, verifier, redirect_uri=CALLBACK, headers=None,
           extra=None):
    data = {"grant_type": "authorization_code", "code": code,
            "redirect_uri": redirect_uri, "code_verifier": verifier}
    data.update(extra or {})
    data = {k: v for k, v in data.items() if v is not None}
    if headers is None:
        headers = basic(p.client_id, p.client_secret)
    return json_at(p.url("/token"), data, headers)


def rs256_ok(jwk, signed, sig):
    """RSASSA-PKCS1-v1_5 with SHA-256, by the book (RFC 8017 8.2.2)."""
    n = int.from_bytes(b64d(jwk["n"]), "big")
    e = int.from_bytes(b64d(jwk["e"]), "big")
    k = (n.bit_length() + 7) // 8
    t = SHA256_INFO + hashlib.sha256(signed).digest()
    em = b"\x00\x01" + b"\xff" * (k - len(t) - 3) + b"\x00" + t
    return pow(int.from_bytes(sig, "big"), e, n).to_bytes(k, "big") == em


def id_token(p, token):
    """Header and claims of an ID token, its RS256 signature checked
    against the key its kid names in the provider's JWKS."""
    head, payload, sig = token.split(".")
    header, claims = json.loads(b64d(head)), json.loads(b64d(payload))
    keys = json_at(p.url("/jwks"))[1]["keys"]
    jwk = [k for k in keys if k["kid"] == header["kid"]]
    if header["alg"] == "RS256":
        header["(signature)"] = "good" if jwk and rs256_ok(
            jwk[0], ("%s.%s" % (head, payload)).encode(), b64d(sig)) \
            else "BAD"
    return header, claims


class Checks:
    def __init__(self):
        self.passed = self.failed = 0

    def __call__(self, what, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print("%s  %s" % ("ok  " if ok else "FAIL", what))
        if not ok and detail:
            print("        %s" % (detail,))


def show(title, obj):
    print("--- %s\n%s" % (title, json.dumps(obj, indent=2, sort_keys=True)))


def flow(p, login, check, verbose=False):
    """Signs in as login, redeems the code; returns the token response,
    the ID token's header and claims and the userinfo answer."""
    verifier = secrets.token_urlsafe(32)
    url, state, nonce = authorize_url(p, verifier)
    back = sign_in_at_provider(url, login)
    got = redirect_params(back)
    if verbose:
        print("--- back to the client:\n" + back)
    check("%s: code and state back, iss is the issuer" % login,
          back.startswith(CALLBACK + "?") and got.get("state") == state
          and got.get("iss") == p.issuer and "code" in got, back)
    status, tokens = redeem(p, got.get("code"), verifier)
    check("%s: code redeemed with client_secret_basic" % login,
          status == 200 and "id_token" in tokens, tokens)
    header, claims = id_token(p, tokens["id_token"])
    check("%s: ID token iss, aud, nonce and signature" % login,
          claims["iss"] == p.issuer and claims["aud"] == p.client_id
          and claims["nonce"] == nonce
          and header.get("(signature)", "good") == "good", header)
    status, info = json_at(p.url("/me"), headers={
        "Authorization": "Bearer " + tokens["access_token"]})
    check("%s: userinfo answers for the same sub" % login,
          status == 200 and info.get("sub") == claims["sub"], info)
    return tokens, header, claims, info


def forms_posted(p, login):
    """How many forms one sign-in posts, by the provider's log."""
    before = len(p.log())
    url, _, _ = authorize_url(p, secrets.token_urlsafe(32))
    sign_in_at_provider(url, login)
    return p.log()[before:].count("POST /interaction/")


def error_page(p, check, what, **extra):
    """An authorization request the provider cannot send back."""
    url, _, _ = authorize_url(p, secrets.token_urlsafe(32), **extra)
    try:
        sign_in_at_provider(url, "carol@example.com")
        check("%s: an error page" % what, False)
    except ProviderError as e:
        check("%s: an error page, %s" % (
              what, str(e).split(": ", 1)[1][:200]), True)


def protocol(p, check):
    """What the provider refuses, as Porch's client side will meet it."""
    verifier = secrets.token_urlsafe(32)
    url, _, _ = authorize_url(p, verifier)
    code = redirect_params(sign_in_at_provider(url, "carol@example.com"))[
        "code"]
    for what, args, want in (
            ("wrong code_verifier", dict(verifier="x" * 43), "invalid_grant"),
            ("no code_verifier", dict(verifier=None), "invalid_grant"),
            ("no redirect_uri", dict(verifier=verifier, redirect_uri=None),
             "invalid_request"),
            ("other redirect_uri", dict(verifier=verifier,
                                        redirect_uri=CALLBACK + "x"),
             "invalid_grant"),
            ("secret not form-encoded", dict(verifier=verifier, headers=basic(
                p.client_id, p.client_secret, encode=False)), None),
            ("client_secret_post", dict(verifier=verifier, headers={},
                                        extra={"client_id": p.client_id,
                                               "client_secret":
                                               p.client_secret}),
             "invalid_client"),
            ("the right request", dict(verifier=verifier), ""),
            ("the same code twice", dict(verifier=verifier),
             "invalid_grant")):
        status, res = redeem(p, code, **args)
        err = res.get("error", "")
        check("token endpoint, %s: %d %s %s" % (
              what, status, err, res.get("error_description", "")),
              err == want if want is not None else status >= 400, res)
    for what, extra in (("no code_challenge", {}),
                        ("code_challenge_method plain",
                         {"code_challenge": "y" * 43,
                          "code_challenge_method": "plain"})):
        url, state, _ = authorize_url(p, None, **extra)
        back = redirect_params(sign_in_at_provider(url, "carol@example.com"))
        check("authorization, %s: %s (%s)" % (
              what, back.get("error"), back.get("error_description")),
              back.get("error") and back.get("state") == state, back)
    url, _, _ = authorize_url(p, verifier, nonce=None)
    back = redirect_params(sign_in_at_provider(url, "carol@example.com"))
    check("authorization without nonce is allowed", "code" in back, back)
    error_page(p, check, "unregistered redirect_uri",
               redirect_uri=CALLBACK + "x")
    url, state, _ = authorize_url(p, verifier)
    back = abort_at_provider(url)
    got = redirect_params(back)
    check("cancel at the provider: access_denied with state and iss",
          got.get("error") == "access_denied" and got.get("state") == state
          and got.get("iss") == p.issuer, back)


def main():
    check = Checks()
    t0 = time.monotonic()
    p = Provider([CALLBACK, "http://127.0.0.1:9/other"],
                 client_secret="pa ss+w/o:r%d")
    print("started in %.2f s at %s" % (time.monotonic() - t0, p.issuer))
    try:
        _, meta = json_at(p.url("/.well-known/openid-configuration"))
        check("discovery issuer is exactly the issuer",
              meta["issuer"] == p.issuer, meta["issuer"])
        tokens, header, claims, info = flow(p, "alice.smith@example.com",
                                             check, verbose=True)
        show("token response (tokens shortened)", {
            k: (v[:16] + "...") if k.endswith("token") else v
            for k, v in tokens.items()})
        show("ID token header", header)
        show("ID token claims", claims)
        show("userinfo", info)
        check("no e-mail in the ID token by default", "email" not in claims)
        check("alice: email_verified true", info.get("email_verified") is True
              and info.get("name") == "Alice Smith", info)
        info = flow(p, "unverified@example.com", check)[3]
        show("userinfo for unverified@example.com", info)
        check("unverified@: email_verified false",
              info.get("email_verified") is False, info)
        info = flow(p, "noemail@example.com", check)[3]
        check("noemail@: no email claims", "email" not in info
              and "email_verified" not in info, info)
        claims, info = flow(p, "bob@example.com#42", check)[2:]
        check("bob@example.com#42: sub-42, email bob@example.com",
              claims["sub"] == "sub-42" and info.get("email") ==
              "bob@example.com", info)
        protocol(p, check)
        check("the provider's log says why a code was refused",
              "PKCE verification failed" in p.log())
        check("automatic consent: one form (sign-in) in a flow",
              forms_posted(p, "frank@example.com") == 1, p.log())
        kids = {k["kid"] for k in json_at(p.url("/jwks"))[1]["keys"]}
        p.stop()
        check("SIGTERM: exit status 0", p.returncode == 0, p.returncode)
        t0 = time.monotonic()
        p.start()
        print("restarted in %.2f s" % (time.monotonic() - t0))
        again = {k["kid"] for k in json_at(p.url("/jwks"))[1]["keys"]}
        check("restart: same issuer, all kids new", not kids & again,
              sorted(again))
        flow(p, "alice.smith@example.com", check)
    finally:
        p.stop()
    with Provider(CALLBACK, claims_in_id_token=True, ask_consent=True) as p:
        claims = flow(p, "dave.o-neil@example.com", check)[2]
        show("ID token claims with --claims-in-id-token", claims)
        check("claims in ID token, consent page walked",
              claims.get("email") == "dave.o-neil@example.com"
              and claims.get("email_verified") is True
              and claims.get("name") == "Dave O Neil", claims)
        check("--ask-consent: two forms (sign-in, consent) in a flow",
              forms_posted(p, "frank@example.com") == 2, p.log())
        error_page(p, check, "one redirect_uri registered, none sent",
                   redirect_uri=None)
    with Provider(CALLBACK, id_token_alg="EdDSA") as p:
        header = flow(p, "erin@example.com", check)[1]
        check("--id-token-alg EdDSA", header["alg"] == "EdDSA"
              and header["kid"].startswith("ed25519-"), header)
    print("selftest: %d passed, %d failed" % (check.passed, check.failed))
    return 1 if check.failed else 0


if __name__ == "__main__":
    sys.exit(main())
