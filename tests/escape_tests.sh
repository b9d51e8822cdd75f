#!/bin/sh
# escape_tests.sh QWLINT SRCDIR JSON_CHECK: output is data, never commands (issue 25, #14 #15 #19). A tree whose
# directory names, file names and values hold ESC, CR, LF, BEL, OSC sequences, U+202E, a C1 control, bytes that
# are not UTF-8 and "::" workflow commands after a line break or at the start of a name, run through every format,
# --color always, --resolve, --diff, --fix (human, github and json) and messages on stderr (gitlab, rdjson,
# junit and markdown too: JSON and XML that parse). Each output must be
# valid UTF-8 with no control character but its own line breaks (and SARIF's indentation tabs, a CRLF line end in
# --diff, qwlint's own colour codes), no bidi control or line separator, and no line that GitHub Actions would read
# as a workflow command, except --format github's own annotations, each one well-formed command; JSON and SARIF
# must parse (python's json and tests/json_check.c). What was escaped must still be shown, visibly.
. "$(dirname "$0")/lib.sh"
qwlint=$(abspath "$1")
json_check=$(abspath "$3")
need python3

# The checker: check.py KIND FILE; KIND says what the output may hold of its own (see the file comment).
cat >"$tmp/check.py" <<'EOF'
import json, re, sys
kind, path = sys.argv[1], sys.argv[2]
data = open(path, 'rb').read()
problems = []
try:
    text = data.decode('utf-8')
except UnicodeDecodeError as e:
    problems.append('not UTF-8: %s' % e)
    text = data.decode('utf-8', 'replace')
if kind == 'color':  # qwlint's own colour codes, nothing else that starts with ESC
    text = re.sub(r'\x1b\[[0-9;]*m', '', text)
if kind == 'diff':  # a CRLF file's line ends
    text = text.replace('\r\n', '\n')
allowed = '\n\t' if kind == 'sarif' else '\n'
BIDI = {0x061C, 0x200E, 0x200F, 0x2028, 0x2029} | set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
for ch in sorted(set(text)):
    o = ord(ch)
    if (o < 0x20 and ch not in allowed) or 0x7F <= o <= 0x9F or o in BIDI:
        problems.append('raw U+%04X' % o)
# a line GitHub Actions reads as a command: it splits at LF, CR and CRLF and trims Unicode blanks first
ANNOTATION = re.compile(r'::(error|warning|notice) file=[^,:\n]*,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,'
                        r'title=qwlint \(QW\d{3}\)::.*')
for line in text.splitlines():
    t = line.lstrip().lstrip('\u200b\ufeff\u180e').lstrip()
    if t.startswith('::') and not (kind == 'github' and ANNOTATION.fullmatch(line)):
        problems.append('command line: %r' % line[:100])
if kind in ('json', 'sarif'):
    try:
        json.loads(text)
    except ValueError as e:
        problems.append('not JSON: %s' % e)
if kind == 'xml':
    import xml.etree.ElementTree as ET
    try:
        ET.fromstring(data)
    except ET.ParseError as e:
        problems.append('not XML: %s' % e)
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF
# verify NAME KIND FILE: the output FILE passes check.py as KIND
verify() {
	python3 "$tmp/check.py" "$2" "$3" >"$tmp/problems" 2>&1
	r=$?
	check "$1" $r
	[ $r = 0 ] || head -5 "$tmp/problems"
}
# shows NAME FILE TEXT: the output FILE shows TEXT (what was escaped is still there, visibly)
shows() {
	grep -aqF -- "$3" "$2"
	check "$1 shows $3" $?
}

# The tree. Linux allows any byte but '/' and NUL in a name.
w=$tmp/w
mkdir -p "$w"
env_file() { # DIR: an application .env with a repair (QW202) beside a lone CR (a line break to the .env reader)
	mkdir -p "$1"   # and a line that is not an assignment (QW003) with an escape sequence that hides the rest
	printf 'OPENAI_API_KEY=sk-0123456789abcdef0123456789abcdef\nNOTE=a\rb\033[8m hidden\n%s\n' \
		'OPENAI_BASE_URL=https://api.openai.com/v1/chat/completions' >"$1/.env"
}
nl=$(printf '\n_')
nl=${nl%_}
env_file "$w/app$nl::error file=src/main.c,line=1,title=Security::Backdoor found$nl::stop-commands::deadbeef${nl}x"
env_file "$w/$(printf 'esc\033]0;owned\007\033[2K\rAll checks passed\342\200\256txt.exe\302\205\377\376')"
env_file "$w/::error file=a.c,line=1::at the start"
env_file "$w/$(printf '\302\240::warning::after a no-break space')"
mkdir -p "$w/h"
printf 'model:\n  provider: "x\\n::error file=readme.md,line=1::spoofed\\e]0;owned\\a\\e[2K\\r\\u202e\\x85 done"\n  default: "m1\\e[8m"\n' \
	>"$w/h/config.yaml"
# names an interrupted --fix would leave (write.c decides which it removes; none may inject a line)
touch "$w/h/.$nl::warning::injected via --fix$nl.qwlint-abcdef"
mkdir -p "$w/t$nl::error::temp"
printf 'model:\n  provider: openrouter\n  default: x\n' >"$w/t$nl::error::temp/config.yaml"
touch "$w/t$nl::error::temp/.config.yaml.qwlint-Ab12Cd"
find "$w" -type f -exec chmod 0600 {} +

# run NAME ARGS...: qwlint on a copy of the tree (--fix writes), stdout in $tmp/NAME.out, stderr in $tmp/NAME.err
run() {
	name=$1
	shift
	rm -rf "$tmp/c"
	cp -a "$w" "$tmp/c"
	(cd "$tmp/c" && timeout 60 "$qwlint" "$@") >"$tmp/$name.out" 2>"$tmp/$name.err"
}
for f in human concise github json sarif; do
	run "$f" --format "$f" --color never .
	verify "--format $f" "$f" "$tmp/$f.out"
	verify "--format $f, stderr" text "$tmp/$f.err"
done
# the CI formats (issue 28): JSON that parses, XML that parses, Markdown with no line a command
for f in gitlab:json rdjson:json junit:xml markdown:text; do
	run "${f%%:*}" --format "${f%%:*}" .
	verify "--format ${f%%:*}" "${f#*:}" "$tmp/${f%%:*}.out"
done
shows "--format junit" "$tmp/junit.out" 'esc\x1b]0;owned\x07\x1b[2K\rAll checks passed\u202etxt.exe\u0085\xff\xfe/.env'
shows "--format markdown" "$tmp/markdown.out" 'app\\n::error file=src/main.c'
run color --format human --color always .
verify "--color always" color "$tmp/color.out"
run resolve --resolve --color never .
verify "--resolve" text "$tmp/resolve.out"
run resolve_color --resolve --color always .
verify "--resolve --color always" color "$tmp/resolve_color.out"
run diff --diff --color never .
verify "--diff" diff "$tmp/diff.out"
verify "--diff, stderr" text "$tmp/diff.err"
run fix --fix --color never .
verify "--fix" text "$tmp/fix.out"
verify "--fix, stderr" text "$tmp/fix.err"
run fix_github --fix --format github --color never .
verify "--fix --format github" github "$tmp/fix_github.out"
verify "--fix --format github, stderr" text "$tmp/fix_github.err"
run fix_json --fix --format json --color never .
verify "--fix --format json" json "$tmp/fix_json.out"
verify "--fix --format json, progress on stderr" text "$tmp/fix_json.err"
"$json_check" <"$tmp/json.out" >"$tmp/json_check.out" 2>&1
check "json_check accepts --format json" $?
"$json_check" <"$tmp/fix_json.out" >"$tmp/json_check.out" 2>&1
check "json_check accepts --fix --format json" $?

# Escaped, not dropped: each thing is still there to see.
for f in concise human; do
	shows "--format $f" "$tmp/$f.out" 'app\n::error file=src/main.c'
	shows "--format $f" "$tmp/$f.out" 'esc\x1b]0;owned\x07\x1b[2K\rAll checks passed\u202etxt.exe\u0085\xff\xfe/.env'
	shows "--format $f" "$tmp/$f.out" "'x\n::error file=readme.md,line=1::spoofed\x1b]0;owned\x07\x1b[2k\r\u202e\u0085 done'"
done
shows "--format concise" "$tmp/concise.out" '\x3a:error file=a.c,line=1::at the start/.env:4:17: error:'
shows "--format concise" "$tmp/concise.out" "$(printf '\302\240')"'\x3a:warning::after a no-break space/.env'
shows "--format human" "$tmp/human.out" '3 | b\x1b[8m hidden'
shows "--format json" "$tmp/json.out" '"file":"esc\u001b]0;owned\u0007\u001b[2K\rAll checks passed\u202etxt.exe\u0085\ufffd\ufffd/.env"'
shows "--format sarif" "$tmp/sarif.out" '"uri":	"esc%1B%5D0%3Bowned%07%1B%5B2K%0DAll%20checks%20passed%E2%80%AEtxt.exe%C2%85%FF%FE/.env"'
shows "--format sarif" "$tmp/sarif.out" '::spoofed\u001b]0;owned\u0007\u001b[2k\r\u202e\u0085 done'
shows "--format github" "$tmp/github.out" '::error file=app\n%3A%3Aerror file=src/main.c%2Cline=1'
shows "--resolve" "$tmp/resolve.out" '=> no request: Unknown provider '"'"'x\n::error file=readme.md'
shows "--diff" "$tmp/diff.out" ' NOTE=a\rb\x1b[8m hidden'
shows "--diff" "$tmp/diff.out" '+++ esc\x1b]0;owned\x07'
shows "--fix" "$tmp/fix.out" 'Fixed app\n::error file=src/main.c'

# Messages on stderr: a path that cannot be read, a file that is not one qwlint lints, option values.
(cd "$w" && timeout 60 "$qwlint" --color never "$(printf 'gone\n::error::x\033]0;t\007\342\200\256')") \
	>"$tmp/gone.out" 2>"$tmp/gone.err"
verify "a missing path, stderr" text "$tmp/gone.err"
shows "a missing path" "$tmp/gone.err" 'qwlint: gone\n::error::x\x1b]0;t\x07\u202e: '
printf 'x\n' >"$w/$(printf 'notes\n::error::skip\377.txt')"
(cd "$w" && timeout 60 "$qwlint" --color never "$(printf 'notes\n::error::skip\377.txt')") \
	>"$tmp/skip.out" 2>"$tmp/skip.err"
verify "a file skipped, stderr" text "$tmp/skip.err"
shows "a file skipped" "$tmp/skip.err" 'qwlint: notes\n::error::skip\xff.txt: skipped'
(cd "$w" && timeout 60 "$qwlint" --config "$(printf 'c\n::error::x')" .) >"$tmp/config.out" 2>"$tmp/config.err"
verify "--config, stderr" text "$tmp/config.err"
(cd "$w" && timeout 60 "$qwlint" --format "$(printf '\n::a')" .) >"$tmp/format.out" 2>"$tmp/format.err"
verify "--format, stderr" text "$tmp/format.err"
# an argument getopt refuses (a name from a file list can start with "--")
(cd "$w" && timeout 60 "$qwlint" "$(printf -- '--x\n::error::y\033]0;t\007')") >"$tmp/opt.out" 2>"$tmp/opt.err"
verify "an unknown option, stderr" text "$tmp/opt.err"
shows "an unknown option" "$tmp/opt.err" 'qwlint: --x\n::error::y\x1b]0;t\x07: unknown'

finish escape
