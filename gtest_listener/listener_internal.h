// Between preflight's gtest_main and its listener; not part of the public API.
#pragma once

#include <string>

namespace preflight::internal {

// The reason given to tests that GoogleTest skips without a message of their own.
void SetSkipReasonForAll(std::string reason);

}  // namespace preflight::internal
