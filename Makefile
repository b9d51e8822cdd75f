# Thin wrapper around CMake (cmark-style). `make test-full` is the whole suite and what CI runs; `make test` is its
# quick part, for development.
BUILD      ?= build
ASAN_BUILD ?= build-asan
UBSAN_BUILD ?= build-ubsan
FUZZ_BUILD ?= build-fuzz
DEB_BUILD  ?= build-deb
# Seconds per fuzz target: fuzz-smoke (CI) and fuzz (a longer run, its figures in README).
SMOKE_SECONDS ?= 30
FUZZ_SECONDS  ?= 1800
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
DEPS        = cmake make gcc pkg-config libfyaml-dev libyaml-dev libcjson-dev libcurl4-openssl-dev libpq-dev
# What the test suite runs besides qwlint: mandoc -T lint, the real pre-commit in a git repository, and the SARIF
# validators (installed from the npm registry by tests/sarif_tests.sh), and the --probe test's TLS mock of the
# vendors' endpoints (python3, openssl); PyYAML to read action.yml (tests/action_tests.sh); dpkg-dev (its
# dpkg-shlibdeps writes the package's Depends) and lintian for make deb's package (tests/deb_tests.sh); xmllint for the JUnit format's
# schema (tests/formats_tests.sh); python3-dotenv, -httpx, -requests and -ruamel.yaml (with python3-yaml) for the Hermes
# oracle that tests/fidelity.py runs (make fidelity, ctest's fidelity); postgresql for the server and psql that
# tests/dify_db_tests.sh starts and fills (--dify-db, --dify-export).
TEST_DEPS   = mandoc git pre-commit clang libclang-rt-14-dev valgrind python3 openssl python3-yaml dpkg-dev lintian libxml2-utils \
              python3-dotenv python3-httpx python3-requests python3-ruamel.yaml postgresql
# What the benchmark compares against and measures with (bench/run.sh).
BENCH_DEPS  = hyperfine yamllint time
# Hermes homes in the benchmark corpus (issue 8 asks for 10 000).
BENCH_HOMES ?= 10000


.PHONY: all build test test-full compare fidelity pool-oracle asan ubsan valgrind fuzz-build fuzz-smoke fuzz reliability bench bench-deps deps test-deps demo docs install deb clean

all: build

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD) -j $(JOBS)

# The quick suite (about 4 minutes on 2 cores), for development: unit tests, every fixture case (expected findings,
# exit status, resolution, repairs, and no key in what those runs print), every rule's example, and every suite of
# tests/ but the tests labelled "full" in tests/tests.cmake (ctest -LE full).
test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE full

# The whole suite, what CI runs (.ci/run): make test plus the slow, exhaustive tests labelled "full" (every output
# format of every case checked for keys, the secret audit, the SARIF validators and the CI formats' schemas over
# every case, the fidelity run on 250 generated homes and the fixtures, a 16 MiB .env in every format, make deb's
# package). About 14 minutes on 2 cores.
test-full: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The "no behaviour change" check of issue 26: OLD and NEW (default this build's qwlint) on every input we have, in
# every mode; prints each run that differs and exits 1 if any does. QUICK=1: no benchmark slice, no --fix runs.
OLD ?=
NEW ?= $(BUILD)/qwlint
compare: $(if $(filter $(BUILD)/qwlint,$(NEW)),build)
	sh tests/compare_binaries.sh $(OLD) $(NEW) $(if $(QUICK),--quick) -j $(JOBS)
ifneq ($(filter compare,$(MAKECMDGOALS)),)
ifeq ($(OLD),)
$(error usage: make compare OLD=path/to/old/qwlint [NEW=$(BUILD)/qwlint] [QUICK=1])
endif
endif

# The differential test of issue 24: qwlint --resolve --format json against Hermes's own resolver
# (../shared/hermes-oracle: Hermes 0.18.2's code, run offline by /usr/bin/python3 with Debian's python3-yaml, -dotenv,
# -httpx, -requests, -ruamel.yaml) on N mistake-heavy homes from tests/hermes_gen.py (seed SEED) and on every Hermes
# home of the fixtures and examples. Prints each disagreement, a summary per field and the disagreement classes.
# make test-full runs a smaller one (ctest's fidelity_full: 250 homes and the fixtures), make test a smaller one
# still (ctest's fidelity: 40 other homes). About 0.5 s of CPU a home: N=5000 takes 20-25 minutes on 2 cores.
ORACLE ?= ../shared/hermes-oracle
N ?= 5000
SEED ?= 1
fidelity: build
	python3 tests/fidelity.py --qwlint ./$(BUILD)/qwlint --oracle $(ORACLE) --n $(N) --seed $(SEED) --fixtures . -j $(JOBS)

# src/tools/hermes/pool.c against Hermes's own credential pool, one home per behaviour (also in make test when the oracle is there)
pool-oracle: build
	python3 tests/pool_oracle.py ./$(BUILD)/pool_driver $(ORACLE) -v

# The whole suite (make test-full's tests) under AddressSanitizer + UndefinedBehaviorSanitizer, but the secret audit:
# it checks what is printed, which the sanitizers do not change, over runs whose code paths the cases, the attack
# suites and the command-line fuzzer already take under them, and it alone took 26 of the 42 minutes (make test-full
# runs it).
asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DQW_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --output-on-failure -j $(JOBS) -E '^secret_audit_'

# UndefinedBehaviorSanitizer alone (no ASan shadow memory: catches what ASan's allocator can hide).
ubsan:
	cmake -S . -B $(UBSAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DQW_UBSAN=ON
	cmake --build $(UBSAN_BUILD) -j $(JOBS)
	cd $(UBSAN_BUILD) && UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS)

# The whole suite with every run of qwlint under valgrind's memcheck (tests/tests.cmake writes the wrapper).
VALGRIND_BUILD ?= build-valgrind
valgrind:
	cmake -S . -B $(VALGRIND_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQW_VALGRIND=ON
	cmake --build $(VALGRIND_BUILD) -j $(JOBS)
	cd $(VALGRIND_BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 1200

# libFuzzer targets (clang); fuzz-smoke runs each for SMOKE_SECONDS (CI), fuzz for FUZZ_SECONDS.
fuzz-build:
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQW_FUZZ=ON
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_yaml fuzz_json fuzz_json5 fuzz_toml fuzz_dotenv fuzz_pipeline

# The smoke run starts from the seeds alone with a fixed seed, so CI is repeatable; fuzz explores anew each time.
fuzz-smoke: fuzz-build
	rm -rf $(FUZZ_BUILD)/smoke
	FUZZ_SEED=1 sh fuzz/run.sh $(FUZZ_BUILD) $(SMOKE_SECONDS) $(FUZZ_BUILD)/smoke

fuzz: fuzz-build
	sh fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# The reliability figures in one command (README's reliability section): hostile inputs, disk faults, kills
# during --fix, auth.lock contention, the secret audit, and SMOKE_SECONDS of each fuzz target.
reliability: build fuzz-build
	sh tests/reliability.sh $(BUILD) $(FUZZ_BUILD) $(SMOKE_SECONDS)

# The performance figures in one command (README's performance section): qwlint against the parse floor and
# yamllint on a seeded corpus, kept in $$BENCH_DIR (default /tmp/qwlint-bench, about 300 MB).
bench:
	sh bench/run.sh $(BUILD) $(BENCH_HOMES)

bench-deps: deps
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(BENCH_DEPS)

# Debian 12 build dependencies (needs root).
deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEPS)

# Debian 12 test dependencies (needs root); Node.js and npm only when the machine has none.
test-deps: deps
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(TEST_DEPS)
	command -v npm >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm

# Lint the bundled Hermes home that reproduces the classic 401: the finding, how Hermes resolves the request, and
# the repair --fix would make. The home has an error, so qwlint exits 1 on it; --exit-zero makes the demo end with
# status 0 (a first run that ends in "make: *** Error 1" reads as a broken build).
demo: build
	@# git keeps no permission bits: give the example .env the mode Hermes creates it with (else QW701 warns)
	@chmod 600 examples/hermes-401/.env
	@echo '$$ qwlint --exit-zero examples/hermes-401'
	@./$(BUILD)/qwlint --exit-zero examples/hermes-401
	@echo '$$ qwlint --resolve --exit-zero examples/hermes-401'
	@./$(BUILD)/qwlint --resolve --exit-zero examples/hermes-401
	@echo '$$ qwlint --diff --unsafe-fixes --exit-zero examples/hermes-401'
	@./$(BUILD)/qwlint --diff --unsafe-fixes --exit-zero examples/hermes-401

# Regenerate the rule documentation (man/qwlint-rules.7, man/rules.md, the rule lists of man/qwlint.1 and
# README.md) from the rule table and testdata/examples/; the doc_sync test fails when they are stale.
docs: build
	sh man/gendocs.sh ./$(BUILD)/qwlint .

install: build
	cmake --install $(BUILD)

# The Debian package $(DEB_BUILD)/qwlint_<version>_<arch>.deb (CPack, cmake/package.cmake): a Release build for
# /usr, with Depends from dpkg-shlibdeps (needs dpkg-dev). tests/deb_tests.sh unpacks and runs it, and lintian
# checks it.
deb:
	cmake -S . -B $(DEB_BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr -DQW_DEB=ON
	cmake --build $(DEB_BUILD) -j $(JOBS) --target qwlint deb_files
	cd $(DEB_BUILD) && cpack -G DEB

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(UBSAN_BUILD) $(FUZZ_BUILD) $(VALGRIND_BUILD) $(DEB_BUILD)
