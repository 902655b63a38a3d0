// Which stage texts and constants name.
#include "preflight/classify/network_stage.h"

#include <gtest/gtest.h>

namespace preflight {
namespace {

TEST(NetworkStage, ConstantsAndTextsNameTheirStage) {
  const std::pair<const char*, NetworkStage> cases[] = {
      {"CURLE_COULDNT_RESOLVE_HOST", NetworkStage::kResolve},
      {"ARES_ECONNREFUSED", NetworkStage::kResolve},
      {"asio::error::host_not_found", NetworkStage::kResolve},
      {"Temporary failure in name resolution", NetworkStage::kResolve},
      {"CURLE_COULDNT_CONNECT", NetworkStage::kConnect},
      {"asio::error::connection_refused", NetworkStage::kConnect},
      {"Error::ConnectionTimeout", NetworkStage::kExchange},
      {"Connection timed out", NetworkStage::kExchange},
      {"Error::Canceled", NetworkStage::kExchange},
      {"Could not establish connection", NetworkStage::kConnect},
      {"grpc::StatusCode::UNAVAILABLE", NetworkStage::kConnect},
      {"Error::SSLServerVerification", NetworkStage::kTls},
      {"Error::SSLConnection", NetworkStage::kTls},
      {"CURLE_SSL_CACERT_BADFILE", NetworkStage::kTls},
      {"Connection reset by peer", NetworkStage::kExchange},
      {"CURLE_OPERATION_TIMEDOUT", NetworkStage::kExchange},
      {"Timeout was reached", NetworkStage::kExchange},
      {"Error::Read", NetworkStage::kExchange},
      {"401", NetworkStage::kStatus},
      {"302", NetworkStage::kStatus},
      {"\"Not Found\"", NetworkStage::kStatus},
      {"200", NetworkStage::kBody},
  };
  for (const auto& [text, stage] : cases) {
    ASSERT_TRUE(StageNamedBy(text)) << text;
    EXPECT_EQ(*StageNamedBy(text), stage) << text;
  }
}

TEST(NetworkStage, OrdinaryTextNamesNone) {
  for (const char* text : {"Hello World!", "41", "CURLE_OK", "text/plain", "\"close\"", "28"})
    EXPECT_FALSE(StageNamedBy(text)) << text;
}

TEST(NetworkStage, TheEarliestStageWins) {
  EXPECT_EQ(StageNamedBy("COULDNT_RESOLVE_HOST or COULDNT_CONNECT"), NetworkStage::kResolve);
}

}  // namespace
}  // namespace preflight
