# Installs the exported targets and PreflightConfig.cmake so that outside projects can
# find_package(Preflight) and link preflight::gtest_main.
include(CMakePackageConfigHelpers)
set(PREFLIGHT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Preflight)
install(EXPORT PreflightTargets NAMESPACE preflight:: DESTINATION ${PREFLIGHT_CMAKE_DIR})
configure_package_config_file(cmake/PreflightConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/PreflightConfig.cmake INSTALL_DESTINATION ${PREFLIGHT_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/PreflightConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES cmake/PreflightCTest.cmake ${CMAKE_CURRENT_BINARY_DIR}/PreflightConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/PreflightConfigVersion.cmake DESTINATION ${PREFLIGHT_CMAKE_DIR})
# The report schemas (preflight.check/v1, preflight.tests/v1), for tools that read the reports.
install(DIRECTORY docs/schemas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/preflight/schemas)
