// Workflow-command escaping and the file/line of each code failure.
#include "preflight/report/github_annotations.h"

#include <fmt/format.h>

namespace preflight {

std::string EscapeWorkflowData(std::string_view text) {
  std::string out;
  for (char c : text)
    out += c == '%' ? "%25" : c == '\r' ? "%0D" : c == '\n' ? "%0A" : std::string(1, c);
  return out;
}

std::string GithubMasks(const std::vector<std::string>& secrets) {
  std::string out;
  for (const auto& secret : secrets) {
    for (size_t start = 0; start < secret.size();) {  // a multi-line secret, line by line
      size_t end = secret.find('\n', start);
      if (end == std::string::npos) end = secret.size();
      if (end - start >= 3)
        out += "::add-mask::" +
               EscapeWorkflowData(std::string_view(secret).substr(start, end - start)) + "\n";
      start = end + 1;
    }
  }
  return out;
}

std::string GithubAnnotations(const std::vector<TestRecord>& tests) {
  std::string out;
  int annotated = 0;
  for (const auto& t : tests) {
    if (t.outcome != TestOutcome::kFailed || t.failed_for(FailureKind::kInfra)) continue;
    if (++annotated > kMaxGithubAnnotations) break;
    const size_t colon = t.location.rfind(':');
    const std::string where = colon == std::string::npos
                                  ? " "
                                  : fmt::format(" file={},line={},", t.location.substr(0, colon),
                                                t.location.substr(colon + 1));
    const bool config = t.failed_for(FailureKind::kConfig);
    out += fmt::format("::error{}title={} failed {} ({})::{}\n", where, t.full_name(),
                       config ? "for configuration" : "in code",
                       t.classification ? t.classification->category : "code",
                       EscapeWorkflowData(t.message.substr(0, 4000)));
  }
  return out;
}

}  // namespace preflight
