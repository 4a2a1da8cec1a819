"""The web server's access log never records a secret query string.

The links Porch mails (sign-in, password reset, e-mail change, team
invitations) carry a working secret in their query string, and a link that
a mail scanner opened still works, so a log line holding one would be a key
to the account.  The configuration porch-routes makes from the routes table
has the access log write "?[secret]" in place of the query of a request to
a route the table marks secret, and of a request to any path whose query
names a secret parameter; every other query is logged as sent, so the log
stays useful.  Every test here runs behind nginx and behind Apache, and
finds its request's line by a User-Agent of its own.
"""

import os
import re
import secrets
import time

import pytest

from client import Client
from helpers import new_customer, path_of

SECRET = "?[secret]"

# The start of a line in both servers' "porch" format: client, identity,
# user, [time], "METHOD URI PROTOCOL" STATUS BYTES "REFERER" "AGENT" ID.
LINE_RE = re.compile(r'^\S+ \S+ \S+ \[[^]]+\] "(\S+) (\S*) (\S*)" (\d{3}) '
                     r'(\S+) "[^"]*" "([^"]*)" (\S+) ')


def add_password_portal(stack):
    stack.porchctl("portal", "add", "log-pw", "--office", "demo",
                   "--url", "http://pw.localhost:%d" % stack.port,
                   "--name", "Log Password Portal",
                   "--signin", "magic-link password")


@pytest.fixture(scope="module", params=["nginx", "apache"])
def web(launch, smtp, request):
    with launch("log-" + request.param, smtp.url, setup=add_password_portal,
                web=request.param) as stack:
        yield stack


def browser(stack, host=None):
    return Client(stack.port, host or stack.host)


def access_log(stack):
    with open(stack.access_log, encoding="utf-8", errors="replace") as f:
        return f.read()


def line_of(stack, agent=None, start=0):
    """The access log's line for the one request sent with this
    User-Agent, or else the one line written after the first start
    characters, as a match of LINE_RE.  The server writes it once the
    response is out, so it may come a moment after."""
    deadline = time.monotonic() + 10
    while True:
        lines = [l for l in access_log(stack)[start:].splitlines()
                 if agent is None or agent in l]
        if lines or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert len(lines) == 1, "%d lines for %s in %s" % (
        len(lines), agent or "one request", stack.access_log)
    m = LINE_RE.match(lines[0])
    assert m, lines[0]
    return m


def fetch(stack, client, path):
    """GETs path with a User-Agent of its own: the response and its line
    as (method, uri, status)."""
    agent = "porch-log-test-" + secrets.token_hex(8)
    r = client.get(path, headers={"User-Agent": agent})
    m = line_of(stack, agent)
    return r, (m.group(1), m.group(2), int(m.group(4)))


def token_of(link):
    m = re.search(r"[?&]t=([A-Za-z0-9_-]+)", link)
    assert m, link
    return m.group(1)


def files_holding(stack, secret):
    """The files under the installation's log directories (the programs'
    and the web server's) that hold secret."""
    found = []
    for top in (stack.logdir, os.path.dirname(stack.access_log)):
        for d, _, names in os.walk(top):
            for name in names:
                with open(os.path.join(d, name), "rb") as f:
                    if secret.encode() in f.read():
                        found.append(os.path.join(d, name))
    return found


def test_sign_in_links(web):
    """The link a mail scanner opened and the one the customer signed in
    with: both lines are there, neither token is anywhere in the logs."""
    addr = new_customer(web)
    scanned, used = web.link(addr), web.link(addr)
    page, line = fetch(web, browser(web), path_of(scanned))
    assert page.status == 200, page.text
    assert line == ("GET", "/auth" + SECRET, 200)

    customer = browser(web)
    page, line = fetch(web, customer, path_of(used))
    assert line == ("GET", "/auth" + SECRET, 200)
    done = customer.post("/auth", page.form("/auth").fields)
    assert done.status == 303, done.text
    assert customer.get(done.location).status == 200
    for link in (scanned, used):
        assert token_of(link) not in access_log(web)
        assert files_holding(web, token_of(link)) == []


def test_a_password_reset_link(web, smtp):
    addr = new_customer(web)
    customer = browser(web, "pw.localhost:%d" % web.port)
    form = customer.get("/password/forgot").form("/password/forgot")
    form.fields["email"] = addr
    assert customer.post("/password/forgot", form.fields).status == 200
    web.mailer("--once")
    mail = smtp.wait_for(addr)
    m = re.search(r"/password/reset\?t=[A-Za-z0-9_-]+", mail.text)
    assert m, mail.text
    page, line = fetch(web, customer, m.group(0))
    assert page.status == 200, page.text
    assert page.form("/password/reset")
    assert line == ("GET", "/password/reset" + SECRET, 200)
    assert token_of(m.group(0)) not in access_log(web)
    assert files_holding(web, token_of(m.group(0))) == []


@pytest.mark.parametrize("query", [
    "code=SECRET", "x=1&state=SECRET", "T=SECRET", "%74=SECRET"],
    ids=["code", "state after &", "capital T", "percent-encoded t"])
def test_secret_named_parameters_on_any_path(web, query):
    """A parameter named like a secret one is left out on a path no route
    claims, too (and a name hidden by percent-encoding, which the programs
    would decode); the path stays."""
    secret = secrets.token_urlsafe(32)
    r, line = fetch(web, browser(web),
                    "/no/such/page?" + query.replace("SECRET", secret))
    assert r.status == 404
    assert line == ("GET", "/no/such/page" + SECRET, 404)
    assert secret not in access_log(web)


@pytest.mark.parametrize("path", ["/auth/?t=SECRET", "/a%75th?t=SECRET",
                                  "/a%75th?%74=SECRET"],
                         ids=["trailing slash", "encoded path",
                              "encoded path and name"])
def test_odd_spellings_of_a_secret_route(web, path):
    secret = secrets.token_urlsafe(32)
    r, (method, uri, status) = fetch(web, browser(web),
                                     path.replace("SECRET", secret))
    assert status == r.status
    assert uri.endswith(SECRET)
    assert secret not in access_log(web)


def test_a_secret_route_answered_by_an_error_page(web):
    """While the program is down the server answers with its own page
    (an internal redirect): the line still leaves the query out."""
    secret = secrets.token_urlsafe(32)
    web.stop_program("auth")
    try:
        r, line = fetch(web, browser(web), "/auth?t=" + secret)
    finally:
        web.start_program("auth")
    assert r.status in (502, 503, 504)
    assert line == ("GET", "/auth" + SECRET, r.status)
    assert secret not in access_log(web)


def test_a_secret_in_a_request_the_server_refuses(web):
    """A header too large: refused before the server looks at the route
    (Apache keeps none of its headers, so the line is found as the next
    one), and the query is left out all the same."""
    secret = secrets.token_urlsafe(32)
    client = browser(web)
    head = ("GET /auth?t=%s HTTP/1.1\r\nHost: %s\r\nX-Large: %s\r\n"
            "Connection: close\r\n\r\n" % (secret, client.host, "a" * 65536))
    start = len(access_log(web))
    assert client.raw(head.encode()).status == 400
    line = line_of(web, start=start)
    assert line.group(1, 2, 4) == ("GET", "/auth" + SECRET, "400")
    assert secret not in access_log(web)


@pytest.mark.parametrize("path,status", [
    ("/team/customers?q=findme", 303), ("/login?next=/portal", 200),
    ("/no/such/page?at=1&tx=2", 404)])
def test_other_queries_are_logged_as_sent(web, path, status):
    """The rest keep their query, and the line its use: method, path and
    query, status, bytes, user agent, request id."""
    agent = "porch-log-test-" + secrets.token_hex(8)
    r = browser(web).get(path, headers={"User-Agent": agent})
    assert r.status == status
    m = line_of(web, agent)
    assert m.group(1, 2, 3, 4) == ("GET", path, "HTTP/1.1", str(status))
    sent = m.group(5)       # the body's bytes; Apache writes "-" for none
    assert sent == str(len(r.body)) or (sent == "-" and not r.body)
    assert m.group(6) == agent
    assert m.group(7) == r.header("X-Request-Id")


def test_a_calendar_feed_address(web):
    """A feed's address is a secret in its path: the line has "[secret]"
    for its path and query, for the feed itself, a revoked one, a wrong
    method and a path that only starts like it, and its token is nowhere
    in the logs."""
    from helpers import sign_in

    addr = new_customer(web)
    customer = browser(web)
    sign_in(web, customer, addr)
    page = customer.get("/portal/calendar")
    made = customer.post("/portal/calendar/new", {"csrf": page.csrf})
    m = re.search(r"/calendar/([A-Za-z0-9_-]{43})\.ics", made.text)
    assert m, made.text
    token = m.group(1)
    r, line = fetch(web, browser(web), m.group(0))
    assert r.status == 200
    assert line == ("GET", "[secret]", 200)
    r, line = fetch(web, browser(web), m.group(0) + "?x=1")
    assert line == ("GET", "[secret]", 200)
    r, line = fetch(web, browser(web), "//calendar/%s.ics" % token)
    assert line[:2] == ("GET", "[secret]")
    r, line = fetch(web, browser(web), "/calendar/%s.ics/more" % token)
    assert line == ("GET", "[secret]", 404)
    agent = "porch-log-test-" + secrets.token_hex(8)
    r = browser(web).request("POST", m.group(0),
                             headers={"User-Agent": agent})
    assert r.status == 405
    assert line_of(web, agent).group(2) == "[secret]"
    customer.post("/portal/calendar/revoke",
                  {"csrf": page.csrf, "confirm": "yes"})
    r, line = fetch(web, browser(web), m.group(0))
    assert line == ("GET", "[secret]", 404)
    assert token not in access_log(web)
    assert files_holding(web, token) == []
