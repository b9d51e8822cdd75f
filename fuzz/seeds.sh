#!/bin/sh
# seeds.sh SRCDIR OUTDIR: seed corpora for the fuzz targets from the test fixtures (testdata/) and the bundled
# examples: every config.yaml and other YAML for fuzz_yaml, every auth.json and JSON for fuzz_json, and for
# fuzz_json5 with an OpenClaw-like JSON5 and an OpenCode-like JSONC file written here, every TOML file
# (toml-test's among them) for fuzz_toml, every .env* for fuzz_dotenv, and each Hermes home of a case as
# "config.yaml ===== .env ===== auth.json" for fuzz_pipeline.
set -eu
src=$1
out=$2
mkdir -p "$out/yaml" "$out/json" "$out/json5" "$out/toml" "$out/dotenv" "$out/pipeline"
n=0
find "$src/testdata" "$src/examples" -type f | while read -r f; do
	n=$((n + 1))
	case "$f" in
	*.yaml | *.yml) cp "$f" "$out/yaml/$n" ;;
	*.json) cp "$f" "$out/json/$n" && cp "$f" "$out/json5/$n" ;;
	*.toml) cp "$f" "$out/toml/$n" ;;
	*/.env* | *.env) cp "$f" "$out/dotenv/$n" ;;
	esac
done
# JSON5 and JSONC as OpenClaw and OpenCode read them: every feature the dialects add, once
cat >"$out/json5/openclaw" <<'EOF'
// OpenClaw gateway configuration
{
  agents: {
    defaults: {
      model: { primary: 'anthropic/claude-sonnet-4-5', fallbacks: ["openai/gpt-5",], },
      workspace: '~/.openclaw/workspace',
    },
  },
  models: {
    providers: {
      custom: { baseUrl: 'http://localhost:11434/v1', apiKey: '${CUSTOM_API_KEY}', api: "openai-completions",
        models: [{ id: 'q\'1', contextWindow: 0x20000, maxTokens: +8192, cost: { input: .5, output: 1.5e0, cached: 2. } }] },
    },
  },
  /* gateway */ gateway: { port: 18789, bind: 'loopback', auth: { token: 'made-up-\x41\u0042-\v\0-token' } },
  escapes: 'line one \
line two', inf: Infinity, nan: -NaN, \u0061lias: null, "quoted key": true, $dollar_1: [],
}
EOF
cat >"$out/json5/opencode" <<'EOF'
{
  "$schema": "https://opencode.ai/config.json",
  // the model
  "model": "anthropic/claude-sonnet-4-5",
  "provider": {
    "ollama": {
      "npm": "@ai-sdk/openai-compatible",
      "options": { "baseURL": "http://localhost:11434/v1", /* local */ },
      "models": { "llama3": { "name": "Llama 3" }, },
    },
  },
  "mcp": { "files": { "type": "local", "command": ["npx", "-y", "server"], "enabled": true } },
}
EOF
# a home: any directory holding a config.yaml or a .env
find "$src/testdata" "$src/examples" -type f \( -name config.yaml -o -name .env \) -exec dirname {} \; | sort -u |
	while read -r d; do
		n=$((n + 1))
		{
			[ -f "$d/config.yaml" ] && cat "$d/config.yaml"
			printf '\n=====\n'
			[ -f "$d/.env" ] && cat "$d/.env"
			printf '\n=====\n'
			[ -f "$d/auth.json" ] && cat "$d/auth.json"
		} >"$out/pipeline/$(echo "$d" | cksum | cut -d' ' -f1)"
	done
