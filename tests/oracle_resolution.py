#!/usr/bin/env python3
"""oracle_resolution.py [--oracle DIR] [--home REL] CASE_DIR...: (re)write CASE_DIR/resolution from Hermes's own
resolver (the hermes-oracle of ../shared, which runs Hermes's resolve_runtime_provider() offline on a home).

The home is CASE_DIR/input, or the directory inside it named by --home, else by the `home:` line of an existing
resolution file, else input/.hermes when it holds config.yaml, else the only directory of input/profiles/.
The file is checked in: tests/run_case.sh compares qwlint --resolve --format json with it (tests/resolution_check.py)
and needs neither the oracle nor ../shared at test time. This script is how a reader re-checks it.

File format: a first comment line saying where the answer comes from, then "field: value" lines
  home             the home, relative to input/ ("." for input/ itself)
  provider         Hermes's runtime provider label
  base_url         the base URL as sent
  api_mode         chat_completions, anthropic_messages, ...
  key_fingerprint  sha256: + 12 hex digits of the exact key string sent; "none" when the key is empty or absent,
                   "no-key-required" for that literal
  model            model.default as Hermes normalizes it for the provider ("none" when empty)
  error            the kind of Hermes's refusal (AuthError, ...) or "none"; when Hermes refused, the other fields
                   are "none"
A "# network:" comment line records that Hermes tried the network (the oracle blocked it): the answer may differ
online.
"""
import json
import os
import subprocess
import sys

ORACLE_COMMIT = "306e2d2"
HERMES_VERSION = "0.18.2"
REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
FIELDS = ("provider", "base_url", "api_mode", "key_fingerprint", "model", "error")


def existing_home(path):
    try:
        with open(path) as f:
            for line in f:
                if line.startswith("home:"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def pick_home(case_dir, home):
    inp = os.path.join(case_dir, "input")
    if home is None:
        home = existing_home(os.path.join(case_dir, "resolution"))
    if home is None:
        if os.path.isfile(os.path.join(inp, ".hermes", "config.yaml")):
            home = ".hermes"
        elif os.path.isdir(os.path.join(inp, "profiles")):
            subs = sorted(d for d in os.listdir(os.path.join(inp, "profiles"))
                          if os.path.isdir(os.path.join(inp, "profiles", d)))
            home = "profiles/" + subs[0] if len(subs) == 1 else "."
        else:
            home = "."
    return home


def main():
    args = sys.argv[1:]
    oracle = os.path.join(REPO, "..", "shared", "hermes-oracle")
    home_arg = None
    while args and args[0].startswith("--"):
        if args[0] == "--oracle":
            oracle, args = args[1], args[2:]
        elif args[0] == "--home":
            home_arg, args = args[1], args[2:]
        else:
            sys.exit("usage: oracle_resolution.py [--oracle DIR] [--home REL] CASE_DIR...")
    if not args:
        sys.exit("usage: oracle_resolution.py [--oracle DIR] [--home REL] CASE_DIR...")
    oracle = os.path.normpath(oracle)
    status = 0
    for case_dir in args:
        case_dir = os.path.normpath(case_dir)
        home = pick_home(case_dir, home_arg)
        home_dir = os.path.normpath(os.path.join(case_dir, "input", home))
        p = subprocess.run(["/usr/bin/python3", os.path.join(oracle, "oracle.py"),
                            os.path.join(oracle, "hermes-" + ORACLE_COMMIT), home_dir], capture_output=True, text=True)
        try:
            r = json.loads(p.stdout)
        except ValueError:
            print("%s: the oracle printed no answer:\n%s" % (case_dir, p.stderr), file=sys.stderr)
            status = 1
            continue
        err = r.get("error")
        if err:
            vals = {f: "none" for f in FIELDS}
            vals["error"] = err.split(":", 1)[0].strip()
        else:
            key = r.get("key_fingerprint")
            if r.get("api_key_kind") == "no-key-required":
                key = "no-key-required"
            vals = {"provider": r.get("provider"), "base_url": r.get("base_url"), "api_mode": r.get("api_mode"),
                    "key_fingerprint": key, "model": r.get("model"), "error": None}
            vals = {k: (v if v not in (None, "") else "none") for k, v in vals.items()}
        lines = ["# Hermes's own resolver: hermes-oracle at %s (Hermes %s), written by "
                 "python3 tests/oracle_resolution.py %s" % (ORACLE_COMMIT, HERMES_VERSION, os.path.relpath(case_dir, REPO))]
        if err:
            lines.append("# Hermes refused: %s" % err)
        if r.get("blocked"):
            lines.append("# network: Hermes tried %s (blocked offline; the answer may differ online)"
                         % ", ".join(map(str, r["blocked"])))
        lines.append("home: %s" % home)
        lines += ["%s: %s" % (f, vals[f]) for f in FIELDS]
        with open(os.path.join(case_dir, "resolution"), "w") as f:
            f.write("\n".join(lines) + "\n")
        print("%s: %s" % (case_dir, "; ".join("%s %s" % (f, vals[f]) for f in FIELDS)))
    sys.exit(status)


if __name__ == "__main__":
    main()
