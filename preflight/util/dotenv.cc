// A line-oriented dotenv parser that reports every malformed line instead of skipping it.
#include "preflight/util/dotenv.h"

#include <fmt/format.h>

#include <cctype>
#include <unordered_map>

#include "preflight/util/redactor.h"
#include "preflight/util/text_file.h"

namespace preflight {
namespace {

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

bool IsKeyChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

class DotenvParser {
 public:
  DotenvParser(std::string_view text, std::string path, const DotenvLookups& lookups)
      : text_(text), lookups_(lookups) {
    file_.path = std::move(path);
    if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
  }

  std::expected<DotenvFile, Diagnostics> Parse() {
    DotenvFile file = ParseKeepingGoodLines();
    if (!errors_.empty()) return std::unexpected(std::move(errors_));
    return file;
  }

  DotenvFile ParseKeepingGoodLines() {
    while (pos_ < text_.size()) ParseLine();
    return std::move(file_);
  }
  Diagnostics& errors() { return errors_; }

 private:
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\n'; }
  bool AtLineEnd() const { return Peek() == '\n'; }
  int Column() const { return static_cast<int>(pos_ - line_start_) + 1; }

  void SkipBlanks() {
    while (pos_ < text_.size() && IsBlank(text_[pos_])) ++pos_;
  }

  void NextLine() {
    size_t newline = text_.find('\n', pos_);
    pos_ = newline == std::string_view::npos ? text_.size() : newline + 1;
    ++line_;
    line_start_ = pos_;
  }

  // Records an error at the current position and resumes at the next line.
  void Fail(int line, int column, std::string message, std::string hint = {}) {
    errors_.push_back({{file_.path, line, column},
                       std::move(message),
                       std::move(hint),
                       WithoutSecrets(LineOf(text_, line))});
  }

  // The line a diagnostic shows: the value of a secret-like key as as many *s (the caret still
  // points where it did), and passwords in URLs and conninfo as ***.
  static std::string WithoutSecrets(std::string line) {
    const size_t equals = line.find('=');
    if (equals != std::string::npos) {
      std::string_view key = std::string_view(line).substr(0, equals);
      while (!key.empty() && IsBlank(key.back())) key.remove_suffix(1);
      if (size_t space = key.find_last_of(" \t"); space != std::string_view::npos)
        key.remove_prefix(space + 1);  // `export KEY`
      if (IsSecretName(key))
        for (size_t i = equals + 1; i < line.size(); ++i)
          if (!IsBlank(line[i])) line[i] = '*';
    }
    return Redactor().Redact(line);
  }

  void ParseLine() {
    SkipBlanks();
    if (AtLineEnd() || Peek() == '#') return NextLine();
    if (text_.substr(pos_).starts_with("export") && pos_ + 6 < text_.size() &&
        IsBlank(text_[pos_ + 6])) {
      pos_ += 6;
      SkipBlanks();
    }
    const int key_column = Column();
    size_t key_start = pos_;
    while (pos_ < text_.size() && IsKeyChar(text_[pos_])) ++pos_;
    std::string key(text_.substr(key_start, pos_ - key_start));
    SkipBlanks();
    if (key.empty() || std::isdigit(static_cast<unsigned char>(key[0]))) {
      Fail(line_, key_column,
           "expected a variable name (letters, digits, _; not starting with a digit)",
           "write KEY=value, or start the line with # to make it a comment");
      return NextLine();
    }
    if (Peek() != '=') {
      Fail(line_, Column(), fmt::format("expected \"=\" after {}", key),
           fmt::format("write {}=value (an empty value is {}=)", key, key));
      return NextLine();
    }
    ++pos_;
    SkipBlanks();
    const int value_line = line_;
    std::expected<std::string, std::string> value;
    if (Peek() == '\'' || Peek() == '"') {
      value = ParseQuoted(Peek());
    } else {
      value = ParseUnquoted();
    }
    if (!value) {
      Fail(value_line, error_column_, value.error(), error_hint_);
      return NextLine();
    }
    if (value->find('\0') != std::string::npos) {
      Fail(value_line, key_column, fmt::format("the value of {} contains a NUL byte", key));
      return NextLine();
    }
    Store(std::move(key), std::move(*value), value_line);
    NextLine();
  }

  // Indexed by key: a 100 000-line file loads in linear time.
  void Store(std::string key, std::string value, int line) {
    if (auto known = index_.find(key); known != index_.end()) {
      DotenvEntry& entry = file_.entries[known->second];
      entry.value = std::move(value);
      entry.line = line;
      return;
    }
    index_.emplace(key, file_.entries.size());
    file_.entries.push_back({std::move(key), std::move(value), line});
  }

  std::optional<std::string> Lookup(std::string_view name) const {
    if (lookups_.overrides)
      if (auto v = lookups_.overrides(name)) return v;
    if (auto known = index_.find(std::string(name)); known != index_.end())
      return file_.entries[known->second].value;
    if (lookups_.fallback) return lookups_.fallback(name);
    return std::nullopt;
  }

  std::expected<std::string, std::string> Expand(std::string_view raw, int column) {
    auto expanded = ExpandVariables(
        raw, [this](std::string_view name) { return Lookup(name); }, MissingVariable::kEmpty);
    if (!expanded) {
      error_column_ = column + static_cast<int>(expanded.error().offset);
      error_hint_ = "write a literal $ as \\$ inside double quotes, or use single quotes";
      return std::unexpected(expanded.error().message);
    }
    return std::move(*expanded);
  }

  std::expected<std::string, std::string> ParseUnquoted() {
    const int column = Column();
    size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    std::string_view raw = text_.substr(pos_, end - pos_);
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '#' && i > 0 && IsBlank(raw[i - 1])) {
        raw = raw.substr(0, i);
        break;
      }
    }
    while (!raw.empty() && IsBlank(raw.back())) raw.remove_suffix(1);
    pos_ = end;
    return Expand(raw, column);
  }

  // Reads a quoted value starting at the opening quote; it may span several lines.
  std::expected<std::string, std::string> ParseQuoted(char quote) {
    const int open_column = Column();
    ++pos_;
    std::string value;
    while (true) {
      if (pos_ >= text_.size()) {
        error_column_ = open_column;
        error_hint_ = fmt::format("add the closing {} (a value may span lines until it)", quote);
        return std::unexpected(
            fmt::format("unterminated {}-quoted value", quote == '"' ? "double" : "single"));
      }
      char c = text_[pos_];
      if (c == quote) {
        ++pos_;
        break;
      }
      if (c == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
        if (!value.empty() && value.back() == '\r') value.pop_back();
        value += '\n';
        ++pos_;
        continue;
      }
      if (quote == '"' && c == '\\' && pos_ + 1 < text_.size()) {
        char next = text_[pos_ + 1];
        switch (next) {
          case 'n':
            value += '\n';
            break;
          case 't':
            value += '\t';
            break;
          case 'r':
            value += '\r';
            break;
          case '"':
          case '\\':
          case '$':
          case '\'':
            value += next;
            break;
          default:
            value += '\\';
            value += next;
            break;
        }
        pos_ += 2;
        continue;
      }
      if (quote == '"' && c == '$' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '{') {
        size_t close = text_.find('}', pos_);
        size_t newline = text_.find('\n', pos_);
        if (close == std::string_view::npos || close > newline) close = newline;
        if (close == std::string_view::npos) close = text_.size();
        auto expanded = Expand(text_.substr(pos_, close + 1 - pos_), Column());
        if (!expanded) return expanded;
        value += *expanded;
        pos_ = close + 1;
        continue;
      }
      value += c;
      ++pos_;
    }
    SkipBlanks();
    if (!AtLineEnd() && Peek() != '#') {
      error_column_ = Column();
      error_hint_ = "put a comment after whitespace and #, or quote the whole value";
      return std::unexpected(fmt::format("unexpected text after the closing {} ", quote));
    }
    return value;
  }

  std::string_view text_;
  const DotenvLookups& lookups_;
  DotenvFile file_;
  Diagnostics errors_;
  std::unordered_map<std::string, size_t> index_;  // key → its entry in file_.entries
  size_t pos_ = 0, line_start_ = 0;
  int line_ = 1;
  int error_column_ = 0;
  std::string error_hint_;
};

}  // namespace

const DotenvEntry* DotenvFile::Find(std::string_view key) const {
  for (const auto& entry : entries)
    if (entry.key == key) return &entry;
  return nullptr;
}

std::expected<DotenvFile, Diagnostics> ParseDotenv(std::string_view text, std::string path,
                                                   const DotenvLookups& lookups) {
  return DotenvParser(text, std::move(path), lookups).Parse();
}

std::expected<DotenvFile, Diagnostics> ReadDotenvFileKeepingGoodLines(const std::string& path,
                                                                      const DotenvLookups& lookups,
                                                                      Diagnostics& errors) {
  auto text = ReadTextFile(path);
  if (!text) return std::unexpected(Diagnostics{{{path, 0, 0}, text.error(), "", ""}});
  DotenvParser parser(*text, path, lookups);
  DotenvFile file = parser.ParseKeepingGoodLines();
  errors.insert(errors.end(), parser.errors().begin(), parser.errors().end());
  return file;
}

std::expected<DotenvFile, Diagnostics> ReadDotenvFile(const std::string& path,
                                                      const DotenvLookups& lookups) {
  auto text = ReadTextFile(path);
  if (!text) return std::unexpected(Diagnostics{{{path, 0, 0}, text.error(), "", ""}});
  return ParseDotenv(*text, path, lookups);
}

}  // namespace preflight
