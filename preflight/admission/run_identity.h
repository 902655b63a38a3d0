// Who a run is, for the people watching staging: the CI job, the branch and the host, as
// PostgreSQL's application_name ("preflight ci-812 main runner-3"), so the holders of admission
// slots show in pg_stat_activity and in `preflight admission status`.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace preflight {

using VariableReader = std::function<std::optional<std::string>(std::string_view)>;

// PREFLIGHT_RUN_NAME, else the CI job (GitLab CI_JOB_ID, GitHub GITHUB_RUN_ID/GITHUB_JOB,
// Buildkite, Jenkins), else the user; then the branch, then `host`. At most 63 bytes, as
// PostgreSQL keeps.
std::string RunIdentity(const VariableReader& variable, std::string_view host);

}  // namespace preflight
