// Writing and reading the line-oriented progress log.
#include "preflight/report/progress_log.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <set>

#include "preflight/report/test_report_reader.h"
#include "preflight/report/test_reports.h"
#include "preflight/util/text_file.h"

namespace preflight {

std::string ProgressPlanLine(const std::string& full_name) {
  return "plan\t" + full_name + "\n";
}
std::string ProgressStartLine(const std::string& full_name) {
  return "start\t" + full_name + "\n";
}

std::string ProgressWaitLine(bool waiting) {
  return waiting ? "pause\tstaging\n" : "resume\tstaging\n";
}

std::string ProgressEndLine(const TestRecord& record) {
  std::string line = "end\t";
  AppendTestRecordJson(line, record);
  return line + "\n";
}

ProgressLine ParseProgressLine(std::string_view line) {
  const size_t tab = line.find('\t');
  if (tab == std::string_view::npos) return {};
  const std::string_view kind = line.substr(0, tab), rest = line.substr(tab + 1);
  if (kind == "plan") return {ProgressLine::Kind::kPlan, rest};
  if (kind == "start") return {ProgressLine::Kind::kStart, rest};
  if (kind == "end") return {ProgressLine::Kind::kEnd, rest};
  if (kind == "pause") return {ProgressLine::Kind::kPause, rest};
  if (kind == "resume") return {ProgressLine::Kind::kResume, rest};
  return {};
}

std::vector<std::string> SuiteProgress::Unfinished() const {
  std::set<std::string> done;
  for (const auto& t : finished) done.insert(t.full_name());
  std::vector<std::string> out;
  for (const auto& name : started)
    if (!done.contains(name)) out.push_back(name);
  return out;
}

std::vector<std::string> SuiteProgress::NotStarted() const {
  std::set<std::string> begun(started.begin(), started.end());
  std::vector<std::string> out;
  for (const auto& name : planned)
    if (!begun.contains(name)) out.push_back(name);
  return out;
}

std::expected<SuiteProgress, std::string> ReadProgress(const std::string& path) {
  auto text = ReadTextFile(path);
  if (!text) return std::unexpected(text.error());
  SuiteProgress progress;
  size_t start = 0;
  while (start < text->size()) {
    size_t end = text->find('\n', start);
    if (end == std::string::npos) break;  // a torn last line: the suite died while writing it
    const std::string_view line(text->data() + start, end - start);
    start = end + 1;
    const ProgressLine parsed = ParseProgressLine(line);
    switch (parsed.kind) {
      case ProgressLine::Kind::kPlan:
        progress.planned.emplace_back(parsed.rest);
        break;
      case ProgressLine::Kind::kStart:
        progress.started.emplace_back(parsed.rest);
        break;
      case ProgressLine::Kind::kEnd: {
        auto json = nlohmann::json::parse(parsed.rest, nullptr, false);
        if (json.is_discarded()) break;
        if (auto record = ParseTestRecord(json)) progress.finished.push_back(std::move(*record));
        break;
      }
      case ProgressLine::Kind::kPause:
      case ProgressLine::Kind::kResume:
      case ProgressLine::Kind::kUnknown:
        break;
    }
  }
  return progress;
}

std::expected<std::unique_ptr<ProgressLogWriter>, std::string> ProgressLogWriter::Open(
    const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return std::unexpected(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  return std::unique_ptr<ProgressLogWriter>(new ProgressLogWriter(fd));
}

ProgressLogWriter::~ProgressLogWriter() {
  ::close(fd_);
}

void ProgressLogWriter::OnPlan(const std::vector<std::string>& full_names) {
  std::string lines;
  for (const auto& name : full_names) lines += ProgressPlanLine(name);
  Append(lines);
}

void ProgressLogWriter::OnTestStarted(const std::string& full_name) {
  Append(ProgressStartLine(full_name));
}

void ProgressLogWriter::OnTestFinished(const TestRecord& record) {
  Append(ProgressEndLine(record));
}

void ProgressLogWriter::OnStagingWait(bool waiting) {
  Append(ProgressWaitLine(waiting));
}

void ProgressLogWriter::Append(const std::string& lines) {
  [[maybe_unused]] auto ignored = ::write(fd_, lines.data(), lines.size());
}

}  // namespace preflight
