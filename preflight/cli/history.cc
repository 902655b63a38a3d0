// `preflight history add | report | prune`: the split over time, in a SQLite file or a shared
// PostgreSQL (see preflight/history/).
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "preflight/cli/commands.h"
#include "preflight/exit_code.h"
#include "preflight/history/history_report.h"
#include "preflight/history/history_store.h"
#include "preflight/util/atomic_file.h"
#include "preflight/util/duration.h"
#include "preflight/util/redactor.h"
#include "preflight/util/text_file.h"
#include "preflight/util/timestamp.h"

namespace preflight::cli {
namespace {

namespace fs = std::filesystem;

// Whole seconds, so that the text sorts as the time does.
std::string StoredTime(SysTime time) {
  return FormatRfc3339(std::chrono::floor<std::chrono::seconds>(time));
}

SysTime Now() {
  return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

// The store's location for messages: a DSN's password hidden.
std::string Shown(const std::string& location) {
  Redactor redactor;
  return redactor.Redact(location);
}

std::expected<HistoryStore, int> OpenStore(const std::string& location, std::string_view verb) {
  auto store = HistoryStore::Open(location);
  if (!store) {
    fmt::print(stderr, "preflight history {}: {}: {}\n", verb, Shown(location), store.error());
    return std::unexpected(kExitInfra);
  }
  return std::move(*store);
}

RunContext ContextHere() {
  char host[256] = "";
  ::gethostname(host, sizeof host - 1);
  return RunContextFromEnvironment(
      [](std::string_view name) -> std::optional<std::string> {
        const char* value = std::getenv(std::string(name).c_str());
        if (value == nullptr) return std::nullopt;
        return value;
      },
      host);
}

}  // namespace

std::string HistoryLocation(const std::string& given) {
  if (!given.empty()) return given;
  const char* env = std::getenv("PREFLIGHT_HISTORY");
  return env && *env ? env : std::string(kDefaultHistoryStore);
}

int RecordRun(const std::string& location, std::string_view report_json) {
  RunContext context = ContextHere();
  context.at = StoredTime(Now());
  auto run = RecordedRunFromReport(report_json, std::move(context));
  if (!run) {
    fmt::print(stderr, "preflight run: not recorded in the history: {}\n", run.error());
    return kExitUsage;
  }
  auto store = OpenStore(location, "(run --history)");
  if (!store) return store.error();
  if (auto added = store->Add(*run); !added) {
    fmt::print(stderr, "preflight run: not recorded in the history {}: {}\n", Shown(location),
               added.error());
    return kExitInfra;
  }
  fmt::print("preflight run: recorded in the history ({})\n", Shown(location));
  return kExitOk;
}

int HistoryAdd(const HistoryOptions& options) {
  std::optional<SysTime> at;
  if (!options.at.empty()) {
    auto parsed = ParseDateOrInstant(options.at);
    if (!parsed) {
      fmt::print(stderr, "preflight history add: --at {}: {}\n", options.at, parsed.error());
      return kExitUsage;
    }
    at = *parsed;
  }
  // Every report is read and checked before anything is recorded.
  std::vector<RecordedRun> runs;
  for (const auto& path : options.reports) {
    auto text = ReadTextFile(path);
    if (!text) {
      fmt::print(stderr, "preflight history add: {}\n", text.error());
      return kExitUsage;
    }
    RunContext context = ContextHere();
    if (at) {
      context.at = StoredTime(*at);
    } else {  // when the report was written: the end of its run
      std::error_code error;
      const auto written = fs::last_write_time(path, error);
      context.at = StoredTime(error ? Now()
                                    : std::chrono::floor<std::chrono::milliseconds>(
                                          std::chrono::file_clock::to_sys(written)));
    }
    auto run = RecordedRunFromReport(*text, std::move(context));
    if (!run) {
      fmt::print(stderr, "preflight history add: {}: {}\n", path, run.error());
      return kExitUsage;
    }
    runs.push_back(std::move(*run));
  }
  auto store = OpenStore(HistoryLocation(options.store), "add");
  if (!store) return store.error();
  int added = 0;
  for (const auto& run : runs) {
    auto recorded = store->Add(run);
    if (!recorded) {
      fmt::print(stderr, "preflight history add: {}\n", recorded.error());
      return kExitInfra;
    }
    added += *recorded;
  }
  fmt::print("preflight history: {} run{} recorded, {} already there ({} store {})\n", added,
             added == 1 ? "" : "s", runs.size() - added, store->engine(),
             Shown(HistoryLocation(options.store)));
  return kExitOk;
}

int HistoryReport(const HistoryOptions& options) {
  auto since = ParseDuration(options.since);
  if (!since) {
    fmt::print(stderr, "preflight history report: --since {}: {}\n", options.since, since.error());
    return kExitUsage;
  }
  if (auto writable =
          CheckReportPaths({options.html_path, options.json_path, options.markdown_path});
      !writable)
    return writable.error();
  auto store = OpenStore(HistoryLocation(options.store), "report");
  if (!store) return store.error();
  const SysTime from = Now() - std::chrono::duration_cast<std::chrono::milliseconds>(*since);
  auto runs = store->Runs(StoredTime(from));
  if (!runs) {
    fmt::print(stderr, "preflight history report: {}\n", runs.error());
    return kExitInfra;
  }
  const std::string period = fmt::format("the last {} (since {})", options.since, StoredTime(from));
  int code = kExitOk;
  auto write = [&](const std::string& path, const std::string& contents) {
    if (path.empty()) return;
    if (path == "-") return fmt::print("{}", contents);
    if (auto written = WriteFileAtomically(path, contents); !written) {
      fmt::print(stderr, "preflight: {}\n", written.error());
      code = kExitUsage;
    }
  };
  write(options.html_path, HistoryHtml(*runs, period));
  write(options.markdown_path, HistoryMarkdown(*runs, period));
  write(options.json_path, HistoryJson(*runs));
  if (options.html_path.empty() && options.markdown_path.empty() && options.json_path.empty())
    fmt::print("{}", HistoryMarkdown(*runs, period));
  return code;
}

int HistoryPrune(const HistoryOptions& options) {
  auto older = ParseDuration(options.older_than);
  if (!older) {
    fmt::print(stderr, "preflight history prune: --older-than {}: {}\n", options.older_than,
               older.error());
    return kExitUsage;
  }
  auto store = OpenStore(HistoryLocation(options.store), "prune");
  if (!store) return store.error();
  const SysTime before = Now() - std::chrono::duration_cast<std::chrono::milliseconds>(*older);
  auto pruned = store->Prune(StoredTime(before));
  if (!pruned) {
    fmt::print(stderr, "preflight history prune: {}\n", pruned.error());
    return kExitInfra;
  }
  fmt::print("preflight history: {} run{} older than {} deleted\n", *pruned,
             *pruned == 1 ? "" : "s", StoredTime(before));
  return kExitOk;
}

}  // namespace preflight::cli
