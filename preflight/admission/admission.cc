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
  NotAdmitted last;
  while (true) {
    last.error.clear();
    for (int i = 0; i < request.slots && last.error.empty(); ++i) {
      const int slot = (first + i) % request.slots;
      auto taken = store.TryTake(slot);
      if (!taken)
        last.error = taken.error();
      else if (*taken)
        return Admitted{.slot = slot, .waited = request.now() - start};
    }
    if (last.error.empty()) {
      if (auto holders = store.Holders())
        last.holders = std::move(*holders);
      else
        last.error = holders.error();
    }
    last.waited = request.now() - start;
    if (last.waited >= request.budget) return std::unexpected(std::move(last));
    if (request.on_waiting && last.error.empty())
      request.on_waiting({.slots = request.slots,
                          .holders = last.holders,
                          .waited = last.waited,
                          .budget = request.budget});
    store.Idle();
    request.sleep(AdmissionPollDelay(last.waited, request.budget, request.uniform()));
    if (request.stopped && request.stopped() != 0) {
      last.stopped_by = request.stopped();
      return std::unexpected(std::move(last));
    }
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
