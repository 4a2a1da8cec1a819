"""A small HTTP client for the integration tests, on http.client.

It behaves like one browser on one portal: it keeps its own cookies (and
sends the __Host- ones over plain loopback HTTP, where a browser would want
TLS), follows no redirect by itself, and sends an Origin header with every
POST, as browsers do.  Each client also claims its own client address with
X-Forwarded-For, which the test installation believes because it trusts
127.0.0.1 as a proxy: rate limits then count per test client, as they would
per visitor behind a real proxy.

Responses keep every header line as sent (duplicates included), the raw
body, and the forms and visible text of an HTML body.
"""

import email.utils
import html.parser
import http.client
import itertools
import socket
import time
import urllib.parse

_ADDRESSES = itertools.count(1)
TIMEOUT = 30


class Form:
    """One <form>: method, action and its named inputs' values."""

    def __init__(self, method, action):
        self.method = method
        self.action = action
        self.fields = {}
        self.buttons = []


class _Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.links = []
        self.anchors = []   # [href, its text] of each link
        self.text = []
        self._form = None
        self._button = None
        self._anchor = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Form((a.get("method") or "get").lower(),
                              a.get("action") or "")
            self.forms.append(self._form)
        elif tag == "input" and self._form is not None and a.get("name"):
            self._form.fields[a["name"]] = a.get("value") or ""
        elif tag == "button":
            self._button = []
        elif tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
            self._anchor = [a["href"], ""]
            self.anchors.append(self._anchor)
        elif tag in ("script", "style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "a" and self._anchor is not None:
            self._anchor[1] = " ".join(self._anchor[1].split())
            self._anchor = None
        elif tag == "form":
            self._form = None
        elif tag == "button" and self._button is not None:
            label = " ".join("".join(self._button).split())
            if self._form is not None:
                self._form.buttons.append(label)
            self._button = None
        elif tag in ("script", "style", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._anchor is not None:
            self._anchor[1] += data
        if self._button is not None:
            self._button.append(data)
        if not self._skip:
            self.text.append(data)


class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers      # [(name, value)] in order
        self.body = body            # bytes
        self._page = None

    def __repr__(self):
        return "<Response %d %s>" % (self.status, self.reason)

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def all(self, name):
        """Every value of a header (case-insensitive name)."""
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def header(self, name):
        """The header's value; None when absent.  A header sent twice is
        a failure here, not something to join silently."""
        values = self.all(name)
        assert len(values) <= 1, "%s sent %d times: %r" % (name,
                                                            len(values),
                                                            values)
        return values[0] if values else None

    @property
    def location(self):
        """The Location header reduced to path and query (for a redirect
        within the portal); None without one."""
        loc = self.header("Location")
        if loc is None:
            return None
        parts = urllib.parse.urlsplit(loc)
        return parts.path + ("?" + parts.query if parts.query else "")

    def _parsed(self):
        if self._page is None:
            self._page = _Page()
            self._page.feed(self.text)
            self._page.close()
        return self._page

    @property
    def forms(self):
        return self._parsed().forms

    @property
    def links(self):
        return self._parsed().links

    def link_to(self, text):
        """The href of the first link reading `text`; None when none does
        (a pager's "Older", say)."""
        for href, label in self._parsed().anchors:
            if label == text:
                return href
        return None

    @property
    def visible_text(self):
        """The text a reader sees, entities decoded, whitespace folded."""
        return " ".join("".join(self._parsed().text).split())

    def form(self, action, method="post"):
        """The first form posting to `action`; fails the test if none."""
        for f in self.forms:
            if f.action == action and f.method == method:
                return f
        raise AssertionError("no <form method=%s action=%s> in the page:\n%s"
                             % (method, action, self.text[:2000]))

    @property
    def csrf(self):
        """The csrf value the page's forms carry (None when none do)."""
        for f in self.forms:
            if "csrf" in f.fields:
                return f.fields["csrf"]
        return None


def _expired(attr):
    """True for a cookie attribute that deletes the cookie."""
    name, _, value = attr.strip().partition("=")
    if name.lower() == "max-age":
        return value.strip().lstrip("-").isdigit() and int(value) <= 0
    if name.lower() == "expires":
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return False
        return when.timestamp() < time.time()
    return False


class Client:
    """One browser on one portal host."""

    def __init__(self, port, host, scheme="http", address=None):
        self.port = port
        self.host = host                    # the Host header, with port
        self.origin = "%s://%s" % (scheme, host)
        self.cookies = {}
        n = next(_ADDRESSES)
        self.address = address or "10.%d.%d.%d" % (n >> 16 & 255,
                                                   n >> 8 & 255, n & 255)

    # ----------------------------------------------------------- cookies
    def _cookie_header(self):
        return "; ".join("%s=%s" % kv for kv in self.cookies.items())

    def _keep_cookies(self, headers):
        for name, value in headers:
            if name.lower() != "set-cookie":
                continue
            pair, _, attrs = value.partition(";")
            cname, _, cvalue = pair.strip().partition("=")
            gone = cvalue == "" or any(_expired(a) for a in attrs.split(";"))
            if gone:
                self.cookies.pop(cname, None)
            else:
                self.cookies[cname] = cvalue

    # ---------------------------------------------------------- requests
    def request(self, method, path, body=None, headers=None, origin=True):
        """Sends one request on a fresh connection.  origin=True sends
        this client's Origin on POST, a string sends that, None none."""
        h = {"Host": self.host, "X-Forwarded-For": self.address,
             "User-Agent": "porch-integration-tests"}
        if self.cookies:
            h["Cookie"] = self._cookie_header()
        if method == "POST" and origin is not None:
            h["Origin"] = self.origin if origin is True else origin
        h.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                          timeout=TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        r = Response(resp.status, resp.reason, resp.getheaders(), data)
        self._keep_cookies(r.headers)
        return r

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, fields=None, body=None, **kw):
        """POSTs a form: fields (dict or pairs) urlencoded, or a raw body
        (bytes) sent as it is."""
        if body is None:
            body = urllib.parse.urlencode(fields or {}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        headers.update(kw.pop("headers", None) or {})
        return self.request("POST", path, body=body, headers=headers, **kw)

    def raw(self, data, timeout=TIMEOUT):
        """Sends request bytes exactly as given (for requests http.client
        would refuse to make, or a body announced but never sent) and
        reads one response."""
        with socket.create_connection(("127.0.0.1", self.port),
                                      timeout=timeout) as s:
            s.sendall(data)
            got = b""
            while _response_incomplete(got):
                try:
                    chunk = s.recv(65536)
                except ConnectionResetError:
                    break
                if not chunk:
                    break
                got += chunk
        r = parse_response(got)
        self._keep_cookies(r.headers)
        return r


def _content_length(headers):
    for name, value in headers:
        if name.lower() == "content-length":
            return int(value)
    return None


def _split(data):
    """(status, reason, headers, body) of raw response bytes."""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    _, status, reason = (lines[0].split(" ", 2) + ["", ""])[:3]
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip(), value.strip()))
    return int(status or 0), reason, headers, body


def _response_incomplete(data):
    if b"\r\n\r\n" not in data:
        return True
    _, _, headers, body = _split(data)
    length = _content_length(headers)
    return length is None or len(body) < length


def parse_response(data):
    """A Response from raw HTTP/1.x bytes (Content-Length bodies)."""
    assert data, "the server closed the connection without a response"
    status, reason, headers, body = _split(data)
    length = _content_length(headers)
    return Response(status, reason, headers,
                    body if length is None else body[:length])
