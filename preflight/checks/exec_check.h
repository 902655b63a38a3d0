// `type = "exec"`: a command of the team's own exits 0 (a migration check, a readiness script).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "preflight/checks/check_type.h"
#include "preflight/util/duration.h"
#include "preflight/util/redactor.h"
#include "preflight/util/table_reader.h"

namespace preflight {

struct ExecCheck {
  static constexpr std::string_view kType = "exec";
  static constexpr std::string_view kKeys[] = {"command", "shell", "warmup"};
  static constexpr Duration kDefaultWarmup = std::chrono::seconds{30};
  static constexpr size_t kKeptOutput = 2048;  // the end of its output, in the report

  std::vector<std::string> command;  // PROGRAM, ARG...; with shell = true, one /bin/sh script
  bool shell = false;
  Duration warmup = kDefaultWarmup;

  void Parse(TableReader& reader, Redactor& redactor);
  Duration Budget() const { return warmup; }
  std::string Target() const;
  std::string Describe() const;
  std::vector<std::string> Endpoints() const { return {}; }
};

// Runs the command in its own process group on the loop, stdout and stderr together; ready on
// exit 0. A command still running at the end of the poll's budget is killed (the whole group).
std::unique_ptr<Probe> MakeProbe(const ExecCheck& check, const ProbeContext& context);

}  // namespace preflight
