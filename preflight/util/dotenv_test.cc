// Tests of the .env reader: every supported convention, and malformed input with FILE:LINE.
#include "preflight/util/dotenv.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

std::string ValueOf(const DotenvFile& file, std::string_view key) {
  const DotenvEntry* entry = file.Find(key);
  return entry ? entry->value : "<absent>";
}

DotenvFile MustParse(std::string_view text, const DotenvLookups& lookups = {}) {
  auto file = ParseDotenv(text, ".env.test", lookups);
  if (!file) {
    ADD_FAILURE() << FormatDiagnostics(file.error());
    return {};
  }
  return *file;
}

TEST(Dotenv, PlainPairsCommentsBlankLinesAndExport) {
  auto file = MustParse("# a comment\n\nA=1\n  export B=two\nexport\tC = three  \n");
  EXPECT_EQ(ValueOf(file, "A"), "1");
  EXPECT_EQ(ValueOf(file, "B"), "two");
  EXPECT_EQ(ValueOf(file, "C"), "three");
  EXPECT_EQ(file.entries.size(), 3u);
  EXPECT_EQ(file.Find("B")->line, 4);
}

TEST(Dotenv, InlineCommentsOnlyAfterWhitespaceInUnquotedValues) {
  auto file = MustParse("A=value # comment\nB=a#b\nC='x # y' # c\nD=\"p # q\"\nE=\n");
  EXPECT_EQ(ValueOf(file, "A"), "value");
  EXPECT_EQ(ValueOf(file, "B"), "a#b");
  EXPECT_EQ(ValueOf(file, "C"), "x # y");
  EXPECT_EQ(ValueOf(file, "D"), "p # q");
  EXPECT_EQ(ValueOf(file, "E"), "");
}

TEST(Dotenv, SingleQuotesAreLiteral) {
  auto file = MustParse("A='${HOME} \\n $x'\n");
  EXPECT_EQ(ValueOf(file, "A"), "${HOME} \\n $x");
}

TEST(Dotenv, DoubleQuotesHonourEscapes) {
  auto file = MustParse(R"(A="line1\nline2\t\"q\" \\ \$HOME \${NOT}")"
                        "\n");
  EXPECT_EQ(ValueOf(file, "A"), "line1\nline2\t\"q\" \\ $HOME ${NOT}");
}

TEST(Dotenv, QuotedValuesMaySpanLines) {
  auto file = MustParse("KEY=\"-----BEGIN\nabc\n-----END\"\nNEXT=1\n");
  EXPECT_EQ(ValueOf(file, "KEY"), "-----BEGIN\nabc\n-----END");
  EXPECT_EQ(file.Find("NEXT")->line, 4);
}

TEST(Dotenv, ExpandsEarlierKeysTheEnvironmentAndFallbacks) {
  DotenvLookups lookups{[](std::string_view name) -> std::optional<std::string> {
                          if (name == "HOST") return "from-env";
                          return std::nullopt;
                        },
                        [](std::string_view name) -> std::optional<std::string> {
                          if (name == "OTHER") return "from-other-file";
                          return std::nullopt;
                        }};
  auto file = MustParse(
      "USER=app\nHOST=ignored\nURL=postgres://${USER}@${HOST}/db\nQ=\"${OTHER}\"\nS='${USER}'\n"
      "M=${MISSING}\nD=${MISSING:-fallback}\n",
      lookups);
  EXPECT_EQ(ValueOf(file, "URL"), "postgres://app@from-env/db");  // the real environment wins
  EXPECT_EQ(ValueOf(file, "Q"), "from-other-file");
  EXPECT_EQ(ValueOf(file, "S"), "${USER}");
  EXPECT_EQ(ValueOf(file, "M"), "");  // dotenv convention: unset expands to empty
  EXPECT_EQ(ValueOf(file, "D"), "fallback");
}

TEST(Dotenv, CrlfFilesAndByteOrderMark) {
  auto file = MustParse(
      "\xEF\xBB\xBF"
      "A=1\r\nB=\"two\"\r\n# c\r\nC='x\r\ny'\r\n");
  EXPECT_EQ(ValueOf(file, "A"), "1");
  EXPECT_EQ(ValueOf(file, "B"), "two");
  EXPECT_EQ(ValueOf(file, "C"), "x\ny");
}

TEST(Dotenv, LastValueOfARepeatedKeyWins) {
  auto file = MustParse("A=1\nA=2\n");
  EXPECT_EQ(ValueOf(file, "A"), "2");
  EXPECT_EQ(file.Find("A")->line, 2);
  EXPECT_EQ(file.entries.size(), 1u);
}

TEST(Dotenv, EveryMalformedLineIsReportedWithItsLine) {
  auto file = ParseDotenv("GOOD=1\nno equals sign\n=value\n1ABC=x\nOK=\"unterminated\n", ".env.x");
  ASSERT_FALSE(file);
  const Diagnostics& errors = file.error();
  ASSERT_EQ(errors.size(), 4u) << FormatDiagnostics(errors);
  EXPECT_EQ(errors[0].where.line, 2);
  EXPECT_NE(errors[0].message.find("expected \"=\" after no"), std::string::npos);
  EXPECT_EQ(errors[1].where.line, 3);
  EXPECT_EQ(errors[2].where.line, 4);
  EXPECT_EQ(errors[3].where.line, 5);
  EXPECT_NE(errors[3].message.find("unterminated double-quoted"), std::string::npos);
  EXPECT_EQ(errors[0].where.file, ".env.x");
  EXPECT_EQ(FormatDiagnostic(errors[0]).substr(0, 15), ".env.x:2:4: err");
}

TEST(Dotenv, TextAfterAClosingQuoteIsAnError) {
  auto file = ParseDotenv("A=\"x\"y\n", ".env");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error()[0].where.line, 1);
  EXPECT_EQ(file.error()[0].where.column, 6);  // the y
}

TEST(Dotenv, MalformedExpansionIsAnError) {
  auto file = ParseDotenv("A=1\nB=${UNCLOSED\n", ".env");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error()[0].where.line, 2);
  EXPECT_NE(file.error()[0].message.find("unterminated"), std::string::npos);
}

TEST(Dotenv, MissingFileIsADiagnosticNamingIt) {
  auto file = ReadDotenvFile("/nonexistent/.env.staging.tests");
  ASSERT_FALSE(file);
  EXPECT_NE(file.error()[0].message.find("/nonexistent/.env.staging.tests"), std::string::npos);
  EXPECT_NE(file.error()[0].message.find("No such file"), std::string::npos);
}

}  // namespace
}  // namespace preflight
