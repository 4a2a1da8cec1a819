"""A real ClamAV daemon for the tests: Debian's clamd (package
clamav-daemon) on a unix socket and a loopback TCP port, in a directory of
its own, with a signature database made here by sigtool (package clamav)
from the EICAR test file.

No signatures are downloaded and freshclam is never run: the database is
an MD5 signature (.hdb) of the EICAR file itself and a body signature
(.ndb) that finds it inside other bytes.  The EICAR string is written in
two halves so that this file is not itself taken for it.  It can be
stopped and started again with the same sockets, for the tests where the
scanner is down for a while.

Run as a program it starts clamd and prints its unix socket, its TCP
address and its directory, one a line, then waits until it is told to
stop (SIGTERM, SIGINT or end of standard input): tests/clamd/run uses it
so.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

EICAR = (b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR"
         + b"-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")
PACKAGES = "clamav-daemon clamav"
START_TIMEOUT = 90      # seconds: clamd loads its database, slowly under load


def clamd_path():
    """The clamd program, or None when it is not installed."""
    found = shutil.which("clamd")
    if found is None and os.access("/usr/sbin/clamd", os.X_OK):
        found = "/usr/sbin/clamd"
    return found


def missing():
    """What is not installed ("" when clamd and sigtool both are)."""
    gone = [n for n, p in (("clamd", clamd_path()),
                           ("sigtool", shutil.which("sigtool"))) if p is None]
    if not gone:
        return ""
    return "%s not installed (apt-get install %s)" % (
        " and ".join(gone), PACKAGES)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ClamdError(Exception):
    pass


class Clamd:
    """clamd in `directory` (a new temporary one when None)."""

    def __init__(self, directory=None, stream_max="1M"):
        self.own_dir = directory is None
        self.dir = directory or tempfile.mkdtemp(prefix="porch-clamd.")
        self.socket = os.path.join(self.dir, "clamd.sock")
        self.port = free_port()
        self.stream_max = stream_max
        self.proc = None
        self._database()
        self._config()

    @property
    def tcp(self):
        return "127.0.0.1:%d" % self.port

    def _database(self):
        db = os.path.join(self.dir, "db")
        os.makedirs(db, exist_ok=True)
        with open(os.path.join(self.dir, "eicar.com"), "wb") as f:
            f.write(EICAR)
        md5 = subprocess.run(["sigtool", "--md5", "eicar.com"], cwd=self.dir,
                             check=True, capture_output=True).stdout
        with open(os.path.join(db, "porch-test.hdb"), "wb") as f:
            f.write(md5)
        hexed = subprocess.run(["sigtool", "--hex-dump"], input=EICAR,
                               check=True, capture_output=True).stdout
        with open(os.path.join(db, "porch-test.ndb"), "wb") as f:
            f.write(b"Porch.Test.Eicar-Inside:0:*:" +
                    hexed.replace(b"\n", b"") + b"\n")

    def _config(self):
        with open(os.path.join(self.dir, "clamd.conf"), "w") as f:
            f.write("Foreground yes\n"
                    "LocalSocket %s\n"
                    "TCPSocket %d\n"
                    "TCPAddr 127.0.0.1\n"
                    "DatabaseDirectory %s\n"
                    "TemporaryDirectory %s\n"
                    "LogFile %s\n"
                    "StreamMaxLength %s\n"
                    % (self.socket, self.port, os.path.join(self.dir, "db"),
                       self.dir, self.log, self.stream_max))

    @property
    def log(self):
        return os.path.join(self.dir, "clamd.log")

    def start(self):
        """Starts clamd and waits until it answers on its socket."""
        if os.path.exists(self.log):
            os.unlink(self.log)
        out = open(os.path.join(self.dir, "clamd.out"), "ab")
        self.proc = subprocess.Popen(
            [clamd_path(), "-c", os.path.join(self.dir, "clamd.conf")],
            stdin=subprocess.DEVNULL, stdout=out, stderr=out,
            start_new_session=True)
        out.close()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ClamdError("clamd exited at start-up:\n" + self._tail())
            if self.ping():
                return self
            time.sleep(0.2)
        self.stop()
        raise ClamdError("clamd did not answer in %d s:\n%s"
                         % (START_TIMEOUT, self._tail()))

    def ping(self):
        """True when clamd answers PING on its unix socket."""
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.settimeout(2)
                s.connect(self.socket)
                s.sendall(b"zPING\0")
                return s.recv(16).startswith(b"PONG")
        except OSError:
            return False

    def _tail(self):
        text = ""
        for name in ("clamd.out", "clamd.log"):
            try:
                with open(os.path.join(self.dir, name), errors="replace") as f:
                    text += f.read()[-2000:]
            except OSError:
                pass
        return text

    def stop(self):
        """Stops clamd (its sockets go with it)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def close(self):
        self.stop()
        if self.own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)


def main():
    why = missing()
    if why:
        print("SKIP: " + why)
        return 77
    server = Clamd()
    try:
        server.start()
    except ClamdError as e:
        print(str(e), file=sys.stderr)
        server.close()
        return 99
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(server.socket)
    print(server.tcp)
    print(server.dir, flush=True)
    try:
        sys.stdin.read()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
