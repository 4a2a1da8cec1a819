"""The same programs run as plain CGI (a shared host's cgi-bin): CGI
variables in the environment, the body on standard input, the response on
standard output."""

import os
import secrets
import subprocess

from helpers import BUILDDIR, portal_name


def cgi(stack, program, method="GET", path="/", query="", body=b"",
        host=None, **extra):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PORCH_CONF": stack.conf,
        "GATEWAY_INTERFACE": "CGI/1.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REQUEST_METHOD": method,
        "DOCUMENT_URI": path,
        "REQUEST_URI": path + ("?" + query if query else ""),
        "QUERY_STRING": query,
        "HTTP_HOST": host or stack.host,
        "REMOTE_ADDR": "192.0.2.7",
        "CONTENT_LENGTH": str(len(body)) if body else "",
    }
    for key in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
        if key in os.environ:
            env[key] = os.environ[key]
    env.update(extra)
    p = subprocess.run([os.path.join(BUILDDIR, "cgi-bin", program)],
                       input=body, env=env, capture_output=True, timeout=30)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    head, sep, payload = p.stdout.partition(b"\r\n\r\n")
    assert sep, "no end of headers in %r" % p.stdout[:300]
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(l.split(": ", 1) for l in lines[1:])
    return lines[0], headers, payload.decode("utf-8")


def test_home_as_cgi(stack):
    status, headers, body = cgi(stack, "home")
    assert status == "Status: 200 OK"
    assert headers["Content-Type"].startswith("text/html")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert int(headers["Content-Length"]) == len(body.encode())
    assert body.lstrip().lower().startswith("<!doctype html>")
    assert "Welcome to %s" % portal_name(stack) in body


def test_the_fallback_program_as_cgi(stack):
    status, _, body = cgi(stack, "notfound", path="/nowhere")
    assert status.startswith("Status: 404")
    assert "<html" in body.lower()
    status, headers, _ = cgi(stack, "notfound", method="DELETE",
                             path="/login", PORCH_ALLOW="GET, HEAD, POST")
    assert status.startswith("Status: 405")
    assert headers["Allow"] == "GET, HEAD, POST"
    status, _, _ = cgi(stack, "notfound", method="POST", path="/login",
                       PORCH_STATUS="413")
    assert status.startswith("Status: 413")


def test_a_page_as_cgi_checks_its_route(stack):
    status, headers, _ = cgi(stack, "home", method="POST")
    assert status.startswith("Status: 405")
    assert headers["Allow"] == "GET, HEAD"
    assert cgi(stack, "home", path="/elsewhere")[0].startswith("Status: 404")
    assert cgi(stack, "home", host="nowhere.example")[0].startswith(
        "Status: 404")


def test_a_post_as_cgi_reads_its_body_from_stdin(stack):
    token = secrets.token_urlsafe(32)
    addr = "cgi-%s@example.com" % secrets.token_hex(4)
    status, _, body = cgi(stack, "login-send", method="POST", path="/login",
                          body=("csrf=%s&email=%s" % (token, addr)).encode(),
                          CONTENT_TYPE="application/x-www-form-urlencoded",
                          HTTP_COOKIE="__Host-porch-pre=" + token,
                          HTTP_ORIGIN=stack.url)
    assert status == "Status: 200 OK", body
    assert addr in body
