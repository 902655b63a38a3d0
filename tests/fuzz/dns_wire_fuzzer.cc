// The DNS reader the network watcher runs inside the test process on every datagram it sees: any
// bytes give a message or none, never a read past the datagram (ASan) or a name that is not one.
#include "preflight/util/dns_wire.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto message = preflight::ParseDnsMessage(data, size);
  if (!message) return 0;
  const std::string& name = message->question;
  preflight::fuzz::Require(!name.empty() && name.size() < size && name.front() != '.' &&
                           name.back() != '.' && name.find("..") == std::string::npos);
  preflight::fuzz::Require(message->answers >= 0 && message->answers <= 0xFFFF &&
                           message->rcode >= 0 && message->rcode <= 15);
  return 0;
}
