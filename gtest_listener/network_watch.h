// Starts watching the test binary's network calls for the listener (unless
// PREFLIGHT_NETWORK_EVIDENCE=0). InstallListener() calls it, which also links the interposed
// socket and resolver functions into every test executable that installs the listener.
#pragma once

namespace preflight {

class NetworkRecorder;

void StartNetworkWatch();

// The recorder, or null when the watch is off. Never destroyed once started, so that a socket
// call in a destructor or a detached thread after main() still finds it.
NetworkRecorder* Watching();

// Defined beside the interposed functions: StartNetworkWatch calls them so that the linker takes
// those objects out of the static library (nothing else refers to them).
void LinkSocketInterposition();
void LinkResolverInterposition();

// The next definition of `name` (normally libc's), or null in a static link.
void* NextSymbol(const char* name);

}  // namespace preflight
