// Each check type's keys in preflight.toml: hosts, servers, URLs, DSNs, tcp addresses, exec
// programs, HTTP options and secret headers, and the endpoints each type names.
#include "preflight/config/config_loader.h"

#include <gtest/gtest.h>

#include "preflight/config/config_loader_test_fixture.h"
#include "preflight/config/describe_config.h"

namespace preflight {
namespace {

using namespace std::chrono_literals;

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

}  // namespace
}  // namespace preflight
