"""Reminders: porchctl sweep (run by a timer) queues one e-mail before each
confirmed appointment, reminder_hours before it (24 by default), with the
appointment attached as an invitation; a sweep run again, as after a
restart, sends no second one, and a cancelled appointment gets none.

The appointments are booked through lib by tests/integration/
appointment-change, as the pages book them; only their start is moved
into the reminder's window, with SQL, since the demo agendas' first free
slot may be days away.
"""

import os
import subprocess
import time

from helpers import BUILDDIR, new_customer, outbox_to, query


def change(stack, *args):
    p = subprocess.run([os.path.join(BUILDDIR, "tests", "integration",
                                     "appointment-change"),
                        "-c", stack.conf] + list(args),
                       capture_output=True, text=True, env=stack.env())
    assert p.returncode == 0, p.stderr
    return p.stdout.strip()


def starts_in(stack, pid, seconds):
    import sqlite3
    conn = sqlite3.connect(stack.db_path(), timeout=10)
    try:
        with conn:
            start = int(time.time()) + seconds
            conn.execute("UPDATE appointments SET starts = ?, ends = ? "
                         "WHERE pid = ?", (start, start + 1800, pid))
    finally:
        conn.close()


def reminders_to(stack, addr):
    return [m for m in outbox_to(stack, addr)
            if m["subject"].startswith("Reminder")]


def test_one_reminder_before_a_confirmed_appointment(stack, smtp):
    addr = new_customer(stack, name="Rita Reminded")
    pid = change(stack, "book", addr)
    starts_in(stack, pid, 3 * 3600)
    later = new_customer(stack, name="Lou Later")
    far = change(stack, "book", later)
    starts_in(stack, far, 3 * 86400)

    out = stack.porchctl("sweep")
    assert "reminders queued" in out
    assert len(reminders_to(stack, addr)) == 1
    assert reminders_to(stack, later) == []   # not due yet
    assert query(stack, "SELECT reminded FROM appointments WHERE pid = ?",
                 (pid,))[0]["reminded"] > 0

    # again, as a timer or a restart would: nothing more
    stack.porchctl("sweep")
    assert len(reminders_to(stack, addr)) == 1

    stack.mailer("--once")
    mail = smtp.wait_for(addr)
    assert "Rita Reminded" in mail.text
    parts = list(mail.message.iter_parts())
    assert [p.get_content_type() for p in parts] == \
        ["multipart/alternative", "text/calendar"]
    lines = parts[1].get_content().split("\r\n")
    assert "METHOD:REQUEST" in lines
    assert any(line.startswith("UID:" + pid + "@") for line in lines)


def test_a_cancelled_appointment_gets_no_reminder(stack):
    addr = new_customer(stack, name="Cas Cancelled")
    pid = change(stack, "book", addr)
    starts_in(stack, pid, 2 * 3600)
    change(stack, "cancel", pid)
    stack.porchctl("sweep")
    assert reminders_to(stack, addr) == []
