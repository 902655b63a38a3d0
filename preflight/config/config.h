// The resolved pre-flight configuration: what preflight.toml means once it has been validated.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "preflight/util/diagnostic.h"
#include "preflight/util/duration.h"

namespace preflight {

using namespace std::chrono_literals;

// Defaults that match how teams run staging pre-flights today.
inline constexpr int kDefaultAttempts = 3;
inline constexpr Duration kDefaultRetryDelay = 30s;
inline constexpr Duration kDefaultHttpWarmup = 60s;
inline constexpr Duration kDefaultPostgresWarmup = 45s;
inline constexpr Duration kDefaultDnsTimeout = 5s;
inline constexpr Duration kDeadlineMargin = 5s;  // added to the derived worst case
inline constexpr int kDefaultBypassMaxDays = 14;
inline constexpr std::string_view kDefaultAuditLog = ".preflight/audit.jsonl";
inline constexpr std::string_view kDefaultPostgresQuery = "SELECT 1";

struct RetryPolicy {
  int attempts = kDefaultAttempts;
  Duration delay = kDefaultRetryDelay;  // an upper bound: the real delay is jittered below it
};

struct BypassSettings {
  std::vector<std::string> env_files;  // resolved against the config file's directory
  int max_days = kDefaultBypassMaxDays;
  std::string audit_log;  // resolved; JSON lines appended when a bypass is honoured
};

struct DnsCheck {
  std::vector<std::string> hosts;
  std::vector<std::string> servers;  // "IP" or "IP:PORT"; empty: the system resolver
  Duration timeout = kDefaultDnsTimeout;
};

enum class Comparison { kEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

// One `expect_json` entry: the value at `pointer` must compare to `expected`.
struct JsonExpectation {
  std::string pointer;  // RFC 6901, e.g. "/status"
  Comparison comparison = Comparison::kEqual;
  std::variant<std::string, double, bool> expected;
  std::string as_written;  // e.g. "<= 0.8", for messages
};

struct HttpCheck {
  std::string url;
  Duration warmup = kDefaultHttpWarmup;
  std::vector<int> expect_status;  // empty: any 2xx
  std::vector<JsonExpectation> expect_json;
  std::map<std::string, std::string> headers;
  std::string ca_file;
  bool insecure = false;  // TLS verification off; always printed as a warning
};

enum class PostgresProbe { kQuery, kPing };

struct PostgresCheck {
  std::string dsn;
  Duration warmup = kDefaultPostgresWarmup;
  PostgresProbe probe = PostgresProbe::kQuery;
  std::string query{kDefaultPostgresQuery};
};

using CheckSpec = std::variant<DnsCheck, HttpCheck, PostgresCheck>;

struct Check {
  std::string name;
  CheckSpec spec;
  std::vector<std::string> after;
  bool required = true;
  RetryPolicy retry;
  SourceLocation where;        // the [checks.NAME] header
  SourceLocation after_where;  // the `after` key, for messages about it

  std::string_view type_name() const;
  Duration budget() const;  // per attempt: warmup, or the DNS timeout
};

struct Config {
  std::string path;
  RetryPolicy retry;
  BypassSettings bypass;
  Duration deadline{0};
  bool deadline_derived = true;
  // [run] only_when: `preflight run` skips the pre-flight unless every variable has its value.
  std::map<std::string, std::string> run_only_when;
  std::vector<Check> checks;  // in dependency order: every check after those it names in `after`

  const Check* Find(std::string_view name) const;
};

}  // namespace preflight
