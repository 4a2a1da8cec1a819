"""What the integration tests share besides fixtures: where the source and
the build are, the development runner's Stack, fresh customers, signing in
the way a customer does, and reading what an office's database holds.

The tests read the databases only; every change goes through the portal or
porchctl, as it would in production (only the time an e-mailed link expires
is moved, since no test can wait for it).
"""

import configparser
import importlib.machinery
import importlib.util
import os
import re
import secrets
import sqlite3
import subprocess
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SRCDIR = os.environ.get("PORCH_SRCDIR") or os.path.dirname(
    os.path.dirname(HERE))
BUILDDIR = os.environ.get("PORCH_BUILDDIR") or os.path.join(SRCDIR, "build")
TOKEN_RE = re.compile(r"/auth\?t=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])")


def _load(name, path):
    loader = importlib.machinery.SourceFileLoader(name, path)
    spec = importlib.util.spec_from_loader(name, loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


porch_dev = _load("porch_dev", os.path.join(SRCDIR, "tools", "porch-dev"))


def routes():
    """The build's routes table, as porch-routes lists it."""
    return porch_dev.routes_module().listing(
        porch_dev.routes_module().load(os.path.join(BUILDDIR, "routes.txt")))


def portal_name(stack, portal="demo"):
    """The portal's name as porch.conf has it."""
    conf = configparser.ConfigParser(interpolation=None, strict=False,
                                     inline_comment_prefixes=(";", "#"))
    conf.read(stack.conf, encoding="utf-8")
    return conf.get("portal " + portal, "name", fallback=None) or \
        conf.get("office " + conf.get("portal " + portal, "office"), "name")


def set_office_option(conf, office, key, value):
    """Puts `key = value` into an office's section of porch.conf (porchctl
    writes the sections; this key has no option there)."""
    with open(conf, encoding="utf-8") as f:
        lines = f.read().splitlines()
    at = lines.index("[office %s]" % office)
    lines.insert(at + 1, "%s = %s" % (key, value))
    with open(conf, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def add_office(stack, office, host, name, team_signin=None):
    """Adds an office and its one portal (both called `office`), the
    portal at http://host:PORT; "<name> Office" and "<name> Portal" are
    their names.  team_signin, when given, is the office's."""
    stack.porchctl("office", "add", office, "--name", name + " Office")
    if team_signin is not None:
        set_office_option(stack.conf, office, "team_signin", team_signin)
    stack.porchctl("portal", "add", office, "--office", office,
                   "--url", "http://%s:%d" % (host, stack.port),
                   "--name", name + " Portal")


# ---------------------------------------------------------------- people
def new_customer(stack, office="demo", name="Test Customer"):
    """Adds a customer nobody else uses; returns the address."""
    addr = "c-%s@example.com" % secrets.token_hex(6)
    stack.porchctl("customer", "add", "--office", office, "--email", addr,
                   "--name", name)
    return addr


def new_member(stack, office="demo", name="Tam Teammate", role="agent",
               password=None):
    """Adds a team member nobody else uses, with a password when given
    (set through porchctl's standard input); returns the address."""
    addr = "m-%s@example.com" % secrets.token_hex(6)
    stack.porchctl("member", "add", "--office", office, "--email", addr,
                   "--name", name, "--role", role)
    if password is not None:
        set_member_password(stack, addr, password, office)
    return addr


def set_member_password(stack, addr, password, office="demo", check=True):
    """porchctl member password, the password on standard input; the
    completed process."""
    p = subprocess.run([stack.tool("porchctl"), "-c", stack.conf, "member",
                        "password", "--office", office, "--email", addr],
                       env=stack.env(), capture_output=True, text=True,
                       input=password + "\n")
    assert not check or p.returncode == 0, p.stderr
    return p


def team_sign_in(client, addr, password, next_path=None):
    """Signs the client in on the team form; the response to the POST."""
    form = client.get("/team/login")
    assert form.status == 200, form.text
    fields = {"csrf": form.csrf, "email": addr, "password": password}
    if next_path is not None:
        fields["next"] = next_path
    return client.post("/team/login", fields)


def member_id(stack, addr, office="demo"):
    rows = query(stack, "SELECT id FROM members WHERE email = ?",
                 (addr.lower(),), office)
    assert len(rows) == 1, "member %s not found once" % addr
    return rows[0]["id"]


def member_sessions(stack, addr, office="demo"):
    return query(stack, "SELECT * FROM sessions WHERE kind = 'member' AND "
                 "principal_id = ?", (member_id(stack, addr, office),),
                 office)


def confirmed_post(browser, path, fields):
    """Posts a destructive action's form, which answers with its confirming
    step (200, a form posting to the same path with confirm=yes, and
    nothing changed yet), then presses that step's button: the response."""
    step = browser.post(path, fields)
    assert step.status == 200, step.text
    form = step.form(path)
    assert form.fields.get("confirm") == "yes", form.fields
    return browser.post(path, form.fields)


def press_deletion(browser, action):
    """Presses the account page's deletion button (request or cancel; a
    request through its confirming step): the response to the POST."""
    form = browser.get("/portal/account").form("/portal/account/deletion")
    assert form.fields["action"] == action
    if action == "request":
        return confirmed_post(browser, "/portal/account/deletion",
                              form.fields)
    return browser.post("/portal/account/deletion", form.fields)


def expire_member_links(stack, addr, office="demo"):
    """Days cannot pass in a test: the expiry of the member's e-mailed
    links (invitations, password resets) is moved into the past instead,
    the one write a test makes behind the portal."""
    conn = sqlite3.connect(stack.db_path(office), timeout=10)
    try:
        with conn:
            conn.execute("UPDATE member_link_tokens SET expires = ? "
                         "WHERE member_id = ?", (int(time.time()) - 1,
                                                 member_id(stack, addr,
                                                           office)))
    finally:
        conn.close()


def path_of(url):
    parts = urllib.parse.urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def open_link(client, link):
    """Opens a magic link and presses its Sign in button: the response to
    the POST.  Asserts the confirmation page on the way."""
    page = client.get(path_of(link))
    assert page.status == 200, page.text
    form = page.form("/auth")
    return client.post("/auth", form.fields)


def sign_in(stack, client, addr, office="demo", portal=None):
    """Signs the client in as addr through a porchctl link; asserts it
    worked and returns the dashboard response."""
    done = open_link(client, stack.link(addr, office=office, portal=portal))
    assert done.status == 303, done.text
    assert "__Host-porch" in client.cookies
    page = client.get(done.location)
    assert page.status == 200, page.text
    return page


def query(stack, sql, args=(), office="demo"):
    """Rows (sqlite3.Row) of a read on an office's database."""
    conn = sqlite3.connect(stack.db_path(office), timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def customer_id(stack, addr, office="demo"):
    rows = query(stack, "SELECT id FROM customers WHERE email = ?",
                 (addr.lower(),), office)
    assert len(rows) == 1, "customer %s not found once" % addr
    return rows[0]["id"]


def sessions_of(stack, addr, office="demo"):
    """The customer's sessions (a member's row id can be the same)."""
    return query(stack, "SELECT * FROM sessions WHERE kind = 'customer' "
                 "AND principal_id = ?", (customer_id(stack, addr, office),),
                 office)


def tokens_of(stack, addr, office="demo"):
    return query(stack, "SELECT * FROM login_tokens WHERE customer_id = ?",
                 (customer_id(stack, addr, office),), office)


def outbox_to(stack, addr, office="demo"):
    return query(stack, "SELECT * FROM outbox WHERE recipient = ?",
                 (addr.lower(),), office)


def _columns(stack, table, office):
    return [r["name"] for r in query(stack, "PRAGMA table_info(%s)" % table,
                                     (), office)]


def appointment_labels(stack, addr, office="demo", upcoming_only=False):
    """The project titles and locations of a customer's appointments, read
    from whichever shape the schema gives them (a project column, or a
    projects table with a title or name)."""
    cols = _columns(stack, "appointments", office)
    cid = customer_id(stack, addr, office)
    if "project" in cols:
        title = "a.project"
        join = ""
    else:
        pcols = _columns(stack, "projects", office)
        title = "p." + ("title" if "title" in pcols else "name")
        join = " LEFT JOIN projects p ON p.id = a.project_id"
    where, args = "a.customer_id = ?", [cid]
    if upcoming_only:
        where += " AND a.ends > ? AND a.status <> 'cancelled'"
        args.append(int(time.time()))
    rows = query(stack, "SELECT %s AS title, a.location AS location FROM "
                 "appointments a%s WHERE %s" % (title, join, where),
                 args, office)
    labels = set()
    for r in rows:
        labels.update(v for v in (r["title"], r["location"]) if v)
    return labels


def walk(client, path, items, forward="Older", back="Newer"):
    """Follows a list's pager from `path` to its end by its `forward` links
    and back again by its `back` links.  items(page) is what a page shows,
    in page order.  Returns (pages forward, pages back, every link
    followed), the pages back in the list's order again."""
    page = client.get(path)
    assert page.status == 200, page.text
    ahead, followed = [items(page)], []
    while page.link_to(forward) is not None:
        followed.append(page.link_to(forward))
        page = client.get(followed[-1])
        assert page.status == 200, page.text
        ahead.append(items(page))
    behind = [ahead[-1]]
    while page.link_to(back) is not None:
        followed.append(page.link_to(back))
        page = client.get(followed[-1])
        assert page.status == 200, page.text
        behind.insert(0, items(page))
    return ahead, behind, followed


# ------------------------------------------------------ agendas, booking
def new_agenda(stack, office="demo", name="Viewings", zone="Europe/Amsterdam",
               hours="sun-sat 08:00-20:00", **rules):
    """Adds an agenda through porchctl (rules as its options: slot=30,
    capacity=3, max_slots=2, notice=0, cancel_hours=24, archived=True,
    ...); returns its public id."""
    args = ["agenda", "add", "--office", office, "--name", name,
            "--zone", zone, "--hours", hours]
    for key, value in rules.items():
        opt = "--" + key.replace("_", "-")
        args += [opt] if value is True else [opt, str(value)]
    return stack.porchctl(*args).strip()


def new_project(stack, agendas=(), office="demo", title="Harbour View 12",
                **more):
    """Adds a project served by the agendas (public ids); more options as
    for new_agenda (address=..., no_booking=True, archived=True)."""
    args = ["project", "add", "--office", office, "--title", title]
    for g in agendas:
        args += ["--agenda", g]
    for key, value in more.items():
        opt = "--" + key.replace("_", "-")
        args += [opt] if value is True else [opt, str(value)]
    return stack.porchctl(*args).strip()


SLOT_RE = re.compile(r"[?&](?:amp;)?at=(\d+)")


def slots_on(page):
    """The slot starts (Unix times) a booking page links or offers, in
    page order."""
    found = [int(m.group(1)) for m in SLOT_RE.finditer(page.text)]
    found += [int(v) for v in re.findall(r'name="at" value="(\d+)"',
                                         page.text)]
    return found


def days_ahead(n):
    """The date n days from now (UTC), as a booking page's day=."""
    return time.strftime("%Y-%m-%d", time.gmtime(time.time() + n * 86400))


def book_as_visitor(client, pid, at, name, email, agenda=None, **more):
    """Opens the confirming step of a slot and posts its form with the
    visitor's name and address: the response to the POST."""
    q = "/book/%s?at=%d" % (pid, at) + ("&agenda=" + agenda if agenda
                                         else "")
    step = client.get(q)
    assert step.status == 200, step.text
    fields = dict(step.form("/book/" + pid).fields)
    fields.update(name=name, email=email, **more)
    return client.post("/book/" + pid, fields)


def appointments_of(stack, addr, office="demo"):
    return query(stack, "SELECT * FROM appointments WHERE customer_id = ? "
                 "ORDER BY id", (customer_id(stack, addr, office),), office)


def set_portal_option(conf, portal, key, value):
    """Puts `key = value` into a portal's section of porch.conf."""
    with open(conf, encoding="utf-8") as f:
        lines = f.read().splitlines()
    at = lines.index("[portal %s]" % portal)
    lines.insert(at + 1, "%s = %s" % (key, value))
    with open(conf, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
# ------------------------------------------------------------- agendas
# What the team's appointment and agenda tests need before any page can
# show it: agendas with hours and appointments in them.  They are written
# straight into the office's database (as an office's existing calendar
# would be), while everything a test checks goes through the pages.
def _write(stack, sql, args=(), office="demo"):
    conn = sqlite3.connect(stack.db_path(office), timeout=10)
    try:
        with conn:
            cur = conn.execute(sql, args)
            return cur.lastrowid
    finally:
        conn.close()


def new_pid():
    """A public id as Porch makes them: 22 base64url characters."""
    return secrets.token_urlsafe(16)


def add_agenda(stack, name=None, hours="09:00-17:00", zone="UTC",
               connected=False, capacity=1, slot_minutes=30, notice=0,
               horizon=60, office="demo"):
    """An agenda open `hours` ("HH:MM-HH:MM", minutes from local midnight)
    every day of the week; returns its row (id, pid, name)."""
    pid = new_pid()
    name = name or "Agenda %s" % secrets.token_hex(4)
    aid = _write(stack, "INSERT INTO agendas (pid, name, created, zone, "
                 "slot_minutes, capacity, notice_minutes, horizon_days, "
                 "connected) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (pid, name, int(time.time()), zone, slot_minutes, capacity,
                  notice, horizon, 1 if connected else 0), office)
    opens, closes = [int(t[:2]) * 60 + int(t[3:]) for t in hours.split("-")]
    for wd in range(7):
        _write(stack, "INSERT INTO agenda_hours (agenda_id, weekday, opens, "
               "closes) VALUES (?, ?, ?, ?)", (aid, wd, opens, closes),
               office)
    return {"id": aid, "pid": pid, "name": name}


def add_project(stack, title=None, office="demo", agendas=()):
    """A project served by the given agendas; returns its row."""
    pid = new_pid()
    title = title or "Project %s" % secrets.token_hex(4)
    prid = _write(stack, "INSERT INTO projects (pid, title, address, "
                  "created) VALUES (?, ?, ?, ?)",
                  (pid, title, "1 Quay Street", int(time.time())), office)
    for g in agendas:
        _write(stack, "INSERT INTO project_agendas (project_id, agenda_id) "
               "VALUES (?, ?)", (prid, g["id"]), office)
    return {"id": prid, "pid": pid, "title": title}


def add_appointment(stack, addr, agenda, starts, minutes=30, project=None,
                    status="confirmed", source="portal", office="demo"):
    """An appointment of customer addr in the agenda; returns its pid."""
    pid = new_pid()
    now = int(time.time())
    _write(stack, "INSERT INTO appointments (pid, customer_id, project_id, "
           "agenda_id, starts, ends, status, source, created, updated) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
           (pid, customer_id(stack, addr, office),
            project["id"] if project else None, agenda["id"], starts,
            starts + minutes * 60, status, source, now, now), office)
    return pid


def day_start_utc(days_ahead=1):
    """The start (UTC) of the day `days_ahead` from today, in UTC."""
    now = int(time.time())
    return now - now % 86400 + days_ahead * 86400
