// Fatal signals, std::terminate and exit() before the end, told once to the listener. Writing
// a report there is not async-signal-safe: a crash inside malloc could hang, so an alarm ends
// it; the report written at the start ("incomplete") then stays, which is still true.
#include "death_watch.h"

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <iterator>

namespace preflight {
namespace {

std::function<void(const std::string&)>* g_report = nullptr;  // never destroyed
pid_t g_installed_by = 0;  // a forked death test child is another process
constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
struct sigaction g_previous[std::size(kFatalSignals)];
std::terminate_handler g_previous_terminate = nullptr;

void ReportDeath(const std::string& how) {
  static std::atomic_flag once = ATOMIC_FLAG_INIT;
  if (g_report == nullptr || getpid() != g_installed_by || once.test_and_set()) return;
  alarm(10);
  (*g_report)(how);
}

void OnFatalSignal(int signal) {
  ReportDeath(fmt::format("the process died of signal {} ({})", signal, strsignal(signal)));
  for (size_t i = 0; i < std::size(kFatalSignals); ++i)
    if (kFatalSignals[i] == signal) sigaction(signal, &g_previous[i], nullptr);
  raise(signal);  // the previous handler (a sanitizer's) or the default action
}

}  // namespace

void InstallDeathWatch(std::function<void(const std::string& how)> report) {
  if (g_report != nullptr) return;
  g_installed_by = getpid();
  g_report = new std::function<void(const std::string&)>(std::move(report));
  struct sigaction action {};
  action.sa_handler = OnFatalSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_NODEFER;
  for (size_t i = 0; i < std::size(kFatalSignals); ++i)
    sigaction(kFatalSignals[i], &action, &g_previous[i]);
  g_previous_terminate = std::set_terminate([] {
    ReportDeath("std::terminate was called (an exception no one caught, or noexcept broken)");
    (g_previous_terminate ? g_previous_terminate : std::abort)();
  });
  std::atexit([] { ReportDeath("the process exited (exit() was called)"); });
}

}  // namespace preflight
