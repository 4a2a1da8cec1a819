"""Fixtures for the integration tests.

One installation (the real nginx in front of the real page programs, on
free loopback ports, with its state in a pytest temporary directory) serves
the whole session; a real SMTP server receives its mail.  Tests that need
an installation set up differently (two offices, a mail server that is
down, Apache instead of nginx) start their own with `launch`.  No test
relies on another's data: each makes the customers it uses, except the
read-only demo customers Ana and Ben that the demo seed gives every
installation.

At the end of each installation, the programs' logs are searched for
sanitizer reports, so an ASan build fails on a leak or overflow in a
long-lived FastCGI worker even when every response looked right.
"""

import contextlib

import pytest

from client import Client
from helpers import BUILDDIR, SRCDIR, porch_dev
from smtpserver import SmtpServer


@pytest.fixture(scope="session")
def launch(tmp_path_factory):
    """launch(name, smtp_url, setup=None, web="nginx", workers=1) is a
    context manager giving a started Stack behind that web server
    ("nginx" or "apache"); setup(stack) runs between porch.conf and
    start-up.  Each page program runs `workers` processes: one is enough
    for a test that sends one request at a time; the session's stack has
    two, for the races.  A program starts at its first request, so a
    stack costs what its tests reach."""

    @contextlib.contextmanager
    def run(name, smtp_url, setup=None, web="nginx", workers=1):
        stack = porch_dev.Stack(
            BUILDDIR, srcdir=SRCDIR, state=str(tmp_path_factory.mktemp(name)),
            smtp_url=smtp_url, server={"trusted_proxies": "127.0.0.1"},
            web=web, workers=workers, lazy=True)
        try:
            stack.prepare()
            if setup is not None:
                setup(stack)
            stack.start()
        except porch_dev.StackError as e:
            stack.stop()
            pytest.fail(str(e), pytrace=False)
        try:
            yield stack
        finally:
            stack.stop()
        reports = stack.sanitizer_reports()
        assert not reports, "sanitizer reports in %s:\n%s" % (
            stack.logdir, "\n".join(reports))

    return run


@pytest.fixture(scope="session")
def smtp():
    server = SmtpServer(porch_dev.free_port()).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def stack(launch, smtp):
    with launch("stack", smtp.url, workers=2) as s:
        yield s


@pytest.fixture
def client(stack):
    """client() is a new browser on the demo portal; client(host) on
    another host name of the same installation."""

    def make(host=None):
        return Client(stack.port, host or stack.host)

    return make
