// PostgreSQL check probe: libpq's non-blocking connect (PQconnectStart/PQconnectPoll), then
// PQsendQuery, on the libuv loop.
#pragma once

#include <uv.h>
#include <memory>

#include "preflight/engine/probe.h"
#include "preflight/engine/scheduler.h"

namespace preflight {

// What a ready probe does with its connection: close it at once, or hold it until the probe is
// started again or destroyed (a burst's connections, so that they are all open at once).
enum class ReadyConnection { kClose, kHold };

std::unique_ptr<Probe> MakePostgresProbe(uv_loop_t* loop, Scheduler& scheduler,
                                         const PostgresCheck& check,
                                         ReadyConnection ready = ReadyConnection::kClose);

}  // namespace preflight
