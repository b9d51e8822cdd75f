# Test registration: two ctest tests per fixture case, the unit tests, and the shell and Python suites of tests/
#
# Two sets. make test runs every test but those labelled "full" (ctest -LE full), in under 5 minutes on 2 cores;
# make test-full (CI) runs them all (ctest). A "full" test is slow and exhaustive, the wide form of a check the
# quick set makes on fewer inputs:
#   leaks/NAME        every output format of every case, for key slices (case/NAME: what its own runs print)
#   secret_audit_*    every way qwlint prints, over every case holding a key
#   sarif_cases       the SARIF validators over every case (sarif: over every rule's example)
#   formats_cases     the CI formats' schemas over every case (formats: over every rule's example)
#   fidelity_full     Hermes's own resolver on 250 homes and every fixture home (fidelity: 40 other homes)
#   hostile_big       a 16 MiB .env in every format (hostile: every other hostile input)
#   deb               make deb's package: a second, Release build, then lintian
# COST starts the long tests first, so that ctest -j 2 does not end on one of them alone (after a first run, ctest
# takes the times it measured, from Testing/Temporary/CTestCostData.txt).
#
# With -DQW_VALGRIND=ON (make valgrind) every test runs qwlint through a wrapper that runs it under valgrind's
# memcheck and fails (exit 99) on any memory error or leak.
option(QW_VALGRIND "Run qwlint under valgrind in the tests" OFF)
if(QW_VALGRIND)
  set(QW_TEST_QWLINT ${CMAKE_BINARY_DIR}/qwlint-valgrind)
  file(GENERATE OUTPUT ${QW_TEST_QWLINT} CONTENT
"#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
  --suppressions=${CMAKE_SOURCE_DIR}/tests/valgrind.supp $<TARGET_FILE:qwlint> \"$@\"
" FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
else()
  set(QW_TEST_QWLINT $<TARGET_FILE:qwlint>)
endif()
# Each fixture case twice (tests/run_case.sh): case/NAME, its findings, exit status, resolution and --fix, with no
# key in what those runs print; leaks/NAME (full), no key in any output format or the baseline file.
file(GLOB QW_CASES LIST_DIRECTORIES true CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/testdata/cases/*)
foreach(dir ${QW_CASES})
  if(IS_DIRECTORY ${dir})
    get_filename_component(name ${dir} NAME)
    add_test(NAME case/${name} COMMAND sh ${CMAKE_SOURCE_DIR}/tests/run_case.sh ${QW_TEST_QWLINT} ${dir} checks)
    add_test(NAME leaks/${name} COMMAND sh ${CMAKE_SOURCE_DIR}/tests/run_case.sh ${QW_TEST_QWLINT} ${dir} leaks)
    set_tests_properties(leaks/${name} PROPERTIES LABELS full)
  endif()
endforeach()

add_executable(unit_tests tests/unit_tests.c tests/unit_toml.c)
target_link_libraries(unit_tests PRIVATE qwcore)
target_compile_options(unit_tests PRIVATE ${QW_WARNINGS})
add_test(NAME unit COMMAND unit_tests ${CMAKE_SOURCE_DIR})

# The TOML reader against toml-test's TOML 1.0.0 files (testdata/toml-test/): valid ones give the tree their .json
# says, invalid ones are refused.
add_executable(toml_suite tests/toml_suite.c)
target_link_libraries(toml_suite PRIVATE qwcore)
target_compile_options(toml_suite PRIVATE ${QW_WARNINGS})
add_test(NAME toml_suite COMMAND toml_suite ${CMAKE_SOURCE_DIR}/testdata/toml-test)

# src/tools/hermes/pool.c against Hermes's own load_pool/select (tests/pool_oracle.py), when the oracle is there
add_executable(pool_driver tests/pool_driver.c)
target_link_libraries(pool_driver PRIVATE qwcore)
target_compile_options(pool_driver PRIVATE ${QW_WARNINGS})
set(QW_ORACLE_DIR "${CMAKE_SOURCE_DIR}/../shared/hermes-oracle" CACHE PATH "Hermes's resolution oracle")
if(EXISTS "${QW_ORACLE_DIR}/oracle.py")
  add_test(NAME pool_oracle COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/pool_oracle.py $<TARGET_FILE:pool_driver>
           ${QW_ORACLE_DIR})
endif()

add_test(NAME doc_sync COMMAND sh ${CMAKE_SOURCE_DIR}/tests/doc_sync.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR})

add_executable(json_check tests/json_check.c)
target_link_libraries(json_check PRIVATE PkgConfig::CJSON)
# Simulated disk faults for the --fix tests (LD_PRELOAD).
add_library(fault_shim SHARED tests/fault_shim.c)
target_link_libraries(fault_shim PRIVATE ${CMAKE_DL_LIBS})
add_test(NAME cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/cli_tests.sh ${QW_TEST_QWLINT} $<TARGET_FILE:json_check>
         ${CMAKE_SOURCE_DIR})
add_test(NAME faults COMMAND sh ${CMAKE_SOURCE_DIR}/tests/fault_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR}
         $<TARGET_FILE:fault_shim>)

add_test(NAME pre_commit COMMAND sh ${CMAKE_SOURCE_DIR}/tests/precommit_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR})
set_tests_properties(pre_commit PROPERTIES SKIP_RETURN_CODE 77)

# SARIF through ajv and sarif-multitool: every rule's example (sarif), every fixture case (sarif_cases, full).
add_test(NAME sarif COMMAND sh ${CMAKE_SOURCE_DIR}/tests/sarif_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR} examples)
add_test(NAME sarif_cases COMMAND sh ${CMAKE_SOURCE_DIR}/tests/sarif_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR} cases)
set_tests_properties(sarif sarif_cases PROPERTIES SKIP_RETURN_CODE 77)
set_tests_properties(sarif_cases PROPERTIES LABELS full TIMEOUT 1800)

# The CI formats (gitlab, rdjson, junit, markdown) against their schemas and parsers: every rule's example, with
# its rdjson suggestions (formats), and every fixture case (formats_cases, full).
add_test(NAME formats COMMAND sh ${CMAKE_SOURCE_DIR}/tests/formats_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR} examples)
add_test(NAME formats_cases COMMAND sh ${CMAKE_SOURCE_DIR}/tests/formats_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR}
         cases)
set_tests_properties(formats formats_cases PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
set_tests_properties(formats_cases PROPERTIES LABELS full)

add_test(NAME examples COMMAND sh ${CMAKE_SOURCE_DIR}/tests/examples_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR})

add_test(NAME vcs COMMAND sh ${CMAKE_SOURCE_DIR}/tests/vcs_tests.sh ${QW_TEST_QWLINT})
# The real files of testdata/corpus/realworld/, each in its own git work tree: walked, named as pre-commit names
# them, and --fix (issue 23's corpus test).
add_test(NAME corpus COMMAND sh ${CMAKE_SOURCE_DIR}/tests/corpus_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR})
set_tests_properties(corpus PROPERTIES SKIP_RETURN_CODE 77)
set_tests_properties(vcs PROPERTIES SKIP_RETURN_CODE 77)

# --probe against a loopback TLS mock of the vendor's endpoints (tests/probe_mock.py); needs python3 and openssl.
add_test(NAME probe COMMAND sh ${CMAKE_SOURCE_DIR}/tests/probe_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR})
set_tests_properties(probe PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)

add_test(NAME dify COMMAND sh ${CMAKE_SOURCE_DIR}/tests/dify_tests.sh ${QW_TEST_QWLINT})
# --dify-db and --dify-export against a PostgreSQL server started in a temporary directory (Debian's postgresql).
add_test(NAME dify_db COMMAND sh ${CMAKE_SOURCE_DIR}/tests/dify_db_tests.sh ${QW_TEST_QWLINT})
set_tests_properties(dify_db PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300 LABELS full)

# Inputs that once crashed, hung or broke an invariant of a fuzz target (fuzz/), replayed without libFuzzer.
if(NOT QW_FUZZ)
  foreach(target yaml json json5 toml dotenv pipeline)
    add_test(NAME fuzz_regressions_${target}
             COMMAND replay_${target} ${CMAKE_SOURCE_DIR}/fuzz/regressions/${target})
    set_tests_properties(fuzz_regressions_${target} PROPERTIES TIMEOUT 60)
  endforeach()
endif()

# --fix killed at every step of its write path and at random moments: every file old or new, never partial.
add_test(NAME crash COMMAND sh ${CMAKE_SOURCE_DIR}/tests/crash_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR}
         $<TARGET_FILE:fault_shim>)

# --fix against another process holding Hermes's auth.lock (tests/hold_lock.c stands in for Hermes).
add_executable(hold_lock tests/hold_lock.c)
add_test(NAME lock COMMAND sh ${CMAKE_SOURCE_DIR}/tests/lock_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR}
         $<TARGET_FILE:hold_lock>)

# Every way qwlint prints, over every case holding a key: no slice of a key appears (tests/secret_audit.sh).
# Four shards, so that ctest -j runs them side by side (under ASan the whole audit takes about half an hour).
foreach(shard 0 1 2 3)
  add_test(NAME secret_audit_${shard} COMMAND sh ${CMAKE_SOURCE_DIR}/tests/secret_audit.sh ${QW_TEST_QWLINT}
           ${CMAKE_SOURCE_DIR} ${shard} 4)
  set_tests_properties(secret_audit_${shard} PROPERTIES TIMEOUT 1800 LABELS full)
endforeach()

# Hostile inputs that fixture cases cannot hold: files over --max-file-size, a 1 MB line, a FIFO, /dev/zero, link
# loops, unreadable paths, and the time and memory the checked-in bombs take (testdata/cases/hostile-*); a 16 MiB
# .env of key lines in every format (hostile_big, full: about 50 s of CPU).
add_test(NAME hostile COMMAND sh ${CMAKE_SOURCE_DIR}/tests/hostile_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR} quick)
add_test(NAME hostile_big COMMAND sh ${CMAKE_SOURCE_DIR}/tests/hostile_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR} big)
set_tests_properties(hostile_big PROPERTIES LABELS full)

add_test(NAME genkb COMMAND sh ${CMAKE_SOURCE_DIR}/tests/genkb_tests.sh $<TARGET_FILE:genkb>)

# Directory searches keep to their tree: links out of it are not read or written, /proc is never read, a path
# named twice is linted once, deep trees are searched (tests/discover_tests.sh).
add_test(NAME discover COMMAND sh ${CMAKE_SOURCE_DIR}/tests/discover_tests.sh ${QW_TEST_QWLINT})

# What --fix may write, create, lock and delete: temp-file names, links under .qwlint-backup and at auth.lock,
# non-regular files to create, a concurrent writer, and (as root) owners in another user's home.
add_test(NAME write COMMAND sh ${CMAKE_SOURCE_DIR}/tests/write_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR}
         $<TARGET_FILE:fault_shim>)
set_tests_properties(write PROPERTIES TIMEOUT 300)

# Output is data, never commands: hostile names and values (control characters, terminal escapes, bidi controls,
# bytes that are not UTF-8, "::" workflow commands) through every format, --resolve, --diff, --fix and stderr.
add_test(NAME escape COMMAND sh ${CMAKE_SOURCE_DIR}/tests/escape_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR}
         $<TARGET_FILE:json_check>)
set_tests_properties(escape PROPERTIES SKIP_RETURN_CODE 77)

# --write-baseline / --baseline round trip over every kind of file, --fix with a baseline, and no key material in
# the record (tests/baseline_tests.sh).
add_test(NAME baseline COMMAND sh ${CMAKE_SOURCE_DIR}/tests/baseline_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR})

# The GitHub Action's steps (action.yml) run with the Actions environment variables on temporary repositories
# (tests/action_tests.sh; python3 with PyYAML parses action.yml).
add_test(NAME action COMMAND sh ${CMAKE_SOURCE_DIR}/tests/action_tests.sh ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR})
set_tests_properties(action PROPERTIES SKIP_RETURN_CODE 77)

# make deb: the package's control fields and files, its binary unpacked into a scratch root and run on the demo,
# apt's simulated install, and lintian (tests/deb_tests.sh; builds the package in deb-pkg/, about a minute).
add_test(NAME deb COMMAND sh ${CMAKE_SOURCE_DIR}/tests/deb_tests.sh ${CMAKE_SOURCE_DIR} ${CMAKE_BINARY_DIR}/deb-pkg)
set_tests_properties(deb PROPERTIES TIMEOUT 600 LABELS full)

# The review's attack kinds, seeded (issue 25): homes with keys in every placement through every output mode, and
# a mutation fuzzer over the whole command line. make reliability runs both longer (tests/reliability.sh).
add_test(NAME attack_homes COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/attack_homes.py ${QW_TEST_QWLINT} 60 1)
add_test(NAME cli_fuzz COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/cli_fuzz.py ${QW_TEST_QWLINT} ${CMAKE_SOURCE_DIR} 300 1)
set_tests_properties(attack_homes cli_fuzz PROPERTIES TIMEOUT 900)

# The differential test of issue 24 (tests/fidelity.py): qwlint --resolve --format json against Hermes's own resolver
# (../shared/hermes-oracle, Hermes 0.18.2 run offline) on 250 homes from tests/hermes_gen.py (seed 1) and every Hermes
# home of the fixtures and examples (fidelity_full, full: about 0.5 s of CPU a home the first time, then Hermes's
# answers come from the cache), and on 40 other generated homes (fidelity, seed 2). Skipped (77) when the oracle or
# its Python packages are missing (make test-deps), or while qwlint has no --resolve --format json. make fidelity
# N=5000 gives the full figure.
set(QW_ORACLE_DIR "${CMAKE_SOURCE_DIR}/../shared/hermes-oracle" CACHE PATH "Hermes oracle for the fidelity test")
add_test(NAME fidelity COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/fidelity.py --qwlint ${QW_TEST_QWLINT}
         --oracle ${QW_ORACLE_DIR} --n 40 --seed 2 --show 60
         --known-gaps ${CMAKE_SOURCE_DIR}/tests/fidelity_known_gaps.txt)
add_test(NAME fidelity_full COMMAND python3 ${CMAKE_SOURCE_DIR}/tests/fidelity.py --qwlint ${QW_TEST_QWLINT}
         --oracle ${QW_ORACLE_DIR} --n 250 --seed 1 --fixtures ${CMAKE_SOURCE_DIR} --show 60
         --known-gaps ${CMAKE_SOURCE_DIR}/tests/fidelity_known_gaps.txt)
set_tests_properties(fidelity fidelity_full PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
set_tests_properties(fidelity_full PROPERTIES LABELS full)

# The long tests first (roughly their seconds on 2 idle cores).
set_tests_properties(secret_audit_0 secret_audit_1 secret_audit_2 secret_audit_3 sarif_cases PROPERTIES COST 200)
set_tests_properties(fidelity_full PROPERTIES COST 100)
set_tests_properties(formats_cases hostile_big deb probe PROPERTIES COST 60)
set_tests_properties(hostile crash cli vcs escape PROPERTIES COST 40)
set_tests_properties(sarif formats fidelity attack_homes PROPERTIES COST 25)
if(EXISTS "${QW_ORACLE_DIR}/oracle.py")
  set_tests_properties(pool_oracle PROPERTIES COST 40)
endif()
