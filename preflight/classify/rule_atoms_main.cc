// Build-time tool: writes, for every built-in pattern, the literal strings ("atoms") one of which
// must occur in a text the pattern matches, as RE2's own FilteredRE2 computes them. The
// classifier then compiles a pattern only when one of its atoms occurs in a failure's text,
// instead of compiling all of them before the first failure (rule_prefilter.h).
// Usage: preflight_rule_atoms OUTPUT.inc
#include <re2/filtered_re2.h>
#include <re2/re2.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "preflight/classify/rules.h"

namespace {

// Atoms shorter than this are not worth a lookup: a pattern that has only such atoms is searched
// in every text.
constexpr int kMinAtomLength = 3;

// A C++ string literal: printable ASCII as is, everything else as a three-digit octal escape
// (which, unlike \x, cannot swallow the next character).
std::string Literal(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '?') {
      out += static_cast<char>(c);
    } else {
      char escape[5];
      std::snprintf(escape, sizeof escape, "\\%03o", c);
      out += escape;
    }
  }
  return out + "\"";
}

bool IsAscii(const std::string& text) {
  for (unsigned char c : text)
    if (c >= 0x80) return false;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT.inc\n", argv[0]);
    return 2;
  }
  std::vector<std::string> atoms;
  std::map<std::string, int> atom_index;
  std::vector<std::vector<int>> pattern_atoms;
  for (const preflight::Rule& rule : preflight::BuiltinRules()) {
    for (const std::string& pattern : rule.patterns) {
      // One FilteredRE2 per pattern, so that no atom is pruned for being shared with others.
      re2::FilteredRE2 filter(kMinAtomLength);
      RE2::Options options;
      options.set_log_errors(false);
      int id = 0;
      if (filter.Add(pattern, options, &id) != RE2::NoError) {
        std::fprintf(stderr, "rule %s: invalid pattern \"%s\"\n", rule.name.c_str(),
                     pattern.c_str());
        return 1;
      }
      std::vector<std::string> strings;
      filter.Compile(&strings);
      std::vector<int> ids;
      for (const std::string& atom : strings) {
        if (!IsAscii(atom)) {  // the classifier lowercases ASCII only: search this one everywhere
          ids.clear();
          break;
        }
        auto [it, added] = atom_index.emplace(atom, static_cast<int>(atoms.size()));
        if (added) atoms.push_back(atom);
        ids.push_back(it->second);
      }
      pattern_atoms.push_back(std::move(ids));
    }
  }
  std::ofstream out(argv[1]);
  out << "// Generated at build time by preflight_rule_atoms from BuiltinRules(): do not edit.\n";
  out << "constexpr std::string_view kRuleAtoms[] = {\n";
  for (const std::string& atom : atoms) out << "    " << Literal(atom) << ",\n";
  out << "};\n";
  out << "// Per built-in pattern, in BuiltinRules() order: its number of atoms (0: search it in\n"
         "// every text), then their indices in kRuleAtoms.\n";
  out << "constexpr int kPatternAtoms[] = {\n";
  for (const std::vector<int>& ids : pattern_atoms) {
    out << "    " << ids.size() << ",";
    for (int id : ids) out << " " << id << ",";
    out << "\n";
  }
  out << "};\n";
  out << "constexpr size_t kBuiltinPatternCount = " << pattern_atoms.size() << ";\n";
  out.close();
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}
