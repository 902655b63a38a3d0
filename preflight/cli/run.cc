// `preflight run`: pre-flight, then the suite as a child process with the listener's report,
// re-runs of infra-failed tests only, and one split with an exit code that says what kind of red.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <random>
#include <thread>
#include <tuple>
#include <unordered_map>

#include <unistd.h>

#include "preflight/admission/admission_step.h"
#include "preflight/classify/circuit_breaker.h"
#include "preflight/classify/rules.h"
#include "preflight/cli/commands.h"
#include "preflight/exit_code.h"
#include "preflight/report/check_report.h"
#include "preflight/report/github_annotations.h"
#include "preflight/report/test_report_formats.h"
#include "preflight/report/test_reports.h"
#include "preflight/runtime/child_environment.h"
#include "preflight/runtime/hang_watch.h"
#include "preflight/runtime/stop_signal.h"
#include "preflight/runtime/suite_runner.h"
#include "preflight/util/atomic_file.h"
#include "preflight/util/redactor.h"

namespace preflight::cli {
namespace {

namespace fs = std::filesystem;

std::expected<Timeouts, std::string> ParseTimeouts(const RunOptions& options) {
  Timeouts timeouts;
  for (auto [text, target, flag] :
       {std::tuple{&options.test_timeout, &timeouts.test, "--test-timeout"},
        std::tuple{&options.suite_timeout, &timeouts.suite, "--suite-timeout"}}) {
    if (text->empty()) continue;
    auto duration = ParseDuration(*text);
    if (!duration) return std::unexpected(fmt::format("{}: {}", flag, duration.error()));
    *target = *duration;
  }
  return timeouts;
}

// A run killed with SIGKILL cannot remove its scratch directory (preflight-run-PID-XXXXXX): the
// next run removes those whose process is gone.
void RemoveScratchOfDeadRuns(const fs::path& tmp) {
  std::error_code error;
  for (fs::directory_iterator entry(tmp, error), end; !error && entry != end;
       entry.increment(error)) {
    const std::string name = entry->path().filename().string();
    if (!name.starts_with("preflight-run-")) continue;
    const long pid = std::strtol(name.c_str() + 14, nullptr, 10);
    std::error_code ignored;
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
      fs::remove_all(entry->path(), ignored);
  }
}

// Where the run's scratch directory goes ($TMPDIR, else /tmp), checked before any waiting.
std::expected<fs::path, std::string> ScratchParent() {
  std::error_code error;
  fs::path tmp = fs::temp_directory_path(error);
  if (error || ::access(tmp.c_str(), W_OK | X_OK) != 0) {
    const char* tmpdir = std::getenv("TMPDIR");
    return std::unexpected(fmt::format(
        "cannot create a scratch directory in {}: {}\nhint: set TMPDIR to a writable directory",
        tmpdir ? tmpdir : tmp.string(), error ? error.message() : std::strerror(errno)));
  }
  return tmp;
}

// Ours, plus what the .env files set that our environment does not (real variables win, as in
// every dotenv implementation; later files win over earlier ones).
std::vector<std::string> SuiteBaseEnvironment(const Environment& layered) {
  std::vector<std::string> env = CurrentEnvironment();
  std::unordered_map<std::string, size_t> position;  // by name: 100 000 variables in linear time
  for (size_t i = 0; i < env.size(); ++i) position.emplace(env[i].substr(0, env[i].find('=')), i);
  for (const auto& file : layered.files()) {
    for (const auto& entry : file.entries) {
      if (layered.process()(entry.key)) continue;  // the real environment wins
      std::string assignment = fmt::format("{}={}", entry.key, entry.value);
      if (auto known = position.find(entry.key); known != position.end()) {
        env[known->second] = std::move(assignment);
      } else {
        position.emplace(entry.key, env.size());
        env.push_back(std::move(assignment));
      }
    }
  }
  return env;
}

// The breaker asks staging with the pre-flight's own config and env files; without a pre-flight
// it cannot confirm, and then it is off unless asked for.
void AddRunVariables(ChildEnvironmentSpec& environment, const RunOptions& options,
                     const std::string& check_report, bool preflight_ran) {
  auto& set = environment.set;
  set.push_back(fmt::format("PREFLIGHT_CIRCUIT_BREAKER={}",
                            options.circuit_breaker.value_or(preflight_ran ? 5 : 0)));
  std::string env_files;
  for (const auto& file : options.check.config.env_files) env_files += AbsolutePath(file) + "\n";
  set.push_back("PREFLIGHT_BREAKER_CONFIG=" +
                (preflight_ran ? AbsolutePath(options.check.config.config) : ""));
  set.push_back("PREFLIGHT_BREAKER_ENV_FILES=" + env_files);
  set.push_back("PREFLIGHT_PAUSE_BUDGET=" + options.pause_budget);
  // The breaker's quick check runs this very preflight, not another one found on PATH.
  std::error_code no_self;
  if (const fs::path self = fs::read_symlink("/proc/self/exe", no_self); !no_self)
    set.push_back("PREFLIGHT_CLI=" + self.string());
  set.push_back("PREFLIGHT_CIRCUIT_BREAKER_SHARE=" + options.circuit_breaker_share);
  set.push_back("PREFLIGHT_CHECK_REPORT=" + check_report);
  set.push_back("PREFLIGHT_CONFIG=");     // run did the pre-flight: not again in the suite
  set.push_back("GITHUB_STEP_SUMMARY=");  // run writes the summary, once
  const bool colour_chosen = std::getenv("GTEST_COLOR") || std::ranges::any_of(set, [](auto& s) {
                               return s.starts_with("GTEST_COLOR=");
                             });
  if (::isatty(STDOUT_FILENO) && !colour_chosen)
    set.push_back("GTEST_COLOR=yes");  // the suite writes to a pipe, we to a terminal
}

// --history or $PREFLIGHT_HISTORY: the run in the history. A history that cannot be written is
// said, but does not change what the run's exit code says.
void RecordIfAsked(const RunOptions& options, const std::string& report_json) {
  if (options.history || std::getenv("PREFLIGHT_HISTORY"))
    RecordRun(HistoryLocation(options.history.value_or("")), report_json);
}

// No slot: the reports say why the suite did not run; the JUnit shows admission as a failed
// infra check, so CI shows it in red.
int NotAdmitted(const RunOptions& options, const LoadedConfig& loaded,
                const AdmissionRefusal& refusal) {
  fmt::print("preflight run: the suite was not started: {}\n", refusal.reason);
  RunResult admission{.status = RunStatus::kFailed};
  admission.checks.push_back(
      {.name = "admission",
       .type = "admission",
       .status = CheckStatus::kFailed,
       .attempts = 1,
       .error = CheckError{std::string(category::kCapacity), refusal.reason}});
  const std::vector<TestRecord> none;
  TestRun run{.tests = none, .not_run = refusal.reason};
  run.instead.emplace("junit",
                      CheckReportJunit(admission, "the suite did not run: " + refusal.reason));
  run.instead.emplace("markdown",
                      PreflightFailedMarkdown(admission, loaded.config, refusal.exit_code) + "\n");
  int code = refusal.exit_code;
  for (const auto& error :
       WriteTestReports(AskedTestReports(options.reports, ProcessVariable, false), run)) {
    fmt::print(stderr, "preflight: {}\n", error.text);
    if (!error.appended) code = kExitUsage;
  }
  RecordIfAsked(options, TestsReportJson(none, nullptr, refusal.reason));
  return code;
}

}  // namespace

int Run(const RunOptions& options) {
  CatchStopSignals();  // a signal while waiting (admission, a re-run's delay) ends the wait
  if (options.command.empty()) {
    fmt::print(stderr,
               "preflight run: give the suite after --, e.g. preflight run --config staging.toml "
               "-- ./e2e_tests\n");
    return kExitUsage;
  }
  // A misspelt suite is a usage error now, not after minutes of waiting for staging.
  const char* search_path = std::getenv("PATH");
  if (auto found = FindProgram(options.command.front(), search_path ? search_path : ""); !found) {
    fmt::print(stderr, "preflight run: cannot run the suite: {}\n", found.error());
    return kExitUsage;
  }
  auto timeouts = ParseTimeouts(options);
  if (!timeouts) {
    fmt::print(stderr, "preflight run: {}\n", timeouts.error());
    return kExitUsage;
  }
  ChildEnvironmentSpec environment{.pass = options.pass_env, .set = options.set_env};
  if (auto valid = ValidateChildEnvironment(environment); !valid) {
    fmt::print(stderr, "preflight run: {}\n", valid.error());
    return kExitUsage;
  }
  // Your rules classify the suite's failures (the listener reads PREFLIGHT_RULES); a bad file
  // is a usage error now, with its line, not a warning in the suite's output.
  if (!options.rules_path.empty()) {
    if (auto rules = LoadRules(options.rules_path); !rules) {
      fmt::print(stderr, "{}", FormatDiagnostics(rules.error()));
      return kExitUsage;
    }
    environment.set.push_back("PREFLIGHT_RULES=" + AbsolutePath(options.rules_path));
  }
  if (auto budget = ParseDuration(options.pause_budget); !budget) {
    fmt::print(stderr, "preflight run: --pause-budget {}\n", budget.error());
    return kExitUsage;
  }
  if (!options.circuit_breaker_share.empty()) {
    if (auto share = ParseBreakerShare(options.circuit_breaker_share); !share) {
      fmt::print(stderr, "preflight run: --circuit-breaker-share {}\n", share.error());
      return kExitUsage;
    }
  }
  for (const auto& [format, path] : options.reports)
    if (auto writable = CheckReportPaths({path}); !writable) return writable.error();
  const auto tmp = ScratchParent();
  if (!tmp) {
    fmt::print(stderr, "preflight run: {}\n", tmp.error());
    return kExitUsage;
  }
  // From now until run writes them whole, its reports say it has not finished: a run killed
  // with SIGKILL at any point leaves a true record, never the previous run's.
  auto replaced = AskedTestReports(options.reports, ProcessVariable, false);
  std::erase_if(replaced, [](const TestReportFile& file) { return file.append; });  // summaries
  WriteTestReports(replaced,
                   IncompleteReport("preflight run has not finished this report: it is still "
                                    "running, it was killed (kill -9, an out-of-memory kill), or "
                                    "it stopped on an error its output names")
                       .Run());
  RemoveScratchOfDeadRuns(*tmp);
  // Without a config there is no pre-flight, but the split, re-runs, crash isolation and the
  // reports still work.
  std::error_code no_default;
  const bool no_config =
      !options.config_given && !fs::exists(options.check.config.config, no_default) && !no_default;
  // One of the fleet's slots on staging first, held until the suite ends: the pre-flight then
  // sees staging as the suite will, and runs that wait add no load.
  std::optional<HeldSlot> slot;
  auto take_slot = [&](const LoadedConfig& loaded) -> std::expected<void, int> {
    const auto& admission = loaded.config.admission;
    if (!admission) return {};
    auto held = TakeAdmissionSlot(*admission, loaded.redactor);
    if (!held) return std::unexpected(NotAdmitted(options, loaded, held.error()));
    slot = std::move(*held);
    slot->store->WatchConnection(
        [redactor = loaded.redactor, number = slot->slot + 1](const std::string& error) {
          fmt::print(stderr,
                     "preflight run: lost the admission connection ({}): staging slot {} is free "
                     "for other runs now, while this suite goes on\n",
                     redactor.Redact(error), number);
        });
    return {};
  };
  auto step = no_config ? std::expected<PreflightSession, int>(PreflightSession{
                              .loaded = {.environment = Environment::FromProcess()},
                              .skipped_because = "no config"})
                        : RunPreflightStep(options.check, "run", take_slot);
  if (!step) return step.error();
  for (const auto& path : no_config ? options.check.config.env_files : std::vector<std::string>{}) {
    auto file = ReadDotenvFile(path);  // still the suite's environment
    if (!file) {
      fmt::print(stderr, "{}", FormatDiagnostics(file.error()));
      return kExitUsage;
    }
    step->loaded.environment.AddFile(std::move(*file));
  }
  if (no_config) step->loaded.environment.RegisterSecrets(step->loaded.redactor);
  if (no_config)
    fmt::print(
        "preflight run: no pre-flight ({} not found and no --config): running the suite "
        "with the infra/config/code split only\n",
        options.check.config.config);
  const RunResult& preflight = step->outcome.run;
  const nlohmann::ordered_json preflight_json =
      step->skipped_because.empty() ? CheckReportJson(preflight) : nlohmann::ordered_json(nullptr);
  std::vector<TestRecord> tests;
  bool suite_started = false;
  std::string not_run;  // why the suite did not run, when it did not
  int exit_code = kExitOk;
  auto finish = [&](int code) {
    // Before the suite starts, the JUnit and Markdown are the pre-flight's: CI shows the failed
    // checks.
    TestRun run{.tests = tests, .preflight = &preflight_json, .not_run = not_run};
    const std::string interrupted =
        code == 128 + SIGINT || code == 128 + SIGTERM || code == 128 + SIGHUP
            ? fmt::format(
                  "preflight run got signal {} ({}): what ran is reported, what did not "
                  "is skipped",
                  code - 128, strsignal(code - 128))
            : "";
    if (!interrupted.empty()) run.status = {"interrupted", interrupted};
    if (!suite_started && preflight.status == RunStatus::kFailed) {
      not_run = fmt::format("the pre-flight failed: {}", FailedChecksLine(preflight));
      run.not_run = not_run;
      run.instead.emplace("junit",
                          CheckReportJunit(preflight, "the suite did not run: " + not_run));
      run.instead.emplace("markdown",
                          PreflightFailedMarkdown(preflight, step->loaded.config, code) + "\n");
    } else if (!suite_started) {
      run.instead.emplace("junit", CheckReportJunit(preflight));
    }
    const auto files = AskedTestReports(options.reports, ProcessVariable, false);
    for (const auto& error : WriteTestReports(files, run)) {
      fmt::print(stderr, "preflight: {}\n", error.text);
      if (!error.appended) code = kExitUsage;
    }
    RecordIfAsked(options, TestsReportJson(tests, preflight_json, run.not_run, run.status));
    return code;
  };
  if (step->outcome.signal != 0) return finish(128 + step->outcome.signal);
  if (preflight.status == RunStatus::kFailed) {
    fmt::print("preflight run: the suite was not started because the pre-flight failed\n");
    return finish(ExitCodeFor(preflight));
  }

  std::string scratch = (*tmp / fmt::format("preflight-run-{}-XXXXXX", ::getpid())).string();
  if (::mkdtemp(scratch.data()) == nullptr) {
    fmt::print(stderr, "preflight run: cannot create a scratch directory in {}: {}\n",
               tmp->string(), std::strerror(errno));
    return kExitUsage;
  }
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ignored;
      fs::remove_all(dir, ignored);
    }
  } cleanup{scratch};

  // The listener attributes failures that name a dependency this pre-flight saw degraded.
  std::string check_report;
  if (!preflight_json.is_null()) {
    check_report = scratch + "/preflight.json";
    if (auto written = WriteFileAtomically(check_report, preflight_json.dump()); !written)
      check_report.clear();
  }
  AddRunVariables(environment, options, check_report, step->skipped_because.empty());
  std::vector<std::string> env =
      ChildEnvironment(SuiteBaseEnvironment(step->loaded.environment), environment);
  for (const auto& entry : env)
    if (IsSecretName(entry.substr(0, entry.find('='))))
      step->loaded.redactor.AddSecret(entry.substr(entry.find('=') + 1));

  // GitHub Actions masks these in the whole job's log from now on, whatever prints them.
  if (std::getenv("GITHUB_ACTIONS") != nullptr)
    fmt::print("{}", GithubMasks(step->loaded.redactor.secrets()));
  std::mt19937_64 random(std::random_device{}());
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const SuiteRunnerSettings suite{
      .command = options.command,
      .scratch = scratch,
      .env = std::move(env),
      .timeouts = *timeouts,
      .redactor = &step->loaded.redactor,
      .retry_infra = options.retry_infra,
      .retry_delay = step->loaded.config.retry.delay,
      .uniform = [&] { return uniform(random); },
      .sleep = SleepUnlessStopped,
      .stopped = StopSignal,
      .say =
          [](const std::string& line) {
            fmt::print("{}\n", line);
            std::fflush(stdout);
          },
  };
  if (const int signal = StopSignal(); signal != 0) return finish(128 + signal);
  suite_started = true;
  ChildProcessSpawner spawner;
  auto outcome = RunSuite(spawner, suite);
  if (!outcome) {
    fmt::print(stderr, "preflight run: {}\n", outcome.error());
    not_run = fmt::format("the suite could not be started: {}", outcome.error());
    if (outcome.error().find("argument list too long") != std::string::npos) {
      size_t bytes = 0;
      for (const auto& entry : suite.env) bytes += entry.size() + 1;
      const std::string why = fmt::format(
          "its environment ({} variables, {} KiB, most from the .env files) is more than the "
          "kernel gives a new program: keep the .env files to what the suite needs",
          suite.env.size(), bytes / 1024);
      fmt::print(stderr, "preflight run: {}\n", why);
      not_run += ": " + why;
    }
    return finish(kExitUsage);
  }
  tests = std::move(outcome->tests);
  // The console was masked line by line; the reports and the history get the same masking of
  // what the suite's own reports hold (its failure messages quote what it printed).
  RedactTestRecords(tests, step->loaded.redactor);
  if (outcome->without_listener)
    fmt::print(stderr,
               "preflight run: {} wrote no preflight report, so there is no infra/code split: "
               "link it with preflight::gtest_main (or call preflight::InstallListener())\n",
               options.command[0]);
  if (!outcome->error.empty()) {
    fmt::print(stderr, "preflight run: {}\n", outcome->error);
    return finish(kExitUsage);
  }
  if (outcome->forwarded_signal) return finish(128 + outcome->forwarded_signal);

  // No split to tell: the suite's own verdict, as if run without preflight.
  if (outcome->without_listener) {
    fmt::print(
        "[preflight run] no split (the suite is not linked with preflight's listener): "
        "it exited {}\n",
        outcome->suite_exit);
    return finish(outcome->suite_exit);
  }
  exit_code = ExitCodeFor(tests);
  if (const char* actions = std::getenv("GITHUB_ACTIONS");
      actions && std::string_view(actions) == "true")
    fmt::print("{}", GithubAnnotations(tests));
  fmt::print("[preflight run] {} (exit {})\n", SummaryLine(tests), exit_code);
  return finish(exit_code);
}

}  // namespace preflight::cli
