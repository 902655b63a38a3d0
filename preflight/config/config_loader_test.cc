// Tests of preflight.toml loading: defaults, expansion, .env files and every validation error.
#include "preflight/config/config_loader.h"

#include <gtest/gtest.h>
#include <map>

#include "preflight/config/describe_config.h"
#include "support/temp_dir.h"

namespace preflight {
namespace {

using namespace std::chrono_literals;

class ConfigLoaderTest : public ::testing::Test {
 protected:
  std::expected<LoadedConfig, Diagnostics> Load(const std::string& toml,
                                                std::vector<std::string> env_files = {}) {
    path_ = dir_.Write("preflight.toml", toml);
    return LoadConfig(
        {path_, std::move(env_files), [this](std::string_view name) -> std::optional<std::string> {
           auto it = env_.find(std::string(name));
           if (it == env_.end()) return std::nullopt;
           return it->second;
         }});
  }

  // Loads a config that must fail and returns its diagnostics, each as "LINE: message".
  std::vector<std::string> Errors(const std::string& toml) {
    auto loaded = Load(toml);
    EXPECT_FALSE(loaded) << "expected errors, got a valid config";
    std::vector<std::string> out;
    if (loaded) return out;
    for (const auto& d : loaded.error()) {
      EXPECT_EQ(d.where.file, path_);
      out.push_back(std::to_string(d.where.line) + ": " + d.message + " | " + d.hint);
    }
    return out;
  }

  testing::TempDir dir_;
  std::string path_;
  std::map<std::string, std::string> env_;
};

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

TEST_F(ConfigLoaderTest, EmptyHostsBadServersAndBadUrlsAreErrors) {
  auto errors = Errors(R"([checks.names]
type = "dns"
hosts = []
servers = ["127.0.0.1:99999", "dns.google"]
[checks.api]
type = "http"
url = "ftp://example.com/health"
[checks.other]
type = "http"
url = "not a url"
)");
  ASSERT_EQ(errors.size(), 5u) << ::testing::PrintToString(errors);
  EXPECT_NE(errors[0].find("`hosts` is empty"), std::string::npos);
  EXPECT_NE(errors[1].find("127.0.0.1:99999"), std::string::npos);
  EXPECT_NE(errors[2].find("dns.google"), std::string::npos);
  EXPECT_NE(errors[3].find("scheme must be http or https"), std::string::npos) << errors[3];
  EXPECT_NE(errors[4].find("not a valid URL"), std::string::npos) << errors[4];
}

TEST_F(ConfigLoaderTest, BadDsnIsAnErrorWithoutThePassword) {
  auto errors = Errors(R"([checks.db]
type = "postgres"
dsn = "host=db password=hunter22 nonsense"
)");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("invalid PostgreSQL DSN"), std::string::npos) << errors[0];
  EXPECT_EQ(errors[0].find("hunter22"), std::string::npos) << errors[0];
}

TEST_F(ConfigLoaderTest, MissingVariableIsNamedAndDefaultsWork) {
  auto errors = Errors("[checks.db]\ntype = \"postgres\"\ndsn = \"${DATABASE_URL}\"\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("DATABASE_URL is not set"), std::string::npos);
  auto loaded = Load(
      "[checks.db]\ntype = \"postgres\"\ndsn = \"${DATABASE_URL:-postgres://localhost/app}\"\n");
  ASSERT_TRUE(loaded) << FormatDiagnostics(loaded.error());
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

TEST_F(ConfigLoaderTest, TcpChecksTakeHostPortAddresses) {
  auto loaded = Load(R"([checks.cache]
type = "tcp"
address = "redis.staging.test:6379"
warmup = "10s"
[checks.v6]
type = "tcp"
address = "[::1]:5432"
)");
  ASSERT_TRUE(loaded) << ::testing::PrintToString(loaded.error());
  const Check& cache = *loaded->config.Find("cache");
  EXPECT_EQ(cache.type_name(), "tcp");
  EXPECT_EQ(cache.budget(), 10s);
  EXPECT_EQ(std::get<TcpCheck>(cache.spec).Endpoints(),
            std::vector<std::string>{"redis.staging.test:6379"});
  EXPECT_EQ(loaded->config.Find("v6")->budget(), TcpCheck::kDefaultWarmup);
  auto errors = Errors(R"([checks.a]
type = "tcp"
address = "redis.staging.test"
[checks.b]
type = "tcp"
address = "db:99999"
[checks.c]
type = "tcp"
)");
  ASSERT_EQ(errors.size(), 3u) << ::testing::PrintToString(errors);
  EXPECT_NE(errors[0].find("\"redis.staging.test\" is not HOST:PORT"), std::string::npos);
  EXPECT_NE(errors[1].find("\"db:99999\" is not HOST:PORT"), std::string::npos);
  EXPECT_NE(errors[2].find("missing the required key `address`"), std::string::npos);
}

TEST_F(ConfigLoaderTest, ExecChecksRunAProgramOrAShellScript) {
  auto loaded = Load(R"([checks.migrations]
type = "exec"
command = ["./wait-for-migrations", "--quiet"]
[checks.script]
type = "exec"
command = ["pg_isready -h db && echo ok"]
shell = true
warmup = "5s"
)");
  ASSERT_TRUE(loaded) << ::testing::PrintToString(loaded.error());
  const auto& migrations = std::get<ExecCheck>(loaded->config.Find("migrations")->spec);
  EXPECT_EQ(migrations.Target(), "./wait-for-migrations --quiet");
  EXPECT_TRUE(migrations.Endpoints().empty());
  EXPECT_EQ(std::get<ExecCheck>(loaded->config.Find("script")->spec).Target(),
            "sh -c 'pg_isready -h db && echo ok'");
  auto errors = Errors(R"([checks.a]
type = "exec"
command = []
[checks.b]
type = "exec"
command = ["a", "b"]
shell = true
)");
  ASSERT_EQ(errors.size(), 2u) << ::testing::PrintToString(errors);
  EXPECT_NE(errors[0].find("`command` is empty"), std::string::npos);
  EXPECT_NE(errors[1].find("with shell = true, `command` is one script"), std::string::npos);
}

TEST_F(ConfigLoaderTest, EveryCheckTypeNamesItsEndpoints) {
  auto loaded = Load(R"([checks.api]
type = "http"
url = "https://api.staging.test/health"
[checks.db]
type = "postgres"
dsn = "postgresql://app@db1.staging.test,db2.staging.test:6432/app"
[checks.names]
type = "dns"
hosts = ["a.test", "b.test"]
)");
  ASSERT_TRUE(loaded) << ::testing::PrintToString(loaded.error());
  auto endpoints = [&](const char* name) {
    return std::visit([](const auto& s) { return s.Endpoints(); }, loaded->config.Find(name)->spec);
  };
  EXPECT_EQ(endpoints("api"), std::vector<std::string>{"api.staging.test:443"});
  EXPECT_EQ(endpoints("db"),
            (std::vector<std::string>{"db1.staging.test:5432", "db2.staging.test:6432"}));
  EXPECT_EQ(endpoints("names"), (std::vector<std::string>{"a.test", "b.test"}));
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

TEST_F(ConfigLoaderTest, EnvFilesFeedExpansionAndTheRealEnvironmentWins) {
  dir_.Write(".env.staging.tests", "DB_HOST=file-host\nDB_PASSWORD=file-secret\nPORT=5432\n");
  env_["DB_HOST"] = "env-host";
  auto loaded = Load(R"([bypass]
env_files = [".env.staging.tests"]
[checks.db]
type = "postgres"
dsn = "postgres://app:${DB_PASSWORD}@${DB_HOST}:${PORT}/app"
)");
  ASSERT_TRUE(loaded) << FormatDiagnostics(loaded.error());
  EXPECT_EQ(std::get<PostgresCheck>(loaded->config.checks[0].spec).dsn,
            "postgres://app:file-secret@env-host:5432/app");
  std::string described = DescribeConfig(*loaded);
  EXPECT_EQ(described.find("file-secret"), std::string::npos) << described;
  EXPECT_NE(described.find("postgres://app:***@env-host:5432/app"), std::string::npos) << described;
}

TEST_F(ConfigLoaderTest, MalformedEnvFileLineIsAnErrorWithItsLine) {
  std::string env_path = dir_.Write("extra.env", "A=1\nthis is not a pair\n");
  auto loaded = Load("[checks.a]\ntype = \"dns\"\nhosts = [\"a.test\"]\n", {env_path});
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error()[0].where.file, env_path);
  EXPECT_EQ(loaded.error()[0].where.line, 2);
}

TEST_F(ConfigLoaderTest, MissingExplicitEnvFileIsAnError) {
  auto loaded = Load("[checks.a]\ntype = \"dns\"\nhosts = [\"a.test\"]\n", {"/nonexistent/.env"});
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error()[0].message.find("/nonexistent/.env"), std::string::npos);
}

// Found by the config fuzzer in CI: a [bypass] env_files path longer than NAME_MAX made the
// existence check throw (std::filesystem::filesystem_error) and the CLI abort.
TEST_F(ConfigLoaderTest, EnvFilePathTheSystemCannotLookUpIsAnErrorNotACrash) {
  const std::string too_long(300, 'y');
  auto loaded = Load("[bypass]\nenv_files = [\"" + too_long +
                     "\"]\n[checks.a]\ntype = \"dns\"\nhosts = [\"a.test\"]\n");
  ASSERT_FALSE(loaded);
  ASSERT_EQ(loaded.error().size(), 1u);
  EXPECT_NE(loaded.error()[0].message.find("File name too long"), std::string::npos)
      << loaded.error()[0].message;
}

TEST_F(ConfigLoaderTest, HttpOptionsAndSecretHeaders) {
  env_["API_TOKEN"] = "tok-abcdef";
  auto loaded = Load(R"([checks.api]
type = "https"
)");
  ASSERT_FALSE(loaded);
  loaded = Load(R"([checks.api]
type = "http"
url = "https://127.0.0.1/health"
headers = { Authorization = "Bearer ${API_TOKEN}", X-Trace = "preflight" }
ca_file = "ca.pem"
insecure = false
expect_json = { "/ok" = true, "/replicas" = ">= 2", "status" = "x" }
)");
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error()[0].message.find("\"status\" is not a JSON pointer"), std::string::npos);
  loaded = Load(R"([checks.api]
type = "http"
url = "https://127.0.0.1/health"
headers = { Authorization = "Bearer ${API_TOKEN}", X-Trace = "preflight" }
ca_file = "ca.pem"
expect_json = { "/ok" = true, "/replicas" = ">= 2" }
)");
  ASSERT_TRUE(loaded) << FormatDiagnostics(loaded.error());
  const auto& http = std::get<HttpCheck>(loaded->config.checks[0].spec);
  EXPECT_EQ(http.headers.at("Authorization"), "Bearer tok-abcdef");
  EXPECT_EQ(http.ca_file, (dir_.path() / "ca.pem").string());
  std::string described = DescribeConfig(*loaded);
  EXPECT_EQ(described.find("tok-abcdef"), std::string::npos) << described;
}

TEST_F(ConfigLoaderTest, PingProbeRejectsAQuery) {
  auto errors = Errors(R"([checks.db]
type = "postgres"
dsn = "postgres://db/app"
probe = "ping"
query = "SELECT 1"
)");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("no effect with probe = \"ping\""), std::string::npos);
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
