# bash completion for qwlint. Options and rule ids are read from the installed binary (`qwlint --help`,
# `qwlint --list-rules`), so they follow it; what each option's argument completes to is generated from the
# option table, src/options.def (make docs; tests/doc_sync.sh checks it).
_qwlint() {
	local cur prev words
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
# BEGIN GENERATED OPTIONS (src/stages/options.def; make docs; do not edit by hand)
	--format | -f) words="human concise json sarif github gitlab rdjson junit markdown" ;;
	--region) words="cn intl us hk jp eu" ;;
	--fail-on) words="error warning info" ;;
	--hermes-version) words="0.18.2 newest" ;;
	--color) words="auto always never" ;;
	--explain) words=$("${COMP_WORDS[0]}" --list-rules 2>/dev/null | awk '{ print $1; print $2 }') ;;
	--output-file | -o | --config | --baseline | --write-baseline | --stdin-filename | --cacert | --dify-export | --rules-dir | --show-settings)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--lock-wait | --probe-timeout | --probe-resolve | --dify-db | --max-file-size | --jobs | -j) return ;;
# END GENERATED OPTIONS
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
