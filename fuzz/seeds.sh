#!/bin/sh
# seeds.sh SRCDIR OUTDIR: seed corpora for the fuzz targets from the test fixtures (testdata/) and the bundled
# examples: every config.yaml and other YAML for fuzz_yaml, every auth.json and JSON for fuzz_json, every TOML file
# (toml-test's among them) for fuzz_toml, every .env* for fuzz_dotenv, and each Hermes home of a case as "config.yaml ===== .env ===== auth.json" for fuzz_pipeline.
set -eu
src=$1
out=$2
mkdir -p "$out/yaml" "$out/json" "$out/toml" "$out/dotenv" "$out/pipeline"
n=0
find "$src/testdata" "$src/examples" -type f | while read -r f; do
	n=$((n + 1))
	case "$f" in
	*.yaml | *.yml) cp "$f" "$out/yaml/$n" ;;
	*.json) cp "$f" "$out/json/$n" ;;
	*.toml) cp "$f" "$out/toml/$n" ;;
	*/.env* | *.env) cp "$f" "$out/dotenv/$n" ;;
	esac
done
# a home: any directory holding a config.yaml or a .env
find "$src/testdata" "$src/examples" -type f \( -name config.yaml -o -name .env \) -exec dirname {} \; | sort -u |
	while read -r d; do
		n=$((n + 1))
		{
			[ -f "$d/config.yaml" ] && cat "$d/config.yaml"
			printf '\n=====\n'
			[ -f "$d/.env" ] && cat "$d/.env"
			printf '\n=====\n'
			[ -f "$d/auth.json" ] && cat "$d/auth.json"
		} >"$out/pipeline/$(echo "$d" | cksum | cut -d' ' -f1)"
	done
