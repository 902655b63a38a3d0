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
  set(config_args --config ${ARG_CONFIG})
  foreach(env_file IN LISTS ARG_ENV_FILES)
    list(APPEND config_args --env-file ${env_file})
  endforeach()
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
