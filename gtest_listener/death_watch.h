// How the test process dies before the program's end (a fatal signal, std::terminate, exit()),
// told to one callback, so that the listener's reports can say where it died.
#pragma once

#include <functional>
#include <string>

namespace preflight {

// Installs the handlers once per process. `report` gets "the process died of signal 11
// (Segmentation fault)" at most once, and only in the installing process (not in a forked death
// test child). Then the previous handler (a sanitizer's) or the default action runs.
void InstallDeathWatch(std::function<void(const std::string& how)> report);

}  // namespace preflight
