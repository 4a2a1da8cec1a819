"""A customer sees their own records and nobody else's.

The demo seed gives the office two customers with appointments, Ana and
Ben; the tests only read them (signing in adds sessions, nothing else).
What each dashboard must and must not show is read from the database.
"""

import pytest

from helpers import appointment_labels, new_customer, sign_in

ANA = "ana@example.com"
BEN = "ben@example.com"


@pytest.fixture(scope="module")
def labels(stack):
    """Per customer: the labels of all their appointments, and of their
    upcoming ones (what the dashboard may show)."""
    return {who: (appointment_labels(stack, who),
                  appointment_labels(stack, who, upcoming_only=True))
            for who in (ANA, BEN)}


@pytest.mark.parametrize("me,other", [(ANA, BEN), (BEN, ANA)])
def test_a_dashboard_shows_only_its_own_appointments(stack, client, labels,
                                                     me, other):
    mine_all, mine_upcoming = labels[me]
    theirs = labels[other][0] - mine_all
    assert theirs, ("the demo seed gives %s and %s no distinguishable "
                    "appointments, so privacy cannot be checked" % (me, other))
    assert mine_upcoming, "the demo seed gives %s no upcoming appointment" % me
    page = sign_in(stack, client(), me).visible_text
    assert [l for l in mine_upcoming if l in page], \
        "none of %s's upcoming appointments is on their dashboard" % me
    leaked = sorted(l for l in theirs if l in page)
    assert not leaked, "%s's dashboard shows %s's %s" % (me, other, leaked)


def test_a_new_customer_sees_empty_sections(stack, client, labels):
    page = sign_in(stack, client(), new_customer(stack)).visible_text
    assert "no upcoming appointments" in page.lower()
    for label in labels[ANA][0] | labels[BEN][0]:
        assert label not in page
    for section in ("Open requests", "Offers", "Documents", "Tickets"):
        assert section in page
