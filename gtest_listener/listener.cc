// The listener GoogleTest calls for every test event. Classification and reports arrive with
// issue #5; today it is installed (once) and observes the run without changing it.
#include <gtest/gtest.h>

#include "preflight/gtest_listener.h"

namespace preflight {
namespace {

class PreflightListener final : public testing::EmptyTestEventListener {};

bool g_installed = false;

}  // namespace

void InstallListener() {
  if (g_installed) return;
  testing::UnitTest::GetInstance()->listeners().Append(new PreflightListener);
  g_installed = true;
}

}  // namespace preflight
