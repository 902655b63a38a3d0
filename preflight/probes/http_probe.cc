// A libcurl easy handle per http check, reused across polls so connections are kept alive.
#include "preflight/probes/http_probe.h"

#include <fmt/format.h>
#include <cstring>

#include "preflight/classify/classifier.h"
#include "preflight/probes/http_evaluation.h"

namespace preflight {
namespace {

constexpr size_t kMaxBody =
    1 << 20;  // a health endpoint larger than 1 MiB is not a health endpoint

class HttpProbe final : public Probe {
 public:
  HttpProbe(CurlMulti& multi, const HttpCheck& check)
      : multi_(multi), check_(check), easy_(curl_easy_init()) {
    curl_easy_setopt(easy_, CURLOPT_URL, check_.url.c_str());
    curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(easy_, CURLOPT_USERAGENT, "preflight");
    curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_);
    curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &HttpProbe::OnBody);
    curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
    if (!check_.ca_file.empty()) curl_easy_setopt(easy_, CURLOPT_CAINFO, check_.ca_file.c_str());
    if (check_.insecure) {
      curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    for (const auto& [name, value] : check_.headers)
      headers_ = curl_slist_append(headers_, fmt::format("{}: {}", name, value).c_str());
    if (headers_) curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers_);
  }

  ~HttpProbe() override {
    multi_.Remove(easy_);
    curl_easy_cleanup(easy_);
    curl_slist_free_all(headers_);
  }

  std::string Seen() const override {
    curl_off_t connected = 0, tls_done = 0, first_byte = 0;
    curl_easy_getinfo(easy_, CURLINFO_CONNECT_TIME_T, &connected);
    curl_easy_getinfo(easy_, CURLINFO_APPCONNECT_TIME_T, &tls_done);
    curl_easy_getinfo(easy_, CURLINFO_STARTTRANSFER_TIME_T, &first_byte);
    if (connected == 0) return "no TCP connection yet";
    char* ip = nullptr;
    long port = 0, status = 0;
    curl_easy_getinfo(easy_, CURLINFO_PRIMARY_IP, &ip);
    curl_easy_getinfo(easy_, CURLINFO_PRIMARY_PORT, &port);
    curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
    const std::string where = fmt::format("connected to {}:{}", ip ? ip : "?", port);
    if (tls_done == 0 && check_.url.starts_with("https:"))
      return where + ", TLS handshake not finished";
    if (first_byte == 0) return where + ", no HTTP response";
    if (status == 0) return where + ", the response's headers not complete";
    return fmt::format("{}, HTTP {}, {} bytes of the body received", where, status, body_.size());
  }

  void Start(Duration timeout, std::function<void(ProbeOutcome)> done) override {
    done_ = std::move(done);
    body_.clear();
    error_[0] = '\0';
    const long ms =
        std::max<long>(1, std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count());
    curl_easy_setopt(easy_, CURLOPT_TIMEOUT_MS, ms);
    multi_.Add(easy_, [this](CURLcode code) { OnDone(code); });
  }

 private:
  static size_t OnBody(char* data, size_t size, size_t count, void* self_ptr) {
    auto* self = static_cast<HttpProbe*>(self_ptr);
    const size_t bytes = size * count;
    if (self->body_.size() + bytes > kMaxBody) return 0;  // aborts with CURLE_WRITE_ERROR
    self->body_.append(data, bytes);
    return bytes;
  }

  void OnDone(CURLcode code) {
    ProbeOutcome outcome;
    if (code != CURLE_OK) {
      long os_errno = 0;
      curl_easy_getinfo(easy_, CURLINFO_OS_ERRNO, &os_errno);
      std::string why = error_[0] ? error_ : curl_easy_strerror(code);
      if (code == CURLE_WRITE_ERROR) why = "response body larger than 1 MiB";
      if (os_errno != 0) why += fmt::format(" ({})", std::strerror(static_cast<int>(os_errno)));
      // A body too large for a health endpoint: it answered, but not as one.
      const std::string_view category =
          code == CURLE_WRITE_ERROR ? category::kUnhealthy : CurlErrorCategory(code, os_errno);
      outcome.error = CheckError{std::string(category), fmt::format("GET {}: {}", check_.url, why)};
      // A certificate or name the client does not accept, TLS to a plain port: a person must
      // change a setting, waiting will not help (the same semantics as for a test's failure).
      if (KindOfErrorText(why) == FailureKind::kConfig) {
        outcome.error->category = category::kConfig;
        outcome.retryable = false;
      }
    } else {
      long status = 0;
      curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
      char* redirect = nullptr;
      curl_easy_getinfo(easy_, CURLINFO_REDIRECT_URL, &redirect);
      outcome = EvaluateHttpAnswer(
          check_, {.status = status, .body = body_, .redirect = redirect ? redirect : ""});
    }
    auto done = std::move(done_);
    done_ = nullptr;
    if (done) done(std::move(outcome));  // may destroy this probe
  }

  CurlMulti& multi_;
  const HttpCheck& check_;
  CURL* easy_;
  curl_slist* headers_ = nullptr;
  char error_[CURL_ERROR_SIZE] = {};
  std::string body_;
  std::function<void(ProbeOutcome)> done_;
};

}  // namespace

std::unique_ptr<Probe> MakeHttpProbe(CurlMulti& multi, const HttpCheck& check) {
  return std::make_unique<HttpProbe>(multi, check);
}

}  // namespace preflight
