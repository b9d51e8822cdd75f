#!/bin/sh
# compare_binaries.sh OLD NEW [--quick] [-j N] [--only REGEX] [--keep]: the "no behaviour change" check of issue 26
# (make compare). Run it from a qwlint checkout root: its testdata/ and bench/ are the inputs.
#
# Runs two qwlint binaries on every input we have and reports each run where they differ in exit status, standard
# output or standard error, byte for byte after one normalisation: the temporary directories the runs happen in
# (each binary gets its own copy of every input, and its own empty HOME), the --fix backup stamp
# (YYYYMMDDTHHMMSS-PID) and the name of a temp file are replaced by placeholders, so two runs in different places
# compare equal.
#
# Inputs: every testdata/cases/*/ (its input/ with the case's modes and args, as tests/run_case.sh runs it),
# testdata/examples/*/before and after (made by tests/example_copy.sh), every entry of ../shared/corpus/*/
# (directories and files; --corpus DIR or CMP_CORPUS elsewhere), and a seeded slice of the benchmark corpus
# (bench/gencorpus.c: the first 200 homes of make bench's corpus, --bench-homes N; without its 52 MB YAML and its
# 100 000-entry pool, which are about speed).
# Modes on each input: every --format the binaries' --help lists, human coloured too, --statistics, --list-files,
# --resolve (text and json), --diff (safe and unsafe), and --fix (safe, unsafe, and a case's own fix_args) on a
# fresh copy for each binary, comparing the file trees after it too (paths, types, modes, contents by hash; .git's
# contents are left out); the read-only modes must leave the input as it was; a corpus file also on standard input
# (--stdin-filename NAME -). Without an input: --help, --version,
# --list-rules, --explain of every rule by id and by name, and a few usage errors.
# --quick leaves out the benchmark slice, the --fix runs and --diff without --unsafe-fixes, and takes every format
# from one run (--format human -o FMT:FILE for each FMT, whose files are compared).
#
# A difference is printed as the input, the mode, what differs, and the first 20 lines of a unified diff (a tree as
# paths, modes and hashes, never file contents: inputs hold keys; a long line around its first change), then a count
# of the differences per mode. The end is "N runs compared, D differ" with the
# run time; exit status 0 iff D is 0 (2: a usage or set-up error). -j N: inputs at once (default 2);
# --only REGEX: the inputs whose id (cli, bench/..., case/NAME, example/ID/before, corpus/DIR/ENTRY) REGEX matches
# at its start; --keep: keep the work directory.
# Environment of every run: only PATH, HOME (an empty directory), LC_ALL=C, TZ=UTC, NO_COLOR=1, TMPDIR (the work
# directory) and LD_PRELOAD of a getrandom shim: QW601's unsafe repair writes random secrets, which the shim makes the
# same for both binaries (--real-random: no shim, e.g. for an AddressSanitizer build; QW601's repairs then differ).
exec python3 "$(dirname "$0")/compare_binaries.py" "$@"
