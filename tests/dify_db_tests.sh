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
run "$bin/initdb" -D "$pg/data" -U dify --auth=scram-sha-256 --pwfile="$pg/pw" >"$tmp/initdb.log" 2>&1 ||
	{ cat "$tmp/initdb.log"; bad "initdb"; finish dify_db; }
run "$bin/pg_ctl" -D "$pg/data" -l "$pg/log" -w -o "-c listen_addresses= -c unix_socket_directories=$pg -p 5432" \
	start >/dev/null 2>&1 || { cat "$pg/log"; bad "pg_ctl start"; finish dify_db; }
at_exit "run '$bin/pg_ctl' -D '$pg/data' -m immediate stop >/dev/null 2>&1"
export PGPASSWORD="$PW"
sql() { psql -X -q -v ON_ERROR_STOP=1 -h "$pg" -p 5432 -U dify -d "$1" -c "$2"; }
sql postgres "CREATE DATABASE dify" && sql postgres "CREATE DATABASE good" && sql postgres "CREATE DATABASE old" ||
	{ bad "create databases"; finish dify_db; }

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
"
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
c() { printf '%08d-0000-4000-8000-000000000000' "$1"; }
oc() { printf '{"api_key": "%s", "endpoint_url": "%s", "mode": "chat", "context_size": "4096"}' "$K2" "$1"; }
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
} >"$tmp/dify.sql"
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
dep() { # dep DIR DATABASE PASSWORD TONGYI_VERSION
	mkdir -p "$1/volumes/plugin_daemon/cwd/langgenius/tongyi-$4@0123"
	printf 'PLUGIN_DAEMON_URL=http://plugin_daemon:5002\nDB_HOST=%s\nDB_PORT=5432\nDB_USERNAME=dify\nDB_PASSWORD=%s\nDB_DATABASE=%s\n' \
		"$pg" "$3" "$2" >"$1/.env"
	printf 'version: %s\ntype: plugin\nauthor: langgenius\nname: tongyi\n' "$4" \
		>"$1/volumes/plugin_daemon/cwd/langgenius/tongyi-$4@0123/manifest.yaml"
}
dep "$tmp/d" dify "$PW" 0.1.7
cd "$tmp/d" || exit 1
"$qwlint" --format concise --dify-db auto . >"$tmp/out" 2>"$tmp/err"
rc=$?
cat >"$tmp/want" <<'WANT'
dify-db:dify:1:1: info: workspace "Compat team": no model-provider credential: nothing here for qwlint to check, and no model its apps could call with a key of its own [QW611]
WANT
grep -E 'QW6(09|10|11)' "$tmp/out" >"$tmp/got"
if ! cmp -s "$tmp/want" "$tmp/got"; then diff "$tmp/want" "$tmp/got"; bad "the findings via --dify-db"; fi
cat "$tmp/out" "$tmp/err"
echo "rc=$rc"
finish dify_db
