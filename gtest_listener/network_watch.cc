// The one recorder of the process, created when main() starts the watch.
#include "network_watch.h"

#include <dlfcn.h>
#include <pthread.h>

#include <atomic>
#include <cstdlib>
#include <string_view>

#include "network_recorder.h"

namespace preflight {
namespace {

std::atomic<NetworkRecorder*> g_recorder{nullptr};

}  // namespace

NetworkRecorder* Watching() {
  return g_recorder.load(std::memory_order_acquire);
}

void* NextSymbol(const char* name) {
  return dlsym(RTLD_NEXT, name);
}

void StartNetworkWatch() {
  const char* setting = std::getenv("PREFLIGHT_NETWORK_EVIDENCE");
  if (setting != nullptr && std::string_view(setting) == "0") return;
  if (Watching() != nullptr) return;
  LinkSocketInterposition();
  LinkResolverInterposition();
  auto* recorder = new NetworkRecorder;  // never deleted: see Watching()
  static NetworkRecorder* forking = recorder;
  pthread_atfork([] { forking->LockForFork(); }, [] { forking->UnlockAfterFork(); },
                 [] { forking->UnlockAfterFork(); });
  internal::SetNetworkWatch(recorder);
  g_recorder.store(recorder, std::memory_order_release);
}

}  // namespace preflight
