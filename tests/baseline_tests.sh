#!/bin/sh
# --write-baseline / --baseline round trip (issue 28) on a tree that holds every kind of file qwlint reads: a
# Hermes home with auth.json findings (JSON has no comments: a baseline is the only way to set them aside), a
# home whose .env misroutes a key, an application .env, Dify app DSLs, and a settings problem (QW902). Steps:
# write the record, lint clean, lines moved and the tree named another way still clean, a new problem alone
# reported, a fixed problem reported as a stale entry (only for files the run read), --write-baseline prunes it,
# --fix and --diff leave baselined findings alone, a bad record is a usage error, and the record holds no key
# material (no 8-character slice of any key, as tests/secrets.sh defines them).
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
top=$2
. "$top/tests/secrets.sh"
step_fails=0
# ok STEP: the step's line, when nothing failed (bad) since the last step
ok() { [ "$fail" = "$step_fails" ] && echo "ok   $1"; step_fails=$fail; }
cases=$top/testdata/cases
w=$tmp/repo
mkdir -p "$w"
cp -a "$cases/qw401-two-stale-entries-one-pool/input" "$w/pool"
cp -a "$top/examples/hermes-401" "$w/h401"
rm -f "$w/h401/.qwlint.yaml"
cp -a "$cases/app-placeholder-live/input/project" "$w/app"
cp -a "$cases/dify-qw607-number-version/input" "$w/dsl"
printf 'colour: red\n' >"$w/.qwlint.yaml"
find "$w" -type f -exec chmod 0600 {} +
cd "$w" || exit 1
run() { "$qwlint" --color never -f concise "$@"; }

run . >"$tmp/all.out" 2>"$tmp/all.err"
nall=$(wc -l <"$tmp/all.out")
for want in 'pool/auth.json:.*QW401' 'h401/.env:.*QW301' 'app/.env:.*QW502' 'dsl/int.yml:.*QW607' '.qwlint.yaml:.*QW902'; do
	grep -q "$want" "$tmp/all.out" || bad "the tree lacks a finding $want (the fixture changed?)"
done

# 1. the record: exit 0, no finding shown, one entry per finding (counted)
run --write-baseline qwlint-baseline.json . >"$tmp/w.out" 2>"$tmp/w.err"
rc=$?
[ $rc = 0 ] && [ ! -s "$tmp/w.out" ] || bad "--write-baseline: exit $rc, output: $(cat "$tmp/w.out")"
grep -q "^qwlint: --write-baseline qwlint-baseline.json: $nall findings recorded" "$tmp/w.err" ||
	bad "--write-baseline's summary: $(cat "$tmp/w.err")"
python3 - "$w/qwlint-baseline.json" "$nall" <<'EOF' || bad "the baseline file's shape"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == 1, d
es = d["findings"]
assert sum(e["count"] for e in es) == int(sys.argv[2]), es
for e in es:
    assert set(e) <= {"rule", "name", "file", "path", "hash", "count"}, e
    assert len(e["hash"]) == 16 and int(e["hash"], 16) >= 0, e
paths = {(e["rule"], e["file"], e["path"]) for e in es}
assert ("QW401", "pool/auth.json", "credential_pool.alibaba-coding-plan[0].last_status") in paths or \
       any(r == "QW401" and f == "pool/auth.json" and p.startswith("credential_pool.alibaba-coding-plan[0]")
           for r, f, p in paths), paths
assert ("QW301", "h401/.env", "DASHSCOPE_API_KEY") in paths, paths
assert ("QW607", "dsl/int.yml", "version") in paths, paths
EOF
ok "--write-baseline records every finding ($nall) by rule, file, document path and hash"

# 2. lint clean against it, from here and from elsewhere (paths relative to the record, not to the cwd)
run --baseline qwlint-baseline.json . >"$tmp/b.out" 2>"$tmp/b.err"
rc=$?
[ $rc = 0 ] && [ ! -s "$tmp/b.out" ] && [ ! -s "$tmp/b.err" ] ||
	bad "--baseline on the same tree: exit $rc, $(cat "$tmp/b.out" "$tmp/b.err")"
(cd "$tmp" && "$qwlint" --color never -f concise --baseline repo/qwlint-baseline.json repo/pool "$w/h401" repo/dsl) \
	>"$tmp/b2.out" 2>"$tmp/b2.err"
rc=$?
[ $rc = 0 ] && [ ! -s "$tmp/b2.out" ] && [ ! -s "$tmp/b2.err" ] ||
	bad "--baseline from another directory and spelling: exit $rc, $(cat "$tmp/b2.out" "$tmp/b2.err")"
run -j 1 --baseline qwlint-baseline.json . >"$tmp/b3.out" 2>&1 && [ ! -s "$tmp/b3.out" ] ||
	bad "--baseline with -j 1: $(cat "$tmp/b3.out")"
ok "--baseline: the same tree lints clean (any cwd, any spelling, any -j)"

# 3. lines moved above the findings do not make them new
for f in pool/auth.json h401/config.yaml dsl/int.yml; do
	{ printf '\n\n\n'; cat "$f"; } >"$f.new" && mv "$f.new" "$f" && chmod 600 "$f"
done
{ printf '# a comment\n\n'; cat app/.env; } >app/.env.new && mv app/.env.new app/.env && chmod 600 app/.env
run --baseline qwlint-baseline.json . >"$tmp/m.out" 2>"$tmp/m.err"
rc=$?
[ $rc = 0 ] && [ ! -s "$tmp/m.out" ] && [ ! -s "$tmp/m.err" ] ||
	bad "lines moved: exit $rc, $(cat "$tmp/m.out" "$tmp/m.err")"
ok "--baseline: findings whose lines moved still match"

# 4. a new problem is reported alone: a second misrouting home, and a new number version in a DSL
cp -a "$top/examples/hermes-401" new401
rm -f new401/.qwlint.yaml
chmod 600 new401/.env
cp dsl/int.yml dsl/int2.yml
run --baseline qwlint-baseline.json . >"$tmp/n.out" 2>"$tmp/n.err"
rc=$?
[ $rc = 1 ] || bad "a new problem: exit $rc (expected 1)"
[ "$(grep -c . "$tmp/n.out")" = 2 ] && grep -q '^new401/.env:2:19: error: .*QW301' "$tmp/n.out" &&
	grep -q '^dsl/int2.yml:.*QW607' "$tmp/n.out" || bad "a new problem: the output is $(cat "$tmp/n.out")"
[ ! -s "$tmp/n.err" ] || bad "a new problem: stderr $(cat "$tmp/n.err")"
ok "--baseline: only the new findings are reported (exit 1)"
rm -rf new401 dsl/int2.yml

# 5. fix an old one: its entry is stale, named on stderr, and the exit status stays 0
sed 's/^ALIBABA_CODING_PLAN_API_KEY=.*/# moved/' pool/.env >pool/.env.new && mv pool/.env.new pool/.env
chmod 600 pool/.env
sed 's/"last_status": "dead"/"last_status": "ok"/' pool/auth.json >pool/a.new && mv pool/a.new pool/auth.json
chmod 600 pool/auth.json
run --baseline qwlint-baseline.json . >"$tmp/s.out" 2>"$tmp/s.err"
rc=$?
grep -q "^qwlint: warning: --baseline qwlint-baseline.json: [0-9]* entr.* no longer match" "$tmp/s.err" &&
	grep -q '^  QW401 pool/auth.json credential_pool' "$tmp/s.err" || bad "a stale entry: stderr $(cat "$tmp/s.err")"
grep -q 'h401\|app/\|dsl/' "$tmp/s.err" && bad "entries of unchanged files called stale: $(cat "$tmp/s.err")"
nstale=$(sed -n 's/.*: \([0-9]*\) entr.* no longer match.*/\1/p' "$tmp/s.err")
# entries of files the run does not read are not stale
run --baseline qwlint-baseline.json h401 dsl >"$tmp/s2.out" 2>"$tmp/s2.err"
[ $? = 0 ] && [ ! -s "$tmp/s2.err" ] || bad "stale entries reported for files not linted: $(cat "$tmp/s2.err")"
ok "--baseline: a fixed finding's entry is reported stale ($nstale, exit $rc), only for files the run read"

# 6. --write-baseline prunes the stale entries and keeps those of files it did not read
n0=$(grep -c '"rule"' qwlint-baseline.json)
run --write-baseline qwlint-baseline.json pool >/dev/null 2>"$tmp/p.err"
grep -q "recorded, $nstale entr[a-z]* pruned" "$tmp/p.err" || bad "pruning: $(cat "$tmp/p.err")"
grep -q '"file":	"h401/.env"' qwlint-baseline.json && grep -q '"file":	"dsl/int.yml"' qwlint-baseline.json ||
	bad "pruning dropped entries of files it did not read"
run --baseline qwlint-baseline.json . >"$tmp/p2.out" 2>"$tmp/p2.err"
[ $? = 0 ] && [ ! -s "$tmp/p2.out" ] && [ ! -s "$tmp/p2.err" ] ||
	bad "after pruning: $(cat "$tmp/p2.out" "$tmp/p2.err")"
ok "--write-baseline prunes stale entries ($n0 entries before) and keeps other files' entries"

# 7. --fix and --diff leave a baselined finding alone (ruff: a suppressed finding is not fixed)
cp dsl/float.yml dsl/keep.yml
run --write-baseline qwlint-baseline.json . >/dev/null 2>&1
cp dsl/float.yml dsl/fixme.yml
"$qwlint" --color never --baseline qwlint-baseline.json --diff dsl >"$tmp/d.out" 2>&1
rc=$?
[ $rc = 1 ] && grep -q '^+++ .*dsl/fixme.yml' "$tmp/d.out" && ! grep -q 'keep.yml\|float.yml\|int.yml' "$tmp/d.out" ||
	bad "--diff with a baseline: exit $rc, $(cat "$tmp/d.out")"
cp dsl/keep.yml "$tmp/keep.before"
run --baseline qwlint-baseline.json --fix dsl >"$tmp/f.out" 2>&1
cmp -s dsl/keep.yml "$tmp/keep.before" || bad "--fix repaired a baselined finding"
grep -q '^version: .0\.1.$\|^version: "0\.1"$' dsl/fixme.yml || bad "--fix did not repair the new finding: $(grep version dsl/fixme.yml)"
ok "--fix and --diff repair only what the baseline does not hold"

# 8. usage errors: both options, a record that is not one, --write-baseline with --fix
"$qwlint" --baseline a.json --write-baseline b.json . >/dev/null 2>&1; [ $? = 2 ] || bad "both options: not exit 2"
echo '{"version": 2}' >bad.json
"$qwlint" --baseline bad.json . >/dev/null 2>"$tmp/u.err"; rc=$?
[ $rc = 2 ] && grep -q 'not a qwlint baseline' "$tmp/u.err" || bad "a bad record: exit $rc, $(cat "$tmp/u.err")"
"$qwlint" --baseline missing.json . >/dev/null 2>&1; [ $? = 2 ] || bad "a missing record: not exit 2"
"$qwlint" --write-baseline x.json --fix . >/dev/null 2>&1; [ $? = 2 ] || bad "--write-baseline --fix: not exit 2"
ok "usage errors exit 2"

# 9. no key material in the record: every 8-character slice of every key of the inputs
{ key_tokens "$cases/qw401-two-stale-entries-one-pool/input"; key_tokens "$top/examples/hermes-401"
	key_tokens "$cases/app-placeholder-live/input"; key_tokens "$cases/dify-qw607-number-version/input"; } |
	sort -u >"$tmp/keys"
[ -s "$tmp/keys" ] || bad "no keys found in the inputs (the leak check would check nothing)"
key_slices "$top/rules/keys.yaml" "$tmp/keys" >"$tmp/slices"
if grep -F -f "$tmp/slices" qwlint-baseline.json >"$tmp/leak"; then
	bad "the baseline holds key material: $(cat "$tmp/leak")"
else
	ok "the baseline holds no slice of any key ($(wc -l <"$tmp/keys") keys, $(wc -l <"$tmp/slices") slices)"
fi
finish baseline
