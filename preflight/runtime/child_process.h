// Runs a test suite as a child process (libuv uv_spawn): its output is passed on to ours as it
// comes (and its latest part kept, for the report of a test that hung or crashed), SIGINT/SIGTERM
// are forwarded to its process group, and a watchdog may kill it.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace preflight {

// Why a watchdog killed the suite: which limit it hit (decisions use this), and the sentence
// that says so (reports use this).
struct KillReason {
  enum class Limit { kTest, kSuite, kOther };
  Limit limit = Limit::kOther;
  std::string text;
};

struct ChildExit {
  int64_t exit_status = 0;
  int term_signal = 0;                       // the signal that killed it, or 0
  int forwarded_signal = 0;                  // SIGINT/SIGTERM we received and passed on, or 0
  std::optional<KillReason> killed_because;  // set when the watchdog killed the suite
  std::string output_tail;                   // the end of its stdout and stderr, as they arrived
};

// Asked every 100 ms while the suite runs; a reason kills the suite's process group (SIGKILL).
using Watchdog = std::function<std::optional<KillReason>()>;

// Rewrites the suite's output a line at a time before it is passed on and kept (e.g. masks
// secrets). A line is passed on when it is complete, at 64 KiB without a newline, or at the end.
using OutputFilter = std::function<std::string(std::string_view)>;

struct ChildOptions {
  std::vector<std::string> env;  // the whole environment, "NAME=VALUE"
  Watchdog watchdog;
  OutputFilter filter;             // none: passed on byte for byte as it arrives
  size_t keep_output = 64 * 1024;  // bytes of output_tail
  // This program's path: the suite is started through it (DieWithParentAndExec) so that the
  // kernel kills the suite if the parent dies, even by SIGKILL. Empty: started directly.
  std::string die_with_parent_via;
};

// The hidden first argument that makes a program DieWithParentAndExec.
inline constexpr const char* kDieWithParentVerb = "__die-with-parent";

// For `PROGRAM __die-with-parent PARENT_PID COMMAND...`: asks the kernel for SIGKILL when the
// parent dies, then becomes COMMAND. Returns only when it cannot (127, with why on stderr).
int DieWithParentAndExec(int argc, char** argv);

// The program as execvp would find it: a path, or a name on `path_variable` (PATH's value); an
// error says why not ("e2e_testz: not found on PATH").
std::expected<void, std::string> FindProgram(const std::string& program,
                                             std::string_view path_variable);

// An error (e.g. no such program) names the command and the reason.
std::expected<ChildExit, std::string> RunChild(const std::vector<std::string>& argv,
                                               const ChildOptions& options);

}  // namespace preflight
