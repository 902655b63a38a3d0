# Build-only settings every preflight target links PRIVATE: language level, warnings, sanitizers.
# Never exported: consumers of the installed package do not inherit our warning flags.
add_library(preflight_standard_settings INTERFACE)
target_compile_features(preflight_standard_settings INTERFACE cxx_std_23)
target_compile_options(preflight_standard_settings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
  -Wno-missing-field-initializers)  # GCC 12 flags designated initializers that omit members
if(PREFLIGHT_SANITIZE)
  target_compile_options(preflight_standard_settings INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(preflight_standard_settings INTERFACE -fsanitize=address,undefined)
endif()

find_program(CLANG_FORMAT clang-format)
if(CLANG_FORMAT)
  file(GLOB_RECURSE _preflight_sources CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/preflight/*.cc ${PROJECT_SOURCE_DIR}/preflight/*.h
    ${PROJECT_SOURCE_DIR}/gtest_listener/*.cc ${PROJECT_SOURCE_DIR}/gtest_listener/*.h
    ${PROJECT_SOURCE_DIR}/tests/*.cc ${PROJECT_SOURCE_DIR}/tests/*.h)
  add_custom_target(format COMMAND ${CLANG_FORMAT} -i ${_preflight_sources}
    COMMENT "clang-format all sources")
endif()
