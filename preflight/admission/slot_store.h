// Where admission slots live: K numbered slots in a namespace, each held by at most one run.
// The PostgreSQL store holds them as session-level advisory locks; unit tests use a fake.
#pragma once

#include <expected>
#include <string>
#include <vector>

#include "preflight/util/duration.h"

namespace preflight {

struct SlotHolder {
  int slot = 0;
  std::string name;  // the run's identity (its application_name)
  Duration held{0};  // since it took the slot, as far as the store can tell
};

class SlotStore {
 public:
  virtual ~SlotStore() = default;
  // Takes `slot` when it is free: true when this run holds it now, false when another does.
  virtual std::expected<bool, std::string> TryTake(int slot) = 0;
  // Who holds the namespace's slots now, by slot.
  virtual std::expected<std::vector<SlotHolder>, std::string> Holders() = 0;
  // Between polls of a waiting run: a run that holds no slot holds no connection either, so
  // that waiting runs do not use up the connections they wait for.
  virtual void Idle() {}
};

}  // namespace preflight
