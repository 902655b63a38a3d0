// uv_spawn with inherited stdio, an overridden environment and signal forwarding.
#include "preflight/runtime/child_process.h"

#include <fmt/format.h>
#include <sys/types.h>
#include <uv.h>
#include <csignal>
#include <cstring>

extern char** environ;

namespace preflight {

std::expected<ChildExit, std::string> RunChild(const std::vector<std::string>& argv,
                                               const std::vector<std::string>& extra_env,
                                               const Watchdog& watchdog) {
  if (argv.empty()) return std::unexpected("no command to run");
  std::vector<std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view pair(*entry);
    const std::string_view name = pair.substr(0, pair.find('='));
    bool overridden = false;
    for (const auto& extra : extra_env) overridden |= extra.substr(0, extra.find('=')) == name;
    if (!overridden) env.emplace_back(pair);
  }
  env.insert(env.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> args, envp;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  uv_loop_t loop;
  uv_loop_init(&loop);
  struct State {
    ChildExit exit;
    bool exited = false;
    uv_process_t process;
    uv_signal_t signals[2];
    uv_timer_t watchdog_timer;
    const Watchdog* watchdog;
  } state{};
  state.watchdog = &watchdog;
  uv_stdio_container_t stdio[3];
  for (int fd = 0; fd < 3; ++fd) {
    stdio[fd].flags = UV_INHERIT_FD;
    stdio[fd].data.fd = fd;
  }
  uv_process_options_t options{};
  options.file = args[0];
  options.args = args.data();
  options.env = envp.data();
  options.stdio = stdio;
  options.stdio_count = 3;
  // Its own process group, so that a forwarded signal reaches everything the suite started
  // (a wrapper script's children too), exactly once.
  options.flags = UV_PROCESS_DETACHED;
  options.exit_cb = [](uv_process_t* process, int64_t status, int signal) {
    auto* s = static_cast<State*>(process->data);
    s->exit.exit_status = status;
    s->exit.term_signal = signal;
    s->exited = true;
  };
  state.process.data = &state;
  if (int rc = uv_spawn(&loop, &state.process, &options); rc != 0) {
    uv_close(reinterpret_cast<uv_handle_t*>(&state.process), nullptr);
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    return std::unexpected(fmt::format("cannot run {}: {}", argv[0], uv_strerror(rc)));
  }
  const int forwarded[2] = {SIGINT, SIGTERM};
  for (int i = 0; i < 2; ++i) {
    uv_signal_init(&loop, &state.signals[i]);
    state.signals[i].data = &state;
    uv_signal_start(
        &state.signals[i],
        [](uv_signal_t* handle, int signum) {
          auto* s = static_cast<State*>(handle->data);
          s->exit.forwarded_signal = signum;
          ::kill(-s->process.pid, signum);  // the whole group
        },
        forwarded[i]);
  }
  uv_timer_init(&loop, &state.watchdog_timer);
  state.watchdog_timer.data = &state;
  if (watchdog) {
    uv_timer_start(
        &state.watchdog_timer,
        [](uv_timer_t* timer) {
          auto* s = static_cast<State*>(timer->data);
          if (s->exited || !s->exit.killed_because.empty()) return;
          if (auto reason = (*s->watchdog)()) {
            s->exit.killed_because = *reason;
            ::kill(-s->process.pid, SIGKILL);
          }
        },
        100, 100);
  }
  while (!state.exited) uv_run(&loop, UV_RUN_ONCE);
  for (auto& signal : state.signals) uv_close(reinterpret_cast<uv_handle_t*>(&signal), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&state.watchdog_timer), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&state.process), nullptr);
  uv_run(&loop, UV_RUN_DEFAULT);
  uv_loop_close(&loop);
  return state.exit;
}

}  // namespace preflight
