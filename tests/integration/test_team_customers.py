"""The team's view of its office's customers: a search over name and
e-mail address with pages of 25, one page per customer with details and
upcoming appointments, a button that e-mails an activation link (agents
and admins only, recorded in the audit log), and the audit log for
admins.  Another office's team never sees these customers."""

import html
import re
import secrets

import pytest

from client import Client
from helpers import (appointment_labels, customer_id, new_customer,
                     new_member, outbox_to, query, team_sign_in)

PASSWORD = "tidy lantern 4 orchard"
ANA = "ana@example.com"
PID_RE = re.compile(r"^/team/customers/([A-Za-z0-9_-]{22})$")


def member_browser(stack, client, role, office="demo", host=None):
    addr = new_member(stack, office=office, role=role, password=PASSWORD,
                      name="Mo %s" % role.title())
    browser = client(host)
    done = team_sign_in(browser, addr, PASSWORD)
    assert done.status == 303, done.text
    return addr, browser


def pid_of(stack, addr, office="demo"):
    rows = query(stack, "SELECT pid FROM customers WHERE email = ?",
                 (addr.lower(),), office)
    assert len(rows) == 1
    return rows[0]["pid"]


def customer_links(page):
    return [m.group(1) for m in map(PID_RE.match, page.links) if m]


def audit_rows(stack, subject, office="demo"):
    return query(stack, "SELECT a.*, m.email AS member FROM audit a "
                 "LEFT JOIN members m ON m.id = a.member_id "
                 "WHERE a.subject = ?", (subject,), office)


def test_search_finds_by_name_and_by_address(stack, client):
    tag = secrets.token_hex(4)
    by_name = new_customer(stack, name="Quinn %s Example" % tag.upper())
    other = new_customer(stack, name="Somebody Else")
    _, browser = member_browser(stack, client, "viewer")

    page = browser.get("/team/customers?q=quinn+%s" % tag)
    assert page.status == 200, page.text
    assert customer_links(page) == [pid_of(stack, by_name)]
    assert by_name in page.visible_text
    assert "Active" in page.visible_text

    local = other.split("@")[0]
    page = browser.get("/team/customers?q=%s" % local.upper())
    assert customer_links(page) == [pid_of(stack, other)]
    assert "Somebody Else" in page.visible_text

    page = browser.get("/team/customers?q=no-such-%s" % tag)
    assert page.status == 200
    assert customer_links(page) == []
    assert "No customer's name or address contains" in page.visible_text


def test_wildcards_in_the_search_match_only_themselves(stack, client):
    _, browser = member_browser(stack, client, "viewer")
    page = browser.get("/team/customers?q=%25%25%25")
    assert page.status == 200
    assert customer_links(page) == []


def test_search_pages_by_25_in_name_order(stack, client):
    tag = secrets.token_hex(4)
    made = {}
    for i in range(27):
        made["Pager %s %02d" % (tag, i)] = new_customer(
            stack, name="Pager %s %02d" % (tag, i))
    _, browser = member_browser(stack, client, "viewer")

    first = browser.get("/team/customers?q=pager+" + tag)
    assert first.status == 200, first.text
    order = [made["Pager %s %02d" % (tag, i)] for i in range(27)]
    pids = [pid_of(stack, a) for a in order]
    assert customer_links(first) == pids[:25]
    assert "27 found" in first.visible_text
    nxt = first.link_to("Next")
    assert nxt.startswith("/team/customers?q=pager%20" + tag + "&after=")
    assert first.link_to("Previous") is None

    second = browser.get(nxt)
    assert second.status == 200
    assert customer_links(second) == pids[25:]
    assert second.link_to("Next") is None
    back = browser.get(second.link_to("Previous"))
    assert customer_links(back) == pids[:25]

    assert browser.get("/team/customers?after=0").status == 400
    assert browser.get("/team/customers?before=x").status == 400


def card_text(page, heading_id):
    """The visible text of the page's card headed by heading_id."""
    m = re.search(r'<section[^>]*aria-labelledby="%s".*?</section>'
                  % heading_id, page.text, re.S)
    assert m, "no card %s in the page" % heading_id
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", m.group(0)))
                    .split())


def test_a_customer_page_shows_details_and_appointments(stack, client):
    _, browser = member_browser(stack, client, "viewer")
    page = browser.get("/team/customers/" + pid_of(stack, ANA))
    assert page.status == 200, page.text
    text = page.visible_text
    assert ANA in text and "Ana Alvarez" in text
    # past appointments are in the timeline, never among the upcoming
    card = card_text(page, "h-appointments")
    upcoming = appointment_labels(stack, ANA, upcoming_only=True)
    assert upcoming, "the demo seed gives Ana no upcoming appointment"
    for label in upcoming:
        assert label in card, label
    past = appointment_labels(stack, ANA) - upcoming
    for label in past:
        assert label not in card, label


def test_an_unknown_customer_is_not_found(stack, client):
    _, browser = member_browser(stack, client, "admin")
    assert browser.get("/team/customers/" + "A" * 22).status == 404
    assert browser.post("/team/customers/%s/activation" % ("A" * 22),
                        {"csrf": browser.get("/team").csrf}).status == 404


def test_a_viewer_cannot_send_an_activation_link(stack, client):
    addr = new_customer(stack)
    pid = pid_of(stack, addr)
    _, browser = member_browser(stack, client, "viewer")
    page = browser.get("/team/customers/" + pid)
    assert page.status == 200
    assert "Send activation link" not in page.text
    assert "Send a sign-in link" not in page.text
    assert not [f for f in page.forms if f.action.endswith("/activation")]
    refused = browser.post("/team/customers/%s/activation" % pid,
                           {"csrf": page.csrf or browser.get("/team").csrf})
    assert refused.status == 403, refused.text
    assert outbox_to(stack, addr) == []
    assert audit_rows(stack, pid) == []


def test_an_agent_sends_an_activation_link(stack, client):
    addr = new_customer(stack, name="Vera Activate")
    pid = pid_of(stack, addr)
    agent, browser = member_browser(stack, client, "agent")
    page = browser.get("/team/customers/" + pid)
    form = page.form("/team/customers/%s/activation" % pid)
    done = browser.post(form.action, form.fields)
    assert done.status == 303, done.text
    assert done.location == "/team/customers/%s?sent=1" % pid
    shown = browser.get(done.location)
    assert "A sign-in link was e-mailed to %s." % addr in shown.visible_text

    mail = outbox_to(stack, addr)
    assert len(mail) == 1
    assert "Vera Activate" in mail[0]["body"]
    assert "/auth?t=" in mail[0]["body"]
    rows = query(stack, "SELECT * FROM login_tokens WHERE customer_id = ?",
                 (customer_id(stack, addr),))
    assert len(rows) == 1 and rows[0]["used"] == 0
    # an invitation may wait a week, as with porchctl invite
    assert rows[0]["expires"] - rows[0]["created"] == 7 * 24 * 3600
    assert "expires in 7 days" in mail[0]["body"]
    rows = audit_rows(stack, pid)
    assert len(rows) == 1
    assert rows[0]["action"] == "activation-sent"
    assert rows[0]["member"] == agent.lower()
    # the audit row outlives a deletion: no personal data in it
    assert addr.lower() not in (rows[0]["detail"] or "").lower()


def test_the_audit_log_is_for_admins_only(stack, client):
    addr = new_customer(stack)
    pid = pid_of(stack, addr)
    agent, browser = member_browser(stack, client, "agent")
    form = browser.get("/team/customers/" + pid).form(
        "/team/customers/%s/activation" % pid)
    assert browser.post(form.action, form.fields).status == 303
    assert browser.get("/team/audit").status == 403
    _, viewer = member_browser(stack, client, "viewer")
    assert viewer.get("/team/audit").status == 403

    _, admin = member_browser(stack, client, "admin")
    home = admin.get("/team")
    assert "/team/audit" in home.links and "/team/customers" in home.links
    assert "/team/audit" not in browser.get("/team").links
    log = admin.get("/team/audit")
    assert log.status == 200, log.text
    assert pid in log.visible_text
    assert "activation-sent" in log.visible_text
    assert "Mo Agent" in log.visible_text
    assert admin.get("/team/audit?before=x").status == 400
    assert admin.get("/team/audit?before=1").status == 400


# ------------------------------------------------------------ two offices
def add_other_office(stack):
    stack.porchctl("office", "add", "other", "--name", "Other Office")
    stack.porchctl("portal", "add", "other", "--office", "other",
                   "--url", "http://localhost:%d" % stack.port,
                   "--name", "Other Portal")


@pytest.fixture(scope="module")
def two(launch, smtp):
    with launch("team-customers", smtp.url, setup=add_other_office) as s:
        yield s


def test_another_office_never_sees_these_customers(two):
    addr = new_customer(two, office="demo", name="Dora Demo Only")
    pid = pid_of(two, addr)
    member = new_member(two, office="other", role="admin", password=PASSWORD)
    browser = Client(two.port, "localhost:%d" % two.port)
    assert team_sign_in(browser, member, PASSWORD).status == 303
    assert browser.get("/team/customers/" + pid).status == 404
    found = browser.get("/team/customers?q=Dora+Demo")
    assert found.status == 200
    assert customer_links(found) == []
    refused = browser.post("/team/customers/%s/activation" % pid,
                           {"csrf": browser.get("/team").csrf})
    assert refused.status == 404
    assert outbox_to(two, addr) == []


def test_a_cursor_of_one_office_shows_nothing_of_it_in_another(two):
    for i in range(26):
        new_customer(two, office="demo", name="Cora Cursor %02d" % i)
    admin = new_member(two, office="demo", role="admin", password=PASSWORD)
    demo = Client(two.port, two.host)
    assert team_sign_in(demo, admin, PASSWORD).status == 303
    nxt = demo.get("/team/customers?q=cora+cursor").link_to("Next")
    assert nxt is not None

    member = new_member(two, office="other", role="admin", password=PASSWORD)
    other = Client(two.port, "localhost:%d" % two.port)
    assert team_sign_in(other, member, PASSWORD).status == 303
    page = other.get(nxt)
    assert page.status == 200
    assert customer_links(page) == []
    assert "Cora Cursor" not in page.text
    page = other.get("/team/customers?" + nxt.split("&", 1)[1])
    assert page.status == 200
    assert "Cora Cursor" not in page.text
    assert set(customer_links(page)) <= {
        r["pid"] for r in query(two, "SELECT pid FROM customers", (),
                                "other")}
