# The Debian package (make deb): CPack's DEB generator over `cmake --install`, configured with
# -DCMAKE_INSTALL_PREFIX=/usr -DQW_DEB=ON so that the paths compiled in (QW_DOCS_URL) are the package's.
# Depends comes from dpkg-shlibdeps (the libraries the binary links); libcurl is opened only for --probe (and libpq
# only for --dify-db), at run
# time, so it is a Suggests, not a Depends. What Debian policy asks of a package beyond the files `make install`
# puts (checked by lintian in tests/deb_tests.sh): compressed man pages and changelog, a copyright file, a
# stripped binary.
set(QW_DEB_MAINTAINER "qwlint maintainers <maintainers@users.noreply.h-seed-115a8c81.example>" CACHE STRING
    "The package's Maintainer")
# debian/changelog's date (RFC 5322) is the release date CMakeLists.txt sets
execute_process(COMMAND date -u -R -d "${QW_RELEASE_DATE} 00:00:00" OUTPUT_VARIABLE QW_DEB_CHANGELOG_DATE
                OUTPUT_STRIP_TRAILING_WHITESPACE)

if(QW_DEB)
  # cpack installs what the package holds: qwlint and the files below, not the tests' and fuzzers' targets
  set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
  find_program(GZIP gzip REQUIRED)
  set(QW_DEB_DIR ${CMAKE_BINARY_DIR}/deb)
  file(MAKE_DIRECTORY ${QW_DEB_DIR})
  # debian/changelog's format, from the version and date CMakeLists.txt defines (CHANGELOG.md has the details)
  file(WRITE ${QW_DEB_DIR}/changelog
"qwlint (${PROJECT_VERSION}) unstable; urgency=medium

  * Release ${PROJECT_VERSION}: see /usr/share/doc/qwlint/CHANGELOG.md.

 -- ${QW_DEB_MAINTAINER}  ${QW_DEB_CHANGELOG_DATE}
")
  set(QW_DEB_GZ ${QW_DEB_DIR}/qwlint.1.gz ${QW_DEB_DIR}/qwlint-rules.7.gz ${QW_DEB_DIR}/changelog.gz)
  add_custom_command(
    OUTPUT ${QW_DEB_GZ}
    COMMAND ${GZIP} -9nc ${CMAKE_SOURCE_DIR}/man/qwlint.1 > ${QW_DEB_DIR}/qwlint.1.gz
    COMMAND ${GZIP} -9nc ${CMAKE_SOURCE_DIR}/man/qwlint-rules.7 > ${QW_DEB_DIR}/qwlint-rules.7.gz
    COMMAND ${GZIP} -9nc ${QW_DEB_DIR}/changelog > ${QW_DEB_DIR}/changelog.gz
    DEPENDS ${CMAKE_SOURCE_DIR}/man/qwlint.1 ${CMAKE_SOURCE_DIR}/man/qwlint-rules.7 ${QW_DEB_DIR}/changelog
    COMMENT "Compressing the man pages and the changelog for the package")
  add_custom_target(deb_files ALL DEPENDS ${QW_DEB_GZ})
  install(FILES ${QW_DEB_DIR}/qwlint.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${QW_DEB_DIR}/qwlint-rules.7.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man7)
  install(FILES ${QW_DEB_DIR}/changelog.gz DESTINATION ${CMAKE_INSTALL_DOCDIR})
  install(FILES ${CMAKE_SOURCE_DIR}/cmake/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME qwlint)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${QW_DEB_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "linter for AI agent configuration: API keys sent where they get HTTP 401")
# CPack puts the summary on the Description line: this is the extended description after it
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "qwlint reads Hermes Agent homes (config.yaml, .env, auth.json), self-hosted
Dify deployments and app DSLs, and application .env files, works out which
endpoint each key is sent to, and reports each mistake at its file, line and
column with the reasoning step by step. Keys are only ever shown masked.
--fix repairs what can be repaired safely.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # qwlint_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "git")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libcurl4, libpq5")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
