"""An office's plan (features in porch.conf) decides what its portals
offer, and the server refuses what the plan leaves out, whatever the
request: here an office whose plan has neither public booking links nor
multi-slot appointments.
"""

import pytest

from client import Client
from helpers import (book_as_visitor, days_ahead, new_agenda, new_customer,
                     new_project, set_office_option, set_portal_option,
                     sign_in, slots_on)


def no_links(stack):
    set_office_option(stack.conf, "demo", "features",
                      "time-proposals calendar-sync uploads")
    set_portal_option(stack.conf, "demo", "embed_origins",
                      "https://www.example.com")


@pytest.fixture(scope="module")
def plain(launch, smtp):
    with launch("plan", smtp.url, setup=no_links) as stack:
        yield stack


def test_a_visitor_cannot_book_without_booking_links(plain):
    g = new_agenda(plain, max_slots=3, notice=0)
    p = new_project(plain, agendas=(g,))
    visitor = Client(plain.port, plain.host)
    assert visitor.get("/book/%s" % p).status == 403
    assert visitor.get("/embed/book/%s" % p).status == 403
    csrf = visitor.get("/login").csrf
    addr = "late-%s@example.com" % g[:6].lower()
    refused = visitor.post("/book/%s" % p, {"csrf": csrf, "at": "0",
                                            "name": "Vic Visitor",
                                            "email": addr})
    assert refused.status == 403
    # a signed-in customer still books, one slot at a time
    customer = Client(plain.port, plain.host)
    sign_in(plain, customer, new_customer(plain))
    week = customer.get("/book/%s?day=%s" % (p, days_ahead(2)))
    assert week.status == 200, week.text
    at = slots_on(week)[0]
    step = customer.get("/book/%s?at=%d" % (p, at))
    assert step.status == 200
    assert 'name="length"' not in step.text
    fields = dict(step.form("/book/" + p).fields)
    assert customer.post("/book/" + p, dict(fields, length="2")).status == 400
    done = customer.post("/book/" + p, fields)
    assert done.status == 303, done.text
