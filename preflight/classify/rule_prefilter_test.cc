// The prefilter never drops a pattern that matches: for every text we can name (each library's
// own texts from the table, in any case, inside longer messages, and messages formatted as the
// libraries format them), every built-in pattern that matches is among the candidates.
#include "preflight/classify/rule_prefilter.h"

#include <gtest/gtest.h>
#include <re2/re2.h>
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "preflight/classify/error_tables.h"
#include "preflight/classify/rules.h"

namespace preflight {
namespace {

std::vector<std::string> BuiltinPatterns() {
  std::vector<std::string> patterns;
  for (const Rule& rule : BuiltinRules())
    patterns.insert(patterns.end(), rule.patterns.begin(), rule.patterns.end());
  return patterns;
}

std::vector<std::string> SampleTexts() {
  std::vector<std::string> texts = {
      "GET http://10.0.0.1/health: Failed to connect to 10.0.0.1 port 80 after 3 ms: "
      "Connection refused",
      "Could not resolve host: staging.internal",
      "Operation timed out after 5001 milliseconds with 0 bytes received",
      "transfer closed with 120 bytes remaining to read",
      "connection to server at \"127.0.0.1\", port 5432 failed: Connection refused\n\tIs the "
      "server running on that host and accepting TCP/IP connections?",
      "FATAL:  password authentication failed for user \"app\"",
      "FATAL:  sorry, too many clients already",
      "ERROR:  relation \"users\" does not exist (SQLSTATE 42P01)",
      "HTTP/1.1 503 Service Unavailable",
      "status: 503",
      "upstream connect error or disconnect/reset before headers",
      "recv: Resource temporarily unavailable",
      "GET /health: ConnectionTimeout",
      "environment variable DATABASE_URL is not set",
      "[preflight:infra:dns] staging.internal did not resolve",
  };
  for (const KnownError& error : KnownErrors()) {
    if (error.match != KnownError::kText) continue;
    std::string text(error.text), upper = text;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    texts.push_back(text);
    texts.push_back("request failed: " + text + " (after 3 attempts)");
    texts.push_back(upper);
    texts.push_back(std::string(error.name));
  }
  return texts;
}

TEST(RulePrefilter, EveryMatchingBuiltinPatternIsACandidate) {
  const RulePrefilter prefilter;
  const std::vector<std::string> patterns = BuiltinPatterns();
  ASSERT_EQ(prefilter.pattern_count(), patterns.size());
  std::vector<std::unique_ptr<RE2>> regexes;
  for (const std::string& pattern : patterns) regexes.push_back(std::make_unique<RE2>(pattern));
  int matches = 0;
  for (const std::string& text : SampleTexts()) {
    const std::vector<int> candidates = prefilter.Candidates(text);
    for (size_t p = 0; p < patterns.size(); ++p) {
      if (!RE2::PartialMatch(text, *regexes[p])) continue;
      ++matches;
      EXPECT_TRUE(std::binary_search(candidates.begin(), candidates.end(), static_cast<int>(p)))
          << "pattern " << patterns[p] << " matches but is not a candidate for: " << text;
    }
  }
  EXPECT_GT(matches, 150);  // the samples do exercise the table
}

TEST(RulePrefilter, ATextWithoutAnyAtomHasNoCandidates) {
  const RulePrefilter prefilter;
  EXPECT_TRUE(prefilter.Candidates("8043").empty());
  EXPECT_TRUE(prefilter.Candidates("").empty());
  EXPECT_TRUE(prefilter.Candidates("x").empty());
}

TEST(RulePrefilter, CandidatesAreFewAndAscending) {
  const RulePrefilter prefilter;
  const std::vector<int> candidates = prefilter.Candidates("Connection refused");
  EXPECT_FALSE(candidates.empty());
  EXPECT_LT(candidates.size(), prefilter.pattern_count() / 10);
  EXPECT_TRUE(std::is_sorted(candidates.begin(), candidates.end()));
}

}  // namespace
}  // namespace preflight
