# secrets.sh - sourced by run_case.sh and secret_audit.sh: what counts as a secret in a fixture, and the slices of
# it no output may hold.

# key_tokens DIR: the key-shaped tokens of DIR's files (the families' prefixes), one per line
key_tokens() {
	find "$1" -type f -exec grep -hoE \
		'(^|[^A-Za-z0-9_])(sk-[A-Za-z0-9._/-]{8,}|AIza[0-9A-Za-z_-]{12,}|AQ\.[A-Za-z0-9_.-]{12,}|gsk_[A-Za-z0-9]{12,}|xai-[A-Za-z0-9]{12,}|bce-v3/[A-Za-z0-9/_-]{12,}|LTAI[A-Za-z0-9]{12,}|tp-[A-Za-z0-9]{12,})' {} + 2>/dev/null |
		sed 's/^[^A-Za-z]//'
}

# key_slices KEYS_YAML SECRETS: every 8-character slice of each secret, except a slice lying wholly inside the
# secret's family prefix (rules/keys.yaml: "sk-ant-oat01-", "sk-kimi-"), which is public and named by the rule
# pages. Every slice that reaches past the prefix is kept: the mask never prints 8 consecutive key characters.
key_slices() {
	sed -n 's/^ *- prefix: *//p' "$1" | awk 'NR == FNR { pre[++np] = $0; next }
	{
		pl = 0
		for (k = 1; k <= np; k++)
			if (index($0, pre[k]) == 1 && length(pre[k]) > pl)
				pl = length(pre[k])
		for (i = 1; i + 7 <= length($0); i++)
			if (i + 7 > pl)
				print substr($0, i, 8)
	}' - "$2" | sort -u
}
