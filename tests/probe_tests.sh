#!/bin/sh
# qwlint --probe against tests/probe_mock.py: a loopback mock of Alibaba's DashScope, Coding Plan and Token Plan
# hosts answering as providers.md §1.3/§1.4 say they do (TLS with a throwaway CA; qwlint reaches it through
# --probe-resolve and --cacert, so nothing leaves the machine). Each case's expected findings are worked out
# below from that matrix: which host takes which key, and what it answers the others. Every output format is
# checked for key material, and the mock's log for what was sent and how often.
# Skipped (exit 77) without python3 or openssl.
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
src=$(cd "$2" && pwd)
need python3
need openssl
unset http_proxy https_proxy HTTPS_PROXY HTTP_PROXY ALL_PROXY all_proxy NO_PROXY no_proxy
mock=$tmp/mock
pid=
at_exit '[ -n "$pid" ] && kill "$pid" 2>/dev/null'

# made-up keys of the real shapes; the mock issued the first five
KCN=sk-sp-1a2b3c4d5e6f708192a3b4c5d6e7f801   # Coding Plan, mainland
KINTL=sk-sp-9f8e7d6c5b4a39281706f5e4d3c2b1a0 # Coding Plan, international
KTOK=sk-sp-0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f  # Token Plan, mainland
KPCN=sk-4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e     # pay-as-you-go, mainland
KPINTL=sk-7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d   # pay-as-you-go, international
KQ=sk-sp-3c3d3e3f4a4b4c4d4e4f5a5b5c5d5e5f    # quota spent
KDEAD=sk-sp-5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b # issued by no one (revoked, mistyped)
KMOON=sk-Zq8Wm3Rt6Yp1Lk4Hs7Dv2Nb5Xc9Gf0Ja3Ue6Io8Pa1Sd4Fg7Hj  # Moonshot open platform, mainland
KKIMI=sk-kimi-Rw7Tq2Lp9Xm4Vb6Nc1Zs8Hd3Jf5Kg0Ya          # Kimi Code
KGLM=4f1e2d3c5b6a79880a1b2c3d4e5f6a7b.Xq7Wm2Rt9Lp4Kd8N    # Zhipu, mainland (bigmodel.cn)
KDS=sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0                  # DeepSeek: no probe request
KEX=$(sed -n 's/^DASHSCOPE_API_KEY=//p' "$src/testdata/examples/QW110/before/.env") # --explain QW110's key
mkdir -p "$mock"
cat >"$tmp/keys" <<EOF
$KCN coding cn
$KINTL coding intl
$KTOK token cn
$KPCN payg cn
$KPINTL payg intl
$KQ quota
$KEX coding cn
$KMOON moonshot cn
$KKIMI kimi-code global
$KGLM zhipu cn
EOF
python3 "$src/tests/probe_mock.py" --dir "$mock" --keys "$tmp/keys" &
pid=$!
i=0
while [ ! -s "$mock/ports" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$mock/ports" ] || { bad "the mock did not start"; finish "probe tests"; }
port() { awk -v m="$1" '$1 == m { print $2 }' "$mock/ports"; }
NORMAL=$(port normal)
# every host goes to the mock ($ANY, last); a case puts a host on another listener before it (as in curl's
# --connect-to, the first entry that matches wins)
P="--probe --cacert $mock/ca.pem"
ANY="--probe-resolve *:443:127.0.0.1:$NORMAL"
to() { # HOST MODE: a --probe-resolve option sending HOST to the MODE listener
	echo "--probe-resolve $1:443:127.0.0.1:$(port "$2")"
}

# home NAME KEY [config.yaml text]: a Hermes home with DASHSCOPE_API_KEY=KEY in .env; the current directory
home() {
	rm -rf "$tmp/$1" && mkdir -p "$tmp/$1" && cd "$tmp/$1" || exit 1
	printf 'DASHSCOPE_API_KEY=%s\n' "$2" >.env && chmod 600 .env
	printf '%s' "${3:-}" >config.yaml
}
AUTO='model:
  default: qwen3.6-plus
  provider: auto
'
CUSTOM_CN='model:
  default: qwen3-coder-plus
  provider: custom
  base_url: https://coding.dashscope.aliyuncs.com/v1
  api_key: ${DASHSCOPE_API_KEY}
'
ALIBABA='model:
  provider: alibaba
  default: qwen-plus
'
# expect NAME EXIT [qwlint args...] <<EOF expected lines: run qwlint (concise) on ., compare output and status;
# then every format of the same run must hold no slice of any key
expect() {
	name=$1
	want_rc=$2
	shift 2
	cat >"$tmp/want"
	# shellcheck disable=SC2086
	"$qwlint" --format concise --color never "$@" . >"$tmp/out" 2>&1
	rc=$?
	if ! diff -u "$tmp/want" "$tmp/out" >"$tmp/diff" || [ "$rc" != "$want_rc" ]; then
		bad "$name (exit $rc, want $want_rc):"
		cat "$tmp/diff"
	else
		check "$name" 0
	fi
	for fmt in human json sarif github; do
		"$qwlint" --format "$fmt" --color never "$@" . >"$tmp/fmt" 2>&1
		for k in $KCN $KINTL $KTOK $KPCN $KPINTL $KQ $KDEAD $KMOON $KKIMI $KGLM $KDS; do
			if grep -q -F -e "$(echo "$k" | cut -c7-14)" -e "$(echo "$k" | cut -c15-22)" "$tmp/fmt"; then
				bad "$name: --format $fmt shows a key"
			fi
		done
	done
}
# human NAME [qwlint args...]: the human format of a run into $tmp/human (the steps are checked with grep)
human() {
	shift
	"$qwlint" --format human --color never "$@" . >"$tmp/human" 2>&1
}
has() { # NAME TEXT: $tmp/human holds the line TEXT
	check "$1" "$(grep -q -F -x -e "$2" "$tmp/human"; echo $?)"
}
requests() { # how many requests the mock logged
	if [ -f "$mock/log" ]; then wc -l <"$mock/log" | tr -d ' '; else echo 0; fi
}

# --- the seed case: provider auto, a mainland Coding Plan key in DASHSCOPE_API_KEY (issue 9's "done when").
# alibaba is auto's pick: dashscope-intl answers an sk-sp- key 401 invalid_api_key (a plan key on pay-as-you-go);
# of the hosts an sk-sp- key can belong to, coding.dashscope answers 405 "Coding Agents" (authenticated),
# coding-intl 401 "invalid access token", the three token-plan hosts (two on aliyuncs.com, QwenCloud's) 401
# InvalidApiKey. Pay-as-you-go hosts other than the configured one are not asked: sk-sp- keys hold no
# pay-as-you-go plan.
home seed "$KCN" "$AUTO"
expect "seed: auto, mainland Coding Plan key" 1 $P $ANY <<EOF
.env:1:19: error: --probe: https://dashscope-intl.aliyuncs.com/compatible-mode/v1 rejects this key (sk-sp-…f801) (invalid_api_key); https://coding.dashscope.aliyuncs.com/v1 accepts it: a mainland China Coding Plan key [QW110]
.env:1:19: error: provider auto sends this Alibaba Coding Plan / Token Plan key (sk-sp-…f801) to https://dashscope-intl.aliyuncs.com/compatible-mode/v1, which cannot accept it [QW301]
EOF
human seed $P $ANY
has "seed: configured endpoint's step" "  = why: GET https://dashscope-intl.aliyuncs.com/compatible-mode/v1/models (the configured endpoint): HTTP 401 invalid_api_key: rejected (wrong plan)"
has "seed: coding's step" "  = why: POST https://coding.dashscope.aliyuncs.com/v1/chat/completions: HTTP 405 Coding Agents only: accepted (coding agents only)"
has "seed: coding-intl's step" "  = why: POST https://coding-intl.dashscope.aliyuncs.com/v1/chat/completions: HTTP 401 invalid access token or token expired: rejected (wrong key or region)"
has "seed: token-plan's step" "  = why: POST https://token-plan.cn-beijing.maas.aliyuncs.com/compatible-mode/v1/chat/completions: HTTP 401 InvalidApiKey: rejected (wrong key or region)"
has "seed: the repair is safe now" "  = fix: --probe: https://coding.dashscope.aliyuncs.com/v1 accepts the key (a mainland China Coding Plan key); in config.yaml set model.provider: custom, model.base_url: https://coding.dashscope.aliyuncs.com/v1 and model.api_key: \${DASHSCOPE_API_KEY}"
# one request per (key, endpoint) for the whole run: 6 hosts, whatever the formats and passes
: >"$mock/log"
"$qwlint" $P $ANY --fix . >"$tmp/out" 2>&1
check "seed: --fix --probe exits 0" $?
check "seed: --fix --probe writes the mainland Coding Plan form (safe, no --unsafe-fixes)" "$(cmp -s config.yaml - <<'EOF'
model:
  default: qwen3.6-plus
  provider: custom
  base_url: https://coding.dashscope.aliyuncs.com/v1
  api_key: ${DASHSCOPE_API_KEY}
EOF
echo $?)"
check "seed: each endpoint asked once over --fix's passes (6 requests)" "$([ "$(requests)" = 6 ]; echo $?)"
check "seed: each host once" "$([ "$(awk '{print $3}' "$mock/log" | sort | uniq -d | wc -l)" = 0 ]; echo $?)"
check "seed: every request carried an issued key as Bearer" "$([ "$(grep -c 'auth=issued' "$mock/log")" = 6 ]; echo $?)"
check "seed: the User-Agent says qwlint --probe" "$([ "$(grep -c 'ua=qwlint/[0-9.]*%20(--probe)' "$mock/log")" = 6 ]; echo $?)"
expect "seed after --fix --probe: the key works where it is sent" 0 $P $ANY <<EOF
.env:1:19: info: --probe: https://coding.dashscope.aliyuncs.com/v1 accepts this key (sk-sp-…f801): a mainland China Coding Plan key [QW110]
EOF
# the same seed, without --probe: no request at all, and the repair stays a guess
home seed2 "$KCN" "$AUTO"
: >"$mock/log"
"$qwlint" --fix . >/dev/null 2>&1
check "without --probe, --fix sends nothing" "$([ "$(requests)" = 0 ]; echo $?)"
check "without --probe, the region guess is not applied" "$(printf '%s' "$AUTO" | cmp -s config.yaml -; echo $?)"

# --- a mainland Token Plan key under auto: only token-plan.cn-beijing takes it; the repair uses that host
home token "$KTOK" "$AUTO"
expect "auto, mainland Token Plan key" 1 $P $ANY <<EOF
.env:1:19: error: --probe: https://dashscope-intl.aliyuncs.com/compatible-mode/v1 rejects this key (sk-sp-…4e5f) (invalid_api_key); https://token-plan.cn-beijing.maas.aliyuncs.com/compatible-mode/v1 accepts it: a mainland China Token Plan key [QW110]
.env:1:19: error: provider auto sends this Alibaba Coding Plan / Token Plan key (sk-sp-…4e5f) to https://dashscope-intl.aliyuncs.com/compatible-mode/v1, which cannot accept it [QW301]
EOF
"$qwlint" $P $ANY --fix . >/dev/null 2>&1
check "token: --fix --probe writes the token-plan host" "$(grep -q -x '  base_url: https://token-plan.cn-beijing.maas.aliyuncs.com/compatible-mode/v1' config.yaml; echo $?)"

# --- provider alibaba, a mainland pay-as-you-go key, no base URL: the registry default is dashscope-intl, which
# answers 401 invalid_api_key; dashscope (mainland) answers 200; dashscope-us and cn-hongkong 401. The plan hosts
# are not asked: they take sk-sp- keys only. QW103 is certain now (an error at the provider line, where the
# request's endpoint is chosen); its repair sets DASHSCOPE_BASE_URL in .env.
home payg "$KPCN" "$ALIBABA"
expect "alibaba, mainland pay-as-you-go key on the intl default" 1 $P $ANY <<EOF
.env:1:19: error: --probe: https://dashscope-intl.aliyuncs.com/compatible-mode/v1 rejects this key (…8d9e) (invalid_api_key); https://dashscope.aliyuncs.com/compatible-mode/v1 accepts it: a mainland China pay-as-you-go key [QW110]
config.yaml:2:13: error: …8d9e is a mainland China pay-as-you-go key (--probe), but it is sent to https://dashscope-intl.aliyuncs.com/compatible-mode/v1, an international (Singapore) endpoint [QW103]
EOF
"$qwlint" $P $ANY --fix . >/dev/null 2>&1
check "payg: --fix --probe sets DASHSCOPE_BASE_URL" "$(printf 'DASHSCOPE_API_KEY=%s\nDASHSCOPE_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n' "$KPCN" | cmp -s .env -; echo $?)"
expect "payg after the repair" 0 $P $ANY <<EOF
.env:1:19: info: --probe: https://dashscope.aliyuncs.com/compatible-mode/v1 accepts this key (…8d9e): a mainland China pay-as-you-go key [QW110]
EOF
# the same with the intl URL written in .env: QW103 points at it, and the repair changes the host there only
home payg2 "$KPCN" "$ALIBABA"
printf 'DASHSCOPE_BASE_URL=https://dashscope-intl.aliyuncs.com/compatible-mode/v1\n' >>.env
expect "alibaba, mainland key, intl URL in .env" 1 $P $ANY <<EOF
.env:1:19: error: --probe: https://dashscope-intl.aliyuncs.com/compatible-mode/v1 rejects this key (…8d9e) (invalid_api_key); https://dashscope.aliyuncs.com/compatible-mode/v1 accepts it: a mainland China pay-as-you-go key [QW110]
.env:2:20: error: …8d9e is a mainland China pay-as-you-go key (--probe), but it is sent to https://dashscope-intl.aliyuncs.com/compatible-mode/v1, an international (Singapore) endpoint [QW103]
EOF
"$qwlint" $P $ANY --fix . >/dev/null 2>&1
check "payg2: --fix --probe changes only the host" "$(printf 'DASHSCOPE_API_KEY=%s\nDASHSCOPE_BASE_URL=https://dashscope.aliyuncs.com/compatible-mode/v1\n' "$KPCN" | cmp -s .env -; echo $?)"

# --- near misses: the configured endpoint takes the key. Only QW110's info, exit 0, and --region cannot
# override what the endpoint said (QW103 stays silent)
home good "$KCN" "$CUSTOM_CN"
expect "custom mainland Coding Plan endpoint, mainland key" 0 $P $ANY <<EOF
.env:1:19: info: --probe: https://coding.dashscope.aliyuncs.com/v1 accepts this key (sk-sp-…f801): a mainland China Coding Plan key [QW110]
EOF
expect "the probe outweighs --region intl" 0 $P $ANY --region intl <<EOF
.env:1:19: info: --probe: https://coding.dashscope.aliyuncs.com/v1 accepts this key (sk-sp-…f801): a mainland China Coding Plan key [QW110]
EOF
home good2 "$KPINTL" "$ALIBABA"
expect "alibaba's intl default, intl pay-as-you-go key" 0 $P $ANY <<EOF
.env:1:19: info: --probe: https://dashscope-intl.aliyuncs.com/compatible-mode/v1 accepts this key (…3c2d): an international (Singapore) pay-as-you-go key [QW110]
EOF
# alibaba-coding-plan's coding-intl default with an international key: QW307's region warning is settled
home good3 "$KINTL" 'model:
  provider: alibaba-coding-plan
  default: qwen3-coder-plus
'
expect "alibaba-coding-plan, intl key" 0 $P $ANY <<EOF
.env:1:19: info: --probe: https://coding-intl.dashscope.aliyuncs.com/v1 accepts this key (sk-sp-…b1a0): an international (Singapore) Coding Plan key [QW110]
EOF
# ... and with a mainland key QW307 becomes an error whose repair is safe (QW103 leaves it to QW307)
home cp307 "$KCN" 'model:
  provider: alibaba-coding-plan
  default: qwen3-coder-plus
'
expect "alibaba-coding-plan, mainland key" 1 $P $ANY <<EOF
.env:1:19: error: --probe: https://coding-intl.dashscope.aliyuncs.com/v1 rejects this key (sk-sp-…f801) (invalid access token or token expired); https://coding.dashscope.aliyuncs.com/v1 accepts it: a mainland China Coding Plan key [QW110]
config.yaml:2:13: error: alibaba-coding-plan with no base URL goes to the international endpoint https://coding-intl.dashscope.aliyuncs.com/v1; a mainland Coding Plan key gets 401 there [QW307]
EOF
"$qwlint" $P $ANY --fix . >/dev/null 2>&1
check "cp307: --fix --probe sets the mainland base URL (safe)" "$(tail -n 1 .env | grep -q -x 'ALIBABA_CODING_PLAN_BASE_URL=https://coding.dashscope.aliyuncs.com/v1'; echo $?)"

# --- a key no host takes: every candidate rejects it
home dead "$KDEAD" "$CUSTOM_CN"
expect "a key issued by no one" 1 $P $ANY <<EOF
.env:1:19: error: --probe: no alibaba endpoint accepts this key (sk-sp-…9a0b): it is revoked, expired or mistyped, or of a plan or region qwlint does not ask [QW110]
EOF
# --- keys that are not asked about: nothing is sent, and QW110 says why (an info). A blank inside the key: Hermes
# strips only the ends. (A zero-width space in a *_API_KEY that reaches the custom endpoint through os.environ is
# dropped by Hermes's credential sanitiser, and the clean key is asked about: qw105-zero-width-space-custom.)
home spaced "$KCN" "$CUSTOM_CN"
printf 'DASHSCOPE_API_KEY="%s x"\n' "$KCN" >.env
: >"$mock/log"
"$qwlint" --format concise --color never $P $ANY . >"$tmp/out" 2>&1
check "a key with a space: not sent" "$([ "$(requests)" = 0 ]; echo $?)"
check "a key with a space: QW110 says why" "$(grep -q 'info: --probe did not ask about this key (.*): the key holds white space, a control or a non-ASCII character \[QW110\]$' "$tmp/out"; echo $?)"
home deepseek "$KCN" 'model:
  default: deepseek-chat
  provider: custom
  base_url: https://api.deepseek.com/v1
  api_key: ${DEEPSEEK_API_KEY}
'
printf 'DEEPSEEK_API_KEY=%s\n' "$KDS" >.env
: >"$mock/log"
expect "a vendor without a probe request" 0 $P $ANY <<EOF
.env:1:18: info: --probe did not ask about this key (…e1f0): qwlint has no probe request for deepseek's endpoints yet (rules/probe.yaml) [QW110]
EOF
check "deepseek: not sent" "$([ "$(requests)" = 0 ]; echo $?)"

# --- Moonshot (§3): a mainland open-platform key sent to api.moonshot.ai, which answers 401 "Invalid
# Authentication"; api.moonshot.cn answers 200. api.kimi.com is not asked: it takes sk-kimi- keys only.
home moonshot "$KMOON" 'model:
  default: kimi-k2.5
  provider: custom
  base_url: https://api.moonshot.ai/v1
  api_key: ${MOONSHOT_API_KEY}
'
printf 'MOONSHOT_API_KEY=%s\n' "$KMOON" >.env
: >"$mock/log"
expect "moonshot: a mainland key on .ai" 1 $P $ANY <<EOF
.env:1:18: error: --probe: https://api.moonshot.ai/v1 rejects this key (…g7Hj) (Invalid Authentication); https://api.moonshot.cn/v1 accepts it: a mainland China pay-as-you-go key [QW110]
config.yaml:4:13: error: …g7Hj is a mainland China pay-as-you-go key (--probe), but it is sent to https://api.moonshot.ai/v1, an international endpoint [QW103]
EOF
: >"$mock/log"
"$qwlint" $P $ANY . >/dev/null 2>&1
check "moonshot: two hosts asked" "$([ "$(requests)" = 2 ]; echo $?)"
"$qwlint" $P $ANY --fix . >/dev/null 2>&1
check "moonshot: --fix --probe writes the .cn host" "$(grep -q -x '  base_url: https://api.moonshot.cn/v1' config.yaml; echo $?)"
# Kimi Code (§3): 403 "only available for Coding Agents" proves the key; only api.kimi.com is asked
home kimi "$KKIMI" 'model:
  default: kimi-for-coding
  provider: custom
  base_url: https://api.kimi.com/coding/v1
  api_key: ${KIMI_API_KEY}
'
printf 'KIMI_API_KEY=%s\n' "$KKIMI" >.env
: >"$mock/log"
expect "kimi code: accepted" 0 $P $ANY <<EOF
.env:1:14: info: --probe: https://api.kimi.com/coding/v1 accepts this key (sk-kimi…g0Ya): a global Kimi Code key [QW110]
EOF
: >"$mock/log"
"$qwlint" $P $ANY . >/dev/null 2>&1
check "kimi code: one host asked" "$([ "$(requests)" = 1 ]; echo $?)"
# Zhipu (§4): a bigmodel.cn key sent to api.z.ai, which answers 401 code 1002; open.bigmodel.cn answers 200
home zhipu "$KGLM" 'model:
  default: glm-5
  provider: custom
  base_url: https://api.z.ai/api/paas/v4
  api_key: ${GLM_API_KEY}
'
printf 'GLM_API_KEY=%s\n' "$KGLM" >.env
expect "zhipu: a mainland key on z.ai" 1 $P $ANY <<EOF
.env:1:13: error: --probe: https://api.z.ai/api/paas/v4 rejects this key (…Kd8N) (1002); https://open.bigmodel.cn/api/paas/v4 accepts it: a mainland China zhipu key [QW110]
config.yaml:4:13: error: …Kd8N is a mainland China zhipu key (--probe), but it is sent to https://api.z.ai/api/paas/v4, an international endpoint [QW103]
EOF

# --- quota spent: authenticated, a warning
home quota "$KQ" "$CUSTOM_CN"
expect "quota spent" 0 $P $ANY <<EOF
.env:1:19: warning: --probe: https://coding.dashscope.aliyuncs.com/v1 takes this key (sk-sp-…5e5f), a mainland China Coding Plan key, but its quota is spent [QW110]
EOF

# --- a host that hangs: the timeout ends it, the other answers still count (the seed key: coding hangs, so no
# endpoint is left that takes the key; dashscope-intl, coding-intl and the three token-plan hosts reject it)
home hang "$KCN" "$AUTO"
start=$(date +%s)
expect "a host that hangs" 1 $P $(to coding.dashscope.aliyuncs.com hang) $ANY --probe-timeout 2 <<EOF
.env:1:19: warning: --probe could not settle where this key (sk-sp-…f801) works: 0 endpoints accepted it, 5 rejected it, 1 gave no usable answer [QW110]
.env:1:19: error: provider auto sends this Alibaba Coding Plan / Token Plan key (sk-sp-…f801) to https://dashscope-intl.aliyuncs.com/compatible-mode/v1, which cannot accept it [QW301]
EOF
check "the hang costs the timeout, not the mock's 60 s (5 runs)" "$([ $(($(date +%s) - start)) -lt 40 ]; echo $?)"
human hang $P $(to coding.dashscope.aliyuncs.com hang) $ANY --probe-timeout 2
has "hang: the step says so" "  = why: POST https://coding.dashscope.aliyuncs.com/v1/chat/completions: no answer (Timeout was reached): unreachable"

# --- TLS: a certificate from another CA is refused; the key is proven mainland Coding Plan by coding.dashscope
home tls "$KCN" "$AUTO"
human tls $P $(to dashscope-intl.aliyuncs.com badcert) $ANY
has "tls: refused" "  = why: GET https://dashscope-intl.aliyuncs.com/compatible-mode/v1/models (the configured endpoint): no answer (SSL peer certificate or SSH remote key was not OK): unreachable"
has "tls: the finding" "warning[QW110]: --probe could not settle where this key (sk-sp-…f801) works: 1 endpoint accepted it, 4 rejected it, 1 gave no usable answer"
# without --cacert the mock's CA is unknown: every request fails verification, nothing is taken as an answer
"$qwlint" --format human --color never --probe --probe-resolve "*:443:127.0.0.1:$NORMAL" . >"$tmp/human" 2>&1
check "tls: the system CAs do not trust the mock" "$([ "$(grep -c 'no answer (SSL peer certificate or SSH remote key was not OK): unreachable' "$tmp/human")" = 6 ]; echo $?)"

# --- redirects are not followed, huge answers are cut off, garbage and 503 are read by status alone
home odd "$KCN" "$AUTO"
: >"$mock/log"
human odd $P $(to dashscope-intl.aliyuncs.com redirect) $(to coding.dashscope.aliyuncs.com huge) \
	$(to coding-intl.dashscope.aliyuncs.com garbage) $(to token-plan.ap-southeast-1.maas.aliyuncs.com e503) $ANY
has "redirect" "  = why: GET https://dashscope-intl.aliyuncs.com/compatible-mode/v1/models (the configured endpoint): HTTP 302: redirect (not followed)"
has "huge" "  = why: POST https://coding.dashscope.aliyuncs.com/v1/chat/completions: HTTP 200 answer cut off after 1 MiB: accepted"
has "garbage" "  = why: POST https://coding-intl.dashscope.aliyuncs.com/v1/chat/completions: HTTP 401: rejected (wrong key or region)"
has "503" "  = why: POST https://token-plan.ap-southeast-1.maas.aliyuncs.com/compatible-mode/v1/chat/completions: HTTP 503: unrecognised answer"
has "odd: the finding" "warning[QW110]: --probe could not settle where this key (sk-sp-…f801) works: 1 endpoint accepted it, 3 rejected it, 2 gave no usable answer"
check "odd: one request per host" "$([ "$(requests)" = 6 ]; echo $?)"
check "odd: the redirect was not followed (no request for its /stolen target)" "$(! grep -q ' /stolen ' "$mock/log"; echo $?)"

# --- two homes with the same key, -j 2: still one request per endpoint
home twin "$KCN" "$AUTO"
cd "$tmp" && rm -rf twins && mkdir twins && cp -r seed2 twins/a && cp -r seed2 twins/b && cd twins
: >"$mock/log"
"$qwlint" $P $ANY -j 2 a b >/dev/null 2>&1
check "two homes, one key: 6 requests" "$([ "$(requests)" = 6 ]; echo $?)"

# --- --explain QW110's example: before/ is the seed (an error), --fix --probe gives after/, which is accepted
rm -rf "$tmp/ex" && cp -r "$src/testdata/examples/QW110" "$tmp/ex" && chmod 600 "$tmp/ex/before/.env" "$tmp/ex/after/.env"
cd "$tmp/ex/before" || exit 1
"$qwlint" --format concise --color never $P $ANY . >"$tmp/out" 2>&1
check "example QW110: before/ raises QW110 as an error" "$(grep -q ': error: --probe: .* accepts it: a mainland China Coding Plan key \[QW110\]$' "$tmp/out"; echo $?)"
"$qwlint" $P $ANY --fix --no-backup . >/dev/null 2>&1
check "example QW110: --fix --probe gives after/" "$(diff -r -x auth.lock "$tmp/ex/after" . >/dev/null; echo $?)"
cd "$tmp/ex/after" || exit 1
"$qwlint" --format concise --color never $P $ANY . >"$tmp/out" 2>&1
check "example QW110: after/ raises only QW110's info" "$([ "$(wc -l <"$tmp/out")" = 1 ] && grep -q ': info: --probe: .* accepts this key' "$tmp/out"; echo $?)"

# --- options
"$qwlint" --probe-resolve nonsense . >"$tmp/out" 2>&1
check "--probe-resolve checks its form" "$([ $? = 2 ] && grep -q 'expected HOST:PORT:ADDR' "$tmp/out"; echo $?)"
"$qwlint" --cacert "$mock/ca.pem" . >"$tmp/out" 2>&1
check "--cacert needs --probe" "$([ $? = 2 ] && grep -q 'only with --probe' "$tmp/out"; echo $?)"
"$qwlint" --probe --probe-timeout 0 . >"$tmp/out" 2>&1
check "--probe-timeout checks its range" "$([ $? = 2 ]; echo $?)"

# --- the mock's log never holds a key (it is told not to; this checks the test's own instrument too)
for k in $KCN $KINTL $KTOK $KPCN $KPINTL $KQ $KDEAD $KMOON $KKIMI $KGLM $KDS; do
	check "mock log holds no key" "$(! grep -q -F "$k" "$mock/log" 2>/dev/null; echo $?)"
done

finish "probe tests"
