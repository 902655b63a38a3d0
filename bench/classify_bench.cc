// Classifier throughput on typical ~200-byte failure messages with the built-in rules, and the
// time to classify one 1 MB message. Prints messages per second. With --write-jsonl COUNT FILE,
// writes the messages as `classify --jsonl` input instead (bench/classify_jsonl.sh).
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "preflight/classify/classifier.h"
#include "preflight/util/json_text.h"

int main(int argc, char** argv) {
  const std::vector<std::string> messages = {
      "Expected equality of these values:\n  client.Get(\"/api/orders\").status\n    Which is: "
      "503\n  200\nGET "
      "https://api.staging.example.com/api/orders: HTTP/1.1 503 Service Unavailable",
      "connection to server at \"10.20.0.5\", port 5432 failed: Connection refused\n\tIs the "
      "server running on that "
      "host and accepting TCP/IP connections?",
      "Expected equality of these values:\n  order.total_cents()\n    Which is: 1999\n  "
      "2000\ntotal should include "
      "the discount applied at checkout for returning customers",
      "Value of: response.ok()\n  Actual: false\nExpected: true\nPOST /v1/payments returned "
      "HTTP/1.1 422 Unprocessable "
      "Entity: amount must be positive",
  };
  // --write-jsonl COUNT FILE: the same messages as `classify --jsonl` input, for its bench.
  if (argc == 4 && std::string_view(argv[1]) == "--write-jsonl") {
    std::FILE* out = std::fopen(argv[3], "w");
    if (out == nullptr) return 2;
    std::string line;
    for (long i = 0; i < std::atol(argv[2]); ++i) {
      line.clear();
      preflight::AppendJsonString(line, messages[i % messages.size()]);
      line += '\n';
      std::fwrite(line.data(), 1, line.size(), out);
    }
    return std::fclose(out) == 0 ? 0 : 2;
  }
  const long count = argc > 1 ? std::atol(argv[1]) : 1'000'000;
  auto classifier = preflight::Classifier::Create();
  if (!classifier) return 1;
  size_t bytes = 0;
  for (const auto& m : messages) bytes += m.size();
  long infra = 0;
  auto start = std::chrono::steady_clock::now();
  for (long i = 0; i < count; ++i)
    infra +=
        classifier->Classify(messages[i % messages.size()]).kind == preflight::FailureKind::kInfra;
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("classifier: %ld messages (avg %zu bytes) in %.3f s = %.0f messages/s (%ld infra)\n",
              count, bytes / messages.size(), seconds, count / seconds, infra);

  std::string huge;
  while (huge.size() < (1 << 20))
    huge += "log line: request handled in 12 ms, nothing to see here\n";
  huge += "Recv failure: Connection reset by peer\n";
  start = std::chrono::steady_clock::now();
  auto result = classifier->Classify(huge);
  seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("classifier: one %zu-byte message in %.1f ms -> %s %s\n", huge.size(), seconds * 1000,
              std::string(preflight::ToString(result.kind)).c_str(), result.category.c_str());
}
