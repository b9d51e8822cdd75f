# bash completion for qwlint. Options and rule ids are read from the installed binary (`qwlint --help`,
# `qwlint --list-rules`), so they follow it; the values of the options that take a word are listed here and
# checked against --help by the test suite (tests/doc_sync.sh).
_qwlint() {
	local cur prev words
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	--format | -f) words="human concise json sarif github gitlab rdjson junit markdown" ;;
	--color) words="auto always never" ;;
	--fail-on) words="error warning info" ;;
	--region) words="cn intl us hk jp eu" ;;
	--hermes-version) words="0.18.2 newest" ;;
	--explain) words=$("${COMP_WORDS[0]}" --list-rules 2>/dev/null | awk '{ print $1; print $2 }') ;;
	--config | --rules-dir | --stdin-filename | --cacert | --output-file | -o)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--max-file-size | --lock-wait | --jobs | -j | --probe-timeout | --probe-resolve) return ;;
	*)
		if [[ $cur == -* ]]; then
			words=$("${COMP_WORDS[0]}" --help 2>/dev/null | grep -oE '^  (-[a-zA-Z], |    )--[a-z-]+' | grep -oE -- '--[a-z-]+$')
		else
			COMPREPLY=($(compgen -f -- "$cur"))
			return
		fi ;;
	esac
	COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o filenames -F _qwlint qwlint
