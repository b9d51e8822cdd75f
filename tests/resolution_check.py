#!/usr/bin/env python3
"""resolution_check.py RESOLUTION JSON: compare qwlint --resolve --format json (the file JSON) with a fixture case's
resolution file (what Hermes's own resolver answered for the case's home; tests/oracle_resolution.py writes it).

The request compared is the main model's (role "model") of the home the file names (`home:`, relative to input/).
Fields as tests/fidelity.py compares them: base URL shown without a password or query, a trailing / ignored; the
key by its fingerprint (qwlint's key.fingerprint when key_sent is "key"; "none" is an empty or absent key,
"no-key-required" that literal); when Hermes refused, only the kind of the refusal. Prints one line per field that
differs (never a key: both sides hold fingerprints only) and exits 1 when any does.
"""
import json
import os
import re
import sys


def read_resolution(path):
    want = {}
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            k, _, v = line.partition(":")
            want[k.strip()] = v.strip()
    return want


def shown_url(u):
    """A URL as qwlint shows one: no password (user:pass@ -> …@), nothing after a ? or # (qwlint shows "?…");
    trailing / ignored."""
    u = re.sub(r"^([a-z]+://)[^/?#]*@", "\\1\u2026@", u)
    u = re.sub(r"[?#].*$", "?\u2026", u)
    return u.rstrip("/")


def norm_path(p):
    return os.path.normpath(p or ".")


def main():
    want = read_resolution(sys.argv[1])
    try:
        with open(sys.argv[2]) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print("resolution: qwlint --resolve --format json printed no JSON document (%s)" % e)
        sys.exit(1)
    home = norm_path(want.get("home", "."))
    homes = [h for h in doc.get("homes", []) if norm_path(h.get("path")) == home]
    if not homes:
        print("resolution: qwlint reports no home %s (it reports %s)" % (
            home, ", ".join(str(h.get("path")) for h in doc.get("homes", [])) or "none"))
        sys.exit(1)
    reqs = [r for r in homes[0].get("requests", []) if r.get("role") == "model"]
    if not reqs:
        print("resolution: qwlint has no main-model request for home %s" % home)
        sys.exit(1)
    r = reqs[0]
    got = {}
    got["error"] = (r.get("error") or {}).get("kind") or "none"
    if want.get("error", "none") != "none":
        fields = ["error"]
    else:
        fields = ["error", "provider", "base_url", "api_mode", "key_fingerprint", "model"]
        got["provider"] = r.get("provider") or "none"
        got["base_url"] = shown_url(r.get("base_url") or "none")
        got["api_mode"] = r.get("api_mode") or "none"
        got["model"] = r.get("model") or "none"
        sent = r.get("key_sent")
        if sent == "key":
            got["key_fingerprint"] = (r.get("key") or {}).get("fingerprint") or "key (no fingerprint)"
        elif sent in ("none", "empty", None):
            got["key_fingerprint"] = "none"
        else:
            got["key_fingerprint"] = sent
        if want.get("base_url", "none") != "none":
            want["base_url"] = shown_url(want["base_url"])
    diffs = [f for f in fields if got.get(f) != want.get(f, "none")]
    for f in diffs:
        print("resolution: %s qwlint %s, Hermes %s" % (f, got.get(f), want.get(f, "none")))
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
