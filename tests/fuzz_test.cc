// Random and mutated input for the .env reader and the config loader: every input must give a
// result or diagnostics that point into the file, never a crash (run it under the asan preset).
#include <gtest/gtest.h>
#include <random>

#include "preflight/config/config_loader.h"
#include "preflight/util/dotenv.h"
#include "support/temp_dir.h"

namespace preflight {
namespace {

constexpr int kIterations = 3000;

constexpr std::string_view kValidDotenv =
    "# staging\nexport DB_PASSWORD='p@ss'\nHOST=db # inline\nURL=\"postgres://${HOST}/app\\n\"\n"
    "EMERGENCY_BYPASS_EXPIRY=2025-09-18\n";

constexpr std::string_view kValidConfig = R"([retry]
attempts = 3
delay = "30s"
[checks.dns]
type = "dns"
hosts = ["a.test"]
servers = ["127.0.0.1:5353"]
[checks.api]
type = "http"
url = "https://a.test/health"
expect_json = { "/status" = "healthy", "/pool" = "<= 0.8" }
after = ["dns"]
[checks.db]
type = "postgres"
dsn = "${DB:-postgres://a.test/app}"
after = ["dns"]
)";

std::string RandomBytes(std::mt19937& rng, size_t max_size) {
  std::uniform_int_distribution<size_t> size(0, max_size);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(size(rng), '\0');
  for (char& c : out) c = static_cast<char>(byte(rng));
  return out;
}

// Flips, inserts and deletes a few bytes, favouring the characters the grammars care about.
std::string Mutate(std::mt19937& rng, std::string_view valid) {
  static constexpr std::string_view kInteresting = "=\"'\\#${}[]\n\r\t :,-.0";
  std::string out(valid);
  std::uniform_int_distribution<int> edits(1, 6), kind(0, 2), pick(0, kInteresting.size() - 1);
  for (int i = edits(rng); i > 0 && !out.empty(); --i) {
    size_t at = std::uniform_int_distribution<size_t>(0, out.size() - 1)(rng);
    switch (kind(rng)) {
      case 0:
        out[at] = kInteresting[pick(rng)];
        break;
      case 1:
        out.insert(at, 1, kInteresting[pick(rng)]);
        break;
      default:
        out.erase(at, 1);
        break;
    }
  }
  return out;
}

void ExpectPointsIntoFile(const Diagnostics& diagnostics, const std::string& path) {
  ASSERT_FALSE(diagnostics.empty());
  for (const auto& d : diagnostics) {
    EXPECT_FALSE(d.message.empty());
    if (d.where.file == path) {
      EXPECT_GE(d.where.line, 1) << d.message;
    }
  }
}

TEST(Fuzz, RandomBytesNeverCrashTheDotenvReader) {
  std::mt19937 rng(20261122);
  int errors = 0;
  for (int i = 0; i < kIterations; ++i) {
    std::string input = RandomBytes(rng, 200);
    auto result = ParseDotenv(input, "fuzz.env");
    if (!result) {
      ++errors;
      ExpectPointsIntoFile(result.error(), "fuzz.env");
    }
  }
  // Random bytes are almost never a valid .env file: they must be reported, not accepted.
  EXPECT_GT(errors, kIterations * 9 / 10);
}

TEST(Fuzz, MutatedDotenvFilesGiveAResultOrDiagnostics) {
  std::mt19937 rng(7);
  for (int i = 0; i < kIterations; ++i) {
    auto result = ParseDotenv(Mutate(rng, kValidDotenv), "fuzz.env");
    if (!result) ExpectPointsIntoFile(result.error(), "fuzz.env");
  }
}

TEST(Fuzz, RandomBytesNeverCrashTheConfigLoader) {
  testing::TempDir dir;
  std::mt19937 rng(42);
  for (int i = 0; i < kIterations / 3; ++i) {
    std::string path = dir.Write("fuzz.toml", RandomBytes(rng, 300));
    auto loaded = LoadConfig({path, {}, {}});
    ASSERT_FALSE(loaded) << "random bytes were accepted as a config";
    ExpectPointsIntoFile(loaded.error(), path);
  }
}

TEST(Fuzz, MutatedConfigsGiveAResultOrDiagnostics) {
  testing::TempDir dir;
  std::mt19937 rng(99);
  for (int i = 0; i < kIterations / 3; ++i) {
    std::string path = dir.Write("fuzz.toml", Mutate(rng, kValidConfig));
    auto loaded = LoadConfig({path, {}, {}});
    if (!loaded) ExpectPointsIntoFile(loaded.error(), path);
  }
}

}  // namespace
}  // namespace preflight
