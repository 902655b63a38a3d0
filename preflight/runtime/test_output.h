// What a test printed before it hung or crashed, cut from the end of the suite's output.
#pragma once

#include <string>
#include <string_view>

namespace preflight {

// From the GoogleTest `[ RUN      ] Suite.Name` line of `test` to the end of `output`, at most
// `max_bytes` (the latest ones, from a line start when there is one). Without that line: the
// last `max_bytes` of `output`.
std::string TestOutputTail(std::string_view output, std::string_view test, size_t max_bytes);

}  // namespace preflight
