// A scan of the lowercased text for the atoms, two bytes at a time through a bitmap, then the
// patterns those atoms let through.
#include "preflight/classify/rule_prefilter.h"

#include <algorithm>
#include <string>

namespace preflight {
namespace {

#include "preflight/classify/rule_atoms.inc"

uint16_t PairKey(std::string_view text, size_t at) {
  return static_cast<uint16_t>((static_cast<unsigned char>(text[at]) << 8) |
                               static_cast<unsigned char>(text[at + 1]));
}

}  // namespace

RulePrefilter::RulePrefilter() : pattern_count_(kBuiltinPatternCount) {
  atoms_.assign(std::begin(kRuleAtoms), std::end(kRuleAtoms));
  atom_patterns_.resize(atoms_.size());
  size_t at = 0;
  for (int pattern = 0; pattern < static_cast<int>(pattern_count_); ++pattern) {
    const int count = kPatternAtoms[at++];
    if (count == 0) unfiltered_.push_back(pattern);
    for (int i = 0; i < count; ++i) atom_patterns_[kPatternAtoms[at++]].push_back(pattern);
  }
  for (int atom = 0; atom < static_cast<int>(atoms_.size()); ++atom) {
    const std::string_view text = atoms_[atom];
    if (text.size() < 2) {  // too short to index: its patterns are searched everywhere
      unfiltered_.insert(unfiltered_.end(), atom_patterns_[atom].begin(),
                         atom_patterns_[atom].end());
      continue;
    }
    first_two_bytes_.set(PairKey(text, 0));
    atoms_by_first_two_bytes_[PairKey(text, 0)].push_back(atom);
  }
}

std::vector<int> RulePrefilter::Candidates(std::string_view text) const {
  std::string lowered(text);
  for (char& c : lowered)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');  // atoms are ASCII
  std::vector<int> patterns = unfiltered_;
  std::vector<int> seen;  // atoms found: a handful
  const std::string_view view(lowered);
  for (size_t i = 0; i + 1 < view.size(); ++i) {
    const uint16_t key = PairKey(view, i);
    if (!first_two_bytes_.test(key)) continue;
    for (int atom : atoms_by_first_two_bytes_.at(key)) {
      if (!view.substr(i).starts_with(atoms_[atom]) ||
          std::find(seen.begin(), seen.end(), atom) != seen.end())
        continue;
      seen.push_back(atom);
      patterns.insert(patterns.end(), atom_patterns_[atom].begin(), atom_patterns_[atom].end());
    }
  }
  std::sort(patterns.begin(), patterns.end());
  patterns.erase(std::unique(patterns.begin(), patterns.end()), patterns.end());
  return patterns;
}

}  // namespace preflight
