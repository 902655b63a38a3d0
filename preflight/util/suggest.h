// "Did you mean ...?" suggestions for misspelt keys and names.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace preflight {

// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
std::optional<std::string> ClosestMatch(std::string_view word,
                                        std::span<const std::string_view> candidates);

// " (did you mean `x`?)"-style hint text, or `fallback` when nothing is close.
std::string DidYouMean(std::string_view word, std::span<const std::string_view> candidates,
                       std::string_view fallback);

}  // namespace preflight
