// preflight.tests/v1 → TestRecord, tolerant of unknown fields, strict about the schema name.
#include "preflight/report/test_report_reader.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "preflight/report/json_count.h"

namespace preflight {

std::expected<TestRecord, std::string> ParseTestRecord(const nlohmann::json& t) {
  try {
    TestRecord record;
    const std::string name = t.at("name").get<std::string>();
    record.suite = t.value("classname", name.substr(0, name.find('.')));
    record.name = name.size() > record.suite.size() ? name.substr(record.suite.size() + 1) : name;
    const std::string outcome = t.at("outcome").get<std::string>();
    record.outcome = outcome == "failed"    ? TestOutcome::kFailed
                     : outcome == "skipped" ? TestOutcome::kSkipped
                                            : TestOutcome::kPassed;
    record.attempts = JsonCount(t, "attempts", 1);
    // Up to a year: a larger or negative figure is no test's duration, and converting a huge one
    // would overflow (found by fuzzing).
    const double duration_ms = t.value("duration_ms", 0.0);
    if (!(duration_ms >= 0 && duration_ms <= 365.0 * 24 * 3600 * 1000))
      return std::unexpected(fmt::format("malformed test entry: duration_ms {} is not a duration",
                                         t.at("duration_ms").dump()));
    record.duration = Duration(static_cast<Duration::rep>(duration_ms * 1000));
    record.message = t.value("message", "");
    record.location = t.value("location", "");
    record.skip_reason = t.value("skip_reason", "");
    if (record.outcome == TestOutcome::kFailed) {
      Classification c;
      c.kind = ParseFailureKind(t.value("failure_kind", "code")).value_or(FailureKind::kCode);
      c.category = t.value("category", "");
      if (t.contains("evidence") && t["evidence"].is_object())
        c.evidence = Evidence{t["evidence"].value("rule", ""), t["evidence"].value("text", ""),
                              TextKind::kMessage};
      record.classification = std::move(c);
    }
    return record;
  } catch (const nlohmann::json::exception& error) {
    return std::unexpected(fmt::format("malformed test entry: {}", error.what()));
  }
}

// Streamed from the file: each test becomes a record as soon as it is parsed and is dropped from
// the document, so a 255 MB report needs its records, not a JSON tree five times its size.
std::expected<std::vector<TestRecord>, std::string> ReadTestsReport(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::error_code size_error;
  const auto size = std::filesystem::file_size(path, size_error);
  if (!file || size_error)
    return std::unexpected(fmt::format("cannot read {}: {}", path,
                                       size_error ? size_error.message() : std::strerror(errno)));
  constexpr std::string_view kHint =
      "merge takes the preflight.tests/v1 reports that `preflight run --json` or the listener "
      "(PREFLIGHT_REPORT) wrote";
  std::vector<TestRecord> records;
  std::string record_error;
  bool in_tests = false;
  using Event = nlohmann::json::parse_event_t;
  auto keep = [&](int depth, Event event, nlohmann::json& parsed) {
    if (depth == 1 && event == Event::key) {
      in_tests = parsed == "tests";
      return true;
    }
    if (!in_tests || depth != 2 || (event != Event::object_end && event != Event::value))
      return true;
    if (record_error.empty()) {
      if (auto record = ParseTestRecord(parsed))
        records.push_back(std::move(*record));
      else
        record_error = record.error();
    }
    return false;  // not kept in the document
  };
  file >> std::ws;
  if (file.peek() == std::ifstream::traits_type::eof())
    return std::unexpected(fmt::format("{}: empty file; {}", path, kHint));
  const auto skipped = static_cast<uintmax_t>(file.tellg());  // blank space before the document
  nlohmann::json report;
  try {
    report = nlohmann::json::parse(file, keep);
  } catch (const nlohmann::json::parse_error& error) {
    if (skipped + error.byte >= size)  // the text ended inside the document
      return std::unexpected(fmt::format(
          "{}: the JSON ends early, after {} bytes: the file is truncated (its writer was stopped "
          "before it finished); take the shard's report again",
          path, size));
    return std::unexpected(
        fmt::format("{}: not JSON (at byte {}): {}", path, skipped + error.byte, kHint));
  } catch (const nlohmann::json::exception& error) {  // a number too large (found by fuzzing)
    return std::unexpected(fmt::format("{}: not valid JSON ({}); {}", path, error.what(), kHint));
  }
  const std::string schema =
      report.is_object() && report.contains("schema") && report["schema"].is_string()
          ? report["schema"].get<std::string>()
          : "";
  if (schema == "preflight.check/v1")
    return std::unexpected(fmt::format(
        "{}: a pre-flight report (preflight.check/v1), not a test report; {}", path, kHint));
  if (schema != "preflight.tests/v1")
    return std::unexpected(
        fmt::format("{}: {}, not preflight.tests/v1; {}", path,
                    schema.empty() ? "no \"schema\"" : "schema \"" + schema + "\"", kHint));
  if (!report.contains("tests") || !report["tests"].is_array())
    return std::unexpected(
        fmt::format("{}: a preflight.tests/v1 report without a \"tests\" array", path));
  if (!record_error.empty()) return std::unexpected(fmt::format("{}: {}", path, record_error));
  return records;
}

}  // namespace preflight
