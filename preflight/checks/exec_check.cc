// The exec check: its keys, and its probe (uv_spawn on the loop, output kept, the process group
// killed when the budget ends).
#include "preflight/checks/exec_check.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <sys/wait.h>

#include "preflight/engine/check_result.h"
#include "preflight/engine/deferred_report.h"
#include "preflight/engine/probe.h"
#include "preflight/engine/scheduler.h"

namespace preflight {

void ExecCheck::Parse(TableReader& reader, Redactor&) {
  reader.Require("command", "command = [\"./scripts/wait-for-migrations\", \"--quiet\"]");
  if (auto value = reader.StringArray("command")) {
    if (value->empty() || value->front().empty())
      reader.Error("command", "`command` is empty", "command = [\"PROGRAM\", \"ARG\"]");
    command = std::move(*value);
  }
  if (auto value = reader.Bool("shell")) shell = *value;
  if (shell && command.size() > 1)
    reader.Error("command", "with shell = true, `command` is one script for /bin/sh -c",
                 "command = [\"pg_isready -h db && curl -fs http://api/health\"]");
  if (auto value = reader.DurationValue("warmup")) warmup = *value;
}

std::string ExecCheck::Target() const {
  return shell ? fmt::format("sh -c '{}'", command.empty() ? "" : command.front())
               : fmt::format("{}", fmt::join(command, " "));
}

std::string ExecCheck::Describe() const {
  return fmt::format("run {}, warmup {}, ready on exit 0", Target(), FormatDuration(warmup));
}

namespace {

// One run of the command. libuv closes handles asynchronously: a run outlives its probe until
// its three handles are closed, then frees itself.
struct Run {
  uv_process_t process{};
  uv_pipe_t out{}, err{};
  int open_handles = 0;
  int open_streams = 0;
  bool exited = false;
  int64_t exit_status = 0;
  int term_signal = 0;
  std::string output;             // stdout and stderr as they came, the last kKeptOutput bytes
  std::function<void()> on_done;  // cleared when the probe lets go
  char buffer[4096];

  static void OnClose(uv_handle_t* handle) {
    auto* run = static_cast<Run*>(handle->data);
    if (--run->open_handles == 0) delete run;
  }
  void Finish() {
    if (!exited || open_streams > 0 || !on_done) return;
    auto done = std::move(on_done);  // it releases this run
    on_done = nullptr;
    done();
  }
  void Release() {
    on_done = nullptr;
    if (!exited && process.pid > 0) {
      ::kill(-process.pid, SIGKILL);       // its own process group
      ::waitpid(process.pid, nullptr, 0);  // libuv stops reaping it once its handle closes
    }
    for (auto* handle :
         {reinterpret_cast<uv_handle_t*>(&process), reinterpret_cast<uv_handle_t*>(&out),
          reinterpret_cast<uv_handle_t*>(&err)})
      if (handle->data != nullptr && !uv_is_closing(handle)) uv_close(handle, OnClose);
  }
};

class ExecProbe final : public Probe {
 public:
  ExecProbe(const ExecCheck& check, const ProbeContext& context)
      : check_(check), context_(context) {}
  ~ExecProbe() override { Stop(); }

  void Start(Duration timeout, std::function<void(ProbeOutcome)> done) override {
    report_.Arm(std::move(done));
    Stop();
    started_ = context_.scheduler.Now();
    run_ = new Run;
    for (uv_pipe_t* pipe : {&run_->out, &run_->err}) {
      uv_pipe_init(context_.loop, pipe, 0);
      pipe->data = run_;
      ++run_->open_handles;
    }
    std::vector<std::string> args =
        check_.shell ? std::vector<std::string>{"/bin/sh", "-c", check_.command.front()}
                     : check_.command;
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    uv_stdio_container_t stdio[3];
    stdio[0].flags = UV_IGNORE;
    stdio[1].flags = static_cast<uv_stdio_flags>(UV_CREATE_PIPE | UV_WRITABLE_PIPE);
    stdio[1].data.stream = reinterpret_cast<uv_stream_t*>(&run_->out);
    stdio[2].flags = static_cast<uv_stdio_flags>(UV_CREATE_PIPE | UV_WRITABLE_PIPE);
    stdio[2].data.stream = reinterpret_cast<uv_stream_t*>(&run_->err);
    uv_process_options_t options{};
    options.file = argv[0];
    options.args = argv.data();
    options.flags = UV_PROCESS_DETACHED;  // a process group of its own, killed as a whole
    options.stdio_count = 3;
    options.stdio = stdio;
    options.exit_cb = [](uv_process_t* process, int64_t status, int signal) {
      auto* run = static_cast<Run*>(process->data);
      run->exited = true;
      run->exit_status = status;
      run->term_signal = signal;
      run->Finish();
    };
    run_->process.data = run_;
    ++run_->open_handles;
    if (int error = uv_spawn(context_.loop, &run_->process, &options); error != 0) {
      run_->exited = true;  // nothing to kill
      // A program that is not there or not executable: a setting to fix, not to wait for.
      return Report(
          {.error = CheckError{std::string(category::kConfig),
                               fmt::format("cannot run {}: {}", args.front(), uv_strerror(error))},
           .retryable = false});
    }
    for (uv_pipe_t* pipe : {&run_->out, &run_->err}) {
      ++run_->open_streams;
      uv_read_start(
          reinterpret_cast<uv_stream_t*>(pipe),
          [](uv_handle_t* handle, size_t, uv_buf_t* buf) {
            auto* run = static_cast<Run*>(handle->data);
            *buf = uv_buf_init(run->buffer, sizeof run->buffer);
          },
          [](uv_stream_t* stream, ssize_t n, const uv_buf_t* buf) {
            auto* run = static_cast<Run*>(stream->data);
            if (n > 0) {
              run->output.append(buf->base, static_cast<size_t>(n));
              if (run->output.size() > ExecCheck::kKeptOutput)
                run->output.erase(0, run->output.size() - ExecCheck::kKeptOutput);
            } else if (n < 0) {  // EOF or error: this stream is done
              uv_read_stop(stream);
              --run->open_streams;
              run->Finish();
            }
          });
    }
    run_->on_done = [this] { Exited(); };
    timer_ = context_.scheduler.After(timeout, [this, timeout] {
      Report({.error = CheckError{std::string(category::kTimeout),
                                  fmt::format("{}: still running after {}{}", check_.Target(),
                                              FormatElapsed(timeout), Output())}});
    });
  }

  std::string Seen() const override {
    if (run_ == nullptr || run_->exited) return {};
    return fmt::format("{}: still running{}", check_.Target(), Output());
  }

 private:
  void Exited() {
    const Duration elapsed = context_.scheduler.Now() - started_;
    if (run_->exit_status == 0 && run_->term_signal == 0)
      return Report({.ready = true,
                     .detail = fmt::format("exit 0 in {}{}", FormatElapsed(elapsed), Output())});
    const std::string how = run_->term_signal != 0
                                ? fmt::format("killed by signal {}", run_->term_signal)
                                : fmt::format("exit {}", run_->exit_status);
    Report({.error = CheckError{"command_failed",
                                fmt::format("{}: {}{}", check_.Target(), how, Output())}});
  }

  // "; output: ..." with the kept output on one line, or nothing.
  std::string Output() const {
    std::string text = run_ ? run_->output : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (text.empty()) return {};
    for (char& c : text)
      if (c == '\n') c = ' ';
    const bool cut = run_->output.size() >= ExecCheck::kKeptOutput;
    return fmt::format("; output{}: {}", cut ? " (its end)" : "", text);
  }

  void Report(ProbeOutcome outcome) {
    Stop();
    report_.Deliver(std::move(outcome));
  }

  void Stop() {
    timer_.reset();
    if (run_ != nullptr) run_->Release();
    run_ = nullptr;
  }

  const ExecCheck& check_;
  ProbeContext context_;
  Run* run_ = nullptr;  // the run in progress; it frees itself once released and closed
  Duration started_{0};
  std::unique_ptr<Timer> timer_;
  DeferredReport report_{context_.scheduler};
};

}  // namespace

std::unique_ptr<Probe> MakeProbe(const ExecCheck& check, const ProbeContext& context) {
  return std::make_unique<ExecProbe>(check, context);
}

}  // namespace preflight
