// Public API of the preflight GoogleTest listener: install it in a suite's own main(), and tag
// failures as infrastructure explicitly where the test knows better than any rule.
//
//   preflight::InstallListener();                  // after testing::InitGoogleTest()
//   throw preflight::InfraError("database", "replica lag 40 s");
//   PREFLIGHT_INFRA_SCOPE("payments_sandbox");     // failures in this scope are infra
//
// Environment: PREFLIGHT_REPORT=FILE (preflight.tests/v1 JSON), PREFLIGHT_JUNIT=FILE and Bazel's
// XML_OUTPUT_FILE (JUnit with the split), TEST_INFRASTRUCTURE_FAILURE_FILE, GITHUB_STEP_SUMMARY
// (Markdown), PREFLIGHT_RULES=FILE (extra rules), PREFLIGHT_CIRCUIT_BREAKER=N (stop after N
// consecutive infra failures; off by default).
#pragma once

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace preflight {

// Appends preflight's listener to GoogleTest's listeners (once, however often it is called).
void InstallListener();

// An exception that marks the failure it causes as infrastructure, with a category.
class InfraError : public std::runtime_error {
 public:
  InfraError(const std::string& category, const std::string& message)
      : std::runtime_error("[preflight:infra:" + category + "] " + message) {}
};

}  // namespace preflight

#define PREFLIGHT_INTERNAL_CONCAT2(a, b) a##b
#define PREFLIGHT_INTERNAL_CONCAT(a, b) PREFLIGHT_INTERNAL_CONCAT2(a, b)
// Failures inside the enclosing scope are infrastructure of `category` (a string literal).
#define PREFLIGHT_INFRA_SCOPE(category)                                               \
  ::testing::ScopedTrace PREFLIGHT_INTERNAL_CONCAT(preflight_infra_scope_, __LINE__)( \
      __FILE__, __LINE__, "[preflight:infra:" category "]")
