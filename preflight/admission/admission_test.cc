// Waiting for an admission slot, against a fake store and a fake clock: no time passes.
#include "preflight/admission/admission.h"

#include <gtest/gtest.h>

#include <csignal>
#include <map>

#include "preflight/admission/run_identity.h"

namespace preflight {
namespace {

using namespace std::chrono_literals;

// K slots; `others` holds some; a holder may leave at a given time.
class FakeSlots final : public SlotStore {
 public:
  explicit FakeSlots(const Duration& now) : now_(now) {}
  std::expected<bool, std::string> TryTake(int slot) override {
    ++tries;
    if (!error.empty()) return std::unexpected(error);
    Release();
    if (others.contains(slot)) return false;
    taken.push_back(slot);
    others[slot] = {slot, "this run", 0s};
    return true;
  }
  std::expected<std::vector<SlotHolder>, std::string> Holders() override {
    Release();
    std::vector<SlotHolder> holders;
    for (const auto& [slot, holder] : others) holders.push_back(holder);
    return holders;
  }

  std::map<int, SlotHolder> others;
  std::map<int, Duration> leaves_at;  // slot → when its holder leaves
  std::vector<int> taken;
  std::string error;
  int tries = 0, idles = 0;
  void Idle() override { ++idles; }

 private:
  void Release() {
    for (const auto& [slot, when] : leaves_at)
      if (now_ >= when) others.erase(slot);
  }
  const Duration& now_;
};

class AdmissionTest : public ::testing::Test {
 protected:
  AdmissionRequest Request(int slots, Duration budget) {
    return {.slots = slots,
            .budget = budget,
            .now = [this] { return now_; },
            .sleep = [this](Duration d) { slept_.push_back(d), now_ += d; },
            .uniform = [] { return 0.5; },
            .on_waiting = [this](const AdmissionWaiting& w) { lines_.push_back(WaitingLine(w)); }};
  }
  Duration now_{0};
  FakeSlots store_{now_};
  std::vector<Duration> slept_;
  std::vector<std::string> lines_;
};

TEST_F(AdmissionTest, AFreeSlotIsTakenAtOnceWithoutWaiting) {
  store_.others[1] = {1, "ci-812", 4min};
  auto admitted = AcquireSlot(store_, Request(3, 10min));
  ASSERT_TRUE(admitted);
  EXPECT_EQ(admitted->slot, 2) << "starts where uniform points (0.5 * 3 → slot 1), then the next";
  EXPECT_EQ(admitted->waited, 0s);
  EXPECT_TRUE(slept_.empty());
  EXPECT_TRUE(lines_.empty());
}

TEST_F(AdmissionTest, WaitsWhileEverySlotIsHeldAndSaysByWhom) {
  store_.others = {{0, {0, "ci-812", 4min}}, {1, {1, "ci-813", 2min}}};
  store_.leaves_at[1] = 3s;
  auto admitted = AcquireSlot(store_, Request(2, 10min));
  ASSERT_TRUE(admitted);
  EXPECT_EQ(admitted->slot, 1);
  EXPECT_GE(admitted->waited, 3s);
  EXPECT_LE(admitted->waited, 4s) << "polled about every second, not the whole budget";
  ASSERT_FALSE(lines_.empty());
  EXPECT_EQ(lines_[0],
            "waiting for a staging slot: 2/2 held by ci-812 (4m), ci-813 (2m); 0s / 10m");
  for (Duration d : slept_) {
    EXPECT_GE(d, 500ms);
    EXPECT_LE(d, 1s);
  }
}

TEST_F(AdmissionTest, GivesUpWhenTheBudgetIsSpentAndNamesTheHolders) {
  store_.others = {{0, {0, "laptop-ana", 30s}}};
  auto refused = AcquireSlot(store_, Request(1, 5s));
  ASSERT_FALSE(refused);
  EXPECT_TRUE(refused.error().error.empty());
  EXPECT_EQ(refused.error().waited, 5s) << "never sleeps past the budget";
  ASSERT_EQ(refused.error().holders.size(), 1u);
  EXPECT_EQ(DescribeHolders(1, refused.error().holders), "1/1 held by laptop-ana (30s)");
}

TEST_F(AdmissionTest, AStopSignalEndsTheWaitAtOnce) {
  store_.others = {{0, {0, "ci-812", 4min}}};
  AdmissionRequest request = Request(1, 10min);
  request.stopped = [this] { return slept_.size() >= 2 ? SIGTERM : 0; };  // during the 2nd sleep
  auto refused = AcquireSlot(store_, request);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().stopped_by, SIGTERM);
  EXPECT_EQ(slept_.size(), 2u) << "no poll after the signal";
}

TEST_F(AdmissionTest, AZeroBudgetTriesOnce) {
  store_.others = {{0, {0, "ci-1", 1s}}};
  auto refused = AcquireSlot(store_, Request(1, 0s));
  ASSERT_FALSE(refused);
  EXPECT_EQ(store_.tries, 1);
  EXPECT_TRUE(slept_.empty());
}

TEST_F(AdmissionTest, AFailingPollIsTriedAgainUntilTheBudgetIsSpent) {
  store_.error = "FATAL:  53300: sorry, too many clients already";
  auto refused = AcquireSlot(store_, Request(2, 5s));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().error, "FATAL:  53300: sorry, too many clients already");
  EXPECT_GT(store_.tries, 3);
  EXPECT_EQ(refused.error().waited, 5s);
  EXPECT_EQ(store_.idles, store_.tries - 1) << "no connection held between polls";

  store_.error.clear();
  store_.tries = 0;
  EXPECT_TRUE(AcquireSlot(store_, Request(2, 5s))) << "busy, then free";
}

TEST_F(AdmissionTest, NeverMoreHoldersThanSlots) {
  // Runs one after another against the same store: the K+1th waits, then gives up.
  for (int run = 0; run < 3; ++run) ASSERT_TRUE(AcquireSlot(store_, Request(3, 0s)));
  EXPECT_FALSE(AcquireSlot(store_, Request(3, 2s)));
  EXPECT_EQ(store_.others.size(), 3u);
}

TEST(RunIdentity, NamesTheJobTheBranchAndTheHost) {
  auto from = [](std::map<std::string, std::string> vars) -> VariableReader {
    return [vars](std::string_view name) -> std::optional<std::string> {
      auto found = vars.find(std::string(name));
      if (found == vars.end()) return std::nullopt;
      return found->second;
    };
  };
  EXPECT_EQ(RunIdentity(from({{"CI_JOB_ID", "812"}, {"CI_COMMIT_REF_NAME", "main"}}), "runner-3"),
            "preflight ci-812 main runner-3");
  EXPECT_EQ(
      RunIdentity(
          from({{"GITHUB_RUN_ID", "99"}, {"GITHUB_JOB", "e2e"}, {"GITHUB_REF_NAME", "fix-login"}}),
          "gh"),
      "preflight gh-99-e2e fix-login gh");
  EXPECT_EQ(RunIdentity(from({{"USER", "ana"}}), "laptop"), "preflight ana laptop");
  EXPECT_EQ(RunIdentity(from({{"PREFLIGHT_RUN_NAME", "nightly"}, {"CI_JOB_ID", "1"}}), "h"),
            "preflight nightly h");
  const std::string long_name = RunIdentity(
      from({{"PREFLIGHT_RUN_NAME", std::string(52, 'x') + "é" + std::string(40, 'y')}}), "h");
  EXPECT_EQ(long_name.size(), 62u) << "the é straddles byte 63";
  EXPECT_EQ(long_name.find('\xc3'), std::string::npos) << "cut before the é, not inside it";
}

}  // namespace
}  // namespace preflight
