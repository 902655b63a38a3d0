// PostgreSQL check probe: libpq's non-blocking connect (PQconnectStart/PQconnectPoll), then
// PQsendQuery, on the libuv loop.
#pragma once

#include <uv.h>
#include <memory>

#include "preflight/engine/probe.h"
#include "preflight/engine/scheduler.h"

namespace preflight {

std::unique_ptr<Probe> MakePostgresProbe(uv_loop_t* loop, Scheduler& scheduler,
                                         const PostgresCheck& check);

}  // namespace preflight
