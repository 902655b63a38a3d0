// Real probes for real dependencies, all on one libuv loop.
#pragma once

#include <uv.h>

#include "preflight/engine/probe.h"
#include "preflight/engine/scheduler.h"
#include "preflight/probes/curl_multi.h"

namespace preflight {

class LiveProbeFactory final : public ProbeFactory {
 public:
  LiveProbeFactory(uv_loop_t* loop, Scheduler& scheduler)
      : loop_(loop), scheduler_(scheduler), curl_(loop) {}
  std::unique_ptr<Probe> Create(const Check& check) override;

 private:
  uv_loop_t* loop_;
  Scheduler& scheduler_;
  CurlMulti curl_;
};

}  // namespace preflight
