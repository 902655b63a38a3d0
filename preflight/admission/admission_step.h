// The admission step of `preflight run`: connect to the [admission] database as this run,
// wait for a slot with a live line, and hold it (the returned store) until the suite ends.
#pragma once

#include <expected>
#include <memory>
#include <string>

#include "preflight/admission/postgres_slot_store.h"
#include "preflight/config/config.h"
#include "preflight/util/redactor.h"

namespace preflight {

struct HeldSlot {
  std::unique_ptr<PostgresSlotStore> store;  // the slot goes with it
  int slot = 0;
};

struct AdmissionRefusal {
  int exit_code = 0;   // 75: no slot within the wait, or the database cannot be reached
  std::string reason;  // one line, redacted: "no staging slot within 10m: 3/3 held by ..."
};

std::expected<HeldSlot, AdmissionRefusal> TakeAdmissionSlot(const AdmissionSettings& settings,
                                                            const Redactor& redactor);

}  // namespace preflight
