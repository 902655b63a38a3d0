// This process's run identity: when, where and which process ("20261206T044306Z-ci-7-4812-
// 9f2c1a7e"). A report carries it as "run_id": the history keys a run by it, so two runs with
// the same results are two runs, and the same report added twice is one.
#pragma once

#include <string>

namespace preflight {

// The same for the whole process; unique across processes and machines.
const std::string& ProcessRunId();

}  // namespace preflight
