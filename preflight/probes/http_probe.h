// HTTP check probe: one GET of the health endpoint through the shared libcurl multi handle.
#pragma once

#include <memory>

#include "preflight/engine/probe.h"
#include "preflight/probes/curl_multi.h"

namespace preflight {

std::unique_ptr<Probe> MakeHttpProbe(CurlMulti& multi, const HttpCheck& check);

}  // namespace preflight
