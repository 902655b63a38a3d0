// preflight.toml loading: the design example, defaults, deadlines, ordering and the validation
// errors of its structure (unknown keys, types, `after`, syntax).
#include "preflight/config/config_loader.h"

#include <gtest/gtest.h>

#include "preflight/config/config_loader_test_fixture.h"

namespace preflight {
namespace {

using namespace std::chrono_literals;

constexpr const char* kDesignExample = R"(
[retry]
attempts = 3
delay = "30s"

[bypass]
env_files = [".env.staging.tests"]
max_days = 14

[checks.dns]
type = "dns"
hosts = ["staging.example.com", "api.staging.example.com"]
servers = ["127.0.0.1:5353"]
timeout = "5s"

[checks.vpc_connector]
type = "http"
url = "https://staging.example.com/health"
warmup = "60s"
expect_status = [200]
expect_json = { "/status" = "healthy", "/connection_pool_utilization" = "<= 0.8" }
after = ["dns"]

[checks.database]
type = "postgres"
dsn = "${DATABASE_URL}"
warmup = "45s"
query = "SELECT 1"
after = ["dns"]
required = true
)";

TEST_F(ConfigLoaderTest, LoadsTheDesignExample) {
  env_["DATABASE_URL"] = "postgres://app:pw-secret@db:5432/app";
  auto loaded = Load(kDesignExample);
  ASSERT_TRUE(loaded) << FormatDiagnostics(loaded.error());
  const Config& config = loaded->config;
  ASSERT_EQ(config.checks.size(), 3u);
  EXPECT_EQ(config.checks[0].name, "dns");
  const auto& http = std::get<HttpCheck>(config.Find("vpc_connector")->spec);
  EXPECT_EQ(http.warmup, 60s);
  EXPECT_EQ(http.expect_status, std::vector<int>{200});
  ASSERT_EQ(http.expect_json.size(), 2u);
  const auto& pool =
      http.expect_json[0].pointer == "/status" ? http.expect_json[1] : http.expect_json[0];
  EXPECT_EQ(pool.comparison, Comparison::kLessEqual);
  EXPECT_DOUBLE_EQ(std::get<double>(pool.expected), 0.8);
  EXPECT_EQ(std::get<PostgresCheck>(config.Find("database")->spec).dsn, env_["DATABASE_URL"]);
  // Worst case: dns 3×5s + 2×30s = 75s, then http 3×60s + 2×30s = 240s, plus 5s margin.
  EXPECT_EQ(config.deadline, 320s);
  EXPECT_EQ(loaded->missing_env_files.size(), 1u);
}

TEST_F(ConfigLoaderTest, DefaultsMatchTheFieldsPractice) {
  env_["DB"] = "postgres://db/app";
  auto loaded = Load(R"(
[checks.api]
type = "http"
url = "http://127.0.0.1:8080/health"
[checks.db]
type = "postgres"
dsn = "${DB}"
[checks.names]
type = "dns"
hosts = ["localhost"]
)");
  ASSERT_TRUE(loaded) << FormatDiagnostics(loaded.error());
  const Config& config = loaded->config;
  EXPECT_EQ(config.retry.attempts, 3);
  EXPECT_EQ(config.retry.delay, 30s);
  EXPECT_EQ(std::get<HttpCheck>(config.Find("api")->spec).warmup, 60s);
  EXPECT_TRUE(std::get<HttpCheck>(config.Find("api")->spec).expect_status.empty());
  EXPECT_EQ(std::get<PostgresCheck>(config.Find("db")->spec).warmup, 45s);
  EXPECT_EQ(std::get<PostgresCheck>(config.Find("db")->spec).query, "SELECT 1");
  EXPECT_EQ(std::get<DnsCheck>(config.Find("names")->spec).timeout, 5s);
  EXPECT_EQ(config.bypass.max_days, 14);
  EXPECT_TRUE(config.checks[0].required);
  EXPECT_EQ(config.deadline, 3 * 60s + 2 * 30s + 5s);
}

TEST_F(ConfigLoaderTest, RunOnlyWhenConditions) {
  auto loaded = Load(
      "[run]\nonly_when = { TEST_ENV = \"staging\" }\n[checks.a]\ntype = \"dns\"\nhosts = "
      "[\"a.test\"]\n");
  ASSERT_TRUE(loaded) << FormatDiagnostics(loaded.error());
  EXPECT_EQ(loaded->config.run_only_when.at("TEST_ENV"), "staging");
  auto errors = Errors(
      "[run]\nonly_wen = { TEST_ENV = \"staging\" }\n[checks.a]\ntype = \"dns\"\nhosts = "
      "[\"a.test\"]\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("did you mean `only_when`?"), std::string::npos) << errors[0];
}

TEST_F(ConfigLoaderTest, ExplicitDeadlineOverridesTheDerivedOne) {
  auto loaded = Load("deadline = \"90s\"\n[checks.a]\ntype = \"dns\"\nhosts = [\"a.test\"]\n");
  ASSERT_TRUE(loaded) << FormatDiagnostics(loaded.error());
  EXPECT_EQ(loaded->config.deadline, 90s);
  EXPECT_FALSE(loaded->config.deadline_derived);
}

TEST_F(ConfigLoaderTest, UnknownKeySuggestsTheIntendedOne) {
  auto errors = Errors(R"([checks.api]
type = "http"
url = "http://127.0.0.1/health"
warmpu = "60s"
)");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "4: unknown key `warmpu` in [checks.api] | did you mean `warmup`?");
}

TEST_F(ConfigLoaderTest, UnknownTopLevelKeyAndTableAreErrors) {
  auto errors = Errors("retries = 3\n[retyr]\n[checks.a]\ntype = \"dns\"\nhosts = [\"a.test\"]\n");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].substr(0, 3), "1: ");
  EXPECT_NE(errors[1].find("did you mean `retry`?"), std::string::npos) << errors[1];
}

TEST_F(ConfigLoaderTest, BadDurationsNameTheKeyAndTheFix) {
  auto errors = Errors(R"([retry]
delay = 30
[checks.api]
type = "http"
url = "http://127.0.0.1/health"
warmup = "60 seconds"
)");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(
      errors[0],
      "2: `delay` in [retry] needs a unit | durations are strings with a unit: delay = \"30s\"");
  EXPECT_EQ(errors[1].substr(0, 3), "6: ");
  EXPECT_NE(errors[1].find("invalid duration \"60 seconds\""), std::string::npos);
}

TEST_F(ConfigLoaderTest, WrongTypesAreErrors) {
  auto errors = Errors(R"([retry]
attempts = "3"
[checks.api]
type = "http"
url = "http://127.0.0.1/health"
required = "yes"
after = "dns"
)");
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_NE(errors[0].find("`attempts` in [retry] must be an integer, not a string"),
            std::string::npos);
  EXPECT_NE(errors[1].find("`required` in [checks.api] must be a boolean"), std::string::npos);
  EXPECT_NE(errors[2].find("`after` in [checks.api] must be an array"), std::string::npos)
      << errors[2];
}

TEST_F(ConfigLoaderTest, DanglingAfterSuggestsTheCheck) {
  auto errors = Errors(R"([checks.dns]
type = "dns"
hosts = ["a.test"]
[checks.api]
type = "http"
url = "http://127.0.0.1/health"
after = ["dsn"]
)");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "7: [checks.api] runs after \"dsn\", but there is no check of that name | did you mean "
            "`dns`?");
}

TEST_F(ConfigLoaderTest, CyclicAfterNamesTheCycle) {
  auto errors = Errors(R"([checks.a]
type = "dns"
hosts = ["a.test"]
after = ["c"]
[checks.b]
type = "dns"
hosts = ["b.test"]
after = ["a"]
[checks.c]
type = "dns"
hosts = ["c.test"]
after = ["b"]
)");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("cycle: a → c → b → a"), std::string::npos) << errors[0];
  EXPECT_EQ(errors[0].substr(0, 3), "4: ");
}

TEST_F(ConfigLoaderTest, ChecksAreOrderedSoPrerequisitesComeFirst) {
  auto loaded = Load(R"([checks.api]
type = "http"
url = "http://127.0.0.1/health"
after = ["names"]
[checks.names]
type = "dns"
hosts = ["a.test"]
)");
  ASSERT_TRUE(loaded) << FormatDiagnostics(loaded.error());
  EXPECT_EQ(loaded->config.checks[0].name, "names");
  EXPECT_EQ(loaded->config.checks[1].name, "api");
}

TEST_F(ConfigLoaderTest, UnknownTypeAndMissingRequiredKeys) {
  auto errors = Errors(R"([checks.a]
type = "htp"
[checks.b]
type = "postgres"
[checks.c]
hosts = ["x"]
)");
  ASSERT_EQ(errors.size(), 3u) << ::testing::PrintToString(errors);
  EXPECT_NE(errors[0].find("did you mean `http`?"), std::string::npos);
  EXPECT_NE(errors[1].find("missing the required key `dsn`"), std::string::npos);
  EXPECT_NE(errors[2].find("missing the required key `type`"), std::string::npos);
}

TEST_F(ConfigLoaderTest, TomlSyntaxErrorHasLineAndColumn) {
  auto errors = Errors("[checks.a]\ntype = \"dns\nhosts = []\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].substr(0, 3), "2: ");
  EXPECT_NE(errors[0].find("invalid TOML"), std::string::npos);
}

TEST_F(ConfigLoaderTest, MissingConfigFileSaysHowToFixIt) {
  auto loaded = LoadConfig({(dir_.path() / "nope.toml").string(), {}, {}});
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error()[0].message.find("No such file"), std::string::npos);
  EXPECT_NE(loaded.error()[0].hint.find("--config"), std::string::npos);
}

TEST_F(ConfigLoaderTest, ReportsEveryErrorNotJustTheFirst) {
  auto errors = Errors(R"([retry]
attempts = 0
delay = "soon"
[checks.api]
type = "http"
url = "http://127.0.0.1/health"
warmup = "1x"
expect_status = [200, 700]
colour = "blue"
)");
  EXPECT_EQ(errors.size(), 5u) << ::testing::PrintToString(errors);
}

}  // namespace
}  // namespace preflight
