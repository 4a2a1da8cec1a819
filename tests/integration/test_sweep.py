"""porchctl sweep removes what can never be used again (used or expired
sign-in links, expired sessions) and nothing that still works."""

import time

from helpers import new_customer, sessions_of, sign_in, tokens_of


def test_sweep_keeps_what_works_and_drops_what_cannot(stack, client):
    signed_in = new_customer(stack)
    browser = client()
    sign_in(stack, browser, signed_in)            # its link is now used
    waiting = new_customer(stack)
    stack.link(waiting)                           # unused, still valid
    lapsed = new_customer(stack)
    stack.porchctl("link", "--office", "demo", "--email", lapsed,
                   "--ttl", "1")
    time.sleep(2)

    out = stack.porchctl("sweep")
    assert "demo: swept" in out
    assert tokens_of(stack, signed_in) == []
    assert tokens_of(stack, lapsed) == []
    assert len(tokens_of(stack, waiting)) == 1
    assert len(sessions_of(stack, signed_in)) == 1
    assert browser.get("/portal").status == 200
