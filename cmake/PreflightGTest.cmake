# The parts of the listener that see GoogleTest's classes, compiled in the project that uses them,
# against that project's own GoogleTest: GTest::gtest and GTest::gmock are linked by name and
# resolved when the build is generated, so the team's GoogleTest (FetchContent, add_subdirectory,
# any version or build option) and Debian's both work, in any order of discovery. Used by
# preflight's own build and by the installed package (PreflightConfig.cmake).
#
#   preflight::gtest_listener  InstallListener() and the tagging API, for suites with their own main
#   preflight::gtest_main      a main() that installs the listener (a drop-in for GTest::gtest_main)
#   preflight::gmock_main      the same with testing::InitGoogleMock (a drop-in for GTest::gmock_main)
#
# The mains are object libraries: their main() is in the executable itself, so it wins over the
# main of a GTest::gtest_main linked too, whatever the order of the libraries.

# SOURCES: the listener's sources; INCLUDE: where preflight/gtest_listener.h is; CLI: the preflight
# command of the same package (the in-process pre-flight runs it); RUNTIME: the prebuilt target
# with the rest (classifier, network watch). IN_CONSUMER: compiled in another project's build,
# whose flags are for its own code: its warnings (-Werror, -Wconversion, ...) are off for ours (our
# own build compiles the same sources with every warning on), and ours keep exceptions on when it
# turns them off (-fno-exceptions): nothing of ours throws through its frames.
function(preflight_define_gtest_targets)
  cmake_parse_arguments(ARG "IN_CONSUMER" "SOURCES;INCLUDE;CLI;RUNTIME" "" ${ARGN})
  if(TARGET preflight_gtest_listener)
    return()
  endif()
  add_library(preflight_gtest_listener STATIC EXCLUDE_FROM_ALL ${ARG_SOURCES}/listener.cc)
  add_library(preflight::gtest_listener ALIAS preflight_gtest_listener)
  target_include_directories(preflight_gtest_listener PUBLIC ${ARG_INCLUDE})
  target_compile_features(preflight_gtest_listener PRIVATE cxx_std_23)
  target_compile_definitions(preflight_gtest_listener PRIVATE PREFLIGHT_PACKAGE_CLI="${ARG_CLI}")
  target_link_libraries(preflight_gtest_listener PUBLIC GTest::gtest PRIVATE ${ARG_RUNTIME})

  foreach(flavour gtest gmock)
    add_library(preflight_${flavour}_main OBJECT EXCLUDE_FROM_ALL ${ARG_SOURCES}/gtest_main.cc)
    add_library(preflight::${flavour}_main ALIAS preflight_${flavour}_main)
    target_compile_features(preflight_${flavour}_main PRIVATE cxx_std_23)
    target_link_libraries(preflight_${flavour}_main PUBLIC preflight_gtest_listener
      PRIVATE ${ARG_RUNTIME} INTERFACE $<LINK_ONLY:${ARG_RUNTIME}>)
  endforeach()
  if(ARG_IN_CONSUMER)
    foreach(target preflight_gtest_listener preflight_gtest_main preflight_gmock_main)
      target_compile_options(${target} PRIVATE
        $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-w -fexceptions>)
    endforeach()
  endif()
  # Only where the project has GoogleMock (a GoogleTest built with BUILD_GMOCK=OFF has not).
  target_compile_definitions(preflight_gmock_main PRIVATE PREFLIGHT_GMOCK_MAIN)
  target_link_libraries(preflight_gmock_main PUBLIC $<$<TARGET_EXISTS:GTest::gmock>:GTest::gmock>)

  # A project that links preflight::gtest_main without bringing a GoogleTest of its own gets the
  # installed one, found once the project's top directory has been read (its own GoogleTest, if
  # any, exists by then).
  cmake_language(DEFER DIRECTORY ${CMAKE_SOURCE_DIR} CALL _preflight_find_gtest_if_missing)
endfunction()

function(_preflight_find_gtest_if_missing)
  if(NOT TARGET GTest::gtest)
    find_package(GTest CONFIG REQUIRED GLOBAL)
  endif()
endfunction()
