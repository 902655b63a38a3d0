# Installs the exported targets and PreflightConfig.cmake so that outside projects can
# find_package(Preflight [COMPONENTS gtest cli core]) and link preflight::gtest_main; and packs
# the install tree as a .deb and a .tar.gz (cpack, from the build directory).
include(CMakePackageConfigHelpers)
set(PREFLIGHT_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Preflight)
foreach(component GTest Cli Core)
  install(EXPORT Preflight${component}Targets NAMESPACE preflight:: DESTINATION ${PREFLIGHT_CMAKE_DIR})
endforeach()
configure_package_config_file(cmake/PreflightConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/PreflightConfig.cmake INSTALL_DESTINATION ${PREFLIGHT_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_BINDIR CMAKE_INSTALL_DATADIR CMAKE_INSTALL_INCLUDEDIR)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/PreflightConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES cmake/PreflightCTest.cmake cmake/PreflightGTest.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/PreflightConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/PreflightConfigVersion.cmake DESTINATION ${PREFLIGHT_CMAKE_DIR})
# The report schemas (preflight.check/v1, preflight.tests/v1), for tools that read the reports.
install(DIRECTORY docs/schemas/ DESTINATION ${CMAKE_INSTALL_DATADIR}/preflight/schemas)

# cpack -G DEB / -G TGZ. The .deb's dependencies are found by dpkg-shlibdeps from the CLI's
# libraries; a consumer building against it also needs the -dev packages the components name.
set(CPACK_PACKAGE_NAME preflight)
set(CPACK_PACKAGE_VENDOR "preflight")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Staging pre-flight checks and a GoogleTest listener that splits failures into infra, config and code")
set(CPACK_PACKAGE_CONTACT "preflight maintainers <preflight@example.invalid>")
set(CPACK_GENERATOR DEB TGZ)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libgtest-dev, libfmt-dev, libtomlplusplus-dev, nlohmann-json3-dev, libre2-dev")
set(CPACK_ARCHIVE_FILE_NAME ${CPACK_PACKAGE_NAME}-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR})
include(CPack)
