# preflight_add_e2e_test() (the whole suite under `preflight run`) and preflight_discover_tests()
# (one process per test, below).
#
# preflight_add_e2e_test(): registers an e2e suite with CTest under `preflight run`, with the
# pre-flight as a FIXTURES_SETUP test, so that the suite shows "Not Run" when staging is down.
#
#   preflight_add_e2e_test(NAME e2e COMMAND e2e_tests CONFIG ${CMAKE_SOURCE_DIR}/staging.toml
#                          [RETRY_INFRA 2] [ENV_FILES a.env ...] [ARGS --gtest_brief=1 ...])
#
# Tests: NAME.preflight (the pre-flight) and NAME (the suite; exit 75 means infrastructure).
function(preflight_add_e2e_test)
  cmake_parse_arguments(ARG "" "NAME;COMMAND;CONFIG;RETRY_INFRA" "ENV_FILES;ARGS" ${ARGN})
  foreach(required NAME COMMAND CONFIG)
    if(NOT ARG_${required})
      message(FATAL_ERROR "preflight_add_e2e_test: ${required} is required")
    endif()
  endforeach()
  _preflight_config_arguments(config_args ${ARG_CONFIG} "${ARG_ENV_FILES}")
  set(suite ${ARG_COMMAND})
  if(TARGET ${ARG_COMMAND})
    set(suite $<TARGET_FILE:${ARG_COMMAND}>)
  endif()
  if(NOT ARG_RETRY_INFRA)
    set(ARG_RETRY_INFRA 0)
  endif()
  add_test(NAME ${ARG_NAME}.preflight COMMAND $<TARGET_FILE:preflight::cli> check ${config_args})
  set_tests_properties(${ARG_NAME}.preflight PROPERTIES FIXTURES_SETUP ${ARG_NAME}.staging)
  add_test(NAME ${ARG_NAME}
    COMMAND $<TARGET_FILE:preflight::cli> run ${config_args} --retry-infra ${ARG_RETRY_INFRA} -- ${suite} ${ARG_ARGS})
  set_tests_properties(${ARG_NAME} PROPERTIES FIXTURES_REQUIRED ${ARG_NAME}.staging)
endfunction()

# preflight_discover_tests(): gtest_discover_tests for a suite linked with preflight::gtest_main,
# every test its own process. The test processes of one `ctest` share one report (JSON, JUnit),
# rewritten as each ends; with CONFIG the pre-flight runs once per ctest invocation, as a fixture
# (NAME.preflight), and when staging is not ready the tests show "Not Run" and ctest fails.
#
#   preflight_discover_tests(e2e_tests [CONFIG staging.toml] [ENV_FILES a.env ...]
#                            [REPORT_DIR dir]  # default: <build dir>/preflight/<target>
#                            [any gtest_discover_tests option ...])
#
# Reports: REPORT_DIR/report.json, REPORT_DIR/junit.xml, REPORT_DIR/check.json (the pre-flight's),
# removed first by NAME.reset_reports.
function(preflight_discover_tests target)
  cmake_parse_arguments(ARG "" "CONFIG;REPORT_DIR" "ENV_FILES" ${ARGN})
  include(GoogleTest)
  if(NOT ARG_REPORT_DIR)
    set(ARG_REPORT_DIR ${CMAKE_CURRENT_BINARY_DIR}/preflight/${target})
  endif()
  file(MAKE_DIRECTORY ${ARG_REPORT_DIR})
  # PREFLIGHT_CONFIG emptied: a PREFLIGHT_CONFIG exported in the shell runs no pre-flight per test.
  set(environment "PREFLIGHT_REPORT=${ARG_REPORT_DIR}/report.json"
                  "PREFLIGHT_JUNIT=${ARG_REPORT_DIR}/junit.xml" "PREFLIGHT_CONFIG=")
  # Each ctest invocation starts without the reports of the last: if no test process runs
  # (staging down), there is no report rather than an old green one.
  add_test(NAME ${target}.reset_reports COMMAND ${CMAKE_COMMAND} -E rm -f
    ${ARG_REPORT_DIR}/report.json ${ARG_REPORT_DIR}/junit.xml ${ARG_REPORT_DIR}/check.json)
  set_tests_properties(${target}.reset_reports PROPERTIES FIXTURES_SETUP ${target}.staging)
  set(fixture FIXTURES_REQUIRED ${target}.staging)
  if(ARG_CONFIG)
    _preflight_config_arguments(check_args ${ARG_CONFIG} "${ARG_ENV_FILES}")
    add_test(NAME ${target}.preflight COMMAND $<TARGET_FILE:preflight::cli> check ${check_args}
      --json ${ARG_REPORT_DIR}/check.json)
    set_tests_properties(${target}.preflight PROPERTIES FIXTURES_SETUP ${target}.staging
      DEPENDS ${target}.reset_reports)
    list(APPEND environment "PREFLIGHT_CHECK_REPORT=${ARG_REPORT_DIR}/check.json")
  endif()
  gtest_discover_tests(${target} TEST_LIST ${target}_PREFLIGHT_TESTS ${ARG_UNPARSED_ARGUMENTS})
  # gtest_discover_tests' PROPERTIES cannot carry a list (ENVIRONMENT has several variables):
  # the discovered tests get theirs from a script CTest includes after the discovered list.
  set(script ${CMAKE_CURRENT_BINARY_DIR}/${target}_preflight_properties.cmake)
  file(WRITE ${script}
    "if(${target}_PREFLIGHT_TESTS)\n"
    "  set_tests_properties(\${${target}_PREFLIGHT_TESTS} PROPERTIES\n"
    "    ENVIRONMENT [==[${environment}]==] ${fixture})\n"
    "endif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${script})
endfunction()

# `--config CONFIG --env-file FILE...` for `preflight check` and `preflight run`, in OUT.
function(_preflight_config_arguments out config env_files)
  set(arguments --config ${config})
  foreach(env_file IN LISTS env_files)
    list(APPEND arguments --env-file ${env_file})
  endforeach()
  set(${out} ${arguments} PARENT_SCOPE)
endfunction()
