// The DNS reader on real packet layouts, and on what is not DNS.
#include "preflight/util/dns_wire.h"

#include <gtest/gtest.h>

#include <vector>

namespace preflight {
namespace {

std::vector<unsigned char> Message(int flags, int answers, const std::vector<std::string>& labels) {
  std::vector<unsigned char> out = {0x12,
                                    0x34,
                                    static_cast<unsigned char>(flags >> 8),
                                    static_cast<unsigned char>(flags & 0xFF),
                                    0,
                                    1,
                                    0,
                                    static_cast<unsigned char>(answers),
                                    0,
                                    0,
                                    0,
                                    0};
  for (const auto& label : labels) {
    out.push_back(static_cast<unsigned char>(label.size()));
    out.insert(out.end(), label.begin(), label.end());
  }
  out.insert(out.end(), {0, 0, 1, 0, 1});  // root, type A, class IN
  return out;
}

TEST(DnsWire, AQueryGivesItsName) {
  const auto query = Message(0x0100, 0, {"api", "staging", "test"});
  const auto parsed = ParseDnsMessage(query.data(), query.size());
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed->response);
  EXPECT_EQ(parsed->question, "api.staging.test");
}

TEST(DnsWire, AResponseGivesItsCodeAndAnswers) {
  const auto nxdomain = Message(0x8183, 0, {"missing", "test"});
  auto parsed = ParseDnsMessage(nxdomain.data(), nxdomain.size());
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->response);
  EXPECT_EQ(parsed->rcode, 3);
  const auto answered = Message(0x8180, 1, {"db", "test"});
  parsed = ParseDnsMessage(answered.data(), answered.size());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->answers, 1);
}

TEST(DnsWire, OtherDatagramsAreNotDns) {
  const std::string http = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  EXPECT_FALSE(ParseDnsMessage(http.data(), http.size()));
  auto truncated = Message(0x0100, 0, {"api", "test"});
  truncated.resize(truncated.size() - 3);
  EXPECT_FALSE(ParseDnsMessage(truncated.data(), truncated.size()));
  EXPECT_FALSE(ParseDnsMessage(nullptr, 40));
}

}  // namespace
}  // namespace preflight
