// Tests of the bypass audit trail.
#include "preflight/bypass/audit_log.h"

#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "preflight/util/text_file.h"
#include "support/temp_dir.h"

namespace preflight {
namespace {

TEST(AuditLog, AppendsOneJsonLinePerHonouredBypass) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "nested" / "audit.jsonl").string();
  AuditRecord record{.time = ParseRfc3339("2025-09-10T08:00:00Z").value(),
                     .actor = "octocat",
                     .host = "ci-runner-7",
                     .command = "check",
                     .config = "configs/staging.toml",
                     .flags = {"EMERGENCY_DEVELOPMENT_MODE"},
                     .expiry = "2025-09-18",
                     .source = ".env.staging.tests"};
  ASSERT_TRUE(AppendAuditRecord(path, record));
  record.actor = "someone-else";
  ASSERT_TRUE(AppendAuditRecord(path, record));
  std::string text = ReadTextFile(path).value();
  auto newline = text.find('\n');
  ASSERT_NE(newline, std::string::npos);
  auto first = nlohmann::json::parse(text.substr(0, newline));
  EXPECT_EQ(first["actor"], "octocat");
  EXPECT_EQ(first["time"], "2025-09-10T08:00:00Z");
  EXPECT_EQ(first["expiry"], "2025-09-18");
  EXPECT_EQ(first["flags"][0], "EMERGENCY_DEVELOPMENT_MODE");
  EXPECT_EQ(nlohmann::json::parse(text.substr(newline + 1))["actor"], "someone-else");
}

TEST(AuditLog, ActorPrefersTheCiActorOverUser) {
  Environment ci([](std::string_view name) -> std::optional<std::string> {
    if (name == "GITHUB_ACTOR") return "octocat";
    if (name == "USER") return "runner";
    return std::nullopt;
  });
  EXPECT_EQ(CurrentActor(ci), "octocat");
  Environment laptop([](std::string_view name) -> std::optional<std::string> {
    if (name == "USER") return "alice";
    return std::nullopt;
  });
  EXPECT_EQ(CurrentActor(laptop), "alice");
  // Without any of those variables: the account the process runs as.
  EXPECT_EQ(CurrentActor(Environment({})), getpwuid(geteuid())->pw_name);
}

TEST(AuditLog, UnwritablePathIsAnErrorNamingIt) {
  auto result = AppendAuditRecord("/proc/preflight-cannot-write/audit.jsonl", {});
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("/proc/preflight-cannot-write"), std::string::npos)
      << result.error();
}

}  // namespace
}  // namespace preflight
