// The .env files and variables of preflight.toml: expansion, defaults, the real environment
// winning, and every way a .env file can be wrong.
#include "preflight/config/config_loader.h"

#include <gtest/gtest.h>

#include "preflight/config/config_loader_test_fixture.h"
#include "preflight/config/describe_config.h"

namespace preflight {
namespace {

TEST_F(ConfigLoaderTest, MissingVariableIsNamedAndDefaultsWork) {
  auto errors = Errors("[checks.db]\ntype = \"postgres\"\ndsn = \"${DATABASE_URL}\"\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("DATABASE_URL is not set"), std::string::npos);
  auto loaded = Load(
      "[checks.db]\ntype = \"postgres\"\ndsn = \"${DATABASE_URL:-postgres://localhost/app}\"\n");
  ASSERT_TRUE(loaded) << FormatDiagnostics(loaded.error());
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

}  // namespace
}  // namespace preflight
