#!/usr/bin/env python3
"""attack_homes.py QWLINT N SEED: seeded Hermes homes with made-up keys in every placement, each run through
every way qwlint prints (issue 25: "the generator of homes with keys in every placement").

A key is planted where qwlint can know it is one: sent by the model (api_key: ${VAR} through a variable whose
name says nothing, a YAML anchor, a block or folded scalar, a multi-line flow map, a ${VAR:-default}), named as a
key in .env (quoted, exported, with an inline comment, repeated), on a broken .env line (no '=', an arrow, the
key alone on the next line), in a base URL's query string or password, in auth.json's pool, as the name of the
home's directory, and in a file outside the tree that a link in the home points at (which qwlint must not read).

Each home is linted in nine modes (human with colour, concise, json, github, sarif, --resolve, --diff,
--diff --unsafe-fixes, --fix followed by a lint of the result). Checked for every run: no 8-character slice of a
key past its public prefix in stdout or stderr; the exit status is 0-3 (no signal, no sanitizer report); no
run takes over 30 s; json and sarif parse as strict UTF-8 JSON; nothing outside the home changes (a directory of
victim files beside it is hashed before and after, links included) and a lint without --fix changes nothing.

Prints one summary line; exits 1 on any failure, naming the home and mode (never a key). With ATTACK_KEEP=DIR,
the failing homes are copied to DIR to be looked at.
"""
import json
import os
import random
import shutil
import string
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from attack_lib import snapshot  # noqa: E402

HEX = "0123456789abcdef"
ALNUM = string.ascii_letters + string.digits


def rnd(r, alphabet, n):
    return "".join(r.choice(alphabet) for _ in range(n))


# (prefix, body maker): the prefix is public (rules/keys.yaml names it); only slices past it are secret.
SHAPES = [
    ("sk-", lambda r: rnd(r, HEX, 32)),
    ("sk-sp-", lambda r: rnd(r, ALNUM, 32)),
    ("sk-or-v1-", lambda r: rnd(r, HEX, 64)),
    ("", lambda r: rnd(r, HEX, 32) + "." + rnd(r, ALNUM, 16)),  # Zhipu / Z.ai
    ("", lambda r: "eyJ" + rnd(r, ALNUM, 30) + "." + rnd(r, ALNUM, 40) + "." + rnd(r, ALNUM, 43)),  # JWT
    ("", lambda r: rnd(r, HEX, 40)),  # an Azure-style hex key
    ("", lambda r: rnd(r, ALNUM, 36)),  # no shape at all
    ("AIza", lambda r: rnd(r, ALNUM, 35)),
    ("gsk_", lambda r: rnd(r, ALNUM, 48)),
]

PROVIDERS = ["auto", "custom", "alibaba", "openrouter", "deepseek", "zai", "anthropic", "kimi-coding", "openai"]
URLS = [
    "https://coding.dashscope.aliyuncs.com/v1",
    "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
    "https://openrouter.ai/api/v1",
    "https://api.deepseek.com/v1/chat/completions",
    "http://192.168.1.50:11434/v1",
    "https://llm-gateway.example.com/v1",
]
PLAIN_NAMES = ["LLM_CRED", "MY_VALUE", "CUSTOM_THING", "UPSTREAM", "X"]
KEY_NAMES = ["DASHSCOPE_API_KEY", "OPENAI_API_KEY", "OPENROUTER_API_KEY", "GLM_API_KEY", "ZAI_API_KEY",
             "DEEPSEEK_API_KEY", "ANTHROPIC_API_KEY"]


class Home:
    def __init__(self, r):
        self.r = r
        self.secrets = []  # (key, public prefix length)
        self.config = []
        self.env = []
        self.auth = None
        self.dirname = None
        self.link_outside = False

    def key(self):
        prefix, body = self.r.choice(SHAPES)
        k = prefix + body(self.r)
        self.secrets.append((k, len(prefix)))
        return k


def plant_config(h):
    r = h.r
    provider = r.choice(PROVIDERS)
    url = r.choice(URLS)
    style = r.randrange(10)
    if r.random() < 0.15:  # a key in the URL's query string, or as its password
        k = h.key()
        url = (url + "?code=" + k) if r.random() < 0.5 else url.replace("://", "://user:" + k + "@", 1)
    lines = []
    if style == 0:
        lines += ["model:", "  provider: %s" % provider, "  base_url: %s" % url, "  api_key: %s" % h.key()]
    elif style == 1:
        lines += ["model:", "  provider: %s" % provider, "  base_url: %s" % url, '  api_key: "%s "' % h.key()]
    elif style == 2:
        var = r.choice(PLAIN_NAMES)
        h.env.append('%s="%s "' % (var, h.key()) if r.random() < 0.5 else "%s=%s" % (var, h.key()))
        lines += ["model:", "  provider: %s" % provider, "  base_url: %s" % url, "  api_key: ${%s}" % var]
    elif style == 3:
        lines += ["model:", "  provider: %s" % provider, "  base_url: %s" % url,
                  "  api_key: ${%s:-%s}" % (r.choice(PLAIN_NAMES + KEY_NAMES), h.key())]
    elif style == 4:
        lines += ['cred: &k "%s "' % h.key(), "model:", "  provider: %s" % provider, "  base_url: %s" % url,
                  "  api_key: *k"]
    elif style == 5:
        lines += ["model:", "  provider: %s" % provider, "  api_key: %s" % r.choice([">-", "|", "|-", ">"]),
                  "    %s" % h.key(), "  base_url: %s" % url]
    elif style == 6:
        lines += ["model: {provider: %s," % provider, "  base_url: %s," % url, "  api_key: %s}" % h.key()]
    elif style == 7:
        lines += ["model:", "  provider: custom", "  default: my-model", "custom_providers:", "  - name: gw",
                  "    base_url: %s" % url, "    api_key: %s" % h.key()]
    elif style == 8:
        lines += ["model:", "  provider: %s" % provider, "  base_url: %s" % url,
                  "fallback_providers:", "  - provider: custom", "    base_url: %s" % r.choice(URLS),
                  "    api_key: %s" % h.key()]
    else:
        lines += ["model:", "  provider: %s" % provider, "  base_url: %s" % url]
    if r.random() < 0.2:
        lines.insert(0, "# qwlint: disable=QW105")
    h.config = lines


def plant_env(h):
    r = h.r
    for _ in range(r.randrange(4)):
        name = r.choice(KEY_NAMES)
        k = h.key()
        shape = r.randrange(11)
        h.env += [
            ["%s=%s" % (name, k)],
            ["export %s='%s' # rotated" % (name, k)],
            ['%s="%s "' % (name, k)],
            ["%s %s" % (name, k)],
            ["%s\t%s" % (name, k)],
            ["%s -> %s" % (name, k)],
            ["%s=" % name, k],
            ["set %s %s" % (name, k)],
            ["%s=%s" % (name, k), "%s=%s" % (name, h.key()), "%s=%s" % (name, k)],
            ["%s=${UNSET_%d:-%s}" % (name, r.randrange(9), k)],
            ["%s=Bearer %s" % (name, k)],
        ][shape]


def plant_auth(h):
    r = h.r
    entries = []
    for i in range(r.randrange(1, 3)):
        e = {"id": rnd(r, HEX, 6), "label": "manual-%d" % i, "auth_type": "api_key", "priority": i,
             "source": "manual", "access_token": h.key(),
             "last_status": r.choice([None, "ok", "exhausted", "dead"]), "last_status_at": None,
             "base_url": r.choice(URLS), "request_count": r.randrange(100)}
        entries.append(e)
    h.auth = {"version": 1, "providers": {}, "credential_pool": {r.choice(["alibaba", "deepseek", "zai",
                                                                            "custom:gw"]): entries}}


def make_home(r, i):
    h = Home(r)
    plant_config(h)
    if r.random() < 0.8:
        plant_env(h)
    if r.random() < 0.3:
        plant_auth(h)
    h.link_outside = r.random() < 0.1
    if r.random() < 0.1:
        prefix, body = SHAPES[0]
        k = prefix + body(r)
        h.secrets.append((k, len(prefix)))
        h.dirname = k
    else:
        h.dirname = "h%04d" % i
    return h


def write_home(h, root, outside):
    d = os.path.join(root, h.dirname)
    os.makedirs(d)
    with open(os.path.join(d, "config.yaml"), "w") as f:
        f.write("\n".join(h.config) + "\n")
    if h.link_outside:
        os.symlink(os.path.join(outside, "profile"), os.path.join(d, ".env"))
    elif h.env:
        with open(os.path.join(d, ".env"), "w") as f:
            f.write("\n".join(h.env) + "\n")
    if h.auth is not None:
        with open(os.path.join(d, "auth.json"), "w") as f:
            json.dump(h.auth, f, indent=2)
    for name in os.listdir(d):
        p = os.path.join(d, name)
        if not os.path.islink(p):
            os.chmod(p, 0o600)
    return d




def slices(secrets):
    s = set()
    for k, pl in secrets:
        for i in range(0, len(k) - 7):
            if i + 8 > pl:
                s.add(k[i:i + 8])
    return s


MODES = [
    ["--format", "human", "--color", "always"],
    ["--format", "concise"],
    ["--format", "json"],
    ["--format", "github"],
    ["--format", "sarif"],
    ["--resolve", "--color", "always"],
    ["--diff"],
    ["--diff", "--unsafe-fixes"],
]


def main():
    qwlint, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if os.sep in qwlint:
        qwlint = os.path.abspath(qwlint)  # the runs are made from inside each home
    keep = os.environ.get("ATTACK_KEEP")  # a directory: keep the failing homes there, to look at by hand
    r = random.Random(seed)
    stats = dict(homes=0, runs=0, keys=0, bytes=0, leaks=0, crashes=0, hangs=0, badjson=0, outside=0, changed=0)
    failures = []
    work = tempfile.mkdtemp(prefix="qwlint-attack-")
    outside_secret = ("sk-", rnd(r, HEX, 32))
    try:
        outside = os.path.join(work, "outside")
        os.makedirs(outside)
        with open(os.path.join(outside, "profile"), "w") as f:
            f.write("export PATH=$HOME/bin:$PATH\nSESSION_COOKIE=%s%s\nX=1\nX=1\n" % outside_secret)
        os.chmod(os.path.join(outside, "profile"), 0o644)
        before_outside = snapshot(outside)
        for i in range(n):
            h = make_home(r, i)
            h.secrets.append((outside_secret[0] + outside_secret[1], 3))
            stats["homes"] += 1
            stats["keys"] += len(h.secrets)
            bad = slices(h.secrets)
            root = os.path.join(work, "t%04d" % i)
            os.makedirs(root)
            home = write_home(h, root, outside)
            pristine = snapshot(root)
            nfail = len(failures)
            env = dict(os.environ, NO_COLOR="")
            env.pop("HERMES_HOME", None)

            def run(args, mode_name):
                stats["runs"] += 1
                try:
                    p = subprocess.run([qwlint] + args + [h.dirname], cwd=root, capture_output=True, timeout=30,
                                       env=env)
                except subprocess.TimeoutExpired:
                    stats["hangs"] += 1
                    failures.append("home %d %s: timed out" % (i, mode_name))
                    return None
                out = p.stdout + p.stderr
                stats["bytes"] += len(out)
                if p.returncode < 0 or p.returncode > 3 or b"runtime error" in p.stderr or \
                        b"Sanitizer" in p.stderr:
                    stats["crashes"] += 1
                    failures.append("home %d %s: exit %d" % (i, mode_name, p.returncode))
                text = out.decode("latin-1")
                leaked = [s for s in bad if s in text]
                if leaked:
                    stats["leaks"] += 1
                    failures.append("home %d %s: %d slices of a key printed" % (i, mode_name, len(leaked)))
                if "json" in args or "sarif" in args:
                    try:
                        json.loads(p.stdout.decode("utf-8"))
                    except (ValueError, UnicodeDecodeError) as e:
                        stats["badjson"] += 1
                        failures.append("home %d %s: output is not JSON (%s)" % (i, mode_name, type(e).__name__))
                return p

            for m in MODES:
                run(m, " ".join(m))
            if snapshot(root) != pristine:
                stats["changed"] += 1
                failures.append("home %d: a run without --fix changed the home" % i)
            # --fix on a copy, then the lint of what it left
            fixroot = root + "-fix"
            shutil.copytree(root, fixroot, symlinks=True)
            root_saved, root = root, fixroot
            run(["--fix", "--color", "never"], "--fix")
            run(["--fix", "--unsafe-fixes", "--format", "github"], "--fix --unsafe-fixes --format github")
            run(["--format", "concise"], "lint after --fix")
            root = root_saved
            if keep and len(failures) > nfail:
                shutil.copytree(root, os.path.join(keep, "t%04d" % i), symlinks=True)
            if snapshot(outside) != before_outside:
                stats["outside"] += 1
                failures.append("home %d: a file outside the home changed" % i)
                before_outside = snapshot(outside)
            shutil.rmtree(root, ignore_errors=True)
            shutil.rmtree(fixroot, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for f in failures[:20]:
        print("FAIL " + f)
    print("attack homes: %(homes)d homes, %(keys)d keys, %(runs)d runs, %(bytes)d bytes of output; "
          "keys leaked %(leaks)d, crashes %(crashes)d, hangs %(hangs)d, invalid JSON %(badjson)d, "
          "lints that changed a file %(changed)d, files changed outside the tree %(outside)d" % stats)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
