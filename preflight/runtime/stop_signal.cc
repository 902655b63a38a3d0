// An atomic set by the handler; sleeps in slices of at most 50 ms watch it.
#include "preflight/runtime/stop_signal.h"

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

namespace preflight {
namespace {

std::atomic<int> g_stop_signal{0};

}  // namespace

void CatchStopSignals() {
  struct sigaction action {};
  action.sa_handler = [](int signal) { g_stop_signal.store(signal); };
  sigemptyset(&action.sa_mask);
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
}

int StopSignal() {
  return g_stop_signal.load();
}

void SleepUnlessStopped(Duration delay) {
  CatchStopSignals();
  const auto until = std::chrono::steady_clock::now() + delay;
  while (StopSignal() == 0) {
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) return;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(50)));
  }
}

}  // namespace preflight
