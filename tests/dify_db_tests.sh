#!/bin/sh
# --dify-db and --dify-export against a real PostgreSQL server (issue 29): a server started in $tmp on a Unix
# socket only, as an unprivileged user; tables as Dify's models create them (api/models/provider.py @ 01e12dfd,
# api/models/account.py: only the columns qwlint reads and the NOT NULL ones); workspaces with correct and broken
# Tongyi and OpenAI-API-compatible settings, secret fields filled with made-up HYBRID: blobs. The exact findings
# through the database and through the export file; no finding for a correct deployment; a clear message and
# exit 2 (the files still linted) for an unreachable database, a wrong password, a missing column.
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
bin=
for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
	[ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { bin=$d; break; }
done
[ -n "$bin" ] || { echo "SKIP: PostgreSQL's server is not installed (Debian: apt-get install postgresql)"; exit 77; }
need psql

# the server refuses to run as root: as root, run it as an unprivileged user
as=
if [ "$(id -u)" = 0 ]; then
	for u in postgres nobody; do
		id "$u" >/dev/null 2>&1 && { as=$u; break; }
	done
	[ -n "$as" ] && command -v runuser >/dev/null 2>&1 ||
		{ echo "SKIP: running as root, and no unprivileged user (postgres, nobody) or runuser to start PostgreSQL as"; exit 77; }
	chmod 711 "$tmp"
fi
pg=$tmp/pg
mkdir "$pg"
[ -n "$as" ] && chown "$as" "$pg"
run() { if [ -n "$as" ]; then runuser -u "$as" -- "$@"; else "$@"; fi; }
PW=made-up-db-password-7Qe2
printf '%s\n' "$PW" >"$pg/pw" && [ -n "$as" ] && chown "$as" "$pg/pw"
# the C locale: rows sort the same on every machine (the export's line numbers are the order of the rows)
run "$bin/initdb" -D "$pg/data" -U dify --auth=scram-sha-256 --pwfile="$pg/pw" --locale=C -E UTF8 >"$tmp/initdb.log" 2>&1 ||
	{ cat "$tmp/initdb.log"; bad "initdb"; finish dify_db; }
run "$bin/pg_ctl" -D "$pg/data" -l "$pg/log" -w -o "-c listen_addresses= -c unix_socket_directories=$pg -p 5432" \
	start >/dev/null 2>&1 || { cat "$pg/log"; bad "pg_ctl start"; finish dify_db; }
at_exit "run '$bin/pg_ctl' -D '$pg/data' -m immediate stop >/dev/null 2>&1"
export PGPASSWORD="$PW"
sql() { psql -X -q -v ON_ERROR_STOP=1 -h "$pg" -p 5432 -U dify -d "$1" -c "$2"; }
for db in dify good old dify_plugin good_plugin; do
	sql postgres "CREATE DATABASE $db" || { bad "create database $db"; finish dify_db; }
done

# Dify's tables, the columns qwlint reads and the NOT NULL ones, types as Dify's models declare them
schema="
CREATE TABLE tenants (id uuid PRIMARY KEY, name varchar(255) NOT NULL,
  plan varchar(255) NOT NULL DEFAULT 'basic', status varchar(255) NOT NULL DEFAULT 'normal',
  created_at timestamp NOT NULL DEFAULT now(), updated_at timestamp NOT NULL DEFAULT now());
CREATE TABLE providers (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, provider_name varchar(255) NOT NULL,
  provider_type varchar(40) NOT NULL DEFAULT 'custom', is_valid boolean NOT NULL DEFAULT false, credential_id uuid,
  created_at timestamp NOT NULL DEFAULT now(), updated_at timestamp NOT NULL DEFAULT now());
CREATE TABLE provider_credentials (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, provider_name varchar(255) NOT NULL,
  credential_name varchar(255) NOT NULL, encrypted_config text NOT NULL,
  created_at timestamp NOT NULL DEFAULT now(), updated_at timestamp NOT NULL DEFAULT now());
CREATE TABLE provider_models (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, provider_name varchar(255) NOT NULL,
  model_name varchar(255) NOT NULL, model_type varchar(40) NOT NULL, credential_id uuid,
  is_valid boolean NOT NULL DEFAULT false,
  created_at timestamp NOT NULL DEFAULT now(), updated_at timestamp NOT NULL DEFAULT now());
CREATE TABLE provider_model_credentials (id uuid PRIMARY KEY, tenant_id uuid NOT NULL,
  provider_name varchar(255) NOT NULL, model_name varchar(255) NOT NULL, model_type varchar(40) NOT NULL,
  credential_name varchar(255) NOT NULL, encrypted_config text NOT NULL,
  created_at timestamp NOT NULL DEFAULT now(), updated_at timestamp NOT NULL DEFAULT now());
CREATE TABLE load_balancing_model_configs (id uuid PRIMARY KEY, tenant_id uuid NOT NULL,
  provider_name varchar(255) NOT NULL, model_name varchar(255) NOT NULL, model_type varchar(40) NOT NULL,
  name varchar(255) NOT NULL, encrypted_config text, credential_id uuid, credential_source_type varchar(40),
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamp NOT NULL DEFAULT now(), updated_at timestamp NOT NULL DEFAULT now());
CREATE TABLE provider_model_settings (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, provider_name varchar(255) NOT NULL,
  model_name varchar(255) NOT NULL, model_type varchar(40) NOT NULL, enabled boolean NOT NULL DEFAULT true,
  load_balancing_enabled boolean NOT NULL DEFAULT false,
  created_at timestamp NOT NULL DEFAULT now(), updated_at timestamp NOT NULL DEFAULT now());
CREATE TABLE tenant_default_models (id uuid PRIMARY KEY, tenant_id uuid NOT NULL, provider_name varchar(255) NOT NULL,
  model_name varchar(255) NOT NULL, model_type varchar(40) NOT NULL,
  created_at timestamp NOT NULL DEFAULT now(), updated_at timestamp NOT NULL DEFAULT now());
"
# the plugin daemon's own database (DB_PLUGIN_DATABASE): its plugin_installations as the daemon's model declares
# them (langgenius/dify-plugin-daemon internal/types/models/installation.go and base.go @ bdb5642a)
plugin_schema="
CREATE TABLE plugin_installations (id uuid PRIMARY KEY, created_at timestamptz, updated_at timestamptz,
  tenant_id uuid, plugin_id varchar(255), plugin_unique_identifier varchar(255), runtime_type varchar(127),
  endpoints_setups bigint, endpoints_active bigint, source varchar(63), meta text);
"
# installed TENANT AUTHOR/NAME VERSION: a workspace runs that plugin version ("author/name:version@checksum")
installed() {
	echo "INSERT INTO plugin_installations (id, tenant_id, plugin_id, plugin_unique_identifier, runtime_type, source)
	      VALUES (gen_random_uuid(), '$1', '$2', '$2:$3@068f2fe6c8f8fad01a5a872fb1283d50', 'local', 'marketplace');"
}
# made-up encrypted values of the shape Dify writes (HYBRID: and base64); never to appear in any output
K1='HYBRID:bWFkZS11cC1ibG9iLW9uZS1mb3ItcXdsaW50LXRlc3RzLW5vdC1hLWtleQ=='
K2='HYBRID:bWFkZS11cC1ibG9iLXR3by1mb3ItcXdsaW50LXRlc3RzLW5vdC1hLWtleQ=='
TY=langgenius/tongyi/tongyi
OC=langgenius/openai_api_compatible/openai_api_compatible
# ws ID NAME; cred ID TENANT PROVIDER NAME CONFIG [ACTIVE]; model ID TENANT PROVIDER MODEL NAME CONFIG [ACTIVE]
ws() { echo "INSERT INTO tenants (id, name) VALUES ('$1', '$2');"; }
cred() {
	echo "INSERT INTO provider_credentials (id, tenant_id, provider_name, credential_name, encrypted_config)
	      VALUES ('$1', '$2', '$3', '$4', '$5');"
	[ "${6:-1}" = 1 ] && echo "INSERT INTO providers (id, tenant_id, provider_name, credential_id, is_valid)
	      VALUES (gen_random_uuid(), '$2', '$3', '$1', true);"
}
model() {
	echo "INSERT INTO provider_model_credentials (id, tenant_id, provider_name, model_name, model_type,
	      credential_name, encrypted_config) VALUES ('$1', '$2', '$3', '$4', 'llm', '$5', '$6');"
	[ "${7:-1}" = 1 ] && echo "INSERT INTO provider_models (id, tenant_id, provider_name, model_name, model_type,
	      credential_id, is_valid) VALUES (gen_random_uuid(), '$2', '$3', '$4', 'llm', '$1', true);"
}
T1=11111111-1111-4111-8111-111111111111 T2=22222222-2222-4222-8222-222222222222
T3=33333333-3333-4333-8333-333333333333 T4=44444444-4444-4444-8444-444444444444
T5=55555555-5555-4555-8555-555555555555 T6=66666666-6666-4666-8666-666666666666
T7=77777777-7777-4777-8777-777777777777 T8=88888888-8888-4888-8888-888888888888
T9=99999999-9999-4999-8999-999999999999
c() { printf '%08d-0000-4000-8000-000000000000' "$1"; }
oc() { printf '{"api_key": "%s", "endpoint_url": "%s", "mode": "chat", "context_size": "4096"}' "$K2" "$1"; }
ty() { printf '{"dashscope_api_key": "%s", "use_international_endpoint": "%s"%s}' "$K1" "$1" "${2:+, \"api_host\": \"$2\"}"; }
default() {
	echo "INSERT INTO tenant_default_models (id, tenant_id, provider_name, model_name, model_type)
	      VALUES (gen_random_uuid(), '$1', '$2', '$3', 'llm');"
}
balance() { # balance TENANT PROVIDER MODEL true|false: load balancing of the model on or off
	echo "INSERT INTO provider_model_settings (id, tenant_id, provider_name, model_name, model_type, load_balancing_enabled)
	      VALUES (gen_random_uuid(), '$1', '$2', '$3', 'llm', $4);"
}
lb() { # lb ID TENANT PROVIDER MODEL NAME CONFIG
	echo "INSERT INTO load_balancing_model_configs (id, tenant_id, provider_name, model_name, model_type, name,
	      encrypted_config, enabled) VALUES ('$1', '$2', '$3', '$4', 'llm', '$5', '$6', true);"
}
{
	echo "$schema"
	ws $T1 "Mainland team"; ws $T2 "Intl team"; ws $T3 "Compat team"; ws $T4 "Empty team"
	cred "$(c 1)" $T1 $TY Default "{\"dashscope_api_key\": \"$K1\", \"use_international_endpoint\": \"false\"}"
	cred "$(c 2)" $T2 $TY Singapore "{\"dashscope_api_key\": \"$K1\", \"use_international_endpoint\": \"true\"}"
	# an unused credential of the same provider: not the one Dify calls, never judged
	cred "$(c 3)" $T2 $TY Old "{\"dashscope_api_key\": \"$K1\", \"use_international_endpoint\": \"false\"}" 0
	model "$(c 10)" $T3 $OC qwen-plus good "$(oc https://dashscope.aliyuncs.com/compatible-mode/v1)"
	model "$(c 11)" $T3 $OC qwen-max no-v1 "$(oc https://dashscope.aliyuncs.com/compatible-mode)"
	model "$(c 12)" $T3 $OC qwen-turbo native "$(oc https://dashscope-intl.aliyuncs.com/api/v1)"
	model "$(c 13)" $T3 $OC qwen-long op "$(oc https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions)"
	model "$(c 14)" $T3 $OC qwen3-max scheme "$(oc dashscope.aliyuncs.com/compatible-mode/v1)"
	model "$(c 15)" $T3 $OC qwen-flash unused "$(oc dashscope.aliyuncs.com)" 0
	# load balancing on: an enabled entry is used, a disabled one is not, "__inherit__" is the model's credential
	balance $T3 $OC qwen-plus true
	echo "INSERT INTO load_balancing_model_configs (id, tenant_id, provider_name, model_name, model_type, name,
	      encrypted_config, enabled) VALUES ('$(c 20)', '$T3', '$OC', 'qwen-plus', 'llm', 'backup',
	      '$(oc https://dashscope.aliyuncs.com/compatible-mode/v1/embeddings)', true),
	      ('$(c 21)', '$T3', '$OC', 'qwen-plus', 'llm', 'off', '$(oc ftp:/nowhere)', false),
	      ('$(c 22)', '$T3', '$OC', 'qwen-plus', 'llm', '__inherit__', NULL, true);"
	# load balancing off for the model: its entries, enabled or not, are never called
	balance $T3 $OC qwen-max false
	lb "$(c 23)" $T3 $OC qwen-max a "$(oc ftp:/nowhere)"
	lb "$(c 24)" $T3 $OC qwen-max b "$(oc dashscope.aliyuncs.com)"
	# qwen-long balanced over "__inherit__", which has no config of its own and stands for the provider's
	# credential in use (international: refused, and no region leak to warn about on 0.1.7), and an entry made
	# from another credential (credential_id, its config copied as Dify does)
	cred "$(c 4)" $T2 $TY "Singapore 2" "$(ty true)" 0
	balance $T2 $TY qwen-long true
	echo "INSERT INTO load_balancing_model_configs (id, tenant_id, provider_name, model_name, model_type, name,
	      encrypted_config, credential_id, credential_source_type, enabled) VALUES
	      ('$(c 80)', '$T2', '$TY', 'qwen-long', 'llm', '__inherit__', NULL, NULL, NULL, true),
	      ('$(c 81)', '$T2', '$TY', 'qwen-long', 'llm', 'Singapore 2', '$(ty true)', '$(c 4)', 'provider', true);"
	# the mainland workspace's default model is the Beijing-only qwen-long: fine on the mainland host
	default $T1 $TY qwen-long
	# another plugin version, another plugin process: the international switch of 0.1.7's workspaces cannot leak here
	ws $T5 "Other version team"
	cred "$(c 30)" $T5 $TY Default "$(ty false)"
	# qwen-long through the international host: as the default model (the provider's credential), as a
	# load-balancing entry (beside "__inherit__", the mainland credential: fine); another model's entry is fine
	ws $T6 "Region team"
	cred "$(c 40)" $T6 $TY Singapore "$(ty true)"
	default $T6 $TY qwen-long
	ws $T7 "Balanced team"
	cred "$(c 50)" $T7 $TY Default "$(ty false)"
	default $T7 $TY qwen-long
	balance $T7 $TY qwen-long true
	lb "$(c 51)" $T7 $TY qwen-long lb-intl "$(ty true)"
	echo "INSERT INTO load_balancing_model_configs (id, tenant_id, provider_name, model_name, model_type, name,
	      encrypted_config, enabled) VALUES ('$(c 53)', '$T7', '$TY', 'qwen-long', 'llm', '__inherit__', NULL, true);"
	# one entry alone: load balancing does not apply (the provider's credential is used)
	balance $T7 $TY qwen-plus true
	lb "$(c 52)" $T7 $TY qwen-plus lb-plus "$(ty true)"
	# api_host (plugin 0.2.19): a plan's base URL pasted whole keeps its /v1; a workspace host with the
	# compatible-mode path is reduced to the host, as the plugin does
	ws $T8 "Host team"
	cred "$(c 60)" $T8 $TY plan-url "$(ty false https://coding.dashscope.aliyuncs.com/v1)"
	model "$(c 61)" $T8 $TY qwen3-max ws-host "$(ty false ' https://llm-x1.cn-beijing.maas.aliyuncs.com/compatible-mode/v1/ ')"
	# api_host on plugin 0.2.13, which has no such field: the switch decides
	ws $T9 "Old host team"
	cred "$(c 70)" $T9 $TY Frankfurt "$(ty false llm-x2.eu-central-1.maas.aliyuncs.com)"
} >"$tmp/dify.sql"
{
	echo "$plugin_schema"
	installed $T1 langgenius/tongyi 0.1.7; installed $T2 langgenius/tongyi 0.1.7; installed $T5 langgenius/tongyi 0.1.19
	installed $T3 langgenius/openai_api_compatible 0.0.30
	installed $T6 langgenius/tongyi 0.2.13; installed $T7 langgenius/tongyi 0.2.13
	installed $T8 langgenius/tongyi 0.2.19; installed $T9 langgenius/tongyi 0.2.13
} >"$tmp/dify_plugin.sql"
psql -X -q -v ON_ERROR_STOP=1 -h "$pg" -U dify -d dify_plugin -f "$tmp/dify_plugin.sql" >/dev/null || bad "load dify_plugin"
{ echo "$plugin_schema"; installed $T1 langgenius/tongyi 0.2.13; } >"$tmp/good_plugin.sql"
psql -X -q -v ON_ERROR_STOP=1 -h "$pg" -U dify -d good_plugin -f "$tmp/good_plugin.sql" >/dev/null || bad "load good_plugin"
psql -X -q -v ON_ERROR_STOP=1 -h "$pg" -U dify -d dify -f "$tmp/dify.sql" >/dev/null || bad "load dify"
{
	echo "$schema"
	ws $T1 "Mainland team"
	cred "$(c 1)" $T1 $TY Default "{\"dashscope_api_key\": \"$K1\", \"use_international_endpoint\": \"false\"}"
	model "$(c 10)" $T1 $OC qwen-plus good "$(oc https://dashscope.aliyuncs.com/compatible-mode/v1)"
} >"$tmp/good.sql"
psql -X -q -v ON_ERROR_STOP=1 -h "$pg" -U dify -d good -f "$tmp/good.sql" >/dev/null || bad "load good"
# another Dify version: provider_credentials without credential_name
{ echo "$schema" | sed 's/credential_name varchar(255) NOT NULL, encrypted_config text NOT NULL,/encrypted_config text NOT NULL,/'
  ws $T1 "Mainland team"; } >"$tmp/old.sql"
psql -X -q -v ON_ERROR_STOP=1 -h "$pg" -U dify -d old -f "$tmp/old.sql" >/dev/null || bad "load old"

# a deployment: its env file configures the database as Dify reads it, and Tongyi 0.1.7 is installed
dep() { # dep DIR DATABASE PASSWORD TONGYI_VERSION [PLUGIN_DATABASE]
	mkdir -p "$1/volumes/plugin_daemon/cwd/langgenius/tongyi-$4@0123"
	printf 'PLUGIN_DAEMON_URL=http://plugin_daemon:5002\nDB_HOST=%s\nDB_PORT=5432\nDB_USERNAME=dify\nDB_PASSWORD=%s\nDB_DATABASE=%s\n' \
		"$pg" "$3" "$2" >"$1/.env"
	[ -n "${5:-}" ] && printf 'DB_PLUGIN_DATABASE=%s\n' "$5" >>"$1/.env"
	printf 'version: %s\ntype: plugin\nauthor: langgenius\nname: tongyi\n' "$4" \
		>"$1/volumes/plugin_daemon/cwd/langgenius/tongyi-$4@0123/manifest.yaml"
}
dep "$tmp/d" dify "$PW" 0.1.7
cd "$tmp/d" || exit 1
# every finding of the database rules, exactly: the export's lines are the query's rows, so both give the same
cat >"$tmp/want" <<'WANT'
L4: error: workspace "Balanced team", langgenius/tongyi/tongyi, model qwen-long, load-balancing entry "lb-intl": the plugin serves qwen-long in region cn only, but this credential sends requests to https://dashscope-intl.aliyuncs.com/api/v1 [QW613]
L9: error: workspace "Compat team", langgenius/openai_api_compatible/openai_api_compatible, model qwen-long, credential "op": endpoint_url https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions ends in the operation path /chat/completions, which the plugin appends itself [QW610]
L10: error: workspace "Compat team", langgenius/openai_api_compatible/openai_api_compatible, model qwen-max, credential "no-v1": endpoint_url https://dashscope.aliyuncs.com/compatible-mode lacks the version path /v1 that dashscope.aliyuncs.com needs [QW610]
L12: error: workspace "Compat team", langgenius/openai_api_compatible/openai_api_compatible, model qwen-turbo, credential "native": endpoint_url https://dashscope-intl.aliyuncs.com/api/v1 is dashscope-intl.aliyuncs.com's native API path /api/v1, not its OpenAI-compatible one [QW610]
L13: error: workspace "Compat team", langgenius/openai_api_compatible/openai_api_compatible, model qwen3-max, credential "scheme": endpoint_url dashscope.aliyuncs.com/compatible-mode/v1 has no scheme (https://) [QW610]
L17: error: workspace "Compat team", langgenius/openai_api_compatible/openai_api_compatible, model qwen-plus, load-balancing entry "backup": endpoint_url https://dashscope.aliyuncs.com/compatible-mode/v1/embeddings ends in the operation path /embeddings, which the plugin appends itself [QW610]
L19: info: workspace "Empty team": no model-provider credential: nothing here for qwlint to check, and no model its apps could call with a key of its own [QW611]
L21: error: workspace "Host team", langgenius/tongyi/tongyi, credential "plan-url": api_host keeps the path /v1 after the plugin drops the scheme and its known API paths, so it calls https://coding.dashscope.aliyuncs.com/v1/api/v1, a path coding.dashscope.aliyuncs.com does not serve [QW614]
L27: error: workspace "Intl team", langgenius/tongyi/tongyi, model qwen-long, load-balancing entry "Singapore 2": the plugin serves qwen-long in region cn only, but this credential sends requests to https://dashscope-intl.aliyuncs.com/api/v1 [QW613]
L28: error: workspace "Intl team", langgenius/tongyi/tongyi, model qwen-long, load-balancing entry "__inherit__": the plugin serves qwen-long in region cn only, but workspace "Intl team", langgenius/tongyi/tongyi, credential "Singapore", which Dify calls for it, sends requests to https://dashscope-intl.aliyuncs.com/api/v1 [QW613]
L30: warning: workspace "Mainland team", langgenius/tongyi/tongyi, credential "Default": uses the mainland endpoint, but workspace "Intl team", langgenius/tongyi/tongyi, credential "Singapore" turns "Use International Endpoint" on, and the installed Tongyi plugin 0.1.7 keeps that for the whole plugin process: after one of its requests, this credential's go to https://dashscope-intl.aliyuncs.com/api/v1 and get 401 [QW609]
L33: warning: workspace "Old host team", langgenius/tongyi/tongyi, credential "Frankfurt": api_host is set, but the Tongyi plugin 0.2.13 the workspace runs predates it (read from 0.2.19 on): requests go to https://dashscope.aliyuncs.com/api/v1 [QW614]
L38: error: workspace "Region team", langgenius/tongyi/tongyi, default model qwen-long: the plugin serves qwen-long in region cn only, but workspace "Region team", langgenius/tongyi/tongyi, credential "Singapore", which Dify calls for it, sends requests to https://dashscope-intl.aliyuncs.com/api/v1 [QW613]
WANT
# rows SOURCE: the database rules' findings of $tmp/out, their place written Ln
rows() { grep -E '\[QW6(09|1[0-4])\]$' "$tmp/out" | sed "s|^$1:\([0-9]*\):1: |L\1: |"; }
"$qwlint" --format concise --dify-db auto . >"$tmp/out" 2>"$tmp/err"
rc=$?
rows 'dify-db:dify' >"$tmp/got"
check "--dify-db auto: the exact findings" $(cmp -s "$tmp/want" "$tmp/got" || diff "$tmp/want" "$tmp/got" >&2; echo $?)
check "--dify-db auto: the files are linted too (QW603 of the installed plugin)" $(grep -q 'tongyi-0.1.7@0123/manifest.yaml:.*\[QW603\]' "$tmp/out"; echo $?)
check "--dify-db auto: exit 1 (errors found), nothing on stderr" $([ $rc = 1 ] && [ ! -s "$tmp/err" ]; echo $?)
"$qwlint" --format concise --dify-db "postgresql://dify:$PW@/dify?host=$pg" . >"$tmp/out" 2>"$tmp/err"
rows 'dify-db:dify' >"$tmp/got"
check "--dify-db URI: the same findings" $(cmp -s "$tmp/want" "$tmp/got"; echo $?)

# the export: the command printed when the database cannot be reached, run here with this server's psql
"$qwlint" --format concise --dify-db "host=$tmp/nowhere port=5432 user=dify dbname=dify" . >"$tmp/out" 2>"$tmp/err"
rc=$?
check "unreachable: exit 2" $([ $rc = 2 ]; echo $?)
check "unreachable: says it cannot connect" $(grep -q "Dify's database: cannot connect to database dify" "$tmp/err"; echo $?)
check "unreachable: the files are still linted" $(grep -q '\[QW603\]' "$tmp/out"; echo $?)
cmd=$(grep '^  docker compose exec -T ' "$tmp/err")
check "unreachable: prints the export command" $([ -n "$cmd" ]; echo $?)
check "the export command is read-only and names the env file's user and database" \
	$(echo "$cmd" | grep -q "PGOPTIONS='-c default_transaction_read_only=on' db psql -U dify -d dify -At -c \"SELECT "; echo $?)
check "the export command adds the plugin daemon's database (dify_plugin by default)" \
	$(echo "$cmd" | grep -q "&& docker compose exec -T -e PGOPTIONS='-c default_transaction_read_only=on' db psql -U dify -d dify_plugin -At -c \"SELECT [^\"]*\" >> dify-rows.jsonl$"; echo $?)
# its two statements, run here with this server's psql (neither holds a double quote)
q=$(echo "$cmd" | sed 's/^[^"]* -At -c "\([^"]*\)" > dify-rows.jsonl && .*$/\1/')
qp=$(echo "$cmd" | sed 's/^.* -At -c "\([^"]*\)" >> dify-rows.jsonl$/\1/')
PGOPTIONS='-c default_transaction_read_only=on' psql -X -h "$pg" -U dify -d dify -At -c "$q" >"$tmp/rows.jsonl" &&
	PGOPTIONS='-c default_transaction_read_only=on' psql -X -h "$pg" -U dify -d dify_plugin -At -c "$qp" >>"$tmp/rows.jsonl" ||
	bad "the printed queries run"
check "the export holds no encrypted value" $(! grep -q 'HYBRID\|bWFkZS11' "$tmp/rows.jsonl"; echo $?)
"$qwlint" --format concise --dify-export "$tmp/rows.jsonl" . >"$tmp/out" 2>"$tmp/err"
rc=$?
rows "$tmp/rows.jsonl" >"$tmp/got"
check "--dify-export: the same findings, at the export's lines" $(cmp -s "$tmp/want" "$tmp/got" || diff "$tmp/want" "$tmp/got" >&2; echo $?)
check "--dify-export: exit 1" $([ $rc = 1 ]; echo $?)
# a file that kept encrypted_config whole: parsed, and only the plain fields kept
printf '{"kind": "provider", "workspace": "Raw", "tenant_id": "%s", "provider": "%s", "credential": "Raw", "active": true, "encrypted_config": "{\\"dashscope_api_key\\": \\"%s\\", \\"use_international_endpoint\\": \\"false\\"}"}\n' \
	$T1 $TY "$K1" >>"$tmp/rows.jsonl"
printf '{"kind": "model", "workspace": "Raw", "tenant_id": "%s", "provider": "%s", "credential": "k", "model": "m", "active": true, "config": {"endpoint_url": "%s", "api_key": "%s"}}\n' \
	$T1 $OC "$K2" "$K2" >>"$tmp/rows.jsonl"
for f in concise human json sarif github gitlab junit markdown rdjson; do
	"$qwlint" --format $f --dify-export "$tmp/rows.jsonl" . >"$tmp/out.$f" 2>&1
	check "--format $f copes with the rows and prints no encrypted value" \
		$(grep -q 'QW610' "$tmp/out.$f" && ! grep -q 'HYBRID\|bWFkZS11' "$tmp/out.$f"; echo $?)
done
"$qwlint" --resolve --dify-export "$tmp/rows.jsonl" . >"$tmp/out" 2>&1
check "--resolve: the Tongyi credentials' endpoints" \
	$(grep -A6 'workspace "Intl team", langgenius/tongyi/tongyi, credential "Singapore":' "$tmp/out" | grep -q '=> https://dashscope-intl.aliyuncs.com/api/v1, native protocol'; echo $?)
check "--resolve: the OpenAI-compatible credential's endpoint and why" \
	$(grep -A4 'model qwen-plus, credential "good":' "$tmp/out" | grep -q 'posts to https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions'; echo $?)
check "--resolve: an unused credential is not a request" $(! grep -q 'credential "Old"\|credential "unused"' "$tmp/out"; echo $?)
check "--resolve prints no encrypted value" $(! grep -q 'HYBRID\|bWFkZS11' "$tmp/out"; echo $?)
"$qwlint" --resolve --format json --dify-export "$tmp/rows.jsonl" . >"$tmp/out" 2>&1
check "--resolve --format json: valid, tool dify" $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert any(h["tool"]=="dify" and h["requests"] for h in d["homes"])' "$tmp/out"; echo $?)
printf 'not json\n' >"$tmp/bad.jsonl"
"$qwlint" --format concise --dify-export "$tmp/bad.jsonl" . >"$tmp/out" 2>"$tmp/err"
check "a file of something else: exit 2, says which line" $([ $? = 2 ] && grep -q 'line 1 is not a row' "$tmp/err"; echo $?)

# asked for a database, but no deployment among the paths: said, exit 2 (a CI step must not pass having read nothing)
mkdir -p "$tmp/nodep" && printf 'OPENAI_API_KEY=\n' >"$tmp/nodep/.env"
for opt in "--dify-db auto" "--dify-export $tmp/rows.jsonl"; do
	"$qwlint" --format concise $opt "$tmp/nodep" >"$tmp/out" 2>"$tmp/err"
	check "${opt%% *} without a deployment: exit 2, says so" \
		$([ $? = 2 ] && grep -q "^qwlint: ${opt%% *}: no Dify deployment among the paths linted" "$tmp/err"; echo $?)
done

# a wrong password: said, no password printed, exit 2, the files still linted
dep "$tmp/w" dify wrong-made-up-password 0.1.7
"$qwlint" --format concise --dify-db auto "$tmp/w" >"$tmp/out" 2>"$tmp/err"
check "wrong password: exit 2" $([ $? = 2 ]; echo $?)
check "wrong password: says so" $(grep -q 'password authentication failed for user "dify"' "$tmp/err"; echo $?)
check "wrong password: neither password printed" $(! grep -q "wrong-made-up\|$PW" "$tmp/out" "$tmp/err"; echo $?)
check "wrong password: the files are still linted" $(grep -q '\[QW603\]' "$tmp/out"; echo $?)

# another Dify version's schema: a missing column
dep "$tmp/o" old "$PW" 0.1.7
"$qwlint" --format concise --dify-db auto "$tmp/o" >"$tmp/out" 2>"$tmp/err"
check "missing column: exit 2" $([ $? = 2 ]; echo $?)
check "missing column: says which, and why it matters" \
	$(grep -q 'lacks a table or column qwlint reads.*column c.credential_name does not exist' "$tmp/err"; echo $?)
check "missing column: the files are still linted" $(grep -q '\[QW603\]' "$tmp/out"; echo $?)

# a correct deployment: nothing at all
dep "$tmp/g" good "$PW" 0.2.13 good_plugin
"$qwlint" --format concise --dify-db auto "$tmp/g" >"$tmp/out" 2>"$tmp/err"
check "a correct deployment: no finding, exit 0" $([ $? = 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ]; echo $?)

# the daemon's database of another daemon version (here one without plugin_installations): a note, exit 0
dep "$tmp/g2" good "$PW" 0.2.13 good
"$qwlint" --format concise --dify-db auto "$tmp/g2" >"$tmp/out" 2>"$tmp/err"
check "daemon database without plugin_installations: a note, no finding, exit 0" \
	$([ $? = 0 ] && [ ! -s "$tmp/out" ] && grep -q 'note: the plugin daemon.s database: database good lacks a table or column qwlint reads.*plugin_installations.*come from volumes/plugin_daemon/cwd/ instead' "$tmp/err"; echo $?)

# plain lint: no database is read (the server's log shows no connection from qwlint)
"$qwlint" --format concise "$tmp/d" >"$tmp/out" 2>&1
check "without --dify-db: no database row" $(! grep -q 'dify-db:' "$tmp/out"; echo $?)

# the plugin daemon's database cannot be read: said (not an error), and the versions come from the installed
# manifest, here Tongyi 0.0.27, which ignores the switch: the international credential is the one that fails
dep "$tmp/n" dify "$PW" 0.0.27 no_such_plugin_db
"$qwlint" --format concise --dify-db auto "$tmp/n" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "no daemon database: exit 1 (the findings), not 2" $([ $rc = 1 ]; echo $?)
check "no daemon database: a note says so and where the versions come from" \
	$(grep -q 'note: the plugin daemon.s database: cannot connect to database no_such_plugin_db.*the plugin versions come from volumes/plugin_daemon/cwd/ instead' "$tmp/err"; echo $?)
check "0.0.27: the switch is ignored" $(grep -q 'credential "Singapore": "Use International Endpoint" is on, but the installed Tongyi plugin 0.0.27 ignores it: requests go to https://dashscope.aliyuncs.com/api/v1.*upgrade langgenius/tongyi in Dify (Plugins) to 0.1.20' "$tmp/out" ||
	grep -q 'credential "Singapore": "Use International Endpoint" is on, but the installed Tongyi plugin 0.0.27 ignores it' "$tmp/out"; echo $?)
# rows of odd shapes (a hand-made or damaged export): wrong types, missing members, an empty or endless
# api_host, plugin identifiers of other shapes, a terminal escape; never a crash, the escape never printed raw
python3 - "$tmp/odd.jsonl" <<'PYEOF2'
import json, sys
t = {"tenant_id": "t1", "workspace": "Odd"}
ty = "langgenius/tongyi/tongyi"
rows = [dict(kind="workspace", **t), {"kind": "workspace", "tenant_id": None, "workspace": 5},
        {"kind": "provider", "provider": ty, "credential": "a", "active": True, "config": {"api_host": "   "}, **t},
        {"kind": "provider", "provider": ty, "credential": "b", "active": True, "config": {"api_host": "https://"}, **t},
        {"kind": "provider", "provider": "tongyi", "credential": "c", "active": True, "config": {"api_host": "///api/v1"}, **t},
        {"kind": "provider", "provider": "tongyi", "credential": "d", "active": True,
         "config": {"api_host": "x" * 5000 + "/y", "use_international_endpoint": True}, **t},
        {"kind": "provider", "provider": "tongyi", "credential": "e", "active": True,
         "config": {"api_host": "dashscope.aliyuncs.com/\u001b[31mred"}, **t},
        {"kind": "lb", "provider": "tongyi", "model": "qwen-long", "credential": "__inherit__", "active": True, "config": "x", **t},
        {"kind": "lb", "provider": None, "model": None, "credential": None, "active": "yes", **t},
        {"kind": "default", "provider": "tongyi", "model": None, **t}, {"kind": "default", "provider": None, "model": "qwen-long", **t},
        {"kind": "default", "tenant_id": None, "provider": "tongyi", "model": "qwen-long"},
        {"kind": "plugin", "tenant_id": "t1", "plugin": "langgenius/tongyi:@"}, {"kind": "plugin", "tenant_id": "t1", "plugin": ":1.0@x"},
        {"kind": "plugin", "tenant_id": "t1", "plugin": "langgenius/tongyi:0.2.19"}, {"kind": "plugin", "tenant_id": "t1", "plugin": 5},
        {"kind": "plugin", "tenant_id": "t1", "plugin": "langgenius/tongyi:0.2.19@abc"}]
open(sys.argv[1], "w").write("\n".join(json.dumps(r) for r in rows) + "\n")
PYEOF2
for f in concise human json sarif; do
	"$qwlint" --format $f --dify-export "$tmp/odd.jsonl" . >"$tmp/out" 2>&1
	rc=$?
	check "rows of odd shapes, --format $f: no crash, no raw escape" $([ $rc -le 1 ] && ! grep -q "$(printf '\033')" "$tmp/out"; echo $?)
done
"$qwlint" --resolve --dify-export "$tmp/odd.jsonl" . >"$tmp/out" 2>&1
check "rows of odd shapes, --resolve: no crash" $([ $? -le 1 ]; echo $?)

# near miss: the default model qwen-long is also a custom model of the workspace, whose own credential (no switch)
# Dify calls, not the provider's international one
cat >"$tmp/custom.jsonl" <<ROWS
{"kind": "workspace", "tenant_id": "$T1", "workspace": "Custom team"}
{"kind": "provider", "tenant_id": "$T1", "workspace": "Custom team", "provider": "$TY", "credential": "Intl", "active": true, "config": {"use_international_endpoint": "true"}}
{"kind": "model", "tenant_id": "$T1", "workspace": "Custom team", "provider": "$TY", "credential": "cn", "model": "qwen-long", "active": true, "config": {}}
{"kind": "default", "tenant_id": "$T1", "workspace": "Custom team", "provider": "$TY", "model": "qwen-long"}
ROWS
"$qwlint" --format concise --dify-export "$tmp/custom.jsonl" . >"$tmp/out" 2>&1
check "a default model that is a custom model: its own credential decides (no QW613)" $(! grep -q 'QW613' "$tmp/out"; echo $?)
sed '/"kind": "model"/d' "$tmp/custom.jsonl" >"$tmp/custom2.jsonl"
"$qwlint" --format concise --dify-export "$tmp/custom2.jsonl" . >"$tmp/out" 2>&1
check "without the custom model, the provider's international credential: QW613" $(grep -q 'default model qwen-long: .*\[QW613\]$' "$tmp/out"; echo $?)

# a saved answer of the console API: only the key's family is read from the obfuscated token (first 6 characters)
console() { printf '{"credentials": {"dashscope_api_key": "%s", "use_international_endpoint": "false"%s}}\n' \
	"$1" "${2:+, \"api_host\": \"$2\"}" >"$tmp/console.json"; }
dep "$tmp/c19" dify "$PW" 0.2.19
console 'sk-sp-************Zq'
"$qwlint" --format concise --dify-export "$tmp/console.json" . >"$tmp/out" 2>&1
check "console answer: a plan key in Tongyi (0.1.7, no api_host) is an error at line 1" \
	$(grep -q "console.json:1:1: error: workspace \"the console's current workspace\", langgenius/tongyi/tongyi: the key in use is an Alibaba Coding Plan / Token Plan key (sk-sp-…, from the console's obfuscated token), and the Tongyi plugin calls https://dashscope.aliyuncs.com/api/v1, DashScope's pay-as-you-go API, where it gets 401 \[QW612\]$" "$tmp/out"; echo $?)
check "console answer: the token is not printed" $(! grep -q 'Zq\|\*\*\*\*' "$tmp/out"; echo $?)
console 'sk-a1b************Zq'
"$qwlint" --format concise --dify-export "$tmp/console.json" . >"$tmp/out" 2>&1
check "console answer: a pay-as-you-go key: no QW612" $(! grep -q 'QW612' "$tmp/out"; echo $?)
console 'sk-sp-************Zq' llm-x3.cn-beijing.maas.aliyuncs.com
"$qwlint" --format concise --dify-export "$tmp/console.json" "$tmp/c19" >"$tmp/out" 2>&1
check "console answer: a plan key with api_host naming another host, plugin 0.2.19: no QW612" $(! grep -q 'QW612' "$tmp/out"; echo $?)
console 'sk-sp-************Zq' https://dashscope-intl.aliyuncs.com/compatible-mode/v1
"$qwlint" --format concise --dify-export "$tmp/console.json" "$tmp/c19" >"$tmp/out" 2>&1
check "console answer: a plan key with api_host naming a shared host, plugin 0.2.19: QW612" \
	$(grep -q 'and the Tongyi plugin calls https://dashscope-intl.aliyuncs.com/api/v1, .*\[QW612\]$' "$tmp/out"; echo $?)
finish dify_db
