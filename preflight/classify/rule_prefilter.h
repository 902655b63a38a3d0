// Which built-in patterns can match a text, without compiling any of them. Every pattern needs
// one of its atoms (literal strings that RE2's FilteredRE2 finds in it at build time, see
// rule_atoms_main.cc) in the lowercased text; a pattern without atoms may match any text. The
// classifier compiles and searches only these candidates, so a suite pays for the few rules its
// failures touch, not for compiling the whole table before the first one.
#pragma once

#include <bitset>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace preflight {

class RulePrefilter {
 public:
  RulePrefilter();  // from the tables generated for BuiltinRules()

  size_t pattern_count() const { return pattern_count_; }

  // The indices of the built-in patterns (in BuiltinRules() order) that may match `text`,
  // ascending.
  std::vector<int> Candidates(std::string_view text) const;

 private:
  size_t pattern_count_ = 0;
  std::vector<std::string_view> atoms_;
  std::vector<std::vector<int>> atom_patterns_;  // atom → the patterns it lets through
  std::vector<int> unfiltered_;                  // patterns without atoms
  std::bitset<1 << 16> first_two_bytes_;         // of some atom: most text positions stop here
  std::unordered_map<uint16_t, std::vector<int>> atoms_by_first_two_bytes_;
};

}  // namespace preflight
