// Fleet admission: wait, within a budget, for one of K slots so that no more than K runs load
// staging at once. Jittered polling; every poll says who holds the slots; a poll that fails
// (the admission database is busy too) is tried again until the budget is spent. Clock, sleep and
// randomness are passed in, so the waiting is unit-tested without time passing.
#pragma once

#include <expected>
#include <functional>
#include <string>
#include <vector>

#include "preflight/admission/slot_store.h"
#include "preflight/util/duration.h"

namespace preflight {

struct AdmissionWaiting {
  int slots = 0;
  std::vector<SlotHolder> holders;
  Duration waited{0}, budget{0};
};

struct AdmissionRequest {
  int slots = 1;
  Duration budget{0};  // how long to wait for a slot; 0: one try
  std::function<Duration()> now;
  std::function<void(Duration)> sleep;
  std::function<double()> uniform;  // [0, 1): where to start and how long to wait
  std::function<void(const AdmissionWaiting&)> on_waiting;  // after each poll that found none
  std::function<int()> stopped;  // a signal that ends the wait (0: none); may be empty
};

struct Admitted {
  int slot = 0;
  Duration waited{0};
};

struct NotAdmitted {
  std::vector<SlotHolder> holders;  // who held the slots when last seen
  Duration waited{0};
  std::string error;   // the store's last error, when its last poll failed
  int stopped_by = 0;  // the signal that ended the wait
};

std::expected<Admitted, NotAdmitted> AcquireSlot(SlotStore& store, const AdmissionRequest& request);

// "3/3 held by ci-812 (4m), ci-813 (2m), laptop-ana (30s)"
std::string DescribeHolders(int slots, const std::vector<SlotHolder>& holders);

// "waiting for a staging slot: 3/3 held by ...; 1m10s / 10m"
std::string WaitingLine(const AdmissionWaiting& waiting);

// The time between polls: jittered in [0.5 s, 1 s], never past the budget.
Duration AdmissionPollDelay(Duration waited, Duration budget, double uniform01);

}  // namespace preflight
