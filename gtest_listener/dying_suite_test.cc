// A suite that dies the way DYING_HOW says (segv, abort, terminate, exit, hang: wait to be
// killed; badbytes: fails with bytes that are not UTF-8; rmdir: removes its report's folder;
// anything else: it does not die) in
// Dying.Now, between a passing test and one it never reaches; and a death test, whose child process
// dies on purpose. Run by listener_death_end_to_end.sh outside `preflight run`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

namespace {

std::string How() {
  const char* how = std::getenv("DYING_HOW");
  return how ? how : "";
}

}  // namespace

TEST(Dying, Before) {
  EXPECT_DEATH(std::abort(), "");  // a child dies on purpose: the parent's reports are untouched
}

TEST(Dying, Now) {
  const std::string how = How();
  if (how == "segv") std::raise(SIGSEGV);
  if (how == "abort") std::abort();
  if (how == "terminate") std::thread([] { throw std::runtime_error("lost"); }).join();
  if (how == "exit") std::exit(3);
  if (how == "rmdir") {  // the report's folder disappears under the suite: it cannot be written
    const std::string report = std::getenv("PREFLIGHT_REPORT");
    std::filesystem::remove_all(std::filesystem::path(report).parent_path());
  }
  if (how == "badbytes") ADD_FAILURE() << "the server sent \xFF\xFE\xC3( instead of a name";
  if (how == "hang") {
    std::ofstream(std::getenv("DYING_MARKER")) << "started\n";
    for (;;) pause();
  }
  SUCCEED();
}

TEST(Dying, NeverReached) {
  SUCCEED();
}
