"""A real OpenID provider for the sign-in tests, and a person using it.

Provider runs tests/oidc/provider.mjs (oidc-provider, an OpenID Certified
implementation) on a free loopback port with one confidential client, so
Porch's client side meets the protocol as a provider enforces it.  Any
login name signs in there; the claims follow from the name (see
provider.mjs): "unverified..." has email_verified false, "noemail..." no
address at all, "bob@example.com#42" the subject "sub-42".

sign_in_at_provider() is the person at the provider's pages: it takes the
authorization url Porch sent the browser to, signs in (and consents, when
the provider asks), and returns where the provider sends the browser back
to Porch, without going there.  abort_at_provider() cancels instead.  Both
keep the provider's cookies only, in a jar of their own, and use nothing
but the standard library.

The node packages are installed from the committed lock file the first
time they are missing (into the build tree when the source tree is
read-only).  Nothing here reaches beyond 127.0.0.1.  tests/oidc/selftest.py
shows the whole flow done by hand, as Porch's client side does it.
"""

import fcntl
import html.parser
import http.cookiejar
import json
import os
import secrets
import select
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SRCDIR = os.environ.get("PORCH_SRCDIR") or os.path.dirname(
    os.path.dirname(HERE))
BUILDDIR = os.environ.get("PORCH_BUILDDIR") or os.path.join(SRCDIR, "build")
OIDC_DIR = os.path.join(SRCDIR, "tests", "oidc")
SOURCES = ("package.json", "package-lock.json", "provider.mjs")
START_TIMEOUT = 90
MAX_STEPS = 12


class ProviderError(Exception):
    pass


# ----------------------------------------------------------- installing
def _pinned(directory):
    """The oidc-provider version package.json asks for, and the one
    installed (None when absent)."""
    with open(os.path.join(directory, "package.json"), encoding="utf-8") as f:
        want = json.load(f)["dependencies"]["oidc-provider"]
    try:
        with open(os.path.join(directory, "node_modules", "oidc-provider",
                               "package.json"), encoding="utf-8") as f:
            return want, json.load(f)["version"]
    except (OSError, ValueError):
        return want, None


def _copy_sources(dest):
    """A read-only source tree gets its packages installed in a copy."""
    os.makedirs(dest, exist_ok=True)
    for name in SOURCES:
        shutil.copyfile(os.path.join(OIDC_DIR, name), os.path.join(dest, name))
    return dest


def provider_dir():
    """Where provider.mjs runs from, its node_modules installed."""
    if shutil.which("node") is None:
        raise ProviderError("node is not installed "
                            "(apt-get install nodejs npm)")
    directory = OIDC_DIR
    if not os.access(OIDC_DIR, os.W_OK):
        directory = _copy_sources(os.path.join(BUILDDIR, "tests", "oidc"))
    # Test runs side by side (two builds, several workers) share the
    # directory: one installs while the others wait, then find it done.
    with open(os.path.join(directory, ".install.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _install(directory)


def _install(directory):
    """npm ci in directory unless the pinned version is there already."""
    want, have = _pinned(directory)
    if have == want:
        return directory
    npm = shutil.which("npm")
    if npm is None:
        raise ProviderError("npm is not installed (apt-get install npm), and "
                            "%s has no node_modules" % directory)
    try:
        res = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=directory, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, timeout=300)
    except subprocess.TimeoutExpired:
        raise ProviderError("npm ci in %s took over 300 s" % directory)
    if res.returncode != 0 or _pinned(directory)[1] != want:
        raise ProviderError("npm ci in %s failed:\n%s" % (
            directory, res.stdout.decode("utf-8", "replace")[-2000:]))
    return directory


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ------------------------------------------------------------- provider
class Provider:
    """One running provider.  Provider(redirect_uris) starts it;
    options: client_id, client_secret (printable ASCII, none by default:
    a random one), claims_in_id_token (email and name in the ID token as
    well as at userinfo), ask_consent (show the consent page),
    id_token_alg (RS256, PS256, ES256 or EdDSA)."""

    def __init__(self, redirect_uris, client_id="porch", client_secret=None,
                 claims_in_id_token=False, ask_consent=False,
                 id_token_alg="RS256", port=0):
        if isinstance(redirect_uris, str):
            redirect_uris = [redirect_uris]
        self.redirect_uris = list(redirect_uris)
        self.client_id = client_id
        self.client_secret = client_secret or secrets.token_urlsafe(32)
        self.claims_in_id_token = claims_in_id_token
        self.ask_consent = ask_consent
        self.id_token_alg = id_token_alg
        self.port = port
        self.returncode = None
        self._proc = None
        self._log = tempfile.TemporaryFile()
        self._dir = provider_dir()
        self.start()

    @property
    def issuer(self):
        """Exactly as the provider's iss: no trailing slash."""
        return "http://127.0.0.1:%d" % self.port

    def url(self, path):
        return self.issuer + path

    def _argv(self):
        # name=value throughout: a value may start with "-" (a random
        # secret does, one time in 64), which node would take for an option
        argv = ["node", "provider.mjs", "--port=%d" % self.port,
                "--client-id=" + self.client_id,
                "--client-secret=" + self.client_secret,
                "--id-token-alg=" + self.id_token_alg]
        for uri in self.redirect_uris:
            argv.append("--redirect-uri=" + uri)
        if self.claims_in_id_token:
            argv.append("--claims-in-id-token")
        if self.ask_consent:
            argv.append("--ask-consent")
        return argv

    def start(self):
        """Starts the provider (again after stop(): same port and client,
        new keys with new kids, no sessions or codes kept)."""
        if self.running:
            return self
        fixed = self.port != 0
        for _ in range(1 if fixed else 3):
            if not fixed:
                self.port = free_port()
            if self._spawn():
                return self
        raise ProviderError("the OpenID provider did not start:\n" +
                            self.log()[-2000:])

    def _spawn(self):
        """True once the provider says it is ready; false when it exited
        for want of its port (the caller may pick another)."""
        before = len(self.log())
        self._proc = subprocess.Popen(
            self._argv(), cwd=self._dir, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=self._log, start_new_session=True)
        line = _read_line(self._proc.stdout, START_TIMEOUT)
        if line.startswith("ready "):
            if line.split()[1] != self.issuer:
                self.stop()
                raise ProviderError("the provider says %r" % line)
            return True
        self.stop()
        if "EADDRINUSE" in self.log()[before:]:
            return False
        raise ProviderError("the OpenID provider did not start:\n" +
                            self.log()[-2000:])

    def stop(self):
        """Terminates it (SIGTERM, then SIGKILL after 5 s); idempotent.
        returncode is 0 after a clean exit."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        proc.stdout.close()
        self.returncode = proc.returncode

    @property
    def running(self):
        return self._proc is not None and self._proc.poll() is None

    def log(self):
        """What the provider wrote on stderr: a line per request and one
        per protocol error ("grant.error: invalid_grant: ...")."""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def _read_line(stream, timeout):
    """The first line of a child's stdout, "" at end of file or time."""
    deadline = time.monotonic() + timeout
    buf = b""
    while b"\n" not in buf:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([stream], [], [], left)[0]:
            break
        chunk = os.read(stream.fileno(), 4096)
        if not chunk:
            break
        buf += chunk
    return buf.split(b"\n", 1)[0].decode("utf-8", "replace")


# ------------------------------------------------- a person at the pages
class _Page(html.parser.HTMLParser):
    """The forms (action and fields) and links of one page, and its text."""

    def __init__(self, body):
        super().__init__()
        self.forms = []
        self.links = {}
        self._href = None
        self._skip = False
        self._text = []
        self.feed(body)

    @property
    def text(self):
        return " ".join(" ".join(self._text).split())

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": {}})
        elif tag == "input" and self.forms and a.get("name"):
            self.forms[-1]["fields"][a["name"]] = a.get("value") or ""
        elif tag == "a":
            self._href = a.get("href")
        elif tag in ("style", "script"):
            self._skip = True

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None
        elif tag in ("style", "script"):
            self._skip = False

    def handle_data(self, data):
        if not self._skip:
            self._text.append(data)
        if self._href is not None and data.strip():
            self.links[data.strip()] = self._href


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def _origin(url):
    u = urllib.parse.urlsplit(url)
    return (u.scheme, u.netloc.lower())


def _request(opener, url, data=None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    try:
        with opener.open(url, body, timeout=10) as res:
            return res.status, res.headers, res.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        with e:
            return e.code, e.headers, e.read().decode("utf-8", "replace")


def _walk(authorize_url, login=None, password="x", abort=False):
    """Follows the provider's pages from authorize_url until it sends the
    browser to another origin, and returns that url."""
    origin = _origin(authorize_url)
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
        _NoRedirect())
    url, data = authorize_url, None
    for _ in range(MAX_STEPS):
        status, headers, body = _request(opener, url, data)
        if status in (301, 302, 303, 307, 308):
            url = urllib.parse.urljoin(url, headers["Location"])
            if _origin(url) != origin:
                return url
            data = None
            continue
        page = _Page(body)
        if status != 200 or not page.forms:
            raise ProviderError("%s answered %d: %s" % (url, status,
                                                        page.text[:600]))
        if abort:
            if "[ Cancel ]" not in page.links:
                raise ProviderError("%s: no [ Cancel ] link" % url)
            url = urllib.parse.urljoin(url, page.links["[ Cancel ]"])
            data = None
            abort = False
            continue
        form = page.forms[0]
        fields = dict(form["fields"])
        if fields.get("prompt") == "login":
            fields.update(login=login, password=password)
        elif fields.get("prompt") != "consent":
            raise ProviderError("%s: a page with no sign-in or consent form "
                                "(%s)" % (url, page.text[:300]))
        url, data = urllib.parse.urljoin(url, form["action"]), fields
    raise ProviderError("no way back to the client after %d pages from %s" %
                        (MAX_STEPS, authorize_url))


def sign_in_at_provider(authorize_url, login, password="x"):
    """Signs in as `login` (any name; any password) at the provider the
    url points to, consenting if asked, and returns the url the provider
    sends the browser back to: redirect_uri?code=...&state=...&iss=...,
    or redirect_uri?error=... when the request was refused.  A provider
    that shows an error page instead raises ProviderError."""
    return _walk(authorize_url, login, password)


def abort_at_provider(authorize_url):
    """Cancels at the provider's sign-in page; returns the redirect back
    (redirect_uri?error=access_denied&error_description=...&state=...)."""
    return _walk(authorize_url, abort=True)


def redirect_params(url):
    """The query of a redirect back to the client, one value a name."""
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))


# --------------------------------------------------------------- pytest
try:
    import pytest
except ImportError:
    pytest = None

if pytest is not None:
    @pytest.fixture(scope="session")
    def oidc_provider():
        """oidc_provider(redirect_uris, **options) starts a Provider (see
        there for the options) that is stopped at the end of the session,
        if the test has not stopped it before."""
        started = []

        def start(redirect_uris, **options):
            try:
                provider = Provider(redirect_uris, **options)
            except ProviderError as e:
                pytest.fail(str(e), pytrace=False)
            started.append(provider)
            return provider

        yield start
        for provider in started:
            provider.stop()
