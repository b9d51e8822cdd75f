/*
 * gencorpus.c - writes the benchmark corpus, the same bytes for the same seed on any machine.
 *
 *   gencorpus OUT [HOMES [SEED]]
 *
 * OUT/homes/hNNNNN/   HOMES Hermes homes (default 10 000): config.yaml of a realistic size with comments,
 *                     .env, and in most an auth.json with a few pool entries; one in ten has a profile. One home in
 *                     twenty holds a known mistake (a Coding Plan key under provider auto: QW301; or sent to the
 *                     pay-as-you-go host: QW101), which qwlint must report; the rest are correct and must give no
 *                     finding at all.
 * OUT/dify/           one Dify app DSL export per 10 homes (Tongyi plugin 0.1.20 to 0.1.29: past QW603's windows,
 *                     before QW605's removals), and one Dify docker env file per 100 homes.
 * OUT/big/yaml/       one config.yaml of at least 50 MB (BIG_MB below).
 * OUT/big/pool/       one auth.json with 100 000 pool entries.
 * OUT/single/         one home alone: the pre-commit case.
 *
 * Keys are made up from the seeded generator, in the shapes qwlint knows; none is real.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>

#define BIG_MB 52
#define POOL_ENTRIES 100000

static uint64_t rng_state;

/* xorshift64*: small, fast, and the same sequence everywhere (rand() is not). */
static uint64_t
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static unsigned
pick(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static void
die(const char *what, const char *path)
{
	fprintf(stderr, "gencorpus: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static void
mkdirs(const char *path)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			die("cannot create", buf);
		*p = '/';
	}
	if (mkdir(buf, 0755) != 0 && errno != EEXIST)
		die("cannot create", buf);
}

/* A new file dir/name; .env and auth.json are created 0600, as Hermes writes them (0644 would be QW701). */
static FILE *
create(const char *dir, const char *name)
{
	char p[8192];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	bool secret = !strcmp(name, ".env") || !strcmp(name, "auth.json");
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, secret ? 0600 : 0644);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f)
		die("cannot write", p);
	return f;
}

static void
finish(FILE *f)
{
	if (ferror(f) || fclose(f) != 0) {
		fprintf(stderr, "gencorpus: write error\n");
		exit(1);
	}
}

/* n random characters from set into out (NUL-terminated). */
static char *
rnd_chars(char *out, size_t n, const char *set)
{
	size_t l = strlen(set);
	for (size_t i = 0; i < n; i++)
		out[i] = set[pick((unsigned)l)];
	out[n] = '\0';
	return out;
}

static const char HEX[] = "0123456789abcdef";
static const char ALNUM[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/* The configurations a home may have. The first ones are correct; the MISTAKE_ ones are the seed's 401s. */
enum variant {
	V_CODING_CUSTOM,   /* provider custom, coding.dashscope host, sk-sp- key */
	V_TOKEN_PLAN,      /* provider custom, token-plan host, sk-sp- key */
	V_CODING_PROVIDER, /* provider alibaba-coding-plan with its env variables */
	V_DEEPSEEK,
	V_OPENROUTER,
	V_NVARIANTS,
	MISTAKE_AUTO = V_NVARIANTS, /* provider auto, sk-sp- key in DASHSCOPE_API_KEY: QW301 */
	MISTAKE_PAYG_HOST,          /* provider custom, pay-as-you-go host, sk-sp- key: QW101 */
};

/* Comment and settings blocks a config.yaml written by `hermes setup` and then edited carries; repeated a varying
 * number of times so that sizes spread from about 2 to 20 KB. */
static const char *const filler[] = {
	"\n# =============================================================================\n"
	"# Terminal Tool Configuration\n"
	"# =============================================================================\n"
	"terminal:\n"
	"  # Where commands run: local, docker, ssh, modal, daytona or singularity.\n"
	"  backend: local\n"
	"  cwd: \".\"\n"
	"  timeout: 180\n"
	"  lifetime_seconds: 300\n",
	"\n# Browser automation (agent-browser). Inactive sessions are closed after the timeout.\n"
	"browser:\n"
	"  inactivity_timeout: 120\n"
	"  record_sessions: false\n",
	"\n# Context compression: summarise the middle of long conversations before the window fills.\n"
	"compression:\n"
	"  enabled: true\n"
	"  threshold: 0.85   # fraction of the context window\n"
	"  summary_model: \"\"\n",
	"\n# Persistent memory across sessions.\n"
	"memory:\n"
	"  memory_enabled: true\n"
	"  user_profile_enabled: true\n"
	"  memory_char_limit: 2200\n"
	"  user_char_limit: 1375\n",
	"\n# Display settings for the interactive CLI.\n"
	"display:\n"
	"  compact: false\n"
	"  personality: helpful\n"
	"  resume_display: full\n"
	"  show_reasoning: false\n"
	"  # Spinner, banner and colours follow the skin.\n"
	"  skin: default\n",
	"\n# Agent loop limits.\n"
	"agent:\n"
	"  max_turns: 90\n"
	"  reasoning_effort: medium   # low, medium, high\n"
	"  verbose: false\n",
	"\n# Tools enabled per platform.\n"
	"platform_toolsets:\n"
	"  cli: [hermes-cli]\n"
	"  telegram: [hermes-telegram]\n"
	"  discord: [hermes-discord]\n",
	"\n# Speech to text for voice messages.\n"
	"stt:\n"
	"  enabled: true\n"
	"  provider: local\n"
	"  local:\n"
	"    model: base\n",
	"\n# Subagents started by the delegate tool.\n"
	"delegation:\n"
	"  max_iterations: 50\n"
	"  default_toolsets: [terminal, file, web]\n",
	"\n# Skills: procedural memory the agent writes and reuses.\n"
	"skills:\n"
	"  creation_nudge_interval: 15\n"
	"  external_dirs: []\n",
};
#define NFILLER (sizeof(filler) / sizeof(filler[0]))

/* A long comment block like the ones `hermes setup` copies from cli-config.yaml.example. */
static void
comment_block(FILE *f, unsigned lines)
{
	static const char *const words[] = {"the", "model", "provider", "request", "tokens", "context", "window",
					    "session", "compress", "history", "tool", "output", "default", "when",
					    "override", "environment", "variable", "set", "this", "value"};
	fputs("\n# -----------------------------------------------------------------------------\n", f);
	for (unsigned i = 0; i < lines; i++) {
		fputs("#", f);
		unsigned nw = 6 + pick(8);
		for (unsigned w = 0; w < nw; w++)
			fprintf(f, " %s", words[pick(sizeof(words) / sizeof(words[0]))]);
		fputs(".\n", f);
	}
}

static void
write_config(const char *dir, enum variant v)
{
	FILE *f = create(dir, "config.yaml");
	fputs("# Hermes Agent configuration (~/.hermes/config.yaml)\n"
	      "# Settings here are read at start-up; keys belong in .env.\n\n"
	      "model:\n",
	      f);
	switch (v) {
	case V_CODING_CUSTOM:
		fputs("  # Bailian Coding Plan, mainland endpoint\n"
		      "  provider: custom\n"
		      "  base_url: https://coding.dashscope.aliyuncs.com/v1\n"
		      "  api_key: ${DASHSCOPE_API_KEY}\n"
		      "  default: qwen3.6-plus\n",
		      f);
		break;
	case V_TOKEN_PLAN:
		fputs("  provider: custom\n"
		      "  base_url: https://token-plan.cn-beijing.maas.aliyuncs.com/compatible-mode/v1\n"
		      "  api_key: ${BAILIAN_TOKEN_PLAN_API_KEY}\n"
		      "  default: qwen3.6-plus\n",
		      f);
		break;
	case V_CODING_PROVIDER:
		fputs("  provider: alibaba-coding-plan\n"
		      "  default: qwen3.6-plus\n",
		      f);
		break;
	case V_DEEPSEEK:
		fputs("  provider: deepseek\n"
		      "  default: deepseek-chat\n",
		      f);
		break;
	case V_OPENROUTER:
		fputs("  # OpenRouter routes to many vendors with one key\n"
		      "  provider: openrouter\n"
		      "  default: anthropic/claude-sonnet-4\n",
		      f);
		break;
	case MISTAKE_AUTO:
		fputs("  provider: auto\n"
		      "  default: qwen3.6-plus\n",
		      f);
		break;
	case MISTAKE_PAYG_HOST:
		fputs("  provider: custom\n"
		      "  base_url: https://dashscope.aliyuncs.com/compatible-mode/v1\n"
		      "  api_key: ${DASHSCOPE_API_KEY}\n"
		      "  default: qwen3.6-plus\n",
		      f);
		break;
	}
	unsigned blocks = 2 + pick(12);
	for (unsigned i = 0; i < blocks; i++) {
		if (pick(3) == 0)
			comment_block(f, 4 + pick(20));
		fputs(filler[(i + pick(2)) % NFILLER], f);
	}
	finish(f);
}

static void
write_env(const char *dir, enum variant v)
{
	FILE *f = create(dir, ".env");
	char k[80];
	fputs("# Hermes Agent secrets. Never commit this file.\n", f);
	switch (v) {
	case V_CODING_CUSTOM:
	case MISTAKE_AUTO:
	case MISTAKE_PAYG_HOST:
		fprintf(f, "DASHSCOPE_API_KEY=sk-sp-%s\n", rnd_chars(k, 32, HEX));
		break;
	case V_TOKEN_PLAN:
		fprintf(f, "BAILIAN_TOKEN_PLAN_API_KEY=sk-sp-%s\n", rnd_chars(k, 32, HEX));
		break;
	case V_CODING_PROVIDER:
		fprintf(f, "ALIBABA_CODING_PLAN_API_KEY=sk-sp-%s\n", rnd_chars(k, 32, HEX));
		fputs("ALIBABA_CODING_PLAN_BASE_URL=https://coding.dashscope.aliyuncs.com/v1\n", f);
		break;
	case V_DEEPSEEK:
		fprintf(f, "DEEPSEEK_API_KEY=sk-%s\n", rnd_chars(k, 32, HEX));
		break;
	case V_OPENROUTER:
		fprintf(f, "OPENROUTER_API_KEY=sk-or-v1-%s\n", rnd_chars(k, 64, HEX));
		break;
	}
	/* settings that are not keys, as a real .env has: a run of them from a random start, each once */
	static const char *const settings[] = {"TERMINAL_ENV=local", "BROWSER_INACTIVITY_TIMEOUT=120",
					       "HERMES_MAX_ITERATIONS=90", "TERMINAL_TIMEOUT=180",
					       "# WEB_TOOLS_DEBUG=false", "MESSAGING_CWD=/home/user",
					       "TELEGRAM_ALLOWED_USERS=123456789", "HERMES_HUMAN_DELAY_MODE=off"};
	unsigned ns = sizeof(settings) / sizeof(settings[0]), extra = pick(ns + 1), first = pick(ns);
	for (unsigned i = 0; i < extra; i++)
		fprintf(f, "%s\n", settings[(first + i) % ns]);
	finish(f);
}

/* The auth.json pool a variant's provider fills, and the variable its entries come from; NULL: no pool file. */
static const char *
pool_of(enum variant v, const char **var)
{
	switch (v) {
	case V_DEEPSEEK: *var = "DEEPSEEK_API_KEY"; return "deepseek";
	case V_OPENROUTER: *var = "OPENROUTER_API_KEY"; return "openrouter";
	case V_CODING_PROVIDER: *var = "ALIBABA_CODING_PLAN_API_KEY"; return "alibaba-coding-plan";
	default: return NULL;
	}
}

/* One pool entry seeded from an env variable, as `hermes auth` writes it (no secret in the file). */
static void
pool_entry(FILE *f, const char *var, unsigned priority, bool last)
{
	char id[8], fp[17];
	fprintf(f,
		"      {\n"
		"        \"id\": \"%s\",\n"
		"        \"label\": \"%s\",\n"
		"        \"auth_type\": \"api_key\",\n"
		"        \"priority\": %u,\n"
		"        \"source\": \"env:%s\",\n"
		"        \"secret_fingerprint\": \"sha256:%s\",\n"
		"        \"last_status\": \"ok\",\n"
		"        \"request_count\": %u\n"
		"      }%s\n",
		rnd_chars(id, 6, HEX), var, priority, var, rnd_chars(fp, 16, HEX), pick(5000), last ? "" : ",");
}

static void
write_auth(const char *dir, enum variant v)
{
	const char *var;
	const char *pool = pool_of(v, &var);
	if (!pool)
		return;
	FILE *f = create(dir, "auth.json");
	fputs("{\n  \"version\": 1,\n  \"updated_at\": \"2026-10-02T09:14:00Z\",\n  \"active_provider\": null,\n"
	      "  \"credential_pool\": {\n",
	      f);
	fprintf(f, "    \"%s\": [\n", pool);
	unsigned n = 1 + pick(3);
	for (unsigned i = 0; i < n; i++)
		pool_entry(f, var, i, i + 1 == n);
	fputs("    ]\n  }\n}\n", f);
	finish(f);
}

static enum variant
choose_variant(unsigned i)
{
	if (i % 20 == 7)
		return pick(2) ? MISTAKE_AUTO : MISTAKE_PAYG_HOST;
	return (enum variant)pick(V_NVARIANTS);
}

static void
write_home(const char *dir, enum variant v)
{
	mkdirs(dir);
	write_config(dir, v);
	write_env(dir, v);
	/* most homes that use a pool provider have an auth.json; the others have not logged in yet */
	if (pick(10) < 8)
		write_auth(dir, v);
}

/* A Dify app DSL export with an LLM node on Tongyi, in the shape of Dify 1.x's exports. */
static void
write_dsl(const char *dir, unsigned i)
{
	char name[64];
	snprintf(name, sizeof(name), "app-%05u.yml", i);
	FILE *f = create(dir, name);
	static const char *const models[] = {"qwen-max", "qwen-plus", "qwen-turbo", "qwen3-coder-plus"};
	fprintf(f,
		"app:\n"
		"  description: 'Generated workflow %u'\n"
		"  icon: \"\\U0001F916\"\n"
		"  icon_background: '#FFEAD5'\n"
		"  mode: workflow\n"
		"  name: Workflow %u\n"
		"  use_icon_as_answer_icon: false\n"
		"dependencies:\n"
		"- current_identifier: null\n"
		"  type: marketplace\n"
		"  value:\n"
		"    marketplace_plugin_unique_identifier: langgenius/tongyi:0.1.%u@%s\n"
		"kind: app\n"
		"version: 0.3.0\n"
		"workflow:\n"
		"  conversation_variables: []\n"
		"  environment_variables: []\n"
		"  features:\n"
		"    file_upload:\n"
		"      enabled: false\n"
		"    opening_statement: ''\n"
		"    retriever_resource:\n"
		"      enabled: true\n"
		"  graph:\n"
		"    edges:\n",
		i, i, 20 + pick(10), rnd_chars((char[65]){0}, 64, HEX));
	unsigned nodes = 3 + pick(10);
	for (unsigned n = 1; n < nodes; n++)
		fprintf(f,
			"    - data:\n"
			"        isInIteration: false\n"
			"        sourceType: llm\n"
			"        targetType: llm\n"
			"      id: %u-source-%u-target\n"
			"      source: '%u'\n"
			"      sourceHandle: source\n"
			"      target: '%u'\n"
			"      targetHandle: target\n"
			"      type: custom\n",
			n, n + 1, n, n + 1);
	fputs("    nodes:\n", f);
	for (unsigned n = 1; n <= nodes; n++)
		fprintf(f,
			"    - data:\n"
			"        context:\n"
			"          enabled: false\n"
			"          variable_selector: []\n"
			"        desc: ''\n"
			"        model:\n"
			"          completion_params:\n"
			"            temperature: 0.7\n"
			"          mode: chat\n"
			"          name: %s\n"
			"          provider: langgenius/tongyi/tongyi\n"
			"        prompt_template:\n"
			"        - id: p%u\n"
			"          role: system\n"
			"          text: |-\n"
			"            You are step %u of a pipeline. Read the input and answer briefly.\n"
			"            Keep the format of the previous step.\n"
			"        selected: false\n"
			"        title: LLM %u\n"
			"        type: llm\n"
			"        variables: []\n"
			"      height: 98\n"
			"      id: '%u'\n"
			"      position:\n"
			"        x: %u\n"
			"        y: %u\n"
			"      type: custom\n"
			"      width: 244\n",
			models[pick(4)], n, n, n, n, 80 + n * 300, 282);
	fputs("    viewport:\n      x: 0\n      y: 0\n      zoom: 1\n", f);
	finish(f);
}

/* A Dify docker deployment's .env (the variables that make it Dify's, and the pair QW601 compares). */
static void
write_dify_env(const char *dir)
{
	mkdirs(dir);
	FILE *f = create(dir, ".env");
	char k[48];
	fputs("# ------------------------------\n# Environment Variables for API service & worker\n"
	      "# ------------------------------\n",
	      f);
	fprintf(f, "CONSOLE_API_URL=\nCONSOLE_WEB_URL=\nSERVICE_API_URL=\nAPP_API_URL=\nAPP_WEB_URL=\nFILES_URL=\n"
		   "LOG_LEVEL=INFO\nDEBUG=false\nSECRET_KEY=%s\nDEPLOY_ENV=PRODUCTION\n",
		rnd_chars(k, 42, ALNUM));
	fputs("DB_USERNAME=postgres\nDB_HOST=db\nDB_PORT=5432\nDB_DATABASE=dify\n"
	      "REDIS_HOST=redis\nREDIS_PORT=6379\nCELERY_BROKER_URL=redis://:difyai123456@redis:6379/1\n",
	      f);
	fprintf(f, "PLUGIN_DAEMON_PORT=5002\nPLUGIN_DAEMON_KEY=%s\nPLUGIN_DAEMON_URL=http://plugin_daemon:5002\n",
		rnd_chars(k, 40, ALNUM));
	fprintf(f, "PLUGIN_DIFY_INNER_API_KEY=%s\n", k);
	fputs("PLUGIN_DIFY_INNER_API_URL=http://api:5001\nMARKETPLACE_ENABLED=true\n"
	      "MARKETPLACE_API_URL=https://marketplace.dify.ai\n",
	      f);
	finish(f);
}

/* The big config.yaml: a Hermes home whose file is mostly MCP server definitions and comments. */
static void
write_big_yaml(const char *dir)
{
	mkdirs(dir);
	FILE *f = create(dir, "config.yaml");
	fputs("# A very large Hermes config.yaml (benchmark)\nmodel:\n  provider: custom\n"
	      "  base_url: https://coding.dashscope.aliyuncs.com/v1\n  api_key: ${DASHSCOPE_API_KEY}\n"
	      "  default: qwen3.6-plus\n",
	      f);
	fputs("mcp_servers:\n", f);
	long target = (long)BIG_MB * 1024 * 1024;
	char tok[40];
	for (unsigned i = 0; ftell(f) < target; i++) {
		if (i % 50 == 0)
			comment_block(f, 3 + pick(6));
		fprintf(f,
			"  server_%u:\n"
			"    # stdio server started on demand\n"
			"    command: npx\n"
			"    args: [\"-y\", \"@modelcontextprotocol/server-%u\", \"--port\", \"%u\"]\n"
			"    env:\n"
			"      LOG_LEVEL: info\n"
			"      WORKDIR: \"/srv/mcp/%u\"\n"
			"      SESSION: %s\n"
			"    timeout: %u\n"
			"    enabled: %s\n",
			i, i, 3000 + pick(5000), i, rnd_chars(tok, 12, ALNUM), 30 + pick(90),
			pick(2) ? "true" : "false");
	}
	finish(f);
	FILE *e = create(dir, ".env");
	fprintf(e, "DASHSCOPE_API_KEY=sk-sp-%s\n", rnd_chars(tok, 32, HEX));
	finish(e);
}

static void
write_big_pool(const char *dir)
{
	mkdirs(dir);
	FILE *f = create(dir, "auth.json");
	fputs("{\n  \"version\": 1,\n  \"active_provider\": null,\n  \"credential_pool\": {\n"
	      "    \"openrouter\": [\n",
	      f);
	for (unsigned i = 0; i < POOL_ENTRIES; i++)
		pool_entry(f, "OPENROUTER_API_KEY", i, i + 1 == POOL_ENTRIES);
	fputs("    ]\n  }\n}\n", f);
	finish(f);
	FILE *c = create(dir, "config.yaml");
	fputs("model:\n  provider: openrouter\n  default: anthropic/claude-sonnet-4\n", c);
	finish(c);
	FILE *e = create(dir, ".env");
	char k[65];
	fprintf(e, "OPENROUTER_API_KEY=sk-or-v1-%s\n", rnd_chars(k, 64, HEX));
	finish(e);
}

int
main(int argc, char **argv)
{
	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: gencorpus OUT [HOMES [SEED]]\n");
		return 2;
	}
	const char *out = argv[1];
	unsigned homes = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 10000;
	rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) : 20261123;
	if (rng_state == 0)
		rng_state = 1;
	char dir[4096];
	unsigned mistakes = 0;
	for (unsigned i = 0; i < homes; i++) {
		enum variant v = choose_variant(i);
		mistakes += v >= MISTAKE_AUTO;
		snprintf(dir, sizeof(dir), "%s/homes/h%05u", out, i);
		write_home(dir, v);
		if (i % 10 == 3) {
			snprintf(dir, sizeof(dir), "%s/homes/h%05u/profiles/work", out, i);
			write_home(dir, (enum variant)pick(V_NVARIANTS));
		}
	}
	snprintf(dir, sizeof(dir), "%s/dify/dsl", out);
	mkdirs(dir);
	for (unsigned i = 0; i < homes / 10; i++)
		write_dsl(dir, i);
	for (unsigned i = 0; i < homes / 100; i++) {
		snprintf(dir, sizeof(dir), "%s/dify/deploy%03u/docker", out, i);
		write_dify_env(dir);
	}
	snprintf(dir, sizeof(dir), "%s/big/yaml", out);
	write_big_yaml(dir);
	snprintf(dir, sizeof(dir), "%s/big/pool", out);
	write_big_pool(dir);
	snprintf(dir, sizeof(dir), "%s/single", out);
	write_home(dir, V_CODING_CUSTOM);
	printf("gencorpus: %u homes (%u with a known mistake), %u DSL files, %u Dify deployments, a %d MB YAML, "
	       "an auth.json of %d entries in %s\n",
	       homes, mistakes, homes / 10, homes / 100, BIG_MB, POOL_ENTRIES, out);
	return 0;
}
