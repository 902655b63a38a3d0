// Taking an admission slot for `preflight run`, with the live clock and console.
#include "preflight/admission/admission_step.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <random>
#include <thread>

#include "preflight/admission/admission.h"
#include "preflight/admission/run_identity.h"
#include "preflight/exit_code.h"
#include "preflight/runtime/stop_signal.h"

namespace preflight {

std::expected<HeldSlot, AdmissionRefusal> TakeAdmissionSlot(const AdmissionSettings& settings,
                                                            const Redactor& redactor) {
  char host[256] = "";
  ::gethostname(host, sizeof host - 1);
  const std::string identity = RunIdentity(
      [](std::string_view name) -> std::optional<std::string> {
        const char* value = std::getenv(std::string(name).c_str());
        if (value == nullptr) return std::nullopt;
        return value;
      },
      host);
  auto store = PostgresSlotStore::Connect(settings.dsn, settings.name_space, identity);
  if (!store)
    return std::unexpected(AdmissionRefusal{
        kExitInfra, redactor.Redact(fmt::format("cannot reach the admission database {}: {}",
                                                settings.dsn, store.error()))});
  using Clock = std::chrono::steady_clock;
  const Clock::time_point start = Clock::now();
  std::mt19937_64 random{std::random_device{}()};
  const bool terminal = ::isatty(STDOUT_FILENO);
  Duration last_printed{-std::chrono::hours(1)};
  bool live_line = false;
  auto admitted = AcquireSlot(
      **store, {.slots = settings.slots,
                .budget = settings.wait,
                .now = [&] { return std::chrono::duration_cast<Duration>(Clock::now() - start); },
                .sleep = SleepUnlessStopped,
                .uniform = [&] { return std::uniform_real_distribution<double>(0, 1)(random); },
                .on_waiting =
                    [&](const AdmissionWaiting& waiting) {
                      // A live line on a terminal; in a CI log, a line every 10 s.
                      const std::string line = redactor.Redact(WaitingLine(waiting));
                      if (terminal) {
                        fmt::print("\r\033[K{}", line);
                        live_line = true;
                      } else if (waiting.waited - last_printed >= std::chrono::seconds(10)) {
                        fmt::print("preflight run: {}\n", line);
                        last_printed = waiting.waited;
                      }
                      std::fflush(stdout);
                    },
                .stopped = StopSignal});
  if (live_line) fmt::print("\r\033[K");
  if (!admitted) {
    const NotAdmitted& refusal = admitted.error();
    if (refusal.stopped_by != 0)
      return std::unexpected(AdmissionRefusal{
          128 + refusal.stopped_by,
          fmt::format("interrupted by signal {} ({}) while waiting for a staging slot",
                      refusal.stopped_by, strsignal(refusal.stopped_by))});
    const std::string reason =
        refusal.error.empty()
            ? fmt::format("no staging slot within {}: {}", FormatDuration(settings.wait),
                          DescribeHolders(settings.slots, refusal.holders))
            : fmt::format("the admission database failed: {}", refusal.error);
    return std::unexpected(AdmissionRefusal{kExitInfra, redactor.Redact(reason)});
  }
  fmt::print("preflight run: took staging slot {} of {} ({}) after {}\n", admitted->slot + 1,
             settings.slots, settings.name_space, FormatElapsed(admitted->waited));
  std::fflush(stdout);
  return HeldSlot{std::move(*store), admitted->slot};
}

}  // namespace preflight
