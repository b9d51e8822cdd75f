#!/usr/bin/env python3
"""pool_oracle.py POOL_DRIVER ORACLE_DIR [-v]: src/tools/hermes/pool.c against Hermes's own credential pool.
(QW_POOL_WRAP="valgrind --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite" runs the driver
under a checker.)

Builds one small Hermes home per behaviour of load_pool/select (config.yaml naming an API-key provider, .env,
auth.json), runs Hermes's real resolver on it (ORACLE_DIR/oracle.py) and tests/pool_driver.c (qw_pool_select),
and compares: when the pool hands out an entry, Hermes must send that entry's key (the same fingerprint, the same
source, and for a plain provider the same base URL); when it hands out none, Hermes's key must not come from the
pool. Expected values are the oracle's, never qwlint's. Keys are made up. Exits 1 on any disagreement.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

NOW = time.time()
POOL_SOURCES = ("env:", "manual", "config:", "model_config", "pool:", "claude_code", "hermes_pkce", "device_code")


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def manual(label, key, prio=0, **kw):
    e = {"id": label[:6], "label": label, "auth_type": "api_key", "priority": prio, "source": "manual",
         "access_token": key}
    e.update(kw)
    return e


def cfg(provider, extra=""):
    return f"model:\n  provider: {provider}\n  default: some-model\n{extra}"


K1, K2, K3 = "sk-made-up-aaaa1111bbbb2222", "sk-made-up-cccc3333dddd4444", "sk-made-up-eeee5555ffff6666"

# (name, provider, files {path: text or JSON object}, home subdirectory or "")
CASES = [
    ("placeholder *** is seeded and sent", "deepseek", {"config.yaml": cfg("deepseek"), ".env": "DEEPSEEK_API_KEY=***\n"}, ""),
    ("placeholder changeme is seeded and sent", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": "DEEPSEEK_API_KEY=changeme\n"}, ""),
    ("manual entry before env-seeded", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": f"DEEPSEEK_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"deepseek": [manual("mine", K2)]}}}, ""),
    ("exhausted 429 in cool-down: skipped", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": f"DEEPSEEK_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"deepseek": [manual("mine", K2, last_status="exhausted",
                                                            last_status_at=NOW - 60, last_error_code=429)]}}}, ""),
    ("exhausted 429 cool-down passed: used again", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": f"DEEPSEEK_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"deepseek": [manual("mine", K2, last_status="exhausted",
                                                            last_status_at=NOW - 7200, last_error_code=429)]}}}, ""),
    ("exhausted 401 after 6 minutes: used again", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": f"DEEPSEEK_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"deepseek": [manual("mine", K2, last_status="exhausted",
                                                            last_status_at=NOW - 360, last_error_code=401)]}}}, ""),
    ("exhausted 500 after 6 minutes: still cooling (1 h)", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": f"DEEPSEEK_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"deepseek": [manual("mine", K2, last_status="exhausted",
                                                            last_status_at=NOW - 360, last_error_code=500)]}}}, ""),
    ("exhausted with ISO reset in the future", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": f"DEEPSEEK_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"deepseek": [manual("mine", K2, last_status="exhausted",
                                                            last_status_at=NOW - 7200,
                                                            last_error_reset_at=iso(NOW + 3600))]}}}, ""),
    ("exhausted with millisecond reset in the past", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": f"DEEPSEEK_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"deepseek": [manual("mine", K2, last_status="exhausted",
                                                            last_status_at=NOW - 10,
                                                            last_error_reset_at=int((NOW - 5) * 1000))]}}}, ""),
    ("exhausted with no time: available", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": f"DEEPSEEK_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"deepseek": [manual("mine", K2, last_status="exhausted")]}}}, ""),
    ("dead: never used", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": f"DEEPSEEK_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"deepseek": [manual("mine", K2, last_status="dead", last_status_at=NOW - 10)]}}},
     ""),
    ("all exhausted, placeholder in .env: refusal", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": "DEEPSEEK_API_KEY=***\n",
      "auth.json": {"credential_pool": {"deepseek": [
          manual("mine", K2, last_status="exhausted", last_status_at=NOW - 10),
          {"id": "e1", "label": "DEEPSEEK_API_KEY", "source": "env:DEEPSEEK_API_KEY", "priority": 1,
           "last_status": "exhausted", "last_status_at": NOW - 10}]}}}, ""),
    ("suppressed env source, placeholder in .env: refusal", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": "DEEPSEEK_API_KEY=***\n",
      "auth.json": {"providers": {}, "suppressed_sources": {"deepseek": ["env:DEEPSEEK_API_KEY"]}}}, ""),
    ("suppressed env source, manual entry used", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": f"DEEPSEEK_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"deepseek": [manual("mine", K2, prio=5)]},
                    "suppressed_sources": {"deepseek": ["env:DEEPSEEK_API_KEY"]}}}, ""),
    ("priorities: the lower wins whatever the order", "deepseek",
     {"config.yaml": cfg("deepseek"),
      "auth.json": {"credential_pool": {"deepseek": [manual("b", K2, prio=1), manual("a", K3, prio=0)]}}}, ""),
    ("least_used picks the lowest request_count", "deepseek",
     {"config.yaml": cfg("deepseek", "credential_pool_strategies:\n  deepseek: least_used\n"),
      "auth.json": {"credential_pool": {"deepseek": [manual("a", K2, prio=0, request_count=9),
                                                     manual("b", K3, prio=1, request_count=2)]}}}, ""),
    ("round_robin takes the first available", "deepseek",
     {"config.yaml": cfg("deepseek", "credential_pool_strategies:\n  deepseek: Round_Robin\n"),
      "auth.json": {"credential_pool": {"deepseek": [manual("a", K2, prio=0), manual("b", K3, prio=1)]}}}, ""),
    ("anthropic: ANTHROPIC_TOKEN before ANTHROPIC_API_KEY", "anthropic",
     {"config.yaml": cfg("anthropic"), ".env": f"ANTHROPIC_API_KEY={K1}\nANTHROPIC_TOKEN={K2}\n"}, ""),
    ("profile named directly falls back to the root's auth.json", "deepseek",
     {"auth.json": {"credential_pool": {"deepseek": [manual("root", K2)]}},
      "profiles/work/config.yaml": cfg("deepseek"), "profiles/work/.env": "OTHER=1\n"}, "profiles/work"),
    ("profile's own entries shadow the root's", "deepseek",
     {"auth.json": {"credential_pool": {"deepseek": [manual("root", K2)]}},
      "profiles/work/config.yaml": cfg("deepseek"),
      "profiles/work/auth.json": {"credential_pool": {"deepseek": [manual("prof", K3)]}}}, "profiles/work"),
    ("profile's suppressed_sources, not the root's", "deepseek",
     {"auth.json": {"providers": {}, "suppressed_sources": {"deepseek": ["env:DEEPSEEK_API_KEY"]}},
      "profiles/work/config.yaml": cfg("deepseek"), "profiles/work/.env": "DEEPSEEK_API_KEY=***\n"}, "profiles/work"),
    ("env: entry whose variable is unset keeps its stored token", "deepseek",
     {"config.yaml": cfg("deepseek"),
      "auth.json": {"credential_pool": {"deepseek": [{"id": "x1", "label": "DEEPSEEK_API_KEY", "priority": 0,
                                                      "source": "env:DEEPSEEK_API_KEY", "access_token": K3}]}}}, ""),
    ("env: entry whose variable is unset and no token: skipped", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": "OTHER=1\n",
      "auth.json": {"credential_pool": {"deepseek": [{"id": "x1", "label": "DEEPSEEK_API_KEY", "priority": 0,
                                                      "source": "env:DEEPSEEK_API_KEY"}]}}}, ""),
    ("a borrowed source with no live origin is pruned", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": f"DEEPSEEK_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"deepseek": [{"id": "c1", "label": "cc", "priority": 0, "source": "claude_code",
                                                      "access_token": K2}]}}}, ""),
    ("rotated env key, stale entry still exhausted", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": f"DEEPSEEK_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"deepseek": [{"id": "e1", "label": "DEEPSEEK_API_KEY", "priority": 0,
                                                      "source": "env:DEEPSEEK_API_KEY", "last_status": "exhausted",
                                                      "last_status_at": NOW - 30, "last_error_code": 429,
                                                      "secret_fingerprint": "sha256:0123456789abcdef"}]}}}, ""),
    ("an entry that is not an object: load_pool raises", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": f"DEEPSEEK_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"deepseek": [manual("a", K2), 7]}}}, ""),
    ("mixed priority kinds: load_pool raises", "deepseek",
     {"config.yaml": cfg("deepseek"), ".env": f"DEEPSEEK_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"deepseek": [manual("a", K2, prio="1")]}}}, ""),
    ("<X>_BASE_URL read by Hermes's own parser (inline comment kept)", "deepseek",
     {"config.yaml": cfg("deepseek"),
      ".env": f"DEEPSEEK_API_KEY={K1}\nDEEPSEEK_BASE_URL=https://ds.example.com/v1/ # mirror\n"}, ""),
    ("kimi key prefix picks the coding endpoint", "kimi-coding",
     {"config.yaml": cfg("kimi-coding"), ".env": "KIMI_API_KEY=sk-kimi-madeup0000111122223333\n"}, ""),
    ("custom pool: custom_providers api_key seeded", "custom:local",
     {"config.yaml": "model:\n  provider: custom\n  base_url: http://10.1.2.3:8000/v1\n  default: m\n"
                     f"custom_providers:\n  - name: Local\n    base_url: http://10.1.2.3:8000/v1/\n    api_key: {K1}\n"},
     ""),
    ("custom pool: manual entry before config", "custom:local",
     {"config.yaml": "model:\n  provider: custom\n  base_url: http://10.1.2.3:8000/v1\n  default: m\n"
                     f"custom_providers:\n  - name: Local\n    base_url: http://10.1.2.3:8000/v1\n    api_key: {K1}\n",
      "auth.json": {"credential_pool": {"custom:local": [manual("m", K3, prio=0)]}}}, ""),
    ("custom pool: model.api_key seeded as model_config", "custom:local",
     {"config.yaml": f"model:\n  provider: custom\n  base_url: http://10.1.2.3:8000/v1\n  default: m\n  api_key: {K2}\n"
                     "custom_providers:\n  - name: Local\n    base_url: http://10.1.2.3:8000/v1\n"}, ""),
    ("custom pool: env: entries are pruned", "custom:local",
     {"config.yaml": "model:\n  provider: custom\n  base_url: http://10.1.2.3:8000/v1\n  default: m\n"
                     f"custom_providers:\n  - name: Local\n    base_url: http://10.1.2.3:8000/v1\n    api_key: {K1}\n",
      "auth.json": {"credential_pool": {"custom:local": [{"id": "q", "label": "X", "source": "env:X",
                                                          "priority": 0, "access_token": K3}]}}}, ""),
    ("zai: the endpoint auth.json caches for this key", "zai",
     {"config.yaml": cfg("zai"), ".env": "GLM_API_KEY=madeup-glm-key-0123456789.abcdefgh\n",
      "auth.json": {"providers": {"zai": {"detected_endpoint": {"base_url": "https://open.bigmodel.cn/api/coding/paas/v4",
                                                            "key_hash": "7055a224673424c2"}}}}}, ""),
    ("openrouter: a manual pool entry", "openrouter",
     {"config.yaml": cfg("openrouter"), ".env": f"OPENROUTER_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"openrouter": [manual("or", K2, prio=0)]}}}, ""),
    ("openrouter: exhausted manual entry, env key seeded", "openrouter",
     {"config.yaml": cfg("openrouter"), ".env": f"OPENROUTER_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"openrouter": [manual("or", K2, prio=0, last_status="exhausted",
                                                              last_status_at=NOW - 30)]}}}, ""),
    # "openrouter reload": the driver loads the pool as Hermes's second load_pool of the run (auto-detection
    # loaded and wrote it first), so borrowed entries come back without their stored keys
    ("openrouter via auto: a borrowed env: entry is read back without its key", "openrouter reload",
     {"config.yaml": "model:\n  default: m\n", ".env": f"DASHSCOPE_API_KEY={K1}\n",
      "auth.json": {"credential_pool": {"openrouter": [
          {"id": "b0", "label": "DASHSCOPE_API_KEY", "auth_type": "api_key", "priority": 0,
           "source": "env:DASHSCOPE_API_KEY", "access_token": K2},
          manual("or", K3, prio=1)]}}}, ""),
    ("openrouter via auto: env:OPENROUTER_API_KEY is seeded again", "openrouter reload",
     {"config.yaml": "model:\n  default: m\n", ".env": "OPENROUTER_API_KEY=***\n",
      "auth.json": {"credential_pool": {"openrouter": [
          {"id": "b1", "label": "OPENROUTER_API_KEY", "auth_type": "api_key", "priority": 0,
           "source": "env:OPENROUTER_API_KEY", "access_token": K2},
          manual("or", K3, prio=1)]}}}, ""),
    ("copilot: GH_TOKEN's token seeded first as gh_cli (os.environ's view)", "copilot",
     {"config.yaml": cfg("copilot"), ".env": f'COPILOT_GITHUB_TOKEN=ghp_{K1}\nGH_TOKEN="gho_{K2}"  # note\n'}, ""),
]


def write_home(root, files):
    for path, text in files.items():
        p = os.path.join(root, path)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(text if isinstance(text, str) else json.dumps(text, indent=1))
        if path.endswith(".env") or path.endswith("auth.json"):
            os.chmod(p, 0o600)


def main():
    driver, oracle_dir = sys.argv[1], sys.argv[2]
    verbose = "-v" in sys.argv
    fails = 0
    for name, provider, files, sub in CASES:
        provider, _, mode = provider.partition(" ")
        tmp = tempfile.mkdtemp(prefix="qwpool-")
        try:
            write_home(tmp, files)
            home = os.path.join(tmp, sub) if sub else tmp
            truth = json.loads(subprocess.run(
                ["/usr/bin/python3", os.path.join(oracle_dir, "oracle.py"), os.path.join(oracle_dir, "hermes-306e2d2"),
                 home], capture_output=True, text=True, check=True).stdout)
            wrap = os.environ.get("QW_POOL_WRAP", "").split()  # e.g. valgrind --error-exitcode=9 --leak-check=full
            mine = json.loads(subprocess.run(wrap + [driver, home, provider] + ([mode] if mode else []),
                                             capture_output=True, text=True, check=True).stdout)
        finally:
            shutil.rmtree(tmp)
        src = truth.get("source") or ""
        why = []
        if mine["fingerprint"]:
            if truth.get("key_fingerprint") != mine["fingerprint"]:
                why.append(f"key {mine['fingerprint']} from {mine['source']}, Hermes sends {truth.get('key_fingerprint')}"
                           f" ({src}, {truth.get('error')})")
            want_src = "pool:" + provider if provider.startswith("custom:") else mine["source"]
            if src != want_src and not (provider.startswith("custom:") and src == "direct-alias"):
                why.append(f"source {mine['source']}, Hermes's {src}")
            if (not provider.startswith("custom:") and provider != "anthropic" and mine["base_url"] is not None
                    and (truth.get("base_url") or "").rstrip("/") != mine["base_url"].rstrip("/")):
                why.append(f"base URL {mine['base_url']}, Hermes's {truth.get('base_url')}")
        elif src.startswith(POOL_SOURCES) and not truth.get("error"):
            why.append(f"no pool entry, but Hermes's key comes from {src}")
        status = "FAIL" if why else "ok"
        if why or verbose:
            print(f"{status}: {name}: " + ("; ".join(why) if why else
                                         f"{mine['source'] or 'no pool key'} / Hermes {src or truth.get('error')}"))
            if why:
                for s in mine["steps"]:
                    print("    step:", s)
        fails += bool(why)
    print(f"pool_oracle: {len(CASES) - fails} of {len(CASES)} homes agree with Hermes's credential pool")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
