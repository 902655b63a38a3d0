// The redis check: its URL, and its probe (hiredis async + its libuv adapter).
#include "preflight/checks/redis_check.h"

#include <curl/curl.h>
#include <fmt/format.h>
#include <hiredis/async.h>

#include <memory>
#include <optional>

#include "preflight/checks/address.h"
#include "preflight/engine/check_result.h"
#include "preflight/engine/deferred_report.h"
#include "preflight/engine/probe.h"
#include "preflight/engine/scheduler.h"
#include "preflight/probes/ares_resolver.h"
#include "preflight/probes/dns_probe.h"
#include "preflight/uv/uv_handles.h"

namespace preflight {
namespace {

struct RedisUrl {
  std::string host, user, password;
  int port = 6379;
  int db = 0;
};

// redis://[[USER]:PASSWORD@]HOST[:PORT][/DB], by libcurl's URL parser (which knows the scheme
// only as a name; everything after it is generic).
std::optional<RedisUrl> ParseRedisUrl(const std::string& text, std::string* why) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), curl_url_cleanup);
  if (CURLUcode rc = curl_url_set(url.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME);
      rc != CURLUE_OK) {
    *why = curl_url_strerror(rc);
    return std::nullopt;
  }
  auto part = [&](CURLUPart which) {
    char* value = nullptr;
    std::string out;
    if (curl_url_get(url.get(), which, &value, CURLU_URLDECODE) == CURLUE_OK && value) out = value;
    curl_free(value);
    return out;
  };
  if (part(CURLUPART_SCHEME) != "redis") {
    *why = "the scheme must be redis:// (TLS, rediss://, is not supported)";
    return std::nullopt;
  }
  RedisUrl parsed{.host = part(CURLUPART_HOST),
                  .user = part(CURLUPART_USER),
                  .password = part(CURLUPART_PASSWORD)};
  if (parsed.host.starts_with('[')) parsed.host = parsed.host.substr(1, parsed.host.size() - 2);
  if (const std::string port = part(CURLUPART_PORT); !port.empty()) parsed.port = std::stoi(port);
  std::string path = part(CURLUPART_PATH);
  if (!path.empty() && path != "/") {
    path.erase(0, 1);
    if (path.empty() || path.size() > 5 ||
        path.find_first_not_of("0123456789") != std::string::npos) {
      *why = fmt::format("\"/{}\" is not a database number", path);
      return std::nullopt;
    }
    parsed.db = std::stoi(path);
  }
  if (parsed.host.empty()) {
    *why = "no host";
    return std::nullopt;
  }
  return parsed;
}

}  // namespace

void RedisCheck::Parse(TableReader& reader, Redactor& redactor) {
  reader.Require("url", "url = \"redis://:${REDIS_PASSWORD}@redis.staging.example.com:6379/0\"");
  if (auto value = reader.String("url")) {
    std::string why;
    auto parsed = ParseRedisUrl(*value, &why);
    if (parsed && !parsed->password.empty()) redactor.AddSecret(parsed->password);
    if (!parsed)
      reader.Error("url",
                   fmt::format("\"{}\" is not a Redis URL: {}", redactor.Redact(*value), why),
                   "url = \"redis://[:PASSWORD@]HOST[:PORT][/DB]\"");
    url = std::move(*value);
  }
  if (auto value = reader.DurationValue("warmup")) warmup = *value;
}

std::string RedisCheck::Describe() const {
  return fmt::format("PING {}, warmup {}", url, FormatDuration(warmup));
}

std::vector<std::string> RedisCheck::Endpoints() const {
  std::string why;
  auto parsed = ParseRedisUrl(url, &why);
  if (!parsed) return {};
  return {JoinHostPort(parsed->host, std::to_string(parsed->port))};
}

namespace {

// What a Redis error reply means for readiness.
ProbeOutcome RedisFailure(const std::string& reply) {
  auto outcome = [&](std::string_view category, bool retryable) {
    return ProbeOutcome{.error = CheckError{std::string(category), reply}, .retryable = retryable};
  };
  if (reply.starts_with("LOADING") || reply.starts_with("MASTERDOWN") ||
      reply.starts_with("TRYAGAIN"))
    return outcome(category::kStartingUp, true);
  if (reply.find("max number of clients reached") != std::string::npos)
    return outcome(category::kCapacity, true);
  if (reply.starts_with("WRONGPASS") || reply.starts_with("NOAUTH") ||
      reply.find("invalid password") != std::string::npos ||
      reply.find("without any password configured") != std::string::npos ||
      reply.find("DB index is out of range") != std::string::npos)
    return outcome(category::kConfig, false);
  return outcome(category::kDatabase, true);
}

class RedisProbe final : public Probe {
 public:
  RedisProbe(const RedisCheck& check, const ProbeContext& context)
      : context_(context), resolver_(context.loop) {
    std::string why;
    url_ = ParseRedisUrl(check.url, &why).value_or(RedisUrl{});
  }
  ~RedisProbe() override {
    Close();
    resolver_.Close();
  }

  void Start(Duration timeout, std::function<void(ProbeOutcome)> done) override {
    report_.Arm(std::move(done));
    Close();
    resolver_.Close();
    timeout_ = timeout;
    deadline_ = context_.scheduler.After(timeout, [this] {
      const std::string seen = Seen();
      const bool resolving = resolving_;
      if (resolving_) {
        resolving_ = false;
        resolver_.Close();
      }
      Fail(resolving ? category::kDnsTimeout : category::kTimeout,
           fmt::format("{} within {}", seen, FormatDuration(timeout_)));
    });
    if (IsIpAddress(url_.host)) return Connect(url_.host);
    if (auto error = resolver_.Open(timeout, {})) return Fail(category::kDns, *error);
    resolving_ = true;
    resolver_.Resolve(url_.host, [this](int status, std::vector<std::string> addresses) {
      resolving_ = false;
      if (status != 0 || addresses.empty())
        return Report({.error = ResolutionError(url_.host, status, resolver_.servers_text())});
      Connect(addresses.front());
    });
  }

  std::string Seen() const override {
    if (resolving_) return ResolutionPending(url_.host, resolver_.servers_text());
    if (redis_ == nullptr) return {};
    return connected_ ? fmt::format("connected to {}, no reply to PING", where_)
                      : fmt::format("connecting to {}: no TCP connection yet", where_);
  }

 private:
  void Connect(const std::string& ip) {
    where_ = JoinHostPort(ip, std::to_string(url_.port));
    redis_ = redisAsyncConnect(ip.c_str(), url_.port);
    if (redis_ == nullptr) return Fail(category::kConnect, "hiredis: out of memory");
    if (redis_->err) return Fail(category::kConnect, fmt::format("{}: {}", where_, redis_->errstr));
    redis_->data = this;
    AttachToLoop();
    // After a failed connect or a lost connection hiredis frees the context itself: let go of it
    // first (freeing it here would free it twice).
    redisAsyncSetConnectCallback(redis_, [](const redisAsyncContext* c, int status) {
      auto* self = static_cast<RedisProbe*>(c->data);
      if (self == nullptr) return;
      if (status == REDIS_OK) {
        self->connected_ = true;
        return;
      }
      self->LetGo();
      self->ConnectionFailed(c->errstr);
    });
    redisAsyncSetDisconnectCallback(redis_, [](const redisAsyncContext* c, int status) {
      auto* self = static_cast<RedisProbe*>(c->data);
      if (self == nullptr || status == REDIS_OK) return;
      self->LetGo();
      self->ConnectionFailed(c->errstr);
    });
    // Sent at once; Redis answers in order, and the first error decides.
    if (!url_.password.empty()) {
      if (url_.user.empty())
        redisAsyncCommand(redis_, &RedisProbe::OnReply, nullptr, "AUTH %s", url_.password.c_str());
      else
        redisAsyncCommand(redis_, &RedisProbe::OnReply, nullptr, "AUTH %s %s", url_.user.c_str(),
                          url_.password.c_str());
    }
    if (url_.db != 0)
      redisAsyncCommand(redis_, &RedisProbe::OnReply, nullptr, "SELECT %d", url_.db);
    redisAsyncCommand(redis_, &RedisProbe::OnReply, &kPing, "PING");
  }

  static void OnReply(redisAsyncContext* c, void* reply_ptr, void* privdata) {
    auto* self = static_cast<RedisProbe*>(c->data);
    auto* reply = static_cast<redisReply*>(reply_ptr);
    if (self == nullptr || reply == nullptr) return;  // freed, or the connection failed
    if (reply->type == REDIS_REPLY_ERROR) {
      ProbeOutcome outcome = RedisFailure(std::string(reply->str, reply->len));
      outcome.error->message = fmt::format("{}: {}", self->where_, outcome.error->message);
      return self->Report(std::move(outcome));
    }
    if (privdata != &kPing) return;
    const std::string answer(reply->str ? reply->str : "", reply->str ? reply->len : 0);
    if (answer == "PONG")
      return self->Report({.ready = true, .detail = fmt::format("{} answered PONG", self->where_)});
    self->Report(
        {.error = CheckError{std::string(category::kDatabase),
                             fmt::format("{}: PING answered \"{}\"", self->where_, answer)}});
  }

  void ConnectionFailed(const char* text) {
    const std::string message = fmt::format("{}: {}", where_, text ? text : "connection failed");
    const bool refused = message.find("Connection refused") != std::string::npos;
    Fail(refused ? category::kConnectionRefused : category::kConnect, message);
  }

  void LetGo() {
    redis_->data = nullptr;
    redis_->ev.data = nullptr;
    watcher_.reset();  // before hiredis closes the socket
    redis_ = nullptr;
  }

  // hiredis's event hooks on a SocketWatcher. Not hiredis 0.14's own libuv adapter: that one
  // ignores a socket error (libuv reports it as a status, not as events), so a refused
  // connection would wait for the budget instead of failing at once.
  void AttachToLoop() {
    redis_->ev.data = this;
    redis_->ev.addRead = [](void* d) {
      if (d) self_of(d)->Watch(UV_READABLE, true);
    };
    redis_->ev.delRead = [](void* d) {
      if (d) self_of(d)->Watch(UV_READABLE, false);
    };
    redis_->ev.addWrite = [](void* d) {
      if (d) self_of(d)->Watch(UV_WRITABLE, true);
    };
    redis_->ev.delWrite = [](void* d) {
      if (d) self_of(d)->Watch(UV_WRITABLE, false);
    };
    redis_->ev.cleanup = [](void* d) {
      if (d) self_of(d)->watcher_.reset();
    };
  }

  static RedisProbe* self_of(void* data) { return static_cast<RedisProbe*>(data); }

  void Watch(int event, bool on) {
    events_ = on ? (events_ | event) : (events_ & ~event);
    if (!watcher_)
      watcher_ = std::make_unique<SocketWatcher>(context_.loop, redis_->c.fd,
                                                 [this](int events) { OnEvents(events); });
    watcher_->Watch(events_);
  }

  // A socket error comes as both events: hiredis then finds the error itself.
  void OnEvents(int events) {
    redisAsyncContext* redis = redis_;
    if (redis != nullptr && (events & UV_READABLE)) redisAsyncHandleRead(redis);
    if (redis_ == redis && redis != nullptr && (events & UV_WRITABLE)) redisAsyncHandleWrite(redis);
  }

  void Fail(std::string_view category, std::string message) {
    Report({.error = CheckError{std::string(category), std::move(message)}});
  }

  void Report(ProbeOutcome outcome) {
    Close();
    report_.Deliver(std::move(outcome));
  }

  // Safe inside hiredis's callbacks: it defers the free until the callback returns.
  void Close() {
    deadline_.reset();
    connected_ = false;
    events_ = 0;
    if (redis_ != nullptr) {
      redis_->data = nullptr;
      redisAsyncFree(redis_);
      redis_ = nullptr;
    }
  }

  static inline char kPing = 0;  // its address marks the PING's reply

  ProbeContext context_;
  RedisUrl url_;
  AresResolver resolver_;
  bool resolving_ = false;
  bool connected_ = false;
  redisAsyncContext* redis_ = nullptr;
  std::unique_ptr<SocketWatcher> watcher_;
  int events_ = 0;
  std::string where_;
  Duration timeout_{0};
  std::unique_ptr<Timer> deadline_;
  DeferredReport report_{context_.scheduler};
};

}  // namespace

std::unique_ptr<Probe> MakeProbe(const RedisCheck& check, const ProbeContext& context) {
  return std::make_unique<RedisProbe>(check, context);
}

}  // namespace preflight
