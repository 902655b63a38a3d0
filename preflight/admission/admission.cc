// Waiting for an admission slot.
#include "preflight/admission/admission.h"

#include <fmt/format.h>

#include <algorithm>

#include "preflight/engine/backoff.h"

namespace preflight {

Duration AdmissionPollDelay(Duration waited, Duration budget, double uniform01) {
  const Duration delay = JitteredDelay(std::chrono::seconds(1), [&] { return uniform01; });
  return std::max(Duration{0}, std::min(delay, budget - waited));
}

std::expected<Admitted, NotAdmitted> AcquireSlot(SlotStore& store,
                                                 const AdmissionRequest& request) {
  const Duration start = request.now();
  // Runs start at different slots, so they do not all ask for slot 0 first.
  const int first =
      std::min(request.slots - 1, static_cast<int>(request.uniform() * request.slots));
  while (true) {
    for (int i = 0; i < request.slots; ++i) {
      const int slot = (first + i) % request.slots;
      auto taken = store.TryTake(slot);
      if (!taken)
        return std::unexpected(
            NotAdmitted{.waited = request.now() - start, .error = taken.error()});
      if (*taken) return Admitted{.slot = slot, .waited = request.now() - start};
    }
    auto holders = store.Holders();
    const Duration waited = request.now() - start;
    if (!holders) return std::unexpected(NotAdmitted{.waited = waited, .error = holders.error()});
    if (waited >= request.budget)
      return std::unexpected(NotAdmitted{.holders = std::move(*holders), .waited = waited});
    if (request.on_waiting)
      request.on_waiting({.slots = request.slots,
                          .holders = *holders,
                          .waited = waited,
                          .budget = request.budget});
    request.sleep(AdmissionPollDelay(waited, request.budget, request.uniform()));
  }
}

namespace {
// Whole seconds: "4m", "30s", "1m10s".
std::string Coarse(Duration d) {
  return FormatDuration(std::chrono::floor<std::chrono::seconds>(d));
}
}  // namespace

std::string DescribeHolders(int slots, const std::vector<SlotHolder>& holders) {
  std::string out = fmt::format("{}/{} held", holders.size(), slots);
  for (size_t i = 0; i < holders.size(); ++i)
    out +=
        fmt::format("{}{} ({})", i == 0 ? " by " : ", ", holders[i].name, Coarse(holders[i].held));
  return out;
}

std::string WaitingLine(const AdmissionWaiting& waiting) {
  return fmt::format("waiting for a staging slot: {}; {} / {}",
                     DescribeHolders(waiting.slots, waiting.holders), Coarse(waiting.waited),
                     FormatDuration(waiting.budget));
}

}  // namespace preflight
