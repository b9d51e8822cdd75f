#!/usr/bin/env python3
"""model_name_table.py ORACLE_DIR [OUT]: regenerate tests/model_name_table.h, the expected model ids of
tests/unit_tests.c's test_model_name, from Hermes's own code (../shared/hermes-oracle, Hermes at 306e2d2).

Two kinds of rows, every "out" printed by Hermes, none by qwlint:
  main  a Hermes home (config.yaml: model.provider, model.default; .env: a made-up key for that provider) run through
        oracle.py; "provider" is the runtime provider it printed and "out" the model it printed (null: no model).
        This is the main model's path: resolve_runtime_provider(), then agent_init.py's call of
        normalize_model_for_provider (skipped for aggregators).
  call  normalize_model_for_provider(model, provider) called directly in Hermes's module (oracle.py's python, -I,
        no network): the branches a main model cannot reach offline (aggregators' vendor prefixes, which only
        fallbacks get; OAuth providers; Copilot, whose resolution asks the network for a token; labels as a fallback
        entry writes them: aliases, case, blanks).

Then the tables of rules/hermes-models.yaml are compared with the ones Hermes's modules hold (provider aliases,
Copilot's ids, vendor tokens, the classes' provider sets, DeepSeek's names): a drift is an error.

Usage: python3 tests/model_name_table.py ../shared/hermes-oracle  (writes tests/model_name_table.h; review with git
diff). Keys are made up; nothing leaves the machine (the oracle blocks every connection).
"""
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
KEY = "sk-madeup0000normalize0000table0000"  # made up; 4+ characters, no placeholder word

# (provider as written in model.provider, model.default, extra config lines)
MAIN = [
    # strip_matching: a prefix naming the provider (or an alias in models.py's table) is dropped, others kept
    ("alibaba", "alibaba/qwen3.6-plus"),
    ("alibaba", "qwen/qwen3.6-plus"),
    ("alibaba", "DashScope/qwen3-max"),
    ("alibaba", "openai/gpt-4o"),
    ("alibaba", "MiniMax-M2.5"),
    ("alibaba", "alibaba/"),
    ("alibaba", " /qwen3.6-plus"),
    ("alibaba", "\u00a0qwen3.6-plus\u2003"),
    ("zai", "zai/glm-5.1"),
    ("zai", "Z.AI/glm-4.7"),
    ("zai", "glm/glm-5"),
    ("zai", "claude-sonnet-4.6"),
    ("gemini", "google/gemini-2.5-pro"),
    ("gemini", "gemini/gemini-2.5-flash"),
    ("xai", "x-ai/grok-4"),
    ("xai", "grok/grok-4"),
    ("kimi-coding", "kimi/kimi-k2.5"),
    ("kimi-coding", "moonshot/kimi-k2"),
    ("kimi-coding-cn", "kimi-cn/kimi-k2"),
    ("minimax", "minimax/MiniMax-M2.5"),
    ("minimax-cn", "minimax-china/MiniMax-M2.7"),
    ("arcee", "arcee-ai/trinity-large"),
    ("ollama-cloud", "ollama-cloud/gpt-oss:120b"),
    ("ollama-cloud", "ollama/gpt-oss"),
    ("xiaomi", "MiMo-V2.5-Pro"),
    ("xiaomi", "xiaomi/MiMo-V2.5-Pro"),
    ("xiaomi", "mimo/MiMo-V2-Flash"),
    ("custom", "custom/my-model"),
    ("custom", "ollama/llama3"),
    ("custom", "openai/gpt-4o"),
    ("custom", "  my-model  "),
    ("custom", "   "),
    # dots_to_hyphens
    ("anthropic", "anthropic/claude-sonnet-4.6"),
    ("anthropic", "claude-opus-4.5"),
    ("anthropic", "claude/claude-haiku-4.5"),
    ("anthropic", "openrouter/claude-3.5-sonnet"),
    # deepseek
    ("deepseek", "deepseek-v3"),
    ("deepseek", "deepseek-r1"),
    ("deepseek", "DeepSeek-V4-Pro"),
    ("deepseek", "deepseek/deepseek-v4-flash-20260423"),
    ("deepseek", "deepseek-v4x"),
    ("deepseek", "deepseek-v4-"),
    ("deepseek", "deepseek-v5.1"),
    ("deepseek", "my-CoT-model"),
    ("deepseek", "gpt-4o"),
    ("deepseek", "openrouter/deepseek-r1"),
    # strip_any (flat resellers)
    ("opencode-zen", "anthropic/claude-sonnet-4.6"),
    ("opencode-zen", "minimax/minimax-m2.5-free"),
    ("opencode-zen", "Claude-Opus-4.1"),
    ("opencode-go", "minimax/minimax-m2.7"),
    ("opencode-go", "claude-sonnet-4.6"),
    ("opencode-go", "x/ "),
    # keep, and providers in no class
    ("huggingface", "Qwen/Qwen3-Coder-480B"),
    ("nvidia", "nvidia/nemotron-3-super"),
    ("stepfun", "step/step-3.5"),
    # aggregators: the main model's call is skipped, the id is sent as written
    ("openrouter", "claude-sonnet-4.6"),
    ("openrouter", "anthropic/claude-sonnet-4.6"),
    ("kilocode", "gpt-5"),
    # the provider written as an alias, in upper case
    ("Claude", "anthropic/claude-sonnet-4.6"),
    ("GLM", "ZAI/glm-5"),
]

# (provider label, model): normalize_model_for_provider called directly
CALL = [
    # copilot (here: its resolution asks api.github.com for a token, so a home is network-dependent): its alias
    # table, then the generic vendor strip
    ("copilot", "anthropic/claude-sonnet-4.6"),
    ("copilot", "claude-sonnet-4-6"),
    ("copilot", "openai/gpt-5"),
    ("copilot", "gpt-4.1-mini"),
    ("copilot", "openai/gpt-4.1-nano"),
    ("copilot", "meta/llama-4"),
    ("copilot", "openai/"),
    ("openrouter", "claude-sonnet-4.6"),
    ("openrouter", "qwen3.5-plus"),
    ("openrouter", "o3-mini"),
    ("openrouter", "Gemini-2.5-Pro"),
    ("openrouter", "stepfun-x1"),
    ("openrouter", "trinity-mini"),
    ("openrouter", "my-custom-thing"),
    ("openrouter", "anthropic/claude-sonnet-4.6"),
    ("kilo", "gpt-5"),
    ("nous", "llama-4-scout"),
    ("openai-codex", "openai/gpt-5.4"),
    ("openai-codex", "openai-codex/gpt-5"),
    ("openai-codex", "anthropic/claude-x"),
    ("copilot-acp", "github-copilot-acp/claude-sonnet-4.5"),
    ("github", "openai/o3"),
    ("qwen-oauth", "qwen-portal/qwen3-coder-plus"),
    ("minimax-oauth", "minimax-portal/MiniMax-M2"),
    ("deep-seek", "deepseek-reasoning-lite"),
    ("  Anthropic ", "claude-sonnet-4.6"),
    ("", "anthropic/claude-sonnet-4.6"),
    ("no-such-provider", " anthropic/claude-sonnet-4.6 "),
    ("custom:my-endpoint", "custom/my-model"),
    ("ollama", "ollama/llama3"),
    ("zen", "claude-haiku-4.5"),
    ("go", "minimax/minimax-m2.7"),
    ("hf", "meta-llama/Llama-3.3-70B"),
    ("anthropic", ""),
]


def key_env(providers, pid):
    for p in providers:
        if p["id"] == pid:
            return (p.get("key_env") or [None])[0], p.get("base_url_env")
    return None, None


def run_main(oracle_dir, providers, prov, model):
    with tempfile.TemporaryDirectory() as home:
        pid = prov.lower()
        cfg = {"model": {"provider": prov, "default": model}}
        env = ""
        if pid == "custom":
            cfg["model"]["base_url"] = "https://llm.example.com/v1"
            cfg["model"]["api_key"] = KEY
        else:
            # the alias's canonical id, for the key variable (aliases as rules/hermes-providers.yaml knows them)
            canon = next((p["id"] for p in providers if p["id"] == pid or pid in (p.get("aliases") or [])), pid)
            var, base = key_env(providers, canon)
            if var:
                env += "%s=%s\n" % (var, KEY)
            if canon == "zai" and base:  # a GLM key without GLM_BASE_URL makes Hermes probe the network
                env += "%s=https://api.z.ai/api/paas/v4\n" % base
        with open(os.path.join(home, "config.yaml"), "w", encoding="utf-8") as f:
            yaml.safe_dump(cfg, f, allow_unicode=True)
        with open(os.path.join(home, ".env"), "w") as f:
            f.write(env)
        p = subprocess.run(["/usr/bin/python3", os.path.join(oracle_dir, "oracle.py"),
                            os.path.join(oracle_dir, "hermes-306e2d2"), home], capture_output=True, text=True)
        truth = json.loads(p.stdout)
        if truth.get("error") or truth.get("blocked"):
            sys.exit("model_name_table: the home %r/%r does not resolve offline: %s %s"
                     % (prov, model, truth.get("error"), truth.get("blocked")))
        return truth["provider"], truth["model"]


HERMES_SIDE = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import hermes_cli.model_normalize as mn, hermes_cli.models as m
rows = json.loads(sys.stdin.read())
out = [mn.normalize_model_for_provider(model, prov) for prov, model in rows]
tables = {
    "aliases": m._PROVIDER_ALIASES, "copilot": m._COPILOT_MODEL_ALIASES, "vendors": list(mn._VENDOR_PREFIXES.items()),
    "aggregator": sorted(mn._AGGREGATOR_PROVIDERS), "dot_to_hyphen": sorted(mn._DOT_TO_HYPHEN_PROVIDERS),
    "strip_vendor": sorted(mn._STRIP_VENDOR_ONLY_PROVIDERS), "matching": sorted(mn._MATCHING_PREFIX_STRIP_PROVIDERS),
    "lowercase": sorted(mn._LOWERCASE_MODEL_PROVIDERS), "native": sorted(mn._AUTHORITATIVE_NATIVE_PROVIDERS),
    "ds_canonical": sorted(mn._DEEPSEEK_CANONICAL_MODELS), "ds_keywords": sorted(mn._DEEPSEEK_REASONER_KEYWORDS),
    "ds_v_series": mn._DEEPSEEK_V_SERIES_RE.pattern,
}
print(json.dumps({"out": out, "tables": tables}))
"""


def run_calls(oracle_dir):
    p = subprocess.run(["/usr/bin/python3", "-I", "-c", HERMES_SIDE, os.path.join(oracle_dir, "hermes-306e2d2")],
                       input=json.dumps(CALL), capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    if p.returncode:
        sys.exit("model_name_table: Hermes's module failed:\n" + p.stderr)
    return json.loads(p.stdout)


def check_tables(kb, t):
    """rules/hermes-models.yaml against the tables Hermes's modules hold."""
    cls = {}
    for c in kb["classes"]:
        cls.setdefault(c["kind"], []).append(c)
    prov = lambda kind: sorted(p for c in cls[kind] for p in c["providers"])
    checks = [
        ("provider_aliases", kb["provider_aliases"]["map"], t["aliases"]),
        ("copilot_aliases", kb["copilot_aliases"]["map"], t["copilot"]),
        ("vendor_prefixes", [[e["token"], e["vendor"]] for e in kb["vendor_prefixes"]["list"]], t["vendors"]),
        ("add_vendor", prov("add_vendor"), t["aggregator"]),
        ("calls.main.skipped_for", sorted(kb["calls"]["main"]["skipped_for"]), t["aggregator"]),
        ("dots_to_hyphens", prov("dots_to_hyphens"), t["dot_to_hyphen"]),
        ("strip_vendor", prov("strip_vendor"), t["strip_vendor"]),
        ("strip_matching", prov("strip_matching"), t["matching"]),
        ("lowercase", sorted(cls["strip_matching"][0]["lowercase"]), t["lowercase"]),
        ("keep", prov("keep"), t["native"]),
        ("deepseek canonical", sorted(kb["deepseek_models"]["canonical"]), t["ds_canonical"]),
        ("deepseek keywords", sorted(kb["deepseek_models"]["reasoner_keywords"]), t["ds_keywords"]),
        ("deepseek v-series", t["ds_v_series"], r"^deepseek-v\d+([-.].+)?$"),  # the shape model_name.c tests
    ]
    bad = [name for name, mine, theirs in checks if mine != theirs]
    if bad:
        sys.exit("model_name_table: rules/hermes-models.yaml differs from Hermes's tables: " + ", ".join(bad))


def c_str(s):
    if s is None:
        return "NULL"
    out = '"'
    for b in s.encode("utf-8"):
        c = chr(b)
        out += "\\" + c if c in '"\\' else c if 32 <= b < 127 else "\\%03o" % b
    return out + '"'


def main():
    oracle_dir = sys.argv[1]
    out_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "model_name_table.h")
    providers = yaml.safe_load(open(os.path.join(SRC, "rules/hermes-providers.yaml")))["providers"]
    kb = yaml.safe_load(open(os.path.join(SRC, "rules/hermes-models.yaml"), encoding="utf-8"))
    calls = run_calls(oracle_dir)
    check_tables(kb, calls["tables"])
    with concurrent.futures.ThreadPoolExecutor(4) as pool:  # about 0.5 s a home, more on a busy machine
        answers = list(pool.map(lambda pm: run_main(oracle_dir, providers, *pm), MAIN))
    rows = []
    for (prov, model), (runtime, sent) in zip(MAIN, answers):
        rows.append(("main", runtime, model, sent, "model.provider: " + prov))
    for (prov, model), sent in zip(CALL, calls["out"]):
        rows.append(("call", prov, model, sent, None))
    with open(out_path, "w") as f:
        f.write("/* Generated by tests/model_name_table.py from Hermes's own code (../shared/hermes-oracle, Hermes "
                "306e2d2):\n * do not edit. main: a home run through oracle.py (provider: the runtime provider it "
                "printed); call:\n * normalize_model_for_provider(in, provider) called directly. out NULL: no "
                "model. */\n")
        f.write("static const struct model_name_row {\n\tconst char *call, *provider, *in, *out;\n} "
                "model_name_rows[] = {\n")
        for call, prov, model, sent, note in rows:
            f.write("\t{%s, %s, %s, %s},%s\n" % (c_str(call), c_str(prov), c_str(model), c_str(sent),
                                                 " /* %s */" % note if note and note.split(": ")[1] != prov else ""))
        f.write("};\n")
    print("model_name_table: %d rows (%d homes through the oracle) written to %s"
          % (len(rows), len(MAIN), os.path.relpath(out_path)))


if __name__ == "__main__":
    main()
