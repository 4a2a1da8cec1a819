"""The interface in the portal's language.

A second portal of the demo office is Dutch (language = nl in porch.conf,
made with porchctl portal add --language nl); the demo portal stays
English.  The same pages, e-mails and dates come out in each portal's
language, from the catalogs the build compiled, and a language without a
catalog, or a catalog with a broken translation, stops start-up.
"""

import os
import re
import shutil
import subprocess

import pytest

from client import Client
from helpers import (BUILDDIR, SRCDIR, new_customer, new_member, sign_in,
                     team_sign_in)

PASSWORD = "lantern orbit 47 cello"
DUTCH_DATE = re.compile(r"\b(ma|di|wo|do|vr|za|zo) \d{1,2} (jan\.|feb\.|mrt\.|"
                        r"apr\.|mei|jun\.|jul\.|aug\.|sep\.|okt\.|nov\.|"
                        r"dec\.) \d{4}, \d\d:\d\d\b")
ENGLISH_DATE = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} "
                          r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                          r"\d{4}, \d\d:\d\d\b")


def add_dutch_portal(stack):
    stack.porchctl("portal", "add", "demo-nl", "--office", "demo",
                   "--url", "http://nl.localhost:%d" % stack.port,
                   "--name", "Demo Makelaardij", "--language", "nl")


@pytest.fixture(scope="module")
def nl(launch, smtp):
    with launch("i18n", smtp.url, setup=add_dutch_portal) as stack:
        yield stack


def dutch(stack):
    return Client(stack.port, "nl.localhost:%d" % stack.port)


def english(stack):
    return Client(stack.port, stack.host)


def html_lang(page):
    m = re.search(r'<html lang="([^"]*)"', page.text)
    return m and m.group(1)


def test_the_sign_in_page_in_both_languages(nl):
    en_page = english(nl).get("/login")
    nl_page = dutch(nl).get("/login")
    assert en_page.status == nl_page.status == 200
    assert html_lang(en_page) == "en"
    assert html_lang(nl_page) == "nl"
    assert "Send me a sign-in link" in en_page.visible_text
    assert "Stuur mij een inloglink" in nl_page.visible_text
    assert "Send me a sign-in link" not in nl_page.visible_text
    assert "<title>Inloggen · Demo Makelaardij</title>" in nl_page.text
    assert "Direct naar de inhoud" in nl_page.text
    # the same form, only the words differ
    assert set(nl_page.form("/login").fields) == \
        set(en_page.form("/login").fields)


def test_the_dashboard_and_account_page_in_dutch(nl):
    addr = new_customer(nl, name="Dirk <Dekker>")
    browser = dutch(nl)
    home = sign_in(nl, browser, addr, portal="demo-nl")
    assert html_lang(home) == "nl"
    # a placeholder inside translated text is escaped like any value
    assert "Welkom, Dirk &lt;Dekker&gt;" in home.text
    assert "Komende afspraken" in home.visible_text
    assert "Uw account" in home.visible_text
    account = browser.get("/portal/account")
    assert account.status == 200
    assert "Waar u bent ingelogd" in account.visible_text
    assert "Overal uitloggen" in account.visible_text
    assert DUTCH_DATE.search(account.visible_text), account.visible_text
    assert not ENGLISH_DATE.search(account.visible_text)


def test_the_english_portal_keeps_english_dates(nl):
    addr = new_customer(nl)
    browser = english(nl)
    sign_in(nl, browser, addr)
    account = browser.get("/portal/account")
    assert "Where you are signed in" in account.visible_text
    assert ENGLISH_DATE.search(account.visible_text)
    assert not DUTCH_DATE.search(account.visible_text)


def test_a_team_page_in_dutch(nl):
    addr = new_member(nl, role="admin", password=PASSWORD)
    browser = dutch(nl)
    login = browser.get("/team/login")
    assert "Inloggen voor het team" in login.visible_text
    done = team_sign_in(browser, addr, PASSWORD)
    assert done.status == 303, done.text
    members = browser.get("/team/members")
    assert members.status == 200
    assert html_lang(members) == "nl"
    assert "Teamleden" in members.visible_text
    assert "Rechten" in members.visible_text
    # a role's name comes from C, translated through the catalog
    home = browser.get("/team")
    assert "Je bent ingelogd bij het team van Demo Makelaardij als " \
        "beheerder." in home.visible_text, home.visible_text
    assert "Uitloggen" in members.visible_text


def test_counts_in_the_languages_own_way(nl):
    nl.porchctl("seed-demo", "--customers", "1001")
    addr = new_member(nl, role="admin", password=PASSWORD)
    for client, expected in ((dutch(nl), r"\b1\.0\d\d in totaal"),
                             (english(nl), r"\b1,0\d\d in all")):
        assert team_sign_in(client, addr, PASSWORD).status == 303
        inbox = client.get("/team/inbox?kind=signup")
        assert inbox.status == 200
        assert re.search(expected, inbox.visible_text), \
            inbox.visible_text[:2000]


def test_an_error_page_in_dutch(nl):
    page = dutch(nl).get("/no/such/page")
    assert page.status == 404
    assert html_lang(page) == "nl"
    assert "Pagina niet gevonden" in page.visible_text
    assert "Page not found" in english(nl).get("/no/such/page").visible_text


def test_a_dutch_portal_mails_in_dutch(nl, smtp):
    addr = new_customer(nl, name="Els")
    browser = dutch(nl)
    form = browser.get("/login").form("/login")
    form.fields["email"] = addr
    sent = browser.post("/login", form.fields)
    assert sent.status == 200
    assert "Kijk in uw e-mail" in sent.visible_text
    nl.mailer("--once")
    mail = smtp.wait_for(addr)
    assert mail.subject == "Uw inloglink voor Demo Makelaardij", mail.subject
    assert "Beste Els," in mail.text
    assert "Met deze link logt u in bij Demo Makelaardij:" in mail.text
    assert "De link werkt één keer" in mail.text
    assert "sign in" not in mail.text.lower()
    # the HTML part too: the layout's language, the message, the button
    # and the footer's reason (sections of the mail template)
    html = mail.html
    assert '<html lang="nl">' in html
    assert "Beste Els," in html
    assert "Met deze knop logt u in bij Demo Makelaardij:" in html
    assert ">Inloggen bij Demo Makelaardij</a>" in html
    assert "Werkt de knop niet? Kopieer dan dit adres naar uw browser:" in html
    assert "U krijgt deze e-mail omdat er bij Demo Makelaardij een inloglink" \
        in html
    assert "sign in" not in html.lower()


def conf_with(stack, tmp_path, text_from, text_to, locale_dir=None):
    with open(stack.conf, encoding="utf-8") as f:
        text = f.read()
    assert text_from in text
    text = text.replace(text_from, text_to, 1)
    if locale_dir is not None:
        text = re.sub(r"(?m)^locale_dir = .*$", "locale_dir = " + locale_dir,
                      text)
    path = tmp_path / "porch.conf"
    path.write_text(text, encoding="utf-8")
    return str(path)


def start_up(stack, conf):
    """Runs a page program once as plain CGI with `conf`: its exit status
    and what it logged."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "PORCH_CONF": conf, "GATEWAY_INTERFACE": "CGI/1.1",
           "REQUEST_METHOD": "GET", "DOCUMENT_URI": "/login",
           "REQUEST_URI": "/login", "QUERY_STRING": "",
           "HTTP_HOST": "nl.localhost:%d" % stack.port,
           "REMOTE_ADDR": "192.0.2.7"}
    for key in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
        if key in os.environ:
            env[key] = os.environ[key]
    p = subprocess.run([os.path.join(BUILDDIR, "cgi-bin", "login")],
                       env=env, capture_output=True, timeout=30)
    return p.returncode, p.stdout.decode(errors="replace"), \
        p.stderr.decode(errors="replace")


def test_an_unknown_language_stops_start_up(nl, tmp_path):
    conf = conf_with(nl, tmp_path, "language = nl", "language = xx")
    rc, out, err = start_up(nl, conf)
    assert rc != 0
    assert "Status: 200" not in out
    assert re.search(r"porch\.conf:\d+: \[portal demo-nl\] language", err), err
    p = subprocess.run([nl.tool("porchctl"), "-c", nl.conf, "portal", "add",
                        "demo-xx", "--office", "demo", "--url",
                        "http://xx.localhost", "--language", "xx"],
                       env=nl.env(), capture_output=True, text=True)
    assert p.returncode != 0
    assert "--language" in p.stderr, p.stderr


def test_a_missing_or_broken_catalog_stops_start_up(nl, tmp_path):
    empty = tmp_path / "none"
    empty.mkdir()
    conf = conf_with(nl, tmp_path, "language = nl", "language = nl",
                     locale_dir=str(empty))
    rc, _, err = start_up(nl, conf)
    assert rc != 0
    assert "[portal demo-nl] language: no catalog" in err, err

    broken = tmp_path / "broken"
    broken.mkdir()
    with open(os.path.join(SRCDIR, "po", "nl.po"), encoding="utf-8") as f:
        po = f.read()
    po = po.replace('msgstr "Stuur mij een inloglink"',
                    'msgstr "Stuur {{csrf}} een inloglink"', 1)
    (broken / "nl.po").write_text(po, encoding="utf-8")
    subprocess.run([shutil.which("msgfmt"), "-o", str(broken / "nl.mo"),
                    str(broken / "nl.po")], check=True)
    conf = conf_with(nl, tmp_path, "language = nl", "language = nl",
                     locale_dir=str(broken))
    rc, _, err = start_up(nl, conf)
    assert rc != 0
    assert 'nl.mo: msgid "Send me a sign-in link": the translation has ' \
        '{{csrf}}' in err, err
