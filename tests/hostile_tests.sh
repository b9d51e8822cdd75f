#!/bin/sh
# Hostile inputs that cannot be checked in as fixture cases, or need the filesystem (issue 7, item 3): files over
# --max-file-size, a 1 MB line, a FIFO, a device, symbolic link loops, an unreadable file and directory, and the
# timing of the checked-in bombs (testdata/cases/hostile-*). For each: no crash, no hang (every run is under
# `timeout`), bounded memory where it can be enforced (`ulimit -v`, not under ASan or valgrind, which need huge
# address space), a message naming the path, and a sibling home in the same run still linted (the seed's QW301).
#   sh tests/hostile_tests.sh QWLINT SRCDIR [PART]
# PART: quick (all but the 16 MiB .env: make test), big (the 16 MiB .env in every format, about 50 s of CPU: make
# test-full), or both (the default).
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
top=$2
part=${3:-both}
case $part in
quick | big | both) ;;
*) echo "hostile_tests.sh: PART is quick, big or both, not $part"; exit 2 ;;
esac
chmod 755 "$tmp" # the runs as nobody below must reach their homes
tried=0
note() { echo "note: $*"; }

# Memory is bounded with ulimit -v (where the shell has it) only for a plain build: ASan and valgrind (the
# qwlint-valgrind wrapper is a script, not an ELF file) reserve far more address space than qwlint uses.
bound=
if [ -z "${ASAN_OPTIONS:-}" ] && [ "$(head -c 4 "$qwlint" | od -An -c | tr -d ' ')" = '177ELF' ] &&
	! grep -q __asan_init "$qwlint" && (ulimit -v 1048576) 2>/dev/null; then
	bound=1
else
	note "memory not bounded (sanitizer or valgrind build)"
fi
# Seconds: a run is killed after $limit; refusing a file and reading a 1 MB line must take at most $quick, a bomb at
# most $instant (each takes well under a second on a plain build; sanitizers and valgrind are ten times slower).
limit=20 quick=5 instant=2
[ -z "$bound" ] && limit=120 quick=50 instant=20

# run VMEM_KB ARGS...: qwlint --format concise in $tmp (so paths are relative), under timeout and, when bound, under
# ulimit -v VMEM_KB. Sets rc and secs; stdout in $tmp/out, stderr in $tmp/err. $as runs it as another user.
as=
run() {
	vm=$1
	shift
	start=$(date +%s)
	(
		cd "$tmp" || exit 99
		[ -n "$bound" ] && ulimit -v "$vm"
		# shellcheck disable=SC2086
		exec $as timeout "$limit" "$qwlint" --format concise --color never "$@"
	) >"$tmp/out" 2>"$tmp/err"
	rc=$?
	secs=$(($(date +%s) - start))
	tried=$((tried + 1))
}
ok() { test "$@" && echo 0 || echo 1; } # ok TEST-EXPRESSION: 0 when it holds
finished() { [ "$rc" != 124 ] && [ "$rc" -le 3 ] && echo 0 || echo 1; } # not killed by timeout, no signal
sibling() { grep -q '^seed/\.env:2:19: error: .*\[QW301\]$' "$tmp/out" && echo 0 || echo 1; }
errnames() { grep -q "^qwlint: $1: " "$tmp/err" && echo 0 || echo 1; }

# --- A 16 MiB .env (the default --max-file-size) of one key line repeated: ~300,000 QW501 findings and twice as
# many secret spans (reliability #13). Masking finds a line's spans by binary search, and --fix's overlap check
# is a search too, so each format, --resolve and --diff take seconds; 119d0d9's human format scanned every secret
# for every byte it rendered and took about 20 minutes. A timeout, not a benchmark: 120 s on 2 busy cores (SARIF, built whole by cJSON, takes the longest: 20-35 s).
big_env() {
	big=120
	[ -z "$bound" ] && big=900
	mkdir -p "$tmp/big"
	awk 'BEGIN { l = "OPENAI_API_KEY=sk-proj-0123456789abcdef0123456789abcdef"
		n = int(16777216 / (length(l) + 1)); for (i = 0; i < n; i++) print l }' >"$tmp/big/.env"
	chmod 600 "$tmp/big/.env"
	for mode in "--format human" "--format concise" "--format json" "--format github" "--format sarif" \
		"--resolve" "--diff"; do
		start=$(date +%s)
		# shellcheck disable=SC2086
		(cd "$tmp" && timeout "$big" "$qwlint" $mode --color never big >/dev/null 2>"$tmp/err")
		rc=$?
		secs=$(($(date +%s) - start))
		tried=$((tried + 1))
		# (a lone .env is an application's: its QW501 findings are warnings, exit 0; --diff has a diff, exit 1)
		check "16 MiB .env of key lines: $mode finishes within ${big}s (exit $rc, ${secs}s)" \
			$( { [ "$rc" = 0 ] || [ "$rc" = 1 ]; } && echo 0 || echo 1)
	done
	rm -rf "$tmp/big"
}
if [ "$part" = big ]; then
	big_env
	finish "hostile inputs (16 MiB)" "$tried tried"
fi

# The sibling: the seed case's home, with the modes Hermes gives its files.
cp -a "$top/testdata/cases/seed-auto-coding-plan-key/input" "$tmp/seed"
chmod 600 "$tmp/seed/.env" "$tmp/seed/config.yaml"
key=$(sed -n 's/^DASHSCOPE_API_KEY=//p' "$tmp/seed/.env")
# home DIR: a Hermes home whose .env holds the seed's key
home() {
	mkdir -p "$tmp/$1"
	printf 'model:\n  provider: auto\n' >"$tmp/$1/config.yaml"
	printf 'DASHSCOPE_API_KEY=%s\n' "$key" >"$tmp/$1/.env"
	chmod 600 "$tmp/$1/config.yaml" "$tmp/$1/.env"
}
# pad BYTES: YAML comment lines, BYTES in all
pad() { yes '# padding padding padding padding padding padding padding padding' | head -c "$1"; }

# --- A 100 MB config.yaml: refused from its size alone (it is never read: reading it would not fit in 64 MB).
mkdir -p "$tmp/big"
{
	printf 'model:\n  provider: auto\n'
	pad 104857600
} >"$tmp/big/config.yaml"
run 65536 big seed
check "100 MB config.yaml: exit 2" $(ok "$rc" = 2)
check "100 MB config.yaml: message names the file and --max-file-size" \
	$(grep -q '^qwlint: big/config.yaml: .*--max-file-size' "$tmp/err" && echo 0 || echo 1)
check "100 MB config.yaml: refused quickly (${secs}s)" $(ok "$secs" -le $quick)
check "100 MB config.yaml: sibling linted" $(sibling)
rm -rf "$tmp/big"

# --- A 4 GiB config.yaml (sparse: it takes no disk), with --max-file-size 0: spans are 32-bit, so qwlint reads no
# file of 4 GiB or more whatever the option says, and says so from the size alone.
mkdir -p "$tmp/huge"
if truncate -s 4294967296 "$tmp/huge/config.yaml" 2>/dev/null; then
	run 65536 --max-file-size 0 huge seed
	check "4 GiB config.yaml, --max-file-size 0: exit 2" $(ok "$rc" = 2)
	check "4 GiB config.yaml: message names the file and the limit" \
		$(grep -q '^qwlint: huge/config.yaml: .*over qwlint.s own limit' "$tmp/err" && echo 0 || echo 1)
	check "4 GiB config.yaml: refused quickly (${secs}s)" $(ok "$secs" -le $quick)
	check "4 GiB config.yaml: sibling linted" $(sibling)
fi
rm -rf "$tmp/huge"

# --- A 20 MB config.yaml: over the default limit (16 MiB), read with --max-file-size 209715200 (200 MiB). Its model
# block is the Coding Plan host without /v1, so QW201 at line 3 shows it was read and parsed.
mkdir -p "$tmp/mid"
{
	printf 'model:\n  provider: custom\n  base_url: https://coding.dashscope.aliyuncs.com\n  api_key: ${DASHSCOPE_API_KEY}\n'
	pad 20971520
} >"$tmp/mid/config.yaml"
printf 'DASHSCOPE_API_KEY=%s\n' "$key" >"$tmp/mid/.env"
chmod 600 "$tmp/mid/config.yaml" "$tmp/mid/.env"
run 65536 mid seed
check "20 MB config.yaml, default limit: exit 2" $(ok "$rc" = 2)
check "20 MB config.yaml, default limit: message names the file and --max-file-size" \
	$(grep -q '^qwlint: mid/config.yaml: .*--max-file-size' "$tmp/err" && echo 0 || echo 1)
check "20 MB config.yaml, default limit: refused quickly (${secs}s)" $(ok "$secs" -le $quick)
check "20 MB config.yaml, default limit: sibling linted" $(sibling)
run 262144 --max-file-size 209715200 mid seed
check "20 MB config.yaml, --max-file-size 209715200: exit 1" $(ok "$rc" = 1)
check "20 MB config.yaml, --max-file-size 209715200: no message" $(ok ! -s "$tmp/err")
check "20 MB config.yaml, --max-file-size 209715200: read and linted (QW201 at 3:13)" \
	$(grep -q '^mid/config.yaml:3:13: error: .*\[QW201\]$' "$tmp/out" && echo 0 || echo 1)
check "20 MB config.yaml, --max-file-size 209715200: sibling linted" $(sibling)
rm -rf "$tmp/mid"

# --- A .env with a 1 MB line (one value made of key-like "sk-" fragments), the key on line 2.
home longline
{
	printf 'NOTES='
	yes 'sk-' | tr -d '\n' | head -c 1048576
	printf '\nDASHSCOPE_API_KEY=%s\n' "$key"
} >"$tmp/longline/.env"
run 65536 longline seed
check "1 MB .env line: exit 1" $(ok "$rc" = 1)
check "1 MB .env line: the key on line 2 is linted" \
	$(grep -q '^longline/\.env:2:19: error: .*\[QW301\]$' "$tmp/out" && echo 0 || echo 1)
check "1 MB .env line: quick (${secs}s)" $(ok "$secs" -le $quick)
check "1 MB .env line: sibling linted" $(sibling)

# --- A 1 MB name of '-'-joined words before '=': the scan for secret names and keys looks at each word once (it
# used to look again after every '-', which took minutes on this line).
home dashes
{
	yes 'a-' | tr -d '\n' | head -c 1048576
	printf '=x\nDASHSCOPE_API_KEY=%s\n' "$key"
} >"$tmp/dashes/.env"
run 65536 dashes seed
check "1 MB dashed name: finished" $(finished)
check "1 MB dashed name: the key on line 2 is linted" \
	$(grep -q '^dashes/\.env:2:19: error: .*\[QW301\]$' "$tmp/out" && echo 0 || echo 1)
check "1 MB dashed name: quick (${secs}s)" $(ok "$secs" -le $quick)
check "1 MB dashed name: sibling linted" $(sibling)

# --- A FIFO named .env: opening it must not block (nothing ever writes to it).
home fifo
rm "$tmp/fifo/.env"
mkfifo "$tmp/fifo/.env"
run 65536 fifo seed
check "FIFO .env: does not block" $(finished)
check "FIFO .env: exit 2" $(ok "$rc" = 2)
check "FIFO .env: message names it" $(errnames fifo/.env)
check "FIFO .env: sibling linted" $(sibling)

# --- A symbolic link to /dev/zero as .env: never read to the end (it has none). Named itself, it is followed and
# refused as a device (exit 2); in its home named, it is a link out of the directory named, not opened at all (a
# note; the sibling's findings give exit 1).
home zero
ln -sf /dev/zero "$tmp/zero/.env"
run 65536 zero/.env seed
check "/dev/zero .env named: finishes" $(finished)
check "/dev/zero .env named: exit 2" $(ok "$rc" = 2)
check "/dev/zero .env named: message names it" $(grep -q '^qwlint: zero/\.env: not a regular file$' "$tmp/err" && echo 0 || echo 1)
check "/dev/zero .env named: sibling linted" $(sibling)
run 65536 zero seed
check "/dev/zero .env in its home: finishes" $(finished)
check "/dev/zero .env in its home: exit 1" $(ok "$rc" = 1)
check "/dev/zero .env in its home: noted as not read" $(grep -q '^qwlint: zero/\.env: not read: a symbolic link' "$tmp/err" && echo 0 || echo 1)
check "/dev/zero .env in its home: sibling linted" $(sibling)

# --- Symbolic link loops: .env -> .env2 -> .env, and config.yaml -> itself. Hermes's Path.exists() is False for
# both, so it runs as if they were missing; qwlint names each as a file it could not read (exit 2) and, not knowing
# what the home holds, simulates no request for it.
home loop
rm "$tmp/loop/.env" "$tmp/loop/config.yaml"
ln -s .env2 "$tmp/loop/.env"
ln -s .env "$tmp/loop/.env2"
ln -s config.yaml "$tmp/loop/config.yaml"
run 65536 loop seed
check "symlink loops: finish" $(finished)
check "symlink loops: exit 2" $(ok "$rc" = 2)
check "symlink loops: .env named" $(grep -q 'loop/\.env: cannot open: Too many levels of symbolic links' "$tmp/err" && echo 0 || echo 1)
check "symlink loops: config.yaml named" $(grep -q 'loop/config\.yaml: cannot open: Too many levels of symbolic links' "$tmp/err" && echo 0 || echo 1)
check "symlink loops: no finding guessed for that home" $(grep -q '^loop/' "$tmp/out" && echo 1 || echo 0)
check "symlink loops: sibling linted" $(sibling)

# --- A FIFO named .gitignore above a home, met in a directory walk: it is not opened for reading (that would wait
# forever for a writer).
mkdir -p "$tmp/walk/sub"
mkfifo "$tmp/walk/.gitignore"
home walk/sub/.hermes
run 65536 walk seed
check "FIFO .gitignore: does not block" $(finished)
check "FIFO .gitignore: the home below is linted" \
	$(grep -q '^walk/sub/\.hermes/\.env:1:19: error: .*\[QW301\]$' "$tmp/out" && echo 0 || echo 1)
rm -rf "$tmp/walk"

# --- An unreadable file and an unreadable directory. Root reads everything, so as root these run as nobody
# (setpriv), on copies nobody owns; as another user, chmod 000 does it.
perm_ok=1
if [ "$(id -u)" = 0 ]; then
	if ! command -v setpriv >/dev/null 2>&1; then
		note "unreadable file and directory skipped: running as root without setpriv"
		perm_ok=
	elif ! setpriv --reuid=65534 --regid=65534 --clear-groups "$qwlint" --version >/dev/null 2>&1; then
		note "unreadable file and directory skipped: user nobody cannot run $qwlint"
		perm_ok=
	else
		as="setpriv --reuid=65534 --regid=65534 --clear-groups"
	fi
fi
if [ -n "$perm_ok" ]; then
	mkdir -p "$tmp/nb"
	cp -a "$tmp/seed" "$tmp/nb/seed"
	home nb/ufile
	home nb/udir
	if [ -n "$as" ]; then
		chown -R 65534:65534 "$tmp/nb"
		chown 0:0 "$tmp/nb/ufile/.env" "$tmp/nb/udir" # root's, mode 0600 and 0700: closed to nobody
		chmod 700 "$tmp/nb/udir"
	else
		chmod 000 "$tmp/nb/ufile/.env" "$tmp/nb/udir"
	fi
	run 65536 nb/ufile nb/seed
	check "unreadable .env: exit 2" $(ok "$rc" = 2)
	check "unreadable .env: message names it" $(errnames nb/ufile/.env)
	check "unreadable .env: sibling linted" \
		$(grep -q '^nb/seed/\.env:2:19: error: .*\[QW301\]$' "$tmp/out" && echo 0 || echo 1)
	run 65536 nb/udir nb/seed
	check "unreadable directory: exit 2" $(ok "$rc" = 2)
	check "unreadable directory: message names it" $(errnames nb/udir)
	check "unreadable directory: sibling linted" \
		$(grep -q '^nb/seed/\.env:2:19: error: .*\[QW301\]$' "$tmp/out" && echo 0 || echo 1)
	# the same directory met while searching a tree
	run 65536 nb
	check "unreadable directory in a tree: exit 2" $(ok "$rc" = 2)
	check "unreadable directory in a tree: message names it" $(grep -q '^qwlint: \(\./\)\?nb/udir: ' "$tmp/err" &&
		echo 0 || echo 1)
	check "unreadable directory in a tree: sibling linted" \
		$(grep -q '^nb/seed/\.env:2:19: error: .*\[QW301\]$' "$tmp/out" && echo 0 || echo 1)
	as=
	chmod -R u+rwx "$tmp/nb"
fi

# --- The checked-in bombs (testdata/cases/hostile-*): their findings are checked by the fixture cases; here, that
# they take no time and little memory, in every output format.
for c in hostile-yaml-billion-laughs hostile-yaml-deep-nesting hostile-json-deep-nesting; do
	cp -a "$top/testdata/cases/$c/input" "$tmp/$c"
	chmod 600 "$tmp/$c/.env" "$tmp/$c"/*
	run 65536 "$c"
	sed "s|^|$c/|" "$top/testdata/cases/$c/expected" >"$tmp/want"
	check "$c: the expected findings (exit $rc)" $(cmp -s "$tmp/want" "$tmp/out" && echo 0 || echo 1)
	check "$c: quick (${secs}s)" $(ok "$secs" -le $instant)
	for f in human json sarif; do
		run 65536 --format "$f" "$c"
		check "$c: --format $f finishes (exit $rc, ${secs}s)" $([ "$rc" = 1 ] && [ "$secs" -le $instant ] && echo 0 || echo 1)
	done
done

# --- A merge-key bomb (each map merges the previous one nine times, 30 deep), generated here: linear time.
home merge
{
	printf 'm0: &m0 {x: 1}\n'
	i=1
	while [ $i -le 30 ]; do
		p=m$((i - 1))
		printf 'm%d: &m%d {<<: [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]}\n' $i $i $p $p $p $p $p $p $p $p $p
		i=$((i + 1))
	done
	printf 'model:\n  <<: *m30\n  provider: auto\n'
} >"$tmp/merge/config.yaml"
run 65536 merge seed
check "merge-key bomb: exit 1" $(ok "$rc" = 1)
check "merge-key bomb: its home is linted" \
	$(grep -q '^merge/\.env:1:19: error: .*\[QW301\]$' "$tmp/out" && echo 0 || echo 1)
check "merge-key bomb: quick (${secs}s)" $(ok "$secs" -le $instant)
check "merge-key bomb: sibling linted" $(sibling)

# --- A 16 MiB .env in every format (big_env, above)
[ "$part" = quick ] || big_env

# --- A key pasted into a directory's name, or as an option's value or a path (reliability #22): masked in the
# location line of every format, in --resolve, --diff and --fix's lines, and in every error that echoes an
# option's value or a path. A directory whose name only starts like a key stays as it is (the near miss).
. "$top/tests/secrets.sh"
K=sk-sp-0123456789abcdef0123456789abcdef # made up, a Coding Plan key's shape
Z=0a1b2c3d4e5f60718293a4b5c6d7e8f9.AbCdEfGhIjKlMnOp # made up, a Zhipu key's shape (no known prefix)
for d in "$K" sk-my-project-settings; do
	mkdir -p "$tmp/keydir"
	cp -a "$tmp/seed" "$tmp/keydir/$d"
	chmod 644 "$tmp/keydir/$d/.env" # QW701, whose repair --fix and --diff print the path of
done
: >"$tmp/all"
for mode in "--format human --color always" "--format human --color never" "--format concise" "--format json" \
	"--format github" "--format sarif" "--resolve --color never" "--diff --unsafe-fixes"; do
	# shellcheck disable=SC2086
	(cd "$tmp/keydir" && timeout "$limit" "$qwlint" $mode . >>"$tmp/all" 2>&1)
done
cp -a "$tmp/keydir" "$tmp/keyfix"
(cd "$tmp/keyfix" && timeout "$limit" "$qwlint" --fix --unsafe-fixes --color never . >>"$tmp/all" 2>&1)
for k in "$K" "$Z"; do
	for o in --format --region --fail-on --color --explain --config --cacert --rules-dir --lock-wait --jobs \
		--max-file-size --probe-timeout --probe-resolve --print-doc; do
		(cd "$tmp" && timeout "$limit" "$qwlint" "$o" "$k" seed >>"$tmp/all" 2>&1)
	done
	(cd "$tmp" && timeout "$limit" "$qwlint" "$k" "$k/.env" "seed/$k" >>"$tmp/all" 2>&1)
	(cd "$tmp" && timeout "$limit" "$qwlint" --stdin-filename "$k/.env" - </dev/null >>"$tmp/all" 2>&1)
done
printf '%s\n' "$K" "$Z" >"$tmp/keys"
key_slices "$top/rules/keys.yaml" "$tmp/keys" >"$tmp/slices"
tried=$((tried + 1))
check "a key-shaped directory name, option value or path is never printed: $(grep -F -f "$tmp/slices" "$tmp/all" | head -1)" \
	$(grep -q -F -f "$tmp/slices" "$tmp/all" && echo 1 || echo 0)
check "the near miss: a directory named sk-my-project-settings is shown as it is" \
	$(grep -q '^sk-my-project-settings/\.env:1:1: warning: .*\[QW701\]$' "$tmp/all" && echo 0 || echo 1)
check "a key-shaped directory is shown masked: sk-…cdef/.env" \
	$(grep -q '^sk-…cdef/\.env:1:1: warning: .*\[QW701\]$' "$tmp/all" && echo 0 || echo 1)

finish "hostile inputs" "$tried tried"
