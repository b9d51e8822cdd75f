#!/usr/bin/env python3
"""hermes_gen.py SEED N OUTDIR: N seeded, mistake-heavy Hermes homes for the differential test of issue 24.

Writes OUTDIR/h0000 ... OUTDIR/h{N-1}. Each holds only what Hermes and qwlint read: config.yaml, .env and
auth.json (a profile home is OUTDIR/hNNNN/profiles/NAME, its root OUTDIR/hNNNN holding the root's auth.json and
maybe a root .env / config.yaml, which Hermes must NOT read for the profile). What the generator chose for each
home goes to OUTDIR/index.json, never into the home:

    {"seed": S, "n": N, "homes": [{"id": "h0000", "home": "h0000" | "h0001/profiles/work",
                                   "desc": "provider=DashScope(alias of alibaba) base_url=lan ...",
                                   "tags": {"provider": "alias", "provider_id": "alibaba", "base_url": "lan",
                                            "pool": true, "profile": false, ...}}]}

The same seed gives the same homes, byte for byte (random.Random(seed); no clock: cool-down timestamps are
relative to a fixed epoch far in the past or far in the future).

What it varies is what the knowledge files (../shared/knowledge/hermes.md, hermes-since-306e2d2.md) and Hermes's
own registry name: model.provider absent / auto / custom / every registry id / every alias (auth.py's alias table
and the model-provider plugins' aliases) in random case, unknown ids, custom:<name> and bare named providers;
model.base_url (provider defaults, wrong-region hosts, LAN http, openrouter.ai, api.anthropic.com, api.openai.com,
/v1, /anthropic, trailing slash); model.api_key (made-up keys, ${VAR}, placeholders, empty); api_mode (valid and
not); key_env; model.default with the vendor-prefix shapes model_normalize.py handles; root-level provider /
base_url; .env styles (export, quotes, inline comments, spaces around =, CRLF, BOM, duplicates, empty values,
placeholders, a line without '='); env-style or misplaced keys at the root of config.yaml; key families; <X>_BASE_URL; HERMES_INFERENCE_PROVIDER; CUSTOM_BASE_URL; OPENAI_API_KEY /
OPENROUTER_API_KEY; providers: / custom_providers:; fallback_providers; auth.json credential pools (manual and
env-seeded entries, exhausted / dead, cool-downs past and future), active_provider, suppressed_sources, a
truncated auth.json; profiles.

Every key is made up: a real family prefix followed by random letters and digits.
"""
import json
import os
import random
import string
import sys

# ----------------------------------------------------------------------------------------------- knowledge
# (id, key env vars in Hermes's priority order, base-URL env var, default base URL), from the registry rows
# (hermes_cli/auth.py PROVIDER_REGISTRY) and the model-provider plugins at 306e2d2. Data, not Hermes code.
API_KEY_PROVIDERS = [
    ("openai-api", ["OPENAI_API_KEY"], "OPENAI_BASE_URL", "https://api.openai.com/v1"),
    ("lmstudio", ["LM_API_KEY"], "LM_BASE_URL", "http://127.0.0.1:1234/v1"),
    ("copilot", ["COPILOT_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN"], "COPILOT_API_BASE_URL",
     "https://api.githubcopilot.com"),
    ("gemini", ["GOOGLE_API_KEY", "GEMINI_API_KEY"], "GEMINI_BASE_URL",
     "https://generativelanguage.googleapis.com/v1beta"),
    ("zai", ["GLM_API_KEY", "ZAI_API_KEY", "Z_AI_API_KEY"], "GLM_BASE_URL", "https://api.z.ai/api/paas/v4"),
    ("kimi-coding", ["KIMI_API_KEY", "KIMI_CODING_API_KEY"], "KIMI_BASE_URL", "https://api.moonshot.ai/v1"),
    ("kimi-coding-cn", ["KIMI_CN_API_KEY"], None, "https://api.moonshot.cn/v1"),
    ("stepfun", ["STEPFUN_API_KEY"], "STEPFUN_BASE_URL", "https://api.stepfun.ai/step_plan/v1"),
    ("arcee", ["ARCEEAI_API_KEY"], "ARCEE_BASE_URL", "https://api.arcee.ai/api/v1"),
    ("gmi", ["GMI_API_KEY"], "GMI_BASE_URL", "https://api.gmi-serving.com/v1"),
    ("minimax", ["MINIMAX_API_KEY"], "MINIMAX_BASE_URL", "https://api.minimax.io/anthropic"),
    ("anthropic", ["ANTHROPIC_API_KEY", "ANTHROPIC_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"], "ANTHROPIC_BASE_URL",
     "https://api.anthropic.com"),
    ("alibaba", ["DASHSCOPE_API_KEY"], "DASHSCOPE_BASE_URL",
     "https://dashscope-intl.aliyuncs.com/compatible-mode/v1"),
    ("alibaba-coding-plan", ["ALIBABA_CODING_PLAN_API_KEY", "DASHSCOPE_API_KEY"], "ALIBABA_CODING_PLAN_BASE_URL",
     "https://coding-intl.dashscope.aliyuncs.com/v1"),
    ("minimax-cn", ["MINIMAX_CN_API_KEY"], "MINIMAX_CN_BASE_URL", "https://api.minimaxi.com/anthropic"),
    ("deepseek", ["DEEPSEEK_API_KEY"], "DEEPSEEK_BASE_URL", "https://api.deepseek.com/v1"),
    ("xai", ["XAI_API_KEY"], "XAI_BASE_URL", "https://api.x.ai/v1"),
    ("nvidia", ["NVIDIA_API_KEY"], "NVIDIA_BASE_URL", "https://integrate.api.nvidia.com/v1"),
    ("opencode-zen", ["OPENCODE_ZEN_API_KEY"], "OPENCODE_ZEN_BASE_URL", "https://opencode.ai/zen/v1"),
    ("opencode-go", ["OPENCODE_GO_API_KEY"], "OPENCODE_GO_BASE_URL", "https://opencode.ai/zen/go/v1"),
    ("kilocode", ["KILOCODE_API_KEY"], "KILOCODE_BASE_URL", "https://api.kilo.ai/api/gateway"),
    ("huggingface", ["HF_TOKEN"], "HF_BASE_URL", "https://router.huggingface.co/v1"),
    ("xiaomi", ["XIAOMI_API_KEY"], "XIAOMI_BASE_URL", "https://api.xiaomimimo.com/v1"),
    ("tencent-tokenhub", ["TOKENHUB_API_KEY"], "TOKENHUB_BASE_URL", "https://tokenhub.tencentmaas.com/v1"),
    ("ollama-cloud", ["OLLAMA_API_KEY"], "OLLAMA_BASE_URL", "https://ollama.com/v1"),
    ("azure-foundry", ["AZURE_FOUNDRY_API_KEY"], "AZURE_FOUNDRY_BASE_URL", None),
    # plugin-only providers (plugins/model-providers/*)
    ("deepinfra", ["DEEPINFRA_API_KEY"], "DEEPINFRA_BASE_URL", "https://api.deepinfra.com/v1/openai"),
    ("fireworks", ["FIREWORKS_API_KEY"], "FIREWORKS_BASE_URL", "https://api.fireworks.ai/inference/v1"),
    ("novita", ["NOVITA_API_KEY"], "NOVITA_BASE_URL", "https://api.novita.ai/openai/v1"),
    ("upstage", ["UPSTAGE_API_KEY"], "UPSTAGE_BASE_URL", "https://api.upstage.ai/v1"),
]
# OAuth / AWS / external-process providers: out of scope of the comparison, but users still name them.
OAUTH_PROVIDERS = ["nous", "openai-codex", "xai-oauth", "qwen-oauth", "minimax-oauth", "copilot-acp", "bedrock",
                   "vertex"]
PROV = {p[0]: p for p in API_KEY_PROVIDERS}

# alias -> id: hermes_cli/auth.py resolve_provider's table, then each plugin's aliases.
ALIASES = {
    "glm": "zai", "z-ai": "zai", "z.ai": "zai", "zhipu": "zai",
    "google": "gemini", "google-gemini": "gemini", "google-ai-studio": "gemini",
    "x-ai": "xai", "x.ai": "xai", "grok": "xai",
    "x-ai-oauth": "xai-oauth", "grok-oauth": "xai-oauth", "xai-grok-oauth": "xai-oauth",
    "kimi": "kimi-coding", "kimi-for-coding": "kimi-coding", "moonshot": "kimi-coding",
    "kimi-cn": "kimi-coding-cn", "moonshot-cn": "kimi-coding-cn",
    "step": "stepfun", "stepfun-coding-plan": "stepfun",
    "arcee-ai": "arcee", "arceeai": "arcee",
    "gmi-cloud": "gmi", "gmicloud": "gmi",
    "minimax-china": "minimax-cn", "minimax_cn": "minimax-cn",
    "minimax-portal": "minimax-oauth", "minimax-global": "minimax-oauth", "minimax_oauth": "minimax-oauth",
    "alibaba_coding": "alibaba-coding-plan", "alibaba-coding": "alibaba-coding-plan",
    "alibaba_coding_plan": "alibaba-coding-plan", "dashscope-coding": "alibaba-coding-plan",
    "dashscope": "alibaba", "alibaba-cloud": "alibaba", "qwen-dashscope": "alibaba",
    "claude": "anthropic", "claude-code": "anthropic", "claude-oauth": "anthropic",
    "github": "copilot", "github-copilot": "copilot", "github-models": "copilot", "github-model": "copilot",
    "github-copilot-acp": "copilot-acp", "copilot-acp-agent": "copilot-acp",
    "opencode": "opencode-zen", "zen": "opencode-zen", "opencode_zen": "opencode-zen",
    "go": "opencode-go", "opencode-go-sub": "opencode-go", "opencode_go": "opencode-go",
    "qwen-portal": "qwen-oauth", "qwen-cli": "qwen-oauth", "qwen": "qwen-oauth",
    "hf": "huggingface", "hugging-face": "huggingface", "huggingface-hub": "huggingface",
    "mimo": "xiaomi", "xiaomi-mimo": "xiaomi",
    "tencent": "tencent-tokenhub", "tokenhub": "tencent-tokenhub", "tencent-cloud": "tencent-tokenhub",
    "tencentmaas": "tencent-tokenhub",
    "aws": "bedrock", "aws-bedrock": "bedrock", "amazon-bedrock": "bedrock", "amazon": "bedrock",
    "kilo": "kilocode", "kilo-code": "kilocode", "kilo-gateway": "kilocode",
    "lm-studio": "lmstudio", "lm_studio": "lmstudio",
    "ollama": "custom", "local": "custom", "vllm": "custom", "llamacpp": "custom", "llama.cpp": "custom",
    "llama-cpp": "custom", "ollama_cloud": "ollama-cloud",
    "deepseek-chat": "deepseek", "mini-max": "minimax", "nvidia-nim": "nvidia",
    "fireworks-ai": "fireworks", "fw": "fireworks", "deep-infra": "deepinfra", "deepinfra-ai": "deepinfra",
    "novita-ai": "novita", "novitaai": "novita", "solar": "upstage",
    "azure": "azure-foundry", "azure-ai-foundry": "azure-foundry", "azure-ai": "azure-foundry",
    "nous-portal": "nous", "nousresearch": "nous", "codex": "openai-codex", "openai_codex": "openai-codex",
    "google-vertex": "vertex", "vertex-ai": "vertex", "gcp-vertex": "vertex", "or": "openrouter",
}
# Ids users write that this Hermes does not know (later Hermes has some of them: hermes-since-306e2d2.md).
UNKNOWN_IDS = ["alibaba-cn", "alibaba-coding-plan-cn", "alibaba-token-plan", "alibaba-token-plan-cn", "aliyun",
               "openai", "qwen-cloud", "bailian", "dashscope-cn", "tencent-tokenplan", "actual", "ai-gateway",
               "groq", "siliconflow", "chatanywhere", "moonshotai", "zhipuai"]

# Hosts: right, wrong region, other products, LAN, aggregators.
BASE_URLS = {
    "dashscope-intl": "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
    "dashscope-cn": "https://dashscope.aliyuncs.com/compatible-mode/v1",
    "dashscope-us": "https://dashscope-us.aliyuncs.com/compatible-mode/v1",
    "coding-intl": "https://coding-intl.dashscope.aliyuncs.com/v1",
    "coding-cn": "https://coding.dashscope.aliyuncs.com/v1",
    "coding-anthropic": "https://coding.dashscope.aliyuncs.com/apps/anthropic",
    "dashscope-anthropic": "https://dashscope.aliyuncs.com/apps/anthropic",
    "token-plan": "https://token-plan.ap-southeast-1.maas.aliyuncs.com/compatible-mode/v1",
    "openrouter": "https://openrouter.ai/api/v1",
    "anthropic": "https://api.anthropic.com",
    "anthropic-v1": "https://api.anthropic.com/v1",
    "openai": "https://api.openai.com/v1",
    "deepseek": "https://api.deepseek.com",
    "deepseek-v1": "https://api.deepseek.com/v1",
    "moonshot-cn": "https://api.moonshot.cn/v1",
    "moonshot-ai": "https://api.moonshot.ai/v1",
    "kimi-coding": "https://api.kimi.com/coding",
    "bigmodel": "https://open.bigmodel.cn/api/paas/v4",
    "zai": "https://api.z.ai/api/paas/v4",
    "zai-anthropic": "https://api.z.ai/api/anthropic",
    "minimax-anthropic": "https://api.minimax.io/anthropic",
    "minimax-v1": "https://api.minimax.io/v1",
    "minimaxi": "https://api.minimaxi.com/v1",
    "siliconflow": "https://api.siliconflow.cn/v1",
    "xai": "https://api.x.ai/v1",
    "qianfan": "https://qianfan.baidubce.com/v2",
    "azure": "https://myres.openai.azure.com/openai/v1",
    "chatanywhere": "https://api.chatanywhere.tech/v1",
}


def lan_url(r):
    host = r.choice(["192.168.%d.%d" % (r.randint(0, 5), r.randint(2, 250)), "127.0.0.1", "localhost",
                     "10.0.0.%d" % r.randint(2, 250), "ollama", "host.docker.internal"])
    port = r.choice([11434, 8000, 8080, 1234, 5000, 4000])
    return "http://%s:%d%s" % (host, port, r.choice(["/v1", "/v1", "", "/v1/"]))


PLACEHOLDERS = ["***", "changeme", "your-api-key", "your_api_key_here", "placeholder", "dummy", "none", "null",
                "your-key-here", "sk-xxx", "YOUR_API_KEY", "sk-your-key-here", "xxx", "<your key>", "example"]

# model.default shapes (hermes_cli/model_normalize.py: vendor prefixes, dots, deepseek aliases, lowercase mimo)
MODELS = ["qwen3.6-plus", "qwen3-coder-plus", "qwen3.5-plus", "alibaba/qwen3.6-plus", "qwen/qwen3-coder-plus",
          "alibaba-coding-plan/qwen3-coder-plus", "MiniMax-M2.5", "minimax/MiniMax-M2.5", "minimax-m2.7",
          "anthropic/claude-sonnet-4.6", "claude-sonnet-4.6", "claude-opus-4-6", "claude/claude-haiku-4.5",
          "openai/gpt-5.4", "gpt-5.4-mini", "o3", "deepseek-v3", "deepseek-r1", "deepseek/deepseek-chat",
          "deepseek-reasoner", "deepseek-v4-flash", "glm-4.6", "z-ai/glm-4.6", "zai/glm-5", "kimi-k2",
          "moonshotai/kimi-k2.5", "kimi-coding/kimi-k2-thinking", "grok-4", "x-ai/grok-4", "xai/grok-code-fast",
          "gemini-2.5-pro", "google/gemini-2.5-flash", "gemini/gemini-3-pro", "MiMo-V2.5-Pro", "xiaomi/MiMo-V2.5-Pro",
          "llama3.1:8b", "qwen2.5:14b", "meta-llama/llama-3.3-70b", "nvidia/nemotron-70b", "trinity-large",
          "arcee/trinity-mini", "step-3", "stepfun/step-3", "my-model", "custom/local-model"]

KEY_FAMILIES = ["sk-sp-", "sk-", "sk-or-v1-", "sk-ant-api03-", "sk-ant-oat01-", "sk-kimi-", "gsk_", "xai-",
                "AIza", "ghp_", "hf_", "nvapi-", "ms-", ""]


class Gen:
    def __init__(self, r):
        self.r = r

    def word(self, n, alphabet=string.ascii_letters + string.digits):
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def key(self, family=None):
        """A made-up key: a real family prefix, then random letters and digits."""
        r = self.r
        fam = family if family is not None else r.choice(KEY_FAMILIES)
        if fam == "":  # random shape (a 32-hex Qianfan-like key, or a JWT-like GLM id.secret)
            return r.choice([self.word(32, "0123456789abcdef"), self.word(24) + "." + self.word(16)])
        return fam + self.word(r.choice([24, 32, 40, 48]))

    def case(self, s):
        """Random case, as users type ids (Hermes lower-cases provider ids)."""
        r = self.r
        m = r.random()
        if m < 0.7:
            return s
        if m < 0.8:
            return s.upper()
        if m < 0.9:
            return s[:1].upper() + s[1:]
        return "".join(c.upper() if r.random() < 0.5 else c for c in s)


def yq(v):
    """A YAML scalar, quoted or not at random-free rule: JSON string quoting is valid YAML."""
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return json.dumps(v)


class Home:
    def __init__(self):
        self.model = {}           # ordered model: keys
        self.model_string = None  # model: as a plain string
        self.root = []            # extra root-level lines
        self.sections = []        # raw YAML blocks
        self.env = []             # .env lines (without line end)
        self.env_crlf = False
        self.env_bom = False
        self.auth = None          # auth.json dict
        self.desc = []
        self.tags = {}

    def config_text(self, r):
        out = []
        if r.random() < 0.1:
            out.append("# Hermes config")
        if self.model_string is not None:
            out.append("model: %s" % yq(self.model_string))
        elif self.model:
            out.append("model:")
            for k, v in self.model.items():
                out.append("  %s: %s" % (k, yq(v)))
        out += self.root
        for block in self.sections:
            out += block
        return "\n".join(out) + "\n" if out else ""


def gen_home(g, idx):
    r = g.r
    h = Home()
    T = h.tags
    # ---------------------------------------------------------------- which provider the user names
    m = r.random()
    pid = None
    if m < 0.12:
        kind = "absent"
    elif m < 0.22:
        kind = "auto"
        h.model["provider"] = g.case("auto")
    elif m < 0.34:
        kind = "custom"
        h.model["provider"] = g.case("custom")
        pid = "custom"
    elif m < 0.64:
        kind = "id"
        pid = r.choice([p[0] for p in API_KEY_PROVIDERS] + ["alibaba", "alibaba-coding-plan", "alibaba",
                                                            "alibaba-coding-plan", "openrouter", "openrouter",
                                                            "deepseek", "minimax", "zai"]
                       + (OAUTH_PROVIDERS if r.random() < 0.3 else []))
        h.model["provider"] = g.case(pid)
    elif m < 0.84:
        kind = "alias"
        alias = r.choice(sorted(ALIASES))
        pid = ALIASES[alias]
        h.model["provider"] = g.case(alias)
    elif m < 0.92:
        kind = "named"  # custom:<name> or a bare providers: / custom_providers: name; made below
    else:
        kind = "unknown"
        h.model["provider"] = g.case(r.choice(UNKNOWN_IDS))
        pid = None
    T["provider"] = kind
    T["provider_id"] = pid
    h.desc.append("provider=%s%s" % (h.model.get("provider", kind) if kind != "named" else "named",
                                     "(alias of %s)" % pid if kind == "alias" else ""))
    prov = PROV.get(pid)

    # ---------------------------------------------------------------- named providers
    names = []
    if kind == "named" or r.random() < 0.15:
        n = r.randint(1, 2)
        for i in range(n):
            nm = r.choice(["Qwen Coding", "dashscope-cn", "local", "my-proxy", "coding plan", "bailian",
                           "LM Studio", "work"]) + ("" if i == 0 else "-%d" % i)
            names.append(nm)
        style = r.choice(["providers", "custom_providers", "custom_providers", "custom_providers_dict"])
        T["named_style"] = style
        block = ["%s:" % ("providers" if style == "providers" else "custom_providers")]
        for nm in names:
            url = r.choice([BASE_URLS[k] for k in ("coding-cn", "dashscope-cn", "coding-intl", "openrouter",
                                                   "deepseek-v1", "coding-anthropic")] + [lan_url(r), "not a url",
                                                                                          ""])
            fields = []
            if style != "custom_providers_dict" and style != "providers":
                fields.append(("name", nm))
            fields.append((r.choice(["base_url", "base_url", "url", "api"]) if style == "providers" else "base_url",
                           url))
            if r.random() < 0.6:
                fields.append(("api_key", env_or_key(g, h)))
            if r.random() < 0.2:
                fields.append(("key_env", r.choice(["DASHSCOPE_API_KEY", "MY_KEY", "ALIBABA_CODING_PLAN_API_KEY",
                                                    ""])))
            if r.random() < 0.3:
                fields.append(("api_mode", r.choice(["chat_completions", "anthropic_messages", "responses",
                                                     "openai", "codex_responses"])))
            if r.random() < 0.5:
                fields.append(("model", r.choice(MODELS)))
            if style == "custom_providers":  # the legacy list; custom_providers_dict is the mapping mistake
                block.append("  - " + "\n    ".join("%s: %s" % (k, yq(v)) for k, v in fields))
            else:
                key = nm if style == "custom_providers_dict" else nm.lower().replace(" ", "-")
                block.append("  %s:" % yq(key))
                block += ["    %s: %s" % (k, yq(v)) for k, v in fields]
        h.sections.append(block)
        h.desc.append("%s[%s]" % (style, ",".join(names)))
        if kind == "named":
            nm = r.choice(names)
            norm = nm.lower().replace(" ", "-")
            h.model["provider"] = r.choice(["custom:" + norm, "custom:" + nm, norm, nm])
            h.desc[0] = "provider=%s" % h.model["provider"]
            T["provider_id"] = "named"

    # ---------------------------------------------------------------- model.base_url
    m = r.random()
    if m < 0.35:
        bu = None
        T["base_url"] = "absent"
    elif m < 0.5 and prov and prov[3]:
        bu = prov[3]
        T["base_url"] = "default"
    elif m < 0.65:
        bu = lan_url(r)
        T["base_url"] = "lan"
    else:
        k = r.choice(sorted(BASE_URLS))
        bu = BASE_URLS[k]
        T["base_url"] = k
    if bu is not None:
        t = r.random()
        if t < 0.1:
            bu = bu.rstrip("/") + "/"
        elif t < 0.15:
            bu = bu.rstrip("/") + "/chat/completions"
        elif t < 0.2 and "/v1" in bu:
            bu = bu.replace("/v1", "", 1)
        if r.random() < 0.15:
            h.root.append("base_url: %s" % yq(bu))  # root-level: a fallback for model.base_url
            h.desc.append("root base_url=%s" % bu)
            T["root_base_url"] = True
        else:
            h.model[r.choice(["base_url"] * 6 + ["api_base"])] = bu
            h.desc.append("base_url=%s" % bu)
    if r.random() < 0.06:
        # env-style or misplaced keys at the root of config.yaml (Hermes ignores them)
        k = r.choice(["DASHSCOPE_API_KEY", "DASHSCOPE_BASE_URL", "api_key", "OPENAI_API_KEY", "api_mode"])
        v = (BASE_URLS["dashscope-cn"] if k.endswith("_URL") else "chat_completions" if k == "api_mode"
             else g.key(r.choice(["sk-sp-", "sk-"])))
        h.root.append("%s: %s" % (k, yq(v)))
        h.desc.append("root %s" % k)
        T["root_misplaced"] = True
    if kind in ("absent",) and r.random() < 0.2:
        rp = g.case(r.choice(["alibaba", "custom", "dashscope", "openrouter", "deepseek", "alibaba-coding-plan"]))
        h.root.append("provider: %s" % yq(rp))
        h.desc.append("root provider=%s" % rp)
        T["root_provider"] = True

    # ---------------------------------------------------------------- model.api_key / api_mode / key_env / default
    if r.random() < 0.4:
        v = env_or_key(g, h, allow_empty=True)
        h.model[r.choice(["api_key"] * 5 + ["api"])] = v
        h.desc.append("api_key=%s" % describe_value(v))
        T["api_key"] = True
    if r.random() < 0.25:
        mode = r.choice(["chat_completions", "anthropic_messages", "codex_responses", "responses", "bedrock_converse",
                         "openai", "anthropic", "chat", "Chat_Completions", ""])
        h.model["api_mode"] = mode
        h.desc.append("api_mode=%s" % mode)
        T["api_mode"] = True
    if r.random() < 0.12:
        ke = r.choice(["DASHSCOPE_API_KEY", "ALIBABA_CODING_PLAN_API_KEY", "MY_QWEN_KEY", "OPENAI_API_KEY", "",
                       "dashscope_api_key"])
        h.model[r.choice(["key_env", "api_key_env"])] = ke
        h.desc.append("key_env=%s" % ke)
        T["key_env"] = True
    if r.random() < 0.85:
        md = r.choice(MODELS)
        h.model["default"] = md
        h.desc.append("default=%s" % md)
    if not h.model.get("provider") and set(h.model) <= {"default"} and "default" in h.model and r.random() < 0.3:
        h.model_string = h.model.pop("default")
        h.model = {}
        h.desc.append("model:string")

    # ---------------------------------------------------------------- .env
    envvars = []
    # the user's own provider's key, most of the time
    fam_for = {"alibaba": ["sk-", "sk-sp-"], "alibaba-coding-plan": ["sk-sp-", "sk-"], "anthropic": ["sk-ant-api03-",
               "sk-ant-oat01-", "sk-"], "openrouter": ["sk-or-v1-", "sk-"], "kimi-coding": ["sk-kimi-", "sk-"],
               "deepseek": ["sk-"], "xai": ["xai-"], "gemini": ["AIza"], "copilot": ["ghp_"], "huggingface": ["hf_"],
               "nvidia": ["nvapi-"]}
    if prov and r.random() < 0.75:
        envvars.append((r.choice(prov[1]), g.key(r.choice(fam_for.get(pid, KEY_FAMILIES)))))
    elif pid == "openrouter" and r.random() < 0.7:
        envvars.append(("OPENROUTER_API_KEY", g.key(r.choice(["sk-or-v1-", "sk-or-v1-", "sk-", "sk-sp-"]))))
    # the classic DashScope variables, whatever the provider
    for _ in range(r.choice([0, 0, 1, 1, 2, 3])):
        var = r.choice(["DASHSCOPE_API_KEY", "DASHSCOPE_API_KEY", "ALIBABA_CODING_PLAN_API_KEY", "OPENAI_API_KEY",
                        "OPENROUTER_API_KEY", "ANTHROPIC_API_KEY", "ANTHROPIC_TOKEN", "DEEPSEEK_API_KEY",
                        "GLM_API_KEY", "KIMI_API_KEY", "MINIMAX_API_KEY", "XAI_API_KEY", "GOOGLE_API_KEY",
                        "HF_TOKEN", "LM_API_KEY", "ALIYUNCS_API_KEY", "MY_QWEN_KEY", "CUSTOM_API_KEY",
                        r.choice(API_KEY_PROVIDERS)[1][0]])
        envvars.append((var, g.key()))
    if r.random() < 0.25:
        p = prov if prov and prov[2] and r.random() < 0.6 else r.choice([p for p in API_KEY_PROVIDERS if p[2]])
        envvars.append((p[2], r.choice([BASE_URLS[k] for k in ("dashscope-cn", "coding-cn", "coding-intl",
                                                                "dashscope-intl", "openrouter", "bigmodel")]
                                        + [lan_url(r), p[3] or lan_url(r)])))
        T["x_base_url"] = True
    if r.random() < 0.08:
        envvars.append(("HERMES_INFERENCE_PROVIDER", g.case(r.choice(["alibaba", "dashscope", "custom", "openrouter",
                                                                      "alibaba-coding-plan", "auto", "deepseek"]))))
        T["hermes_inference_provider"] = True
    if r.random() < 0.1:
        envvars.append(("CUSTOM_BASE_URL", r.choice([lan_url(r), BASE_URLS["coding-cn"], BASE_URLS["openrouter"]])))
        T["custom_base_url"] = True
    if r.random() < 0.1:
        envvars.append(("OPENROUTER_BASE_URL", r.choice([BASE_URLS["openrouter"], lan_url(r)])))
    # placeholders and empty values
    for i, (k, v) in enumerate(envvars):
        if k.endswith(("_KEY", "_TOKEN")) and r.random() < 0.12:
            envvars[i] = (k, r.choice(PLACEHOLDERS + [""]))
            T["placeholder"] = True
    # duplicates: the later one wins in python-dotenv, Hermes's own reader too
    if envvars and r.random() < 0.1:
        k, _ = r.choice(envvars)
        envvars.append((k, g.key()))
        T["dup"] = True
    styled = []
    for k, v in envvars:
        styled.append(env_line(g, h, k, v))
    if styled:
        if r.random() < 0.15:
            styled.insert(0, "# keys for hermes")
        if r.random() < 0.1:
            styled.insert(r.randint(0, len(styled)), "")
    if styled and r.random() < 0.04:
        # a line Hermes's readers skip: no '=' (a key pasted after the name), or a stray word
        styled.insert(r.randint(0, len(styled)), r.choice(["DASHSCOPE_API_KEY " + g.key("sk-sp-"),
                                                           "ALIBABA_CODING_PLAN_API_KEY: " + g.key("sk-sp-"),
                                                           "coding plan key below"]))
        h.desc.append(".env malformed line")
        T["env_malformed"] = True
    h.env = styled
    h.env_crlf = r.random() < 0.07
    h.env_bom = h.env_crlf and r.random() < 0.5
    if h.env_crlf:
        T["crlf"] = True
    if envvars:
        h.desc.append(".env[%s]" % ",".join("%s=%s" % (k, describe_value(v)) for k, v in envvars))
    env_keys = {k: v for k, v in envvars}

    # ---------------------------------------------------------------- fallback_providers
    if r.random() < 0.12:
        fb = ["fallback_providers:"]
        for _ in range(r.randint(1, 2)):
            fp = r.choice(["alibaba", "custom", "openrouter", "deepseek", "alibaba-coding-plan", "dashscope"])
            fb.append("  - provider: %s" % yq(fp))
            fb.append("    model: %s" % yq(r.choice(MODELS)))
            if r.random() < 0.5:
                fb.append("    base_url: %s" % yq(r.choice([lan_url(r), BASE_URLS["coding-cn"]])))
            if r.random() < 0.3:
                fb.append("    api_key: %s" % yq(env_or_key(g, h)))
        h.sections.append(fb)
        h.desc.append("fallback_providers")
        T["fallback"] = True

    # ---------------------------------------------------------------- auth.json
    if r.random() < 0.35:
        h.auth = gen_auth(g, h, pid, prov, env_keys, names)
        if r.random() < 0.04:
            h.auth["corrupt"] = True  # truncated: Hermes silently uses an empty store
            h.desc.append("auth.json truncated")
            T["auth_corrupt"] = True
    return h


def env_or_key(g, h, allow_empty=False):
    r = g.r
    m = r.random()
    if m < 0.3:
        return "${%s}" % r.choice(["DASHSCOPE_API_KEY", "ALIBABA_CODING_PLAN_API_KEY", "OPENAI_API_KEY", "MY_QWEN_KEY",
                                   "OPENROUTER_API_KEY", "DEEPSEEK_API_KEY"])
    if m < 0.45:
        return r.choice(PLACEHOLDERS + ([""] if allow_empty else []))
    return g.key()


def describe_value(v):
    """What a value is, never the value of a key: its family prefix or placeholder."""
    if v is None:
        return "null"
    if v == "":
        return "<empty>"
    if v.startswith("${"):
        return v
    if v in PLACEHOLDERS:
        return repr(v)
    if "://" in v or v.startswith(("http", "/")):
        return v
    if v.lower() in ("auto", "custom") or v.lower() in ALIASES or v.lower() in PROV:
        return v
    for fam in sorted(KEY_FAMILIES, key=len, reverse=True):
        if fam and v.startswith(fam):
            return fam + "…"
    return "<key>"


def env_line(g, h, k, v):
    r = g.r
    style = r.random()
    prefix = "export " if r.random() < 0.15 else ""
    eq = r.choice(["=", "=", "=", " = ", "= ", " ="])
    if style < 0.55:
        val = v
    elif style < 0.7:
        val = '"%s"' % v
    elif style < 0.8:
        val = "'%s'" % v
    elif style < 0.88:
        val = v + r.choice(["  # coding plan", " # old key", "\t# TODO rotate", " #intl"])
        h.tags["inline_comment"] = True
    elif style < 0.93:
        val = '"%s"  # %s' % (v, r.choice(["coding plan", "cn"]))
        h.tags["inline_comment"] = True
    elif style < 0.96:
        val = v + "   "  # trailing spaces
    else:
        val = ("Bearer " + v) if v and k.endswith("_KEY") else v
        h.tags["bearer"] = val != v
    if prefix:
        h.tags["export"] = True
    return "%s%s%s%s" % (prefix, k, eq, val)


# A fixed "now" neither side knows: reset timestamps far in the past or far in the future, so that the answer
# does not depend on the day the test runs.
PAST = 1600000000.0          # 2020-09
FUTURE = 4102444800.0        # 2100-01


def gen_auth(g, h, pid, prov, env_keys, names):
    r = g.r
    T = h.tags
    auth = {"version": 1, "providers": {}}
    pool = {}
    cands = []
    if prov:
        cands.append(pid)
    cands += r.sample(["alibaba", "alibaba-coding-plan", "openrouter", "deepseek", "anthropic", "zai", "custom:"
                       + (names[0].lower().replace(" ", "-") if names else "local")], r.randint(0, 2))
    for p in cands:
        if p in pool or r.random() < 0.2:
            continue
        entries = []
        for i in range(r.randint(1, 2)):
            e = {}
            if r.random() < 0.5:
                # manual: `hermes auth add` (raw token kept)
                e["id"] = g.word(6, "0123456789abcdef")
                e["label"] = r.choice(["work", "personal", "old", "api-key-%d" % (i + 1)])
                e["auth_type"] = "api_key"
                e["priority"] = r.choice([0, 0, 1, 2, -1])
                e["source"] = "manual"
                e["access_token"] = r.choice([g.key(), g.key("sk-sp-"), g.key("sk-")] + PLACEHOLDERS[:2])
                pr = PROV.get(p)
                e["base_url"] = r.choice([pr[3] if pr and pr[3] else BASE_URLS["openrouter"], BASE_URLS["coding-cn"],
                                          BASE_URLS["dashscope-cn"], lan_url(r), None])
                if e["base_url"] is None:
                    del e["base_url"]
                kindd = "manual"
            else:
                pr = PROV.get(p)
                var = r.choice(pr[1]) if pr else r.choice(["DASHSCOPE_API_KEY", "OPENROUTER_API_KEY",
                                                          "OPENAI_API_KEY"])
                e["id"] = g.word(6, "0123456789abcdef")
                e["label"] = var
                e["auth_type"] = "api_key"
                e["priority"] = 0
                e["source"] = "env:" + var
                # seeded from the env: the same key (as it was) or a rotated one
                e["access_token"] = env_keys.get(var) if var in env_keys and r.random() < 0.6 else g.key()
                e["secret_fingerprint"] = g.word(16, "0123456789abcdef")
                if pr and pr[3] and r.random() < 0.7:
                    e["base_url"] = pr[3]
                kindd = "env"
            st = r.random()
            if st < 0.3:
                e["last_status"] = "exhausted"
                e["last_error_code"] = r.choice([401, 429, 402])
                e["last_status_at"] = r.choice([PAST, FUTURE - 10])
                if r.random() < 0.6:
                    e["last_error_reset_at"] = r.choice([PAST + 60, FUTURE])
                kindd += "/exhausted"
            elif st < 0.4:
                e["last_status"] = "dead"
                e["last_error_code"] = 401
                e["last_status_at"] = PAST
                kindd += "/dead"
            elif st < 0.6:
                e["last_status"] = "ok"
            e["request_count"] = r.randint(0, 50)
            entries.append(e)
            h.desc.append("pool[%s]:%s" % (p, kindd))
        pool[p] = entries
    if pool:
        auth["credential_pool"] = pool
        T["pool"] = True
    if r.random() < 0.15:
        auth["active_provider"] = r.choice(["nous", "openai-codex", "qwen-oauth", "alibaba", "anthropic"])
        h.desc.append("active_provider=%s" % auth["active_provider"])
        T["active_provider"] = True
    if r.random() < 0.1:
        p = pid if prov else "alibaba"
        var = (PROV.get(p) or PROV["alibaba"])[1][0]
        auth["suppressed_sources"] = {p: ["env:" + var]}
        h.desc.append("suppressed=%s:env:%s" % (p, var))
        T["suppressed"] = True
    if r.random() < 0.05:
        auth["providers"]["zai"] = {"detected_endpoint": r.choice(["https://open.bigmodel.cn/api/paas/v4",
                                                                  "https://api.z.ai/api/coding/paas/v4"])}
        h.desc.append("zai detected_endpoint")
    return auth


def write_home(d, h, r):
    os.makedirs(d, exist_ok=True)
    cfg = h.config_text(r)
    if cfg:
        with open(os.path.join(d, "config.yaml"), "w", encoding="utf-8") as f:
            f.write(cfg)
    if h.env:
        nl = "\r\n" if h.env_crlf else "\n"
        text = nl.join(h.env) + nl
        with open(os.path.join(d, ".env"), "wb") as f:
            f.write((b"\xef\xbb\xbf" if h.env_bom else b"") + text.encode("utf-8"))
        os.chmod(os.path.join(d, ".env"), 0o600)
    if h.auth is not None:
        with open(os.path.join(d, "auth.json"), "w", encoding="utf-8") as f:
            if h.auth.get("corrupt"):
                f.write(json.dumps({k: v for k, v in h.auth.items() if k != "corrupt"}, indent=2)[:-2])
            else:
                json.dump(h.auth, f, indent=2)
        os.chmod(os.path.join(d, "auth.json"), 0o600)


def generate(seed, n, outdir):
    r = random.Random(seed)
    g = Gen(r)
    os.makedirs(outdir, exist_ok=True)
    index = {"seed": seed, "n": n, "homes": []}
    for i in range(n):
        hid = "h%04d" % i
        h = gen_home(g, i)
        d = os.path.join(outdir, hid)
        rel = hid
        if r.random() < 0.08:
            # a profile: the tested home is <root>/profiles/NAME; the root has its own auth.json (which Hermes
            # reads read-only for providers the profile's pool lacks) and maybe a .env Hermes must not read.
            name = r.choice(["work", "coder", "cn", "test"])
            rel = "%s/profiles/%s" % (hid, name)
            root = Home()
            root.auth = gen_auth(g, root, h.tags.get("provider_id"), PROV.get(h.tags.get("provider_id")),
                                 {}, [])
            if r.random() < 0.4:
                root.env = [env_line(g, root, "DASHSCOPE_API_KEY", g.key(r.choice(["sk-sp-", "sk-"])))]
            if r.random() < 0.4:
                root.model = {"provider": "alibaba", "default": "qwen3.6-plus"}
            write_home(d, root, r)
            write_home(os.path.join(outdir, rel), h, r)
            h.desc.append("profile(root: %s)" % " ".join(root.desc) if root.desc else "profile")
            h.tags["profile"] = True
            h.tags["pool"] = h.tags.get("pool") or bool(root.tags.get("pool"))
        else:
            write_home(d, h, r)
        index["homes"].append({"id": hid, "home": rel, "desc": " ".join(h.desc), "tags": h.tags})
    with open(os.path.join(outdir, "index.json"), "w", encoding="utf-8") as f:
        json.dump(index, f, indent=1)
    return index


def main(argv):
    if len(argv) != 4:
        sys.stderr.write("usage: hermes_gen.py SEED N OUTDIR\n")
        return 2
    generate(int(argv[1]), int(argv[2]), argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
