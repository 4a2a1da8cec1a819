"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, keeping what it
receives in a list.

It speaks plain SMTP with EHLO (no TLS, no AUTH), which is what
porch-mailer meets on a local relay.  Messages are parsed with the standard
email package; the envelope recipients are kept beside each one.  It can
be stopped and started again on the same port, for the tests where the
mail server is down for a while.
"""

import email
import email.policy
import threading
import time

from aiosmtpd.controller import Controller


class Received:
    """One delivered message: envelope and parsed content."""

    def __init__(self, mail_from, rcpt_tos, data):
        self.mail_from = mail_from
        self.rcpt_tos = [r.lower() for r in rcpt_tos]
        self.data = data
        self.message = email.message_from_bytes(data,
                                                policy=email.policy.default)

    @property
    def subject(self):
        return str(self.message.get("Subject", ""))

    @property
    def text(self):
        """The plain text body (the text/plain part of a multipart
        message), transfer encoding undone."""
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    @property
    def html(self):
        """The HTML part, transfer encoding undone; "" when none."""
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else ""


class _Handler:
    def __init__(self, server):
        self.server = server

    async def handle_DATA(self, server, session, envelope):
        self.server.add(Received(envelope.mail_from, envelope.rcpt_tos,
                                 envelope.original_content
                                 or envelope.content))
        return "250 OK"


class SmtpServer:
    def __init__(self, port):
        self.port = port
        self.messages = []
        self._lock = threading.Condition()
        self._controller = None

    @property
    def url(self):
        return "smtp://127.0.0.1:%d" % self.port

    def start(self):
        self._controller = Controller(_Handler(self), hostname="127.0.0.1",
                                      port=self.port)
        self._controller.start()
        return self

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def add(self, received):
        with self._lock:
            self.messages.append(received)
            self._lock.notify_all()

    def to(self, address):
        """Messages received so far for one recipient."""
        with self._lock:
            return [m for m in self.messages
                    if address.lower() in m.rcpt_tos]

    def wait_for(self, address, timeout=10.0):
        """The first message for `address`, waiting up to timeout seconds;
        fails the test when none comes."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [m for m in self.messages
                         if address.lower() in m.rcpt_tos]
                if found:
                    return found[0]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("no mail for %s within %.0f s"
                                         % (address, timeout))
                self._lock.wait(left)
