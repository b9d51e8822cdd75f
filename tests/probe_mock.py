#!/usr/bin/env python3
# probe_mock.py: a loopback mock of the Alibaba Cloud DashScope / Model Studio API hosts, for the shell test of
# `qwlint --probe`. Python 3.11 standard library only, plus the `openssl` command (certificates).
#
#   python3 tests/probe_mock.py --dir DIR --keys KEYFILE
#
# The status codes and JSON bodies of the `normal` listener are the vendor's, byte for byte, as recorded in
# ../shared/knowledge/providers.md §1.3 (auth error responses) and §1.4 (key x host matrix): PAYG, Coding Plan and
# Token Plan hosts in each region, a key working only on the hosts of its own plan and region.
#
# How the test uses it: it writes KEYFILE (lines `KEY PLAN REGION`, plan payg|coding|token|quota, region
# cn|intl|us|hk; `#` comments), starts this script in the background, waits for DIR/ports (written atomically
# once every listener is up; lines `MODE PORT`), then runs qwlint with the CA file DIR/ca.pem and libcurl's
# CURLOPT_CONNECT_TO pointed at 127.0.0.1:PORT, so Host and SNI carry the real host names. It checks qwlint's
# verdicts and DIR/log (one line per request, never a key), then kills the mock (SIGTERM; it exits quietly).
#
# Files made in DIR: ca.pem/ca.key (throwaway CA), server.pem/server.key (leaf signed by it, for every host
# below); other-ca.pem/other-ca.key and other-server.pem/other-server.key (an unrelated CA and its leaf, served
# by the `badcert` listener); openssl.cnf and *.csr (scratch); ports; log.
#
# Listeners (all on 127.0.0.1, ephemeral ports):
#   normal    the vendor behaviour (Handler.vendor): an unknown Host gets 404; a key of plan `quota` gets 429
#             Throttling.AllocationQuota on every known host and path
#   hang      reads the request, then sleeps 60 s without answering
#   redirect  302 to https://token-plan.cn-beijing.maas.aliyuncs.com/stolen, empty body
#   huge      200 application/json, a 20 MiB JSON body
#   garbage   401 application/json, 4096 random bytes
#   badcert   like normal, but presents the other-ca leaf
#   e503      503 {"error":{"message":"Service Unavailable"}}
#
# Log line (DIR/log, appended, flushed per line):
#   MODE METHOD HOST PATH auth=STATE ua=USERAGENT bodylen=N
# HOST is the Host header without its port (lowercased, `-` if absent). PATH is the request path without its
# query; a query is shown only as `?[query-redacted]`. STATE is issued | unknown | none | other. USERAGENT is the
# User-Agent header (`-` if absent) with spaces, control bytes and non-ASCII bytes percent-encoded (%XX), so no
# field holds a space. Any issued key, and the presented Bearer token, is replaced by `[redacted]` wherever it
# would appear (keys of 4+ characters). The key, the Authorization header and the request body are never written anywhere.

import argparse
import http.server
import os
import re
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse

HOSTS = {
    "dashscope.aliyuncs.com": ("payg", "cn"),
    "dashscope-intl.aliyuncs.com": ("payg", "intl"),
    "dashscope-us.aliyuncs.com": ("payg", "us"),
    "cn-hongkong.dashscope.aliyuncs.com": ("payg", "hk"),
    "coding.dashscope.aliyuncs.com": ("coding", "cn"),
    "coding-intl.dashscope.aliyuncs.com": ("coding", "intl"),
    "token-plan.cn-beijing.maas.aliyuncs.com": ("token", "cn"),
    "token-plan.ap-southeast-1.maas.aliyuncs.com": ("token", "intl"),
    # QwenCloud (agents.md §2): Singapore accounts, so an intl key of the plan is taken here too
    "maas.qwencloudapi.com": ("payg", "intl"),
    "token-plan.maas.qwencloudapi.com": ("token", "intl"),
    # Moonshot (providers.md §3) and Zhipu (§4): a plan per vendor here, so that a key file line names both
    "api.moonshot.cn": ("moonshot", "cn"),
    "api.moonshot.ai": ("moonshot", "intl"),
    "api.kimi.com": ("kimi-code", "global"),
    "open.bigmodel.cn": ("zhipu", "cn"),
    "api.z.ai": ("zhipu", "intl"),
}
SAN_NAMES = list(HOSTS) + ["*.cn-beijing.maas.aliyuncs.com", "*.ap-southeast-1.maas.aliyuncs.com"]
MODES = ["normal", "hang", "redirect", "huge", "garbage", "badcert", "e503"]
PLANS = ("payg", "coding", "token", "quota", "moonshot", "kimi-code", "zhipu")
REGIONS = ("cn", "intl", "us", "hk", "global")

RID = "00000000-0000-0000-0000-000000000000"
# providers.md §3: the open platform's 401 (observed from api.moonshot.ai); Kimi Code's 401 and its 403 for
# clients that are not coding agents (kimi.com error reference: the messages; the JSON around them is ours)
MOONSHOT_BAD_KEY = b'{"error":{"message":"Invalid Authentication","type":"invalid_authentication_error"}}'
MOONSHOT_MODELS = b'{"object":"list","data":[{"id":"kimi-k2.5","object":"model","owned_by":"moonshot"}]}'
KIMI_BAD_KEY = b'{"error":{"message":"The API Key appears to be invalid or may have expired"}}'
KIMI_NOT_AGENT = b'{"error":{"message":"Kimi For Coding is currently only available for Coding Agents"}}'
# providers.md §4: an observed 401 body (code 1002, "Authorization Token" invalid)
ZHIPU_BAD_KEY = '{"error":{"code":"1002","message":"Authorization Token非法，请确认Authorization Token正确传递。"}}'.encode()
ZHIPU_MODELS = b'{"object":"list","data":[{"id":"glm-5","object":"model","owned_by":"zhipu"}]}'
# providers.md §1.3: PAYG compatible-mode, no key
PAYG_NO_KEY = (
    b'{"error":{"message":"You didn\'t provide an API key. You need to provide your API key in an Authorization '
    b'header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY). ","type":"invalid_request_error",'
    b'"param":null,"code":null},"request_id":"' + RID.encode() + b'"}'
)
# providers.md §1.3: PAYG compatible-mode, wrong key / other region / plan key (zh link on the China host,
# en link on the international ones)
PAYG_BAD_KEY_TMPL = (
    '{"error":{"message":"Incorrect API key provided. For details, see: %s","type":"invalid_request_error",'
    '"param":null,"code":"invalid_api_key"},"request_id":"' + RID + '"}'
)
PAYG_BAD_KEY_CN = (PAYG_BAD_KEY_TMPL % "https://help.aliyun.com/zh/model-studio/error-code#apikey-error").encode()
PAYG_BAD_KEY_INTL = (
    PAYG_BAD_KEY_TMPL % "https://www.alibabacloud.com/help/en/model-studio/error-code#apikey-error"
).encode()
PAYG_MODELS = b'{"object":"list","data":[{"id":"qwen-plus","object":"model","owned_by":"system"}]}'
CHAT_OK = (
    b'{"id":"chatcmpl-' + RID.encode() + b'","object":"chat.completion","created":1700000000,"model":"qwen-plus",'
    b'"choices":[{"index":0,"message":{"role":"assistant","content":"o"},"finish_reason":"stop"}],'
    b'"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}'
)
# providers.md §1.3: Coding Plan from a non-agent client (405), and bad key on a Coding Plan host (401)
CODING_NOT_AGENT = b'{"error":"Coding Plan is currently only available for Coding Agents"}'
CODING_BAD_KEY = (
    b'{"error":{"code":"invalid_api_key","message":"invalid access token or token expired",'
    b'"type":"invalid_request_error"}}'
)
# providers.md §1.3: Token Plan, no key / bad key
TOKEN_NO_KEY = b'{"code":"InvalidApiKey","message":"No API-key provided.","request_id":"' + RID.encode() + b'"}'
TOKEN_BAD_KEY = (
    b'{"code":"InvalidApiKey","message":"Invalid API-key provided.","request_id":"' + RID.encode() + b'"}'
)
# providers.md §1.3: quota
QUOTA = b'{"error":{"code":"Throttling.AllocationQuota","message":"hour allocated quota exceeded"}}'
E503 = b'{"error":{"message":"Service Unavailable"}}'
# A host the certificate covers and the test routes to the normal listener: a client that followed the redirect
# would complete the request, and the log would show the path /stolen (evil.example.com would only fail TLS).
REDIRECT_TO = "https://token-plan.cn-beijing.maas.aliyuncs.com/stolen"

HUGE_SIZE = 20 * 1024 * 1024
MAX_BODY = 64 * 1024 * 1024  # request bodies beyond this are not read; the connection is closed


_huge = None
_huge_lock = threading.Lock()


def huge_body():
    """Valid JSON of exactly HUGE_SIZE bytes: {"data":[{"id":"x"}, ... {"id":"x"}]}, built on first use."""
    global _huge
    with _huge_lock:
        if _huge is None:
            _huge = make_huge()
        return _huge


def make_huge():
    head, item, tail = b'{"data":[', b'{"id":"x"},', b'{"id":"x"}]}'
    room = HUGE_SIZE - len(head) - len(tail)
    n, pad = divmod(room, len(item))
    body = b"".join([head, item * n, b" " * pad, tail])
    assert len(body) == HUGE_SIZE
    return body


# ---------------------------------------------------------------------------------------------------- setup


def fail(msg):
    sys.stderr.write("probe_mock: %s\n" % msg)
    sys.exit(2)


def read_keys(path):
    """KEYFILE -> {key: (plan, region)}. Error messages name the line, never the key."""
    keys = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        fail("cannot read the key file: %s" % e.strerror)
    for no, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        if len(fields) == 2 and fields[1] == "quota":
            fields.append("-")
        if len(fields) != 3:
            fail("key file line %d: want KEY PLAN REGION" % no)
        key, plan, region = fields
        if plan not in PLANS:
            fail("key file line %d: plan must be one of %s" % (no, "|".join(PLANS)))
        if plan != "quota" and region not in REGIONS:
            fail("key file line %d: region must be one of %s" % (no, "|".join(REGIONS)))
        keys[key] = (plan, region)
    return keys


OPENSSL_CNF = """\
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = placeholder
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = %s
"""


def openssl(*args):
    r = subprocess.run(["openssl", *args], stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if r.returncode != 0:
        fail("openssl %s failed: %s" % (args[0], r.stderr.strip()[-500:]))


def make_pki(d, prefix, cnf):
    """Makes DIR/{prefix}ca.pem/.key and the leaf DIR/{leaf}.pem/.key signed by it."""
    ca = os.path.join(d, prefix + "ca")
    leaf = os.path.join(d, "other-server" if prefix else "server")
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    openssl("req", "-config", cnf, "-x509", *ec, "-keyout", ca + ".key", "-out", ca + ".pem", "-days", "2",
            "-sha256", "-subj", "/CN=qwlint probe mock %sCA" % ("other " if prefix else ""),
            "-extensions", "v3_ca", "-set_serial", "0x" + secrets.token_hex(8))
    openssl("req", "-config", cnf, "-new", *ec, "-keyout", leaf + ".key", "-out", leaf + ".csr",
            "-subj", "/CN=dashscope.aliyuncs.com")
    openssl("x509", "-req", "-in", leaf + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
            "-set_serial", "0x" + secrets.token_hex(8), "-days", "2", "-sha256",
            "-extfile", cnf, "-extensions", "leaf", "-out", leaf + ".pem")
    for p in (ca + ".key", leaf + ".key"):
        os.chmod(p, 0o600)
    return leaf + ".pem", leaf + ".key"


# ---------------------------------------------------------------------------------------------------- serving


class Log:
    def __init__(self, path):
        self.lock = threading.Lock()
        self.f = open(path, "a", encoding="ascii", errors="replace")

    def write(self, line):
        with self.lock:
            self.f.write(line + "\n")
            self.f.flush()


def enc_field(s):
    """Percent-encodes spaces, control bytes and non-ASCII bytes so a log field is one space-free token."""
    b = s.encode("latin-1", errors="replace")
    return "".join(chr(c) if 0x21 <= c <= 0x7E else "%%%02X" % c for c in b)


BEARER = re.compile(r"\ABearer (\S+)\Z", re.IGNORECASE)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    timeout = 30  # socket timeout for the handshake and for reading a request

    def version_string(self):
        return "mock-dashscope"

    def log_message(self, format, *args):  # no stderr chatter (and nothing from the request)
        pass

    def setup(self):
        self.request.settimeout(self.timeout)
        self.request.do_handshake()  # in this connection's thread, not in the accepting one
        super().setup()

    # --- request parsing

    def read_body(self):
        """Reads and discards the request body; returns its length."""
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        n = 0
        if "chunked" in te:
            while True:
                line = self.rfile.readline(1024)
                if not line:
                    raise ConnectionError("eof in chunked body")
                try:
                    size = int(line.split(b";")[0].strip() or b"0", 16)
                except ValueError:
                    raise ConnectionError("bad chunk size") from None
                if size == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    return n
                n += self.discard(size)
                self.rfile.readline(1024)
        cl = self.headers.get("Content-Length")
        if cl is None:
            return 0
        try:
            want = int(cl)
        except ValueError:
            self.close_connection = True
            return 0
        return self.discard(want)

    def discard(self, want):
        if want > MAX_BODY:
            self.close_connection = True
            want = MAX_BODY
        got = 0
        while got < want:
            chunk = self.rfile.read(min(65536, want - got))
            if not chunk:
                raise ConnectionError("eof in body")
            got += len(chunk)
        return got

    def auth(self):
        """-> (state, token or None)"""
        h = self.headers.get("Authorization")
        if h is None:
            return "none", None
        m = BEARER.match(h)
        if not m:
            return "other", None
        tok = m.group(1)
        return ("issued" if tok in self.server.keys else "unknown"), tok

    def redact(self, s, token):
        for k in self.server.keys:
            if len(k) >= 4 and k in s:
                s = s.replace(k, "[redacted]")
        if token and len(token) >= 4 and token in s:
            s = s.replace(token, "[redacted]")
        return s

    # --- answering

    def answer(self, code, body=b"", ctype="application/json", extra=()):
        self.send_response(code)
        if ctype:
            self.send_header("Content-Type", ctype)
        for k, v in extra:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()

    def handle_any(self):
        mode = self.server.mode
        raw = self.path
        if raw.startswith(("http://", "https://")):
            u = urllib.parse.urlsplit(raw)
            path, query = u.path or "/", u.query
        else:
            path, _, query = raw.partition("?")
        hosth = self.headers.get("Host")
        host = "-"
        if hosth is not None:
            host = hosth.strip().lower()
            if host.startswith("["):
                host = host[: host.find("]") + 1] if "]" in host else host
            elif ":" in host:
                host = host.rsplit(":", 1)[0]
        state, token = self.auth()
        bodylen = self.read_body()
        ua = self.headers.get("User-Agent")
        logpath = self.redact(enc_field(path), token) + ("?[query-redacted]" if query else "")
        loghost = self.redact(enc_field(host), token) if host != "-" else "-"
        logua = self.redact(enc_field(ua), token) if ua is not None else "-"
        fields = [mode, self.redact(enc_field(self.command), token), loghost, logpath,
                  "auth=" + state, "ua=" + logua, "bodylen=%d" % bodylen]
        self.server.log.write(" ".join(fields))

        if mode == "hang":
            self.close_connection = True
            time.sleep(60)
            return
        if mode == "redirect":
            return self.answer(302, extra=[("Location", REDIRECT_TO)], ctype=None)
        if mode == "huge":
            return self.send_huge()
        if mode == "garbage":
            return self.answer(401, os.urandom(4096))
        if mode == "e503":
            return self.answer(503, E503)
        return self.vendor(host, path, state, token)

    def send_huge(self):
        self.close_connection = True
        body = huge_body()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        mv = memoryview(body)
        try:
            for i in range(0, len(body), 65536):
                self.wfile.write(mv[i : i + 65536])
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, TimeoutError, OSError):
            pass  # the client hung up early, as it should

    def vendor(self, host, path, state, token):
        """The normal (and badcert) listener: providers.md §1.3/§1.4."""
        if host not in HOSTS:
            return self.answer(404, ctype=None)
        hplan, hregion = HOSTS[host]
        kplan, kregion = self.server.keys.get(token, (None, None)) if state == "issued" else (None, None)
        if kplan == "quota":
            return self.answer(429, QUOTA)
        match = kplan == hplan and kregion == hregion
        route = (self.command, path)
        if hplan == "moonshot":
            if route != ("GET", "/v1/models"):
                return self.answer(404, ctype=None)
            return self.answer(200, MOONSHOT_MODELS) if match else self.answer(401, MOONSHOT_BAD_KEY)
        if hplan == "kimi-code":
            if route != ("POST", "/coding/v1/chat/completions"):
                return self.answer(404, ctype=None)
            return self.answer(403, KIMI_NOT_AGENT) if match else self.answer(401, KIMI_BAD_KEY)
        if hplan == "zhipu":
            if route != ("GET", "/api/paas/v4/models"):
                return self.answer(404, ctype=None)
            return self.answer(200, ZHIPU_MODELS) if match else self.answer(401, ZHIPU_BAD_KEY)
        if hplan == "payg":
            if route == ("GET", "/compatible-mode/v1/models"):
                ok = PAYG_MODELS
            elif route == ("POST", "/compatible-mode/v1/chat/completions"):
                ok = CHAT_OK
            else:
                return self.answer(404, ctype=None)
            if state == "none":
                return self.answer(401, PAYG_NO_KEY)
            if match:
                return self.answer(200, ok)
            return self.answer(401, PAYG_BAD_KEY_CN if hregion == "cn" else PAYG_BAD_KEY_INTL)
        if hplan == "coding":
            if route != ("POST", "/v1/chat/completions"):
                return self.answer(404, ctype=None)
            if match:
                return self.answer(405, CODING_NOT_AGENT)
            return self.answer(401, CODING_BAD_KEY)
        # token plan
        if route != ("POST", "/compatible-mode/v1/chat/completions"):
            return self.answer(404, ctype=None)
        if state == "none":
            return self.answer(401, TOKEN_NO_KEY)
        if match:
            return self.answer(200, CHAT_OK)
        return self.answer(401, TOKEN_BAD_KEY)

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = handle_any


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, mode, ctx, keys, log):
        super().__init__(("127.0.0.1", 0), Handler)
        self.mode, self.keys, self.log = mode, keys, log
        # The handshake runs lazily, in the connection's own thread (Handler.setup)
        self.socket = ctx.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)

    def handle_error(self, request, client_address):
        e = sys.exc_info()[1]
        if isinstance(e, (ssl.SSLError, ConnectionError, TimeoutError, OSError)):
            return  # handshake refused (badcert), client hung up, timed out: all expected
        tb = sys.exc_info()[2]
        while tb and tb.tb_next:
            tb = tb.tb_next
        # the type and place only: a message could quote request data
        where = "%s:%d" % (os.path.basename(tb.tb_frame.f_code.co_filename), tb.tb_lineno) if tb else "?"
        sys.stderr.write("probe_mock: %s in %s\n" % (type(e).__name__, where))


def server_ctx(cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(cert, key)
    return ctx


def main():
    ap = argparse.ArgumentParser(description="Loopback mock of the DashScope / Model Studio hosts (qwlint --probe tests)")
    ap.add_argument("--dir", required=True, help="directory for certificates, ports and log")
    ap.add_argument("--keys", required=True, help="file of `KEY PLAN REGION` lines")
    args = ap.parse_args()

    def bye(signum, frame):
        os._exit(0)

    signal.signal(signal.SIGTERM, bye)
    signal.signal(signal.SIGINT, bye)

    d = args.dir
    os.makedirs(d, exist_ok=True)
    ports = os.path.join(d, "ports")
    try:
        os.unlink(ports)  # a stale file must not look like this run's
    except FileNotFoundError:
        pass
    keys = read_keys(args.keys)

    cnf = os.path.join(d, "openssl.cnf")
    with open(cnf, "w") as f:
        f.write(OPENSSL_CNF % ", ".join("DNS:" + n for n in SAN_NAMES))
    good = server_ctx(*make_pki(d, "", cnf))
    bad = server_ctx(*make_pki(d, "other-", cnf))

    log = Log(os.path.join(d, "log"))
    servers = [(m, Server(m, bad if m == "badcert" else good, keys, log)) for m in MODES]
    for _, s in servers:
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()

    tmp = ports + ".tmp"
    with open(tmp, "w") as f:
        for m, s in servers:
            f.write("%s %d\n" % (m, s.server_address[1]))
    os.rename(tmp, ports)

    while True:
        signal.pause()


if __name__ == "__main__":
    main()
