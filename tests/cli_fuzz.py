#!/usr/bin/env python3
"""cli_fuzz.py QWLINT SRCDIR RUNS SEED: a seeded mutation fuzzer over qwlint's whole command line (issue 25).

Each run picks options (every option `--help` lists, with values drawn from the valid ones, odd ones --
negative, huge, signed, blank-padded, empty, a FIFO, /dev/zero, a directory, a dangling link, control
characters, 10 000 characters -- and a made-up key pasted where a value goes) and paths (copies of fixture
homes from testdata/cases, a key pasted as a path, '-', odd names) in a random order, and runs qwlint under a
time limit in a scratch directory.

Checked for every run: no signal, no sanitizer report, an exit status qwlint documents (0-3), no run over 30 s,
json and sarif output that parses as strict UTF-8 JSON when qwlint says it produced findings (exit 0 or 1), no
8-character slice of a key (the fixtures' keys and the pasted one) in stdout or stderr, no file changed by a
run that writes nothing (only --fix, -o and --write-baseline write), and nothing changed outside the scratch tree (a victim
directory beside it, reached by links from inside, is hashed before and after).

Prints one summary line; exits 1 on any failure, printing the failing command line with keys replaced.
"""
import errno
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from attack_lib import snapshot  # noqa: E402

KEY = "sk-" + "7f3c9a1e5b2d8046" * 2  # made up, never printed by this script
ODD_NUMBERS = ["0", "-1", "+5", " 5", "5 ", "18446744073709551616", "99999999999", "1e3", "0x10", "abc", "",
               "3.5", "-0"]
ODD_STRINGS = ["", "-", "--", "x" * 10000, "a\nb", "\x1b[2J", "::error::x", "\u202e", "%s%n", "../../etc",
               KEY]
ENUMS = {
    "--format": ["human", "concise", "json", "sarif", "github", "HUMAN", "xml"],
    "--region": ["cn", "intl", "us", "hk", "jp", "eu", "mars"],
    "--fail-on": ["error", "warning", "info", "fatal"],
    "--color": ["auto", "always", "never", "sometimes"],
}


def parse_help(qwlint):
    """[(option, takes_value)] from qwlint --help."""
    text = subprocess.run([qwlint, "--help"], capture_output=True, text=True).stdout
    opts = []
    for m in re.finditer(r"^\s+((?:-[A-Za-z], )?--[a-z-]+)(?: ([A-Z:\[\]0-9]+))?", text, re.M):
        names = [n.strip() for n in m.group(1).split(",")]
        for n in names:
            opts.append((n, bool(m.group(2))))
    return opts


def value_for(r, opt, special):
    roll = r.random()
    if roll < 0.1:
        return KEY
    if opt in ENUMS and roll < 0.7:
        return r.choice(ENUMS[opt])
    if opt in ("--lock-wait", "--probe-timeout", "--max-file-size", "--jobs") and roll < 0.8:
        return r.choice(ODD_NUMBERS + ["1", "2", "100"])
    if opt in ("--config", "--cacert", "--rules-dir", "--stdin-filename") and roll < 0.8:
        return r.choice(special)
    if opt == "--explain" and roll < 0.7:
        return r.choice(["QW301", "qw105", "QW999", "yaml-syntax", ""])
    return r.choice(ODD_STRINGS + special)




def key_tokens(text):
    return set(re.findall(r"(?:sk-[A-Za-z0-9._/-]{8,}|AIza[0-9A-Za-z_-]{12,}|gsk_[A-Za-z0-9]{12,}|"
                          r"xai-[A-Za-z0-9]{12,}|bce-v3/[A-Za-z0-9/_-]{12,})", text))


def family_prefixes(src):
    """The key families' public prefixes (rules/keys.yaml), longest first: a slice inside one is no leak."""
    with open(os.path.join(src, "rules/keys.yaml")) as f:
        return sorted(re.findall(r"^\s*- prefix:\s*(\S+)", f.read(), re.M), key=len, reverse=True)


def slices(keys, prefixes):
    s = set()
    for k in keys:
        start = next((len(p) for p in prefixes if k.startswith(p)), 0)
        for i in range(0, len(k) - 7):
            if i + 8 > start:
                s.add(k[i:i + 8])
    return s


def main():
    qwlint, src, runs, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    if os.sep in qwlint:
        qwlint = os.path.abspath(qwlint)  # the runs are made from inside the scratch tree
    r = random.Random(seed)
    # --probe sends the keys to the vendors' hosts: never from a test (tests/probe_tests.sh uses a loopback mock)
    opts = [o for o in parse_help(qwlint) if o[0] != "--probe"]
    prefixes = family_prefixes(src)
    cases = sorted(d for d in os.listdir(os.path.join(src, "testdata/cases"))
                   if os.path.isdir(os.path.join(src, "testdata/cases", d, "input")))
    work = tempfile.mkdtemp(prefix="qwlint-clifuzz-")
    stats = dict(runs=0, crashes=0, hangs=0, badexit=0, badjson=0, leaks=0, changed=0, outside=0)
    failures = []
    try:
        victim = os.path.join(work, "victim")
        os.makedirs(victim)
        with open(os.path.join(victim, "profile"), "w") as f:
            f.write("X=1\nX=1\nOPENAI_API_KEY=%s\n" % KEY)
        before_victim = snapshot(victim)
        for n in range(runs):
            stats["runs"] += 1
            tree = os.path.join(work, "tree")
            shutil.rmtree(tree, ignore_errors=True)
            os.makedirs(tree)
            picked = r.sample(cases, r.randrange(1, 4))
            keys = {KEY}
            for c in picked:
                shutil.copytree(os.path.join(src, "testdata/cases", c, "input"), os.path.join(tree, c),
                                symlinks=True)
            for base, _, files in os.walk(tree):
                for name in files:
                    p = os.path.join(base, name)
                    if not os.path.islink(p):
                        os.chmod(p, 0o600)
                        with open(p, "rb") as f:
                            keys |= key_tokens(f.read().decode("latin-1"))
            # odd things to name: a FIFO, a dangling link, a link out of the tree, a directory
            os.mkfifo(os.path.join(tree, "fifo"))
            os.symlink("/nonexistent/qwlint", os.path.join(tree, "dangling"))
            os.symlink(os.path.join(victim, "profile"), os.path.join(tree, picked[0], ".env.link"))
            special = [os.path.join(tree, "fifo"), "/dev/zero", "/dev/null", tree, os.path.join(tree, "dangling"),
                       os.path.join(tree, picked[0])]
            args = []
            for _ in range(r.randrange(0, 6)):
                opt, takes = r.choice(opts)
                args.append(opt)
                if takes:
                    args.append(value_for(r, opt, special))
            paths = [c for c in picked if r.random() < 0.8]
            if r.random() < 0.1:
                paths.append(KEY)
            if r.random() < 0.1:
                paths.append(r.choice(["-", "fifo", "dangling", ".", "nonexistent", "x" * 5000]))
            argv = args + paths
            r.shuffle(argv) if r.random() < 0.2 else None
            pristine = snapshot(tree)
            # the options that write what the user asked for: --fix the files, -o and --write-baseline a report
            writes = any(a in ("--fix", "-o", "--output-file", "--write-baseline") for a in argv)
            stdin = r.choice([b"", b"OPENAI_API_KEY=" + KEY.encode() + b"\n", b"model: [\n"])
            try:
                p = subprocess.run([qwlint] + argv, cwd=tree, input=stdin, capture_output=True, timeout=30,
                                   env=dict(os.environ, HERMES_HOME=os.path.join(tree, picked[0])))
            except subprocess.TimeoutExpired:
                stats["hangs"] += 1
                failures.append(("timed out", argv))
                continue
            except OSError as e:
                if e.errno != errno.E2BIG:
                    raise
                continue  # an argument list the kernel refuses: not qwlint's
            out = (p.stdout + p.stderr).decode("latin-1")
            if p.returncode < 0 or "Sanitizer" in out or "runtime error:" in out:
                stats["crashes"] += 1
                failures.append(("signal or sanitizer report (exit %d)" % p.returncode, argv))
            elif p.returncode > 3:
                stats["badexit"] += 1
                failures.append(("exit %d" % p.returncode, argv))
            if any(s in out for s in slices(keys, prefixes)):
                stats["leaks"] += 1
                failures.append(("a key printed", argv))
            fmt = [argv[i + 1] for i in range(len(argv) - 1) if argv[i] == "--format"]
            other_output = ("--explain", "--list-rules", "--resolve", "--diff", "--help", "-h", "--version", "-V",
                            "--list-files", "--show-settings", "--statistics", "-N")
            if fmt and fmt[-1] in ("json", "sarif") and p.returncode in (0, 1) and \
                    not any(a in other_output for a in argv):
                try:
                    json.loads(p.stdout.decode("utf-8"))
                except (ValueError, UnicodeDecodeError):
                    stats["badjson"] += 1
                    failures.append(("output is not JSON", argv))
            if not writes and snapshot(tree) != pristine:
                stats["changed"] += 1
                failures.append(("a run that writes nothing changed a file", argv))
            if snapshot(victim) != before_victim:
                stats["outside"] += 1
                failures.append(("a file outside the tree changed", argv))
                before_victim = snapshot(victim)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for why, argv in failures[:20]:
        shown = " ".join(repr(a.replace(KEY, "<key>"))[:80] for a in argv)
        print("FAIL %s: qwlint %s" % (why, shown))
    print("cli fuzz: %(runs)d command lines; crashes %(crashes)d, hangs %(hangs)d, undocumented exits "
          "%(badexit)d, invalid JSON %(badjson)d, keys leaked %(leaks)d, lints that changed a file %(changed)d, "
          "files changed outside the tree %(outside)d" % stats)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
