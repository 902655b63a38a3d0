// Resource soak: the same pre-flight run N times in one process (as a long-lived test binary
// or an IDE plugin would). Prints open file descriptors and resident memory after the first,
// the tenth and the last run; fails when either keeps growing after the tenth.
// Usage: preflight_soak CONFIG RUNS
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "preflight/config/config_loader.h"
#include "preflight/runtime/live_preflight.h"

namespace {

size_t OpenFds() {
  size_t count = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
    ++count;
  return count;
}

long ResidentKiB() {
  long pages_total = 0, pages_resident = 0;
  std::ifstream("/proc/self/statm") >> pages_total >> pages_resident;
  return pages_resident * (sysconf(_SC_PAGESIZE) / 1024);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s CONFIG RUNS\n", argv[0]);
    return 2;
  }
  auto loaded = preflight::LoadConfig({.path = argv[1]});
  if (!loaded) {
    std::fprintf(stderr, "%s: invalid config\n", argv[1]);
    return 2;
  }
  const int runs = std::stoi(argv[2]);
  preflight::CheckObserver quiet;
  size_t fds_at_10 = 0;
  long rss_at_10 = 0;
  int failed_runs = 0;
  for (int run = 1; run <= runs; ++run) {
    auto result = preflight::RunLivePreflight(*loaded, {}, quiet, {.handle_signals = false});
    for (const auto& check : result.run.checks)
      if (check.status != preflight::CheckStatus::kPassed) ++failed_runs;
    if (run == 1 || run == 10 || run == runs)
      std::printf("after run %4d: %zu open fds, %ld KiB resident\n", run, OpenFds(), ResidentKiB());
    if (run == 10) fds_at_10 = OpenFds(), rss_at_10 = ResidentKiB();
  }
  const long rss_growth = ResidentKiB() - rss_at_10;
  std::printf("from run 10 to %d: %+zd fds, %+ld KiB resident; %d failed checks\n", runs,
              static_cast<ssize_t>(OpenFds() - fds_at_10), rss_growth, failed_runs);
  // Allocator noise stays well under 2 MiB; a leak of even 2 KiB per run would not. Under
  // AddressSanitizer freed memory waits in its quarantine, so only LeakSanitizer judges memory.
  const bool sanitized = std::getenv("PREFLIGHT_SANITIZED") != nullptr;
  if (sanitized) std::printf("resident memory not compared: built with AddressSanitizer\n");
  return OpenFds() <= fds_at_10 && (sanitized || rss_growth < 2048) && failed_runs == 0 ? 0 : 1;
}
