// The `preflight` command line: parses arguments with CLI11 and hands off to one verb.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <CLI/CLI.hpp>

#include "preflight/cli/commands.h"
#include "preflight/exit_code.h"
#include "preflight/report/test_report_formats.h"
#include "preflight/runtime/child_process.h"

namespace {

using preflight::cli::ConfigOptions;

// An option whose value is a file's path, shown as FILE.
template <typename Value>
CLI::Option* AddFileOption(CLI::App* verb, std::string name, Value& value, std::string help) {
  return verb->add_option(std::move(name), value, std::move(help))->type_name("FILE");
}

// `--config`, `--env-file`, and for the verbs that decide on an emergency bypass `--now` and
// `--no-bypass`.
void AddConfigOptions(CLI::App& verb, ConfigOptions& options, bool decides_bypass) {
  AddFileOption(&verb, "--config", options.config, "Config file")->capture_default_str();
  AddFileOption(&verb, "--env-file", options.env_files,
                "Extra .env file (repeatable; later files win, real environment wins over all)");
  if (!decides_bypass) return;
  verb.add_option("--now", options.now,
                  "Pretend it is this time (RFC 3339 or YYYY-MM-DD) for bypass expiry decisions")
      ->type_name("TIME");
  verb.add_flag("--no-bypass", options.no_bypass,
                "Refuse any emergency bypass (also: PREFLIGHT_FORBID_BYPASS=1)");
}

// Every verb's help ends with an example and what its exit codes mean.
void Footer(CLI::App* verb, std::string_view example, std::string_view exit_codes) {
  verb->footer(fmt::format("Example: {}\nExit codes: {}\n", example, exit_codes));
}

// A count option shown as "N" (not CLI11's "INT:INT in [0 - 10]").
CLI::Option* AddCount(CLI::App* verb, std::string name, std::optional<int>& value, int max,
                      std::string help) {
  return verb->add_option(std::move(name), value, std::move(help))
      ->type_name("N")
      ->check(CLI::Range(0, max).description(""));
}

// --quiet and --verbose, which exclude each other (checked after parsing: CLI11's own check
// would print "Excludes: ..." in the help).
struct Verbosity {
  CLI::Option* quiet;
  CLI::Option* verbose;
  bool Conflict() const { return quiet->count() > 0 && verbose->count() > 0; }
};
Verbosity AddVerbosity(CLI::App* verb, bool& quiet, bool& verbose, std::string_view prefix) {
  return {verb->add_flag("--quiet", quiet,
                         fmt::format("{}print only failures and the verdict", prefix)),
          verb->add_flag("--verbose", verbose, fmt::format("{}print every probe", prefix))};
}

// `--json FILE`, `--junit FILE`, ...: one per test report format.
void AddReportOptions(CLI::App& verb, preflight::cli::ReportPaths& paths) {
  for (const auto& format : preflight::TestReportFormats())
    if (!format.help.empty())
      AddFileOption(&verb, fmt::format("--{}", format.name), paths[std::string(format.name)],
                    std::string(format.help));
}

}  // namespace

int main(int argc, char** argv) {
  // `run` starts its suite through this program, which then becomes the suite.
  if (argc > 1 && std::string_view(argv[1]) == preflight::kDieWithParentVerb)
    return preflight::DieWithParentAndExec(argc, argv);
  CLI::App app{
      "preflight: pre-flight checks for staging and an infra-vs-code split of e2e test "
      "failures",
      "preflight"};  // "Usage: preflight ...", however it was invoked
  app.set_version_flag("--version", std::string("preflight ") + PREFLIGHT_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 passed, 1 code failure, 2 usage or config error, 75 infrastructure, "
      "130/143/129 interrupted.\n"
      "Run `preflight VERB --help` (e.g. `preflight run --help`) for a verb's options, an "
      "example and its exit codes.");

  preflight::cli::CheckOptions check_options;
  auto* check = app.add_subcommand("check", "Run the pre-flight checks of a config");
  AddConfigOptions(*check, check_options.config, true);
  AddFileOption(check, "--json", check_options.json_path, "Write a preflight.check/v1 JSON report");
  AddFileOption(check, "--junit", check_options.junit_path,
                "Write a JUnit XML report (one testcase per check)");
  const Verbosity check_verbosity =
      AddVerbosity(check, check_options.quiet, check_options.verbose, "");
  check->add_flag("--quick", check_options.quick,
                  "One attempt per check, budgets of at most 5s: a quick look (what the circuit "
                  "breaker asks staging with)");
  Footer(check, "preflight check --config configs/staging.toml --json preflight.json",
         "0 staging ready (or a live emergency bypass), 2 bad config or .env, or a check only a "
         "person can fix (config), 75 staging not ready: retry later, 130/143/129 interrupted");

  preflight::cli::RunOptions run_options;
  auto* run = app.add_subcommand("run", "Pre-flight, then run a test suite and split its failures");
  AddConfigOptions(*run, run_options.check.config, true);
  AddReportOptions(*run, run_options.reports);
  const Verbosity run_verbosity =
      AddVerbosity(run, run_options.check.quiet, run_options.check.verbose, "Pre-flight: ");
  run->add_option("--retry-infra", run_options.retry_infra,
                  "Re-run tests that failed for infrastructure up to N times, at most 10 (never "
                  "config or code; default 0)")
      ->type_name("N")
      ->check(CLI::Range(0, 10).description(""));
  AddCount(run, "--circuit-breaker", run_options.circuit_breaker, 1000000,
           "After N consecutive infra failures, ask staging (a quick pre-flight): if it is "
           "down, pause the suite until it is back or --pause-budget is spent, then skip "
           "the rest (0: never; default 5 with a pre-flight, else 0)");
  AddFileOption(run, "--rules", run_options.rules_path,
                "Your classification rules (TOML [[rule]] tables) for the suite's failures, "
                "checked before anything runs (the listener alone: PREFLIGHT_RULES=FILE)");
  run->add_option("--pause-budget", run_options.pause_budget,
                  "How long the suite waits, paused, for staging to come back")
      ->capture_default_str()
      ->type_name("DURATION");
  run->add_option("--test-timeout", run_options.test_timeout,
                  "Kill the suite when one test, or the set-up or tear-down around the tests, runs "
                  "longer than this (e.g. 2m; a circuit breaker's pause does not count); the rest "
                  "run in a fresh process (default: no limit)")
      ->type_name("DURATION");
  run->add_option(
         "--suite-timeout", run_options.suite_timeout,
         "Kill the suite when it runs longer than this (e.g. 40m); tests not reached are skipped "
         "(default: no limit)")
      ->type_name("DURATION");
  run->add_option("--circuit-breaker-share", run_options.circuit_breaker_share,
                  "Also ask staging (then pause or skip, as above) as soon as more than P% of the "
                  "first N tests failed for infrastructure, written P%/N (e.g. 50%/20; default: "
                  "none)")
      ->type_name("P%/N");
  run->add_option("--set-env", run_options.set_env,
                  "NAME=VALUE added to the suite's environment (repeatable)")
      ->type_name("NAME=VALUE");
  run->add_option("--pass-env", run_options.pass_env,
                  "Give the suite only these variables of ours (repeatable; NAME or PREFIX*), "
                  "plus PATH, HOME, USER, LOGNAME, SHELL, TMPDIR, TZ, TERM, LANG, LC_*, GTEST_* "
                  "and PREFLIGHT_*; default: all of them")
      ->type_name("NAME");
  run->add_option("--history", run_options.history,
                  "Record the run in this history store (a SQLite file or a PostgreSQL DSN; "
                  "also $PREFLIGHT_HISTORY)")
      ->type_name("STORE");
  run->add_option("command", run_options.command, "The test suite and its arguments, after --")
      ->type_name("COMMAND");
  Footer(run, "preflight run --config configs/staging.toml --junit report.xml -- ./e2e_tests",
         "0 every test passed, 1 a test failed in code, 2 usage or config (a setting to fix), 75 "
         "only infrastructure failures or staging not ready: retry later, 130/143/129 "
         "interrupted; a suite without preflight's listener: its own exit code");

  preflight::cli::ClassifyOptions classify_options;
  auto* classify =
      app.add_subcommand("classify",
                         "Classify the failure message read from stdin as infra, config or code "
                         "(--jsonl: one message per line); exits 75, 2 or 1");
  AddFileOption(classify, "--rules", classify_options.rules_path,
                "Extra rules file (TOML, [[rule]] tables)");
  AddFileOption(classify, "--check-report", classify_options.check_report_path,
                "A `preflight check --json` report: failures naming a dependency it saw "
                "degraded are infra");
  classify->add_flag(
      "--jsonl", classify_options.jsonl,
      "Each input line is a JSON string or {\"message\": ...}; one JSON result per line");
  Footer(classify, "echo 'Connection refused' | preflight classify",
         "75 infra, 2 config (or bad input), 1 code; with --jsonl the first of code, config, infra "
         "over every line");

  auto* report = app.add_subcommand("report", "Work with test reports");
  report->require_subcommand(1);
  preflight::cli::MergeOptions merge_options;
  auto* merge = report->add_subcommand("merge", "Merge sharded preflight.tests/v1 reports");
  AddFileOption(merge, "files", merge_options.inputs, "preflight.tests/v1 reports of the shards")
      ->required();
  AddReportOptions(*merge, merge_options.reports);
  Footer(merge, "preflight report merge shard*.json --json all.json --junit all.xml",
         "0 every test passed, 1 a test failed in code, 2 config or bad input, 75 only "
         "infrastructure failures");

  preflight::cli::HistoryOptions history_options;
  auto* history = app.add_subcommand("history", "The split over time: record runs, report, prune");
  history->require_subcommand(1);
  auto add_store = [&](CLI::App* verb) {
    verb->add_option("--store", history_options.store,
                     "A SQLite file or a PostgreSQL DSN (default: $PREFLIGHT_HISTORY, else "
                     ".preflight/history.db)")
        ->type_name("STORE");
  };
  auto* history_add =
      history->add_subcommand("add", "Record runs from their `preflight run --json` reports");
  AddFileOption(history_add, "reports", history_options.reports, "preflight.tests/v1 reports")
      ->required();
  add_store(history_add);
  history_add
      ->add_option("--at", history_options.at,
                   "When the runs ended (RFC 3339 or YYYY-MM-DD; default: the reports' "
                   "modification times)")
      ->type_name("TIME");
  constexpr std::string_view kHistoryExits =
      "0 done, 2 bad input or options, 75 the store cannot be reached: retry later";
  Footer(history_add, "preflight history add report.json --store .preflight/history.db",
         kHistoryExits);
  auto* history_report = history->add_subcommand(
      "report", "The split over time: --html (a self-contained page), --markdown, --json");
  add_store(history_report);
  history_report->add_option("--since", history_options.since, "The period, back from now")
      ->capture_default_str()
      ->type_name("DURATION");
  AddFileOption(history_report, "--html", history_options.html_path, "Write the dashboard page");
  AddFileOption(history_report, "--markdown", history_options.markdown_path,
                "Write a Markdown brief with sparklines (- for stdout)");
  AddFileOption(history_report, "--json", history_options.json_path,
                "Write preflight.history/v1 JSON (- for stdout)");
  Footer(history_report, "preflight history report --since 30d --html history.html", kHistoryExits);
  auto* history_prune = history->add_subcommand("prune", "Delete runs older than --older-than");
  add_store(history_prune);
  history_prune->add_option("--older-than", history_options.older_than, "A duration, e.g. 90d")
      ->capture_default_str()
      ->type_name("DURATION");
  Footer(history_prune, "preflight history prune --older-than 90d --store .preflight/history.db",
         kHistoryExits);

  preflight::cli::AdmissionStatusOptions admission_options;
  auto* admission = app.add_subcommand("admission", "Fleet admission: slots on staging");
  admission->require_subcommand(1);
  auto* admission_status = admission->add_subcommand(
      "status", "List the [admission] slots and who holds them (console; --json FILE)");
  AddConfigOptions(*admission_status, admission_options.config, false);
  AddFileOption(admission_status, "--json", admission_options.json_path,
                "Write a preflight.admission/v1 JSON report");
  Footer(admission_status, "preflight admission status --config configs/staging.toml",
         "0 listed, 2 bad config (or no [admission] section), 75 the admission database cannot be "
         "reached: retry later");

  ConfigOptions validate_options;
  auto* config = app.add_subcommand("config", "Work with config files");
  config->require_subcommand(1);
  auto* validate = config->add_subcommand(
      "validate", "Check a config and its .env files; print them resolved (secrets redacted)");
  AddConfigOptions(*validate, validate_options, true);
  Footer(validate, "preflight config validate --config configs/staging.toml --now 2025-09-18",
         "0 valid, 2 invalid (each problem with file:line:col and a fix)");
  std::string init_path = "preflight.toml";
  auto* init = config->add_subcommand(
      "init", "Write a commented starter config (DNS, HTTP health, DATABASE_URL's PostgreSQL)");
  AddFileOption(init, "--config", init_path, "Where to write it (never overwritten)")
      ->capture_default_str();
  Footer(init, "preflight config init --config staging.toml",
         "0 written, 2 the file exists already (it is never overwritten) or cannot be written");

  // Everything after `--` is the suite's command line, passed on untouched (its own --flags too).
  int own_argc = argc;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) != "--") continue;
    own_argc = i;
    run_options.command.assign(argv + i + 1, argv + argc);
    break;
  }
  // CLI11 says only "A subcommand is required" for a verb it does not know.
  std::vector<std::string> verbs;
  for (const auto* verb : app.get_subcommands({})) verbs.push_back(verb->get_name());
  if (own_argc > 1 && argv[1][0] != '-' &&
      std::find(verbs.begin(), verbs.end(), argv[1]) == verbs.end()) {
    fmt::print(stderr, "preflight: unknown command '{}'; the commands are: {}\n", argv[1],
               fmt::join(verbs, ", "));
    return preflight::kExitUsage;
  }
  try {
    app.parse(own_argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    if (run->parsed() && run_options.command.empty() &&
        dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr)
      fmt::print(stderr,
                 "preflight run: give the suite and its arguments after --, e.g. preflight run "
                 "--config staging.toml -- ./e2e_tests --gtest_filter='Orders.*'\n");
    return code == 0 ? preflight::kExitOk : preflight::kExitUsage;
  }

  for (const auto& [verb, verbosity] : {std::pair{check, check_verbosity}, {run, run_verbosity}})
    if (*verb && verbosity.Conflict()) {
      fmt::print(stderr, "preflight {}: --quiet and --verbose exclude each other: give one\n",
                 verb->get_name());
      return preflight::kExitUsage;
    }
  // Errors are values; an exception reaching here is a bug. It is said as one, and the verb's
  // objects (a suite's process group, scratch files) are cleaned up on the way, not aborted.
  try {
    if (*check) return preflight::cli::Check(check_options);
    if (*run) {
      run_options.config_given = run->get_option("--config")->count() > 0;
      return preflight::cli::Run(run_options);
    }
    if (*classify) return preflight::cli::Classify(classify_options);
    if (*merge) return preflight::cli::ReportMerge(merge_options);
    if (*validate) return preflight::cli::ConfigValidate(validate_options);
    if (*admission_status) return preflight::cli::AdmissionStatus(admission_options);
    if (*history_add) return preflight::cli::HistoryAdd(history_options);
    if (*history_report) return preflight::cli::HistoryReport(history_options);
    if (*history_prune) return preflight::cli::HistoryPrune(history_options);
    if (*init) return preflight::cli::ConfigInit(init_path);
  } catch (const std::exception& error) {
    fmt::print(stderr,
               "preflight: internal error: {}\nThis is a bug in preflight, not in your input: "
               "please report it with the command you ran.\n",
               error.what());
    return preflight::kExitInternal;
  }
  return preflight::kExitUsage;
}
