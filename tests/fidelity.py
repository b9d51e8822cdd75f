#!/usr/bin/env python3
"""fidelity.py QWLINT ORACLE_DIR SRCDIR: qwlint --resolve against Hermes's own resolver (../shared/hermes-oracle) on
every Hermes home among the fixture cases and examples: the main model's provider, base URL, api_mode and model.

A measurement, not yet a test of make test: issue 24 (a generator of homes, --resolve --format json with the key's
fingerprint and Hermes's refusals) builds on it. Prints each disagreement (never a key: the oracle prints none and
qwlint's resolve line masks them) and a summary line; exits 1 when any home disagrees on a compared field.
"""
import json
import os
import re
import subprocess
import sys


def homes(src):
    """Directories of testdata/cases/*/input and examples that hold a Hermes config.yaml (or .hermes/config.yaml)."""
    roots = [os.path.join(src, "testdata/cases", c, "input") for c in sorted(os.listdir(os.path.join(src,
                                                                                                       "testdata/cases")))]
    roots += [os.path.join(src, "examples", e) for e in sorted(os.listdir(os.path.join(src, "examples")))]
    for r in roots:
        for h in (r, os.path.join(r, ".hermes")):
            if os.path.isfile(os.path.join(h, "config.yaml")) and not os.path.exists(os.path.join(h, "profiles")):
                yield h


def qwlint_says(qwlint, home):
    out = subprocess.run([qwlint, "--resolve", "--hermes-version", "0.18.2", "--color", "never", home], capture_output=True, text=True).stdout
    # the main model's result line: "=> PROVIDER URL, api_mode MODE[, model MODEL]" (the first "  model:" block)
    block = out.split("\n  model:\n", 1)
    if len(block) < 2:
        return None
    m = re.search(r"^    => (\S+) (\S+?)(?:, api_mode (\S+?))?(?:, model (\S+))?$", block[1], re.M)
    if not m:
        return {"unparsed": True}
    return {"provider": m.group(1), "base_url": m.group(2), "api_mode": m.group(3), "model": m.group(4)}


def main():
    qwlint, oracle_dir, src = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    compared = agree = skipped = 0
    for home in homes(src):
        mine = qwlint_says(qwlint, home)
        p = subprocess.run(["/usr/bin/python3", os.path.join(oracle_dir, "oracle.py"),
                            os.path.join(oracle_dir, "hermes-306e2d2"), home], capture_output=True, text=True)
        try:
            truth = json.loads(p.stdout)
        except ValueError:
            skipped += 1
            continue
        if truth.get("error") or truth.get("blocked") or mine is None or mine.get("unparsed"):
            skipped += 1  # refusals and network-dependent answers: issue 24's --resolve --format json
            continue
        compared += 1
        if truth.get("base_url"):
            # shown as qwlint shows a URL: never its password or query (the oracle prints the URL as sent)
            u = re.sub(r"^([a-z]+://)[^/?#]*@", r"\1…@", truth["base_url"])
            truth["base_url"] = re.sub(r"\?.*$", "?…", u)
        diffs = [f for f in ("provider", "base_url", "api_mode", "model")
                 if mine.get(f) is not None and truth.get(f) and mine[f].rstrip("/") != str(truth[f]).rstrip("/")]
        if diffs:
            print("DIFF %s: %s" % (os.path.relpath(home, src), "; ".join(
                "%s qwlint %s, Hermes %s" % (f, mine[f], truth[f]) for f in diffs)))
        else:
            agree += 1
    print("fidelity: %d homes compared, %d agree on provider, base URL, api_mode and model; %d skipped (refusal, "
          "network, or no main request)" % (compared, agree, skipped))
    sys.exit(0 if agree == compared else 1)


if __name__ == "__main__":
    main()
