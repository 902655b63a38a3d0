// Virtual time for engine unit tests: timers fire in order of due time, instantly.
#pragma once

#include <map>
#include <memory>

#include "preflight/engine/scheduler.h"

namespace preflight::testing {

class FakeScheduler final : public Scheduler {
 public:
  Duration Now() const override { return now_; }

  std::unique_ptr<Timer> After(Duration delay, std::function<void()> callback) override {
    auto alive = std::make_shared<bool>(true);
    queue_.emplace(std::make_pair(now_ + std::max(delay, Duration{0}), sequence_++),
                   Entry{alive, std::move(callback)});
    return std::make_unique<Handle>(alive);
  }

  // Fires timers in due order until none is left or `limit` of virtual time has passed.
  void Run(Duration limit = std::chrono::hours{24}) {
    while (!queue_.empty()) {
      auto it = queue_.begin();
      if (it->first.first > limit) break;
      Entry entry = std::move(it->second);
      now_ = it->first.first;
      queue_.erase(it);
      if (*entry.alive) {
        *entry.alive = false;
        entry.callback();
      }
    }
  }

 private:
  struct Entry {
    std::shared_ptr<bool> alive;
    std::function<void()> callback;
  };
  struct Handle final : Timer {
    explicit Handle(std::shared_ptr<bool> flag) : alive(std::move(flag)) {}
    ~Handle() override { *alive = false; }
    std::shared_ptr<bool> alive;
  };

  Duration now_{0};
  uint64_t sequence_ = 0;
  std::multimap<std::pair<Duration, uint64_t>, Entry> queue_;
};

}  // namespace preflight::testing
