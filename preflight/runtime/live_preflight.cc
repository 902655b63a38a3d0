// Wires the engine to libuv: scheduler, probes, signal handlers, ticker; runs the loop until
// the run finishes, then closes every handle.
#include "preflight/runtime/live_preflight.h"

#include <fmt/format.h>
#include <uv.h>
#include <csignal>
#include <random>

#include "preflight/engine/check_runner.h"
#include "preflight/probes/live_probe_factory.h"
#include "preflight/uv/uv_handles.h"
#include "preflight/uv/uv_scheduler.h"

namespace preflight {
namespace {

// A libuv signal watcher that calls back once per delivered signal.
class SignalWatcher {
 public:
  SignalWatcher(uv_loop_t* loop, int signum, std::function<void(int)> on_signal)
      : handle_(new Handle{.signal = {}, .on_signal = std::move(on_signal)}) {
    uv_signal_init(loop, &handle_->signal);
    handle_->signal.data = handle_;
    uv_signal_start(
        &handle_->signal,
        [](uv_signal_t* s, int number) { static_cast<Handle*>(s->data)->on_signal(number); },
        signum);
  }
  ~SignalWatcher() {
    uv_signal_stop(&handle_->signal);
    uv_close(reinterpret_cast<uv_handle_t*>(&handle_->signal),
             [](uv_handle_t* h) { delete static_cast<Handle*>(h->data); });
  }

 private:
  struct Handle {
    uv_signal_t signal;
    std::function<void(int)> on_signal;
  };
  Handle* handle_;
};

}  // namespace

LivePreflightResult RunLivePreflight(const LoadedConfig& loaded, const BypassDecision& bypass,
                                     CheckObserver& observer, const LivePreflightOptions& options) {
  uv_loop_t loop;
  uv_loop_init(&loop);
  LivePreflightResult outcome;
  {
    UvScheduler scheduler(&loop);
    LiveProbeFactory probes(&loop, scheduler);
    std::mt19937_64 random(std::random_device{}());
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    RunnerSettings settings{.bypass = bypass,
                            .uniform01 = [&] { return uniform(random); },
                            .redactor = &loaded.redactor};
    CheckRunner runner(loaded.config, settings, scheduler, probes, observer);

    std::vector<std::unique_ptr<SignalWatcher>> signals;
    if (options.handle_signals) {
      for (int signum : {SIGINT, SIGTERM}) {
        signals.push_back(std::make_unique<SignalWatcher>(&loop, signum, [&](int number) {
          outcome.signal = number;
          runner.Cancel(fmt::format("interrupted by {}", number == SIGINT ? "SIGINT" : "SIGTERM"));
        }));
      }
    }
    UvTimer ticker(&loop);
    std::function<void()> tick = [&] {
      observer.OnProgress(runner.Progress());
      ticker.Start(options.progress_interval, tick);
    };
    ticker.Start(options.progress_interval, tick);

    runner.Start();
    while (!runner.finished()) uv_run(&loop, UV_RUN_ONCE);
    outcome.run = runner.result();
  }
  // Every handle is closing now: let their close callbacks run, then close the loop.
  uv_run(&loop, UV_RUN_DEFAULT);
  uv_loop_close(&loop);
  return outcome;
}

}  // namespace preflight
