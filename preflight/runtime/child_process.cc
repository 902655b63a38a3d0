// uv_spawn with the suite's stdout and stderr on pipes that we copy to ours, signal forwarding
// and a watchdog timer.
#include "preflight/runtime/child_process.h"

#include <sys/prctl.h>

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <sys/types.h>
#include <unistd.h>
#include <uv.h>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace preflight {
namespace {

// After the suite exits, how long to wait for the rest of its output: a daemon it started may
// hold the pipes open for ever.
constexpr uint64_t kDrainMs = 500;
// After a forwarded SIGINT, SIGTERM or SIGHUP, how long the suite has to end before SIGKILL.
constexpr uint64_t kStopGraceMs = 10'000;

struct State {
  ChildExit exit;
  bool exited = false;
  int open_pipes = 0;
  size_t keep_output = 0;
  const Watchdog* watchdog = nullptr;
  const OutputFilter* filter = nullptr;
  std::string pending[2];  // per stream, output after its last newline (with a filter only)
  uv_process_t process;
  uv_pipe_t pipes[2];  // the suite's stdout, stderr
  uv_signal_t signals[3];
  uv_timer_t timer;  // the watchdog while it runs, then the drain deadline
  uv_timer_t grace;  // after a forwarded signal: SIGKILL when it is over
};

void WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {  // a non-blocking stdout we inherited
      pollfd writable{.fd = fd, .events = POLLOUT};
      ::poll(&writable, 1, -1);
      continue;
    }
    if (n <= 0) return;
    data += n;
    size -= static_cast<size_t>(n);
  }
}

void KeepTail(State& s, const char* data, size_t size) {
  std::string& tail = s.exit.output_tail;
  tail.append(data, size);
  if (tail.size() > 2 * s.keep_output) tail.erase(0, tail.size() - s.keep_output);
}

constexpr size_t kMaxPendingLine = 64 * 1024;

void PassOn(State& s, int stream, std::string_view data) {
  WriteAll(stream == 0 ? STDOUT_FILENO : STDERR_FILENO, data.data(), data.size());
  KeepTail(s, data.data(), data.size());
}

// A line longer than kMaxPendingLine is passed on in parts, filtered first, but for its last
// kKeptBack bytes: a secret (shorter than that) cut by the part's end is filtered whole with the
// next part.
constexpr size_t kKeptBack = 4096;

// With a filter, whole lines only (a secret is never split between two chunks).
void Filtered(State& s, int stream, std::string_view data, bool end) {
  std::string& pending = s.pending[stream];
  pending.append(data);
  size_t cut = pending.rfind('\n');
  cut = cut == std::string::npos ? 0 : cut + 1;
  if (!end && pending.size() - cut > kMaxPendingLine) {
    if (cut > 0) PassOn(s, stream, (*s.filter)(std::string_view(pending).substr(0, cut)));
    std::string line = (*s.filter)(std::string_view(pending).substr(cut));
    const size_t part = line.size() > kKeptBack ? line.size() - kKeptBack : 0;
    PassOn(s, stream, std::string_view(line).substr(0, part));
    pending = line.substr(part);
    return;
  }
  if (end) cut = pending.size();
  if (cut == 0) return;
  PassOn(s, stream, (*s.filter)(std::string_view(pending).substr(0, cut)));
  pending.erase(0, cut);
}

void OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* s = static_cast<State*>(stream->data);
  const int index = stream == reinterpret_cast<uv_stream_t*>(&s->pipes[0]) ? 0 : 1;
  if (nread > 0) {
    const std::string_view data(buf->base, static_cast<size_t>(nread));
    if (s->filter != nullptr && *s->filter)
      Filtered(*s, index, data, false);
    else
      PassOn(*s, index, data);
  } else if (nread < 0) {
    if (s->filter != nullptr && *s->filter) Filtered(*s, index, "", true);
    uv_read_stop(stream);
    --s->open_pipes;
  }
  delete[] buf->base;
}

}  // namespace

int DieWithParentAndExec(int argc, char** argv) {
  if (argc < 4) return 127;
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != static_cast<pid_t>(std::atoll(argv[2]))) return 137;  // already gone
  ::execvp(argv[3], argv + 3);
  std::fprintf(stderr, "preflight run: cannot run %s: %s\n", argv[3], std::strerror(errno));
  return 127;
}

std::expected<void, std::string> FindProgram(const std::string& program,
                                             std::string_view path_variable) {
  auto usable = [](const std::string& path) -> std::expected<void, std::string> {
    std::error_code error;
    if (!std::filesystem::exists(path, error))
      return std::unexpected(fmt::format("{}: no such file", path));
    if (std::filesystem::is_directory(path, error))
      return std::unexpected(fmt::format("{}: is a directory", path));
    if (::access(path.c_str(), X_OK) != 0)
      return std::unexpected(fmt::format("{}: not executable (chmod +x {})", path, path));
    return {};
  };
  if (program.find('/') != std::string::npos) return usable(program);
  for (std::string_view dirs = path_variable; !dirs.empty();) {
    const size_t colon = dirs.find(':');
    const std::string_view dir = dirs.substr(0, colon);
    if (!dir.empty() && usable(fmt::format("{}/{}", dir, program))) return {};
    dirs = colon == std::string_view::npos ? "" : dirs.substr(colon + 1);
  }
  return std::unexpected(
      fmt::format("{}: not found on PATH (a file in this directory is ./{})", program, program));
}

std::expected<ChildExit, std::string> RunChild(const std::vector<std::string>& command,
                                               const ChildOptions& options) {
  if (command.empty()) return std::unexpected("no command to run");
  std::vector<std::string> argv = command;
  if (!options.die_with_parent_via.empty()) {
    // Through the trampoline a missing program would only show as exit status 127: said now.
    std::string_view path;
    for (const auto& entry : options.env)
      if (entry.starts_with("PATH=")) path = std::string_view(entry).substr(5);
    if (auto runnable = FindProgram(command[0], path); !runnable)
      return std::unexpected("cannot run " + runnable.error());
    argv.insert(argv.begin(),
                {options.die_with_parent_via, kDieWithParentVerb, std::to_string(::getpid())});
  }
  std::vector<char*> args, envp;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (const auto& e : options.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  std::fflush(stdout);
  std::fflush(stderr);
  // Real pipes, not libuv's UV_CREATE_PIPE (a socketpair): a suite (or its wrapper script) may
  // open /dev/stdout or /dev/stderr, which fails on a socket.
  int fds[2][2];
  for (int i = 0; i < 2; ++i) {
    if (::pipe2(fds[i], O_CLOEXEC) != 0) {
      const std::string error = std::strerror(errno);
      for (int j = 0; j < i; ++j) {
        ::close(fds[j][0]);
        ::close(fds[j][1]);
      }
      return std::unexpected(fmt::format("cannot run {}: no pipe: {}", command[0], error));
    }
  }

  uv_loop_t loop;
  uv_loop_init(&loop);
  State state;
  state.keep_output = options.keep_output;
  state.watchdog = &options.watchdog;
  state.filter = &options.filter;
  uv_stdio_container_t stdio[3];
  stdio[0].flags = UV_INHERIT_FD;
  stdio[0].data.fd = 0;
  for (int i = 0; i < 2; ++i) {
    uv_pipe_init(&loop, &state.pipes[i], 0);
    uv_pipe_open(&state.pipes[i], fds[i][0]);  // our end, read on the loop
    state.pipes[i].data = &state;
    stdio[i + 1].flags = UV_INHERIT_FD;  // its end, as fd 1 and 2 of the suite
    stdio[i + 1].data.fd = fds[i][1];
  }
  uv_process_options_t spawn{};
  spawn.file = args[0];
  spawn.args = args.data();
  spawn.env = envp.data();
  spawn.stdio = stdio;
  spawn.stdio_count = 3;
  // Its own process group, so that a forwarded signal reaches everything the suite started
  // (a wrapper script's children too), exactly once.
  spawn.flags = UV_PROCESS_DETACHED;
  spawn.exit_cb = [](uv_process_t* process, int64_t status, int signal) {
    auto* s = static_cast<State*>(process->data);
    s->exit.exit_status = status;
    s->exit.term_signal = signal;
    s->exited = true;
  };
  state.process.data = &state;
  auto close_all = [&] {
    for (auto& pipe : state.pipes) uv_close(reinterpret_cast<uv_handle_t*>(&pipe), nullptr);
    uv_close(reinterpret_cast<uv_handle_t*>(&state.process), nullptr);
  };
  const int spawned = uv_spawn(&loop, &state.process, &spawn);
  for (auto& pipe : fds) ::close(pipe[1]);  // only the suite writes: EOF when it is done
  if (int rc = spawned; rc != 0) {
    close_all();
    uv_run(&loop, UV_RUN_DEFAULT);
    uv_loop_close(&loop);
    return std::unexpected(fmt::format("cannot run {}: {}", command[0], uv_strerror(rc)));
  }
  for (auto& pipe : state.pipes) {
    ++state.open_pipes;
    uv_read_start(
        reinterpret_cast<uv_stream_t*>(&pipe),
        [](uv_handle_t*, size_t suggested, uv_buf_t* buf) {
          *buf = uv_buf_init(new char[suggested], static_cast<unsigned>(suggested));
        },
        OnRead);
  }
  const int forwarded[] = {SIGINT, SIGTERM, SIGHUP};
  uv_timer_init(&loop, &state.grace);
  state.grace.data = &state;
  for (size_t i = 0; i < std::size(forwarded); ++i) {
    uv_signal_init(&loop, &state.signals[i]);
    state.signals[i].data = &state;
    uv_signal_start(
        &state.signals[i],
        [](uv_signal_t* handle, int signum) {
          auto* s = static_cast<State*>(handle->data);
          s->exit.forwarded_signal = signum;
          ::kill(-s->process.pid, signum);  // the whole group
          // A suite that ignores it is killed when its grace is over.
          uv_timer_start(
              &s->grace,
              [](uv_timer_t* timer) {
                auto* late = static_cast<State*>(timer->data);
                if (!late->exited) ::kill(-late->process.pid, SIGKILL);
              },
              kStopGraceMs, 0);
        },
        forwarded[i]);
  }
  uv_timer_init(&loop, &state.timer);
  state.timer.data = &state;
  if (options.watchdog) {
    uv_timer_start(
        &state.timer,
        [](uv_timer_t* timer) {
          auto* s = static_cast<State*>(timer->data);
          if (s->exited || s->exit.killed_because) return;
          if (auto reason = (*s->watchdog)()) {
            s->exit.killed_because = *reason;
            ::kill(-s->process.pid, SIGKILL);
          }
        },
        100, 100);
  }
  while (!state.exited) uv_run(&loop, UV_RUN_ONCE);
  bool drained_or_late = state.open_pipes == 0;
  state.timer.data = &drained_or_late;
  uv_timer_start(
      &state.timer, [](uv_timer_t* timer) { *static_cast<bool*>(timer->data) = true; }, kDrainMs,
      0);
  while (!drained_or_late && state.open_pipes > 0) uv_run(&loop, UV_RUN_ONCE);
  for (int i = 0; i < 2; ++i)  // a daemon still holds the pipe: pass on what came before it
    if (options.filter && !state.pending[i].empty()) Filtered(state, i, "", true);
  for (auto& signal : state.signals) uv_close(reinterpret_cast<uv_handle_t*>(&signal), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&state.timer), nullptr);
  uv_close(reinterpret_cast<uv_handle_t*>(&state.grace), nullptr);
  close_all();
  uv_run(&loop, UV_RUN_DEFAULT);
  uv_loop_close(&loop);
  if (state.exit.output_tail.size() > options.keep_output)
    state.exit.output_tail.erase(0, state.exit.output_tail.size() - options.keep_output);
  return state.exit;
}

}  // namespace preflight
