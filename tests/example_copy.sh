# Sourced by the test scripts that run the rule examples (testdata/examples/<ID>/).
# copy EXAMPLE PART DEST: the part's files with the example's modes, in a git work tree when the example has a
# `git` file (each line a git command run in DEST). A failed check (tests/lib.sh's bad) when git is needed and
# missing.
copy() {
	rm -rf "$3"
	cp -a "$1/$2" "$3"
	find "$3" -type f -exec chmod 0600 {} +
	if [ -f "$1/modes" ]; then
		while read -r mode path; do
			case $path in "$2"/*) chmod "$mode" "$3/${path#"$2"/}" ;; esac
		done <"$1/modes"
	fi
	if [ -f "$1/git" ]; then
		command -v git >/dev/null 2>&1 || { bad "$1 needs git"; return; }
		while read -r cmd; do
			# shellcheck disable=SC2086
			[ -n "$cmd" ] && GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=qwlint \
				GIT_AUTHOR_EMAIL=qwlint@example.invalid GIT_COMMITTER_NAME=qwlint \
				GIT_COMMITTER_EMAIL=qwlint@example.invalid git -C "$3" $cmd >/dev/null
		done <"$1/git"
	fi
}
