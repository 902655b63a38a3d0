// Public API of the preflight GoogleTest listener: install it in a suite's own main().
#pragma once

namespace preflight {

// Appends preflight's listener to GoogleTest's listeners. Call after
// testing::InitGoogleTest() and before RUN_ALL_TESTS(). Calling it twice installs it once.
void InstallListener();

}  // namespace preflight
