// Random and mutated input for the .env reader, the config loader and the failure classifier:
// every input must give a result or diagnostics that point into the file, never a crash (run it
// under the asan preset).
#include <gtest/gtest.h>
#include <random>

#include "preflight/classify/classifier.h"
#include "preflight/classify/combine.h"
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

// GoogleTest's message layouts the classifier parses, with evidence in every place it looks.
constexpr std::string_view kFailureMessages[] = {
    "Expected equality of these values:\n  r.status\n    Which is: 503\n  200\nGET /x: HTTP/1.1 "
    "503 Service Unavailable",
    "Expected equality of these values:\n  err\n    Which is: \"a\\nb\"\n  expected_err\n    "
    "Which is: \"a\\nc\"\nWith diff:\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n",
    "Value of: err\nExpected: starts with \"ECONNRESET\"\n  Actual: \"Connection refused\", "
    "whose size is 18",
    "Expected: (r.status) < (500), actual: 504 vs 500\nmust answer 200, got: Connection reset",
    "C++ exception with description \"connection to server at \"db\" (10.0.0.5), port 5432 "
    "failed: FATAL:  password authentication failed\" thrown in the test body.\nGoogle Test "
    "trace:\nx.cc:3: [preflight:infra:db]",
    "Unexpected mock function call - returning directly.\n    Function call: Warn(\"x\")\n  "
    "Expected arg #0: has substring \"timed out\"\n           Actual: \"refused\"",
    "pred(a) evaluates to false, where\na evaluates to \"Operation timed out after 3 ms\"",
    "Expected equality of these values:\n  code\n    Which is: 7\n  CURLE_OK\n    Which is: 0",
};

TEST(Fuzz, MutatedFailureMessagesAreClassifiedWithBoundedEvidence) {
  auto classifier = Classifier::Create();
  ASSERT_TRUE(classifier) << classifier.error();
  std::mt19937 rng(2026);
  for (int i = 0; i < kIterations; ++i) {
    const std::string message =
        i % 5 == 0 ? RandomBytes(rng, 400)
                   : Mutate(rng, kFailureMessages[i % std::size(kFailureMessages)]);
    std::vector<Classification> each{classifier->Classify(message), classifier->Classify(message)};
    const Classification c = CombineFailures(std::move(each));
    EXPECT_FALSE(ToString(c.kind).empty());
    if (c.evidence) {
      EXPECT_LE(c.evidence->text.size(), 400u) << message;
    }
  }
}

}  // namespace
}  // namespace preflight
