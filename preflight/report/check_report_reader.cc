// Parse, then check the shape the readers use; every problem is one sentence saying what to do.
#include "preflight/report/check_report_reader.h"

#include <fmt/format.h>

#include "preflight/util/text_file.h"

namespace preflight {
namespace {

constexpr std::string_view kHint = "give the report that `preflight check --json FILE` wrote";

}  // namespace

std::expected<nlohmann::ordered_json, std::string> ParseCheckReport(std::string_view text) {
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return std::unexpected(fmt::format("empty; {}", kHint));
  nlohmann::ordered_json report = nlohmann::ordered_json::parse(text, nullptr, false);
  if (report.is_discarded())
    return std::unexpected(fmt::format("not JSON (or cut short); {}", kHint));
  if (!report.is_object() || !report.contains("schema") || report["schema"] != "preflight.check/v1")
    return std::unexpected(fmt::format("not a preflight.check/v1 report; {}", kHint));
  if (!report.contains("checks") || !report["checks"].is_array())
    return std::unexpected("a preflight.check/v1 report without a \"checks\" array");
  for (const auto& check : report["checks"]) {
    const bool whole = check.is_object() && check.contains("name") && check["name"].is_string() &&
                       check.contains("type") && check["type"].is_string() &&
                       check.contains("status") && check["status"].is_string();
    if (!whole)
      return std::unexpected(
          "a check without a name, type or status: the report was not written by preflight");
  }
  return report;
}

std::expected<nlohmann::ordered_json, std::string> ReadCheckReport(const std::string& path) {
  auto text = ReadTextFile(path);
  if (!text) return std::unexpected(text.error());
  auto report = ParseCheckReport(*text);
  if (!report) return std::unexpected(fmt::format("{}: {}", path, report.error()));
  return report;
}

}  // namespace preflight
