#!/bin/sh
# write_tests.sh QWLINT SRCDIR FAULT_SHIM: what --fix may write, create, lock and delete (write.c).
#   - temp files are recognised by their exact name, and only beside a file qwlint writes: a user's own
#     ".env.qwlint-backup" survives, and the cleanup never follows a link out of .qwlint-backup (#1);
#   - .qwlint-backup, its <stamp> directory and the backup itself are never reached through a link (#6), and a
#     home inside a git work tree never stages a backup (#12);
#   - auth.lock is never opened through a link (#7);
#   - a file to create that is a directory, a FIFO or a dangling link is named as such, not as a race (#28);
#   - a concurrent writer's bytes are never written over: one appended at the worst moment (the fault shim) and
#     a loop appending while --fix runs (#3);
#   - as root: files created in another user's home are theirs (#16); as that user, a file owned by root is
#     refused rather than given a new owner (#17). These two parts are skipped when not run as root.
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
src=$2
shim=$3
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
ok() { [ "$1" ] && echo 0 || echo 1; }
cases=$src/testdata/cases
# home DIR CASE: a copy of a fixture's input, files 0600
home() {
	rm -rf "$1"
	cp -a "$cases/$2/input" "$1"
	find "$1" -type f -exec chmod 0600 {} +
}
# a home whose --fix changes nothing in .env (QW501 is the only finding there)
env_home() {
	rm -rf "$1"
	mkdir -p "$1"
	printf 'model:\n  provider: custom\n  base_url: https://api.example.com/v1\n  api_key: ${OPENAI_API_KEY}\n' >"$1/config.yaml"
	printf 'OPENAI_API_KEY=sk-0123456789abcdef0123456789abcdef\nFOO=1\nFOO=1\n' >"$1/.env"
	chmod 600 "$1/config.yaml" "$1/.env"
}

# --- #1: user files that look like temp files survive; a real leftover goes; links are not followed
env_home "$tmp/h1"
mkdir "$tmp/other"
# near misses of the temp name "..env.qwlint-tmp-XXXXXX": another marker, a name qwlint writes no file under, 5
# characters, a character mkstemp never uses
for f in .env.qwlint-backup .config.yaml.qwlint-before .notes.qwlint-v2.txt ..env.qwlint-tmp-abc12 \
	..notes.qwlint-tmp-Ab3dE9 .env.qwlint-tmp-Ab3dE9 ..env.qwlint-tmp-Ab3d-9; do
	echo "keep me" >"$tmp/h1/$f"
done
echo "keep me" >"$tmp/other/..env.qwlint-tmp-Zz9Yy8"
echo "keep me" >"$tmp/other/.x.qwlint-abcdef"
mkdir "$tmp/h1/.qwlint-backup"
ln -s "$tmp/other" "$tmp/h1/.qwlint-backup/old"
mkdir "$tmp/h1/.qwlint-backup/20260101T000000-1"
echo "left by a killed run" >"$tmp/h1/..env.qwlint-tmp-Ab3dE9"
echo "left by a killed run" >"$tmp/h1/.qwlint-backup/20260101T000000-1/.auth.json.qwlint-tmp-x7Y8z9"
chmod 600 "$tmp/h1/..env.qwlint-tmp-Ab3dE9" "$tmp/h1/.qwlint-backup/20260101T000000-1/.auth.json.qwlint-tmp-x7Y8z9"
"$qwlint" --fix --color never "$tmp/h1" >"$tmp/out" 2>&1
# near misses of the temp name "..env.qwlint-tmp-XXXXXX": another marker, a name qwlint writes no file under, 5
# characters, a character mkstemp never uses
for f in .env.qwlint-backup .config.yaml.qwlint-before .notes.qwlint-v2.txt ..env.qwlint-tmp-abc12 \
	..notes.qwlint-tmp-Ab3dE9 .env.qwlint-tmp-Ab3dE9 ..env.qwlint-tmp-Ab3d-9; do
	check "#1: the user's $f survives --fix" "$(ok "$(cat "$tmp/h1/$f" 2>/dev/null)")"
done
check "#1: nothing is deleted through a link in .qwlint-backup" \
	"$(ok "$(cat "$tmp/other/..env.qwlint-tmp-Zz9Yy8" "$tmp/other/.x.qwlint-abcdef" 2>/dev/null | grep -c keep | grep -x 2)")"
check "#1: a temp file left by a killed run is removed" "$(ok "$([ ! -e "$tmp/h1/..env.qwlint-tmp-Ab3dE9" ] && echo y)")"
check "#1: and one in a backup directory" \
	"$(ok "$([ ! -e "$tmp/h1/.qwlint-backup/20260101T000000-1/.auth.json.qwlint-tmp-x7Y8z9" ] && echo y)")"
check "#1: and its removal is reported" "$(grep -q 'Removed .*/\.\.env\.qwlint-tmp-Ab3dE9, left by an interrupted' "$tmp/out"; echo $?)"

# --- #6: .qwlint-backup as a link, and a link at the backup's own name
home "$tmp/h6" qw401-exhausted-manual-entry
mkdir "$tmp/elsewhere"
ln -s "$tmp/elsewhere" "$tmp/h6/.qwlint-backup"
"$qwlint" --fix --color never "$tmp/h6" >"$tmp/out" 2>"$tmp/err"
rc=$?
check "#6: a .qwlint-backup link: nothing written through it" "$(ok "$([ -z "$(ls -A "$tmp/elsewhere")" ] && echo y)")"
check "#6: a .qwlint-backup link: exit 3" "$(ok "$([ $rc = 3 ] && echo y)")"
check "#6: a .qwlint-backup link: auth.json unchanged" \
	"$(cmp -s "$cases/qw401-exhausted-manual-entry/input/auth.json" "$tmp/h6/auth.json"; echo $?)"
check "#6: a .qwlint-backup link: says so" "$(grep -q 'qwlint-backup is a symbolic link' "$tmp/err"; echo $?)"
home "$tmp/h6b" qw401-exhausted-manual-entry
echo "precious data" >"$tmp/victim.txt"
chmod 644 "$tmp/victim.txt"
# the stamp is <time>-<pid>: plant links for the next seconds under the pid qwlint will have
sh -c 'for s in 0 1 2; do d="$1/.qwlint-backup/$(date -d "+$s sec" +%Y%m%dT%H%M%S)-$$"; mkdir -p "$d";
	ln -s "$2" "$d/auth.json"; done; exec "$3" --fix --color never "$1"' sh "$tmp/h6b" "$tmp/victim.txt" "$qwlint" \
	>/dev/null 2>&1
check "#6: a link at the backup's name is not written through" "$(printf 'precious data\n' | cmp -s - "$tmp/victim.txt"; echo $?)"
home "$tmp/h6c" qw401-exhausted-manual-entry
"$qwlint" --fix --color never "$tmp/h6c" >/dev/null 2>&1
b=$(find "$tmp/h6c/.qwlint-backup" -mindepth 2 -name auth.json)
check "#6: a backup is made when nothing is planted" "$(cmp -s "$cases/qw401-exhausted-manual-entry/input/auth.json" "$b"; echo $?)"
check "#6: the backup is 0600 in 0700 directories" \
	"$(ok "$([ "$(stat -c %a "$b" "$(dirname "$b")" "$tmp/h6c/.qwlint-backup")" = "$(printf '600\n700\n700')" ] && echo y)")"

# --- #12: a home in a git work tree: the backup (with tokens) is not staged by `git add -A`
if command -v git >/dev/null 2>&1; then
	mkdir "$tmp/repo" && (cd "$tmp/repo" && git init -q .) && home "$tmp/repo/hermes" qw401-exhausted-manual-entry
	printf 'hermes/.env\nhermes/auth.json\n' >"$tmp/repo/.gitignore"
	"$qwlint" --fix --color never "$tmp/repo/hermes" >"$tmp/out" 2>&1
	check "#12: a backup was made" "$(grep -q '^Backed up' "$tmp/out"; echo $?)"
	(cd "$tmp/repo" && GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 git add -A && git ls-files) >"$tmp/staged" 2>&1
	check "#12: git add -A stages no backup" "$(grep -q qwlint-backup "$tmp/staged" && echo 1 || echo 0)"
fi

# --- #7: auth.lock as a dangling link: nothing created through it
home "$tmp/h7" qw401-exhausted-manual-entry
mkdir "$tmp/victim-etc"
ln -s "$tmp/victim-etc/nologin" "$tmp/h7/auth.lock"
"$qwlint" --fix --color never "$tmp/h7" >/dev/null 2>"$tmp/err"
rc=$?
check "#7: nothing created through an auth.lock link" "$(ok "$([ ! -e "$tmp/victim-etc/nologin" ] && echo y)")"
check "#7: auth.json unchanged, exit 3" \
	"$(ok "$([ $rc = 3 ] && cmp -s "$cases/qw401-exhausted-manual-entry/input/auth.json" "$tmp/h7/auth.json" && echo y)")"
check "#7: says the lock is a link" "$(grep -q 'auth.lock is a symbolic link' "$tmp/err"; echo $?)"

# --- #28: the .env to create is a directory, a FIFO or a dangling link
for kind in directory FIFO link; do
	d="$tmp/h28-$kind"
	mkdir -p "$d" && cp "$cases/fix-qw306-env-created/input/config.yaml" "$d/" && chmod 600 "$d/config.yaml"
	case $kind in
	directory) mkdir "$d/.env" ;;
	FIFO) mkfifo "$d/.env" ;;
	link) ln -s "$tmp/nowhere/.env" "$d/.env" ;;
	esac
	(cd "$d" && timeout 20 "$qwlint" --fix --unsafe-fixes . >/dev/null 2>"$tmp/err")
	rc=$?
	what=$kind
	[ $kind = link ] && what="dangling symbolic link"
	check "#28: .env a $kind: exit 3" "$(ok "$([ $rc = 3 ] && echo y)")"
	check "#28: .env a $kind: says it is a $what" "$(grep -q "\.env: .*is a $what" "$tmp/err"; echo $?)"
	check "#28: .env a $kind: does not suggest running again" "$(grep -q 'again' "$tmp/err" && echo 1 || echo 0)"
	check "#28: .env a $kind: config.yaml unchanged" \
		"$(cmp -s "$cases/fix-qw306-env-created/input/config.yaml" "$d/config.yaml"; echo $?)"
done

# --- #3: a writer appends to .env just after qwlint read it (at the fsync of qwlint's temp file)
env_home "$tmp/h3"
LD_PRELOAD="$shim" QWLINT_FAULT=append "$qwlint" --fix --color never "$tmp/h3" >/dev/null 2>"$tmp/err"
rc=$?
check "#3: the line appended meanwhile is kept" "$(grep -qx 'RACE=1' "$tmp/h3/.env"; echo $?)"
check "#3: the refusal says the file changed, exit 3" \
	"$(ok "$([ $rc = 3 ] && grep -q 'changed on disk while qwlint was writing it' "$tmp/err" && echo y)")"
# and a loop appending while --fix runs: no line may be lost, whether qwlint wrote or refused
lost=0 wrote=0 trials=12
t=1
while [ $t -le $trials ]; do
	env_home "$tmp/h3"
	rm -f "$tmp/stop"
	(i=0; while [ ! -e "$tmp/stop" ]; do i=$((i + 1)); echo "W_$i=1" >>"$tmp/h3/.env"; echo $i >"$tmp/last";
		sleep 0.00$((i % 4)); done) &
	wp=$!
	"$qwlint" --fix --color never "$tmp/h3" >"$tmp/out" 2>&1
	touch "$tmp/stop"
	wait $wp
	grep -q '^Fixed' "$tmp/out" && wrote=$((wrote + 1))
	[ "$(grep -c '^W_' "$tmp/h3/.env")" = "$(cat "$tmp/last")" ] || lost=$((lost + 1))
	t=$((t + 1))
done
echo "race: $trials trials of --fix while a loop appends to .env: $wrote written, $((trials - wrote)) refused, $lost lost a line"
check "#3: a writer appending during --fix: no line lost in $trials trials ($wrote written, the rest refused)" \
	"$(ok "$([ $lost = 0 ] && echo y)")"

# --- #16, #17: root and another user (nobody)
if [ "$(id -u)" != 0 ] || ! id nobody >/dev/null 2>&1 || ! command -v setpriv >/dev/null 2>&1; then
	echo "skip: the ownership checks need root, the user nobody and setpriv"
else
	ng=$(id -gn nobody)
	mkdir -p "$tmp/u" && chmod 755 "$tmp" "$tmp/u"
	# (the case's home is its .hermes directory: a lone .env is a Hermes home by its name, issue 23)
	home "$tmp/u/h16" fix-qw301-no-config-region-cn
	chown -R nobody:"$ng" "$tmp/u/h16" && chmod 700 "$tmp/u/h16" "$tmp/u/h16/.hermes"
	"$qwlint" --fix --unsafe-fixes --region cn --color never "$tmp/u/h16/.hermes" >/dev/null 2>&1
	check "#16: config.yaml created by root belongs to the home's owner" \
		"$(ok "$([ "$(stat -c %U:%G "$tmp/u/h16/.hermes/config.yaml" 2>/dev/null)" = "nobody:$ng" ] && echo y)")"
	check "#16: and the owner can read it" \
		"$(setpriv --reuid nobody --regid "$ng" --clear-groups cat "$tmp/u/h16/.hermes/config.yaml" >/dev/null 2>&1; echo $?)"
	home "$tmp/u/h16b" qw401-exhausted-manual-entry
	chown -R nobody:"$ng" "$tmp/u/h16b" && chmod 700 "$tmp/u/h16b"
	"$qwlint" --fix --color never "$tmp/u/h16b" >/dev/null 2>&1
	owners=$(cd "$tmp/u/h16b" && find . -exec stat -c '%U:%G %n' {} + | grep -v "^nobody:$ng ")
	check "#16: every file and directory root's --fix made is the home owner's ($owners)" "$(ok "$([ -z "$owners" ] && echo y)")"
	check "#16: ... among them auth.lock and the backup" \
		"$(ok "$([ -f "$tmp/u/h16b/auth.lock" ] && [ -n "$(find "$tmp/u/h16b/.qwlint-backup" -name auth.json)" ] && echo y)")"
	# #17: nobody's --fix on a root-owned, world-writable config.yaml in a world-writable directory
	mkdir "$tmp/u/h17" && chmod 777 "$tmp/u/h17"
	cp "$cases/seed-auto-coding-plan-key/input/config.yaml" "$cases/seed-auto-coding-plan-key/input/.env" "$tmp/u/h17/"
	chmod 666 "$tmp/u/h17/config.yaml" && chown nobody "$tmp/u/h17/.env" && chmod 600 "$tmp/u/h17/.env"
	cp -p "$tmp/u/h17/config.yaml" "$tmp/before.yaml"
	setpriv --reuid nobody --regid "$ng" --clear-groups "$qwlint" --fix --unsafe-fixes --region cn --color never "$tmp/u/h17" \
		>/dev/null 2>"$tmp/err"
	rc=$?
	check "#17: a root-owned file keeps its owner" "$(ok "$([ "$(stat -c %U "$tmp/u/h17/config.yaml")" = root ] && echo y)")"
	check "#17: and is not rewritten, exit 3" \
		"$(ok "$([ $rc = 3 ] && cmp -s "$tmp/before.yaml" "$tmp/u/h17/config.yaml" && echo y)")"
	check "#17: the message says whose it is" "$(grep -q 'owned by UID 0; rewriting it would change its owner' "$tmp/err"; echo $?)"
fi

finish "write path"
