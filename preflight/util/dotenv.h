// Reader for `.env` files as the common dotenv implementations write them.
//
// Supported: `KEY=value`, `export KEY=value`, blank lines and `#` comments, inline ` # comments`
// after unquoted values, 'single quotes' (literal), "double quotes" (escapes \n \t \r \" \\ \$,
// may span lines), `${VAR}` / `${VAR:-default}` in unquoted and double-quoted values, CRLF line
// ends and a UTF-8 byte order mark. Every malformed line is reported with FILE:LINE:COL.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "preflight/util/diagnostic.h"
#include "preflight/util/variable_expansion.h"

namespace preflight {

struct DotenvEntry {
  std::string key;
  std::string value;
  int line = 0;
};

struct DotenvFile {
  std::string path;
  std::vector<DotenvEntry> entries;  // in file order; a repeated key appears once, last value

  const DotenvEntry* Find(std::string_view key) const;
};

// Where `${VAR}` looks besides the file's own earlier entries.
struct DotenvLookups {
  VariableLookup overrides;  // consulted first: the real environment wins over the file
  VariableLookup fallback;   // consulted last: e.g. files read before this one
};

std::expected<DotenvFile, Diagnostics> ParseDotenv(std::string_view text, std::string path,
                                                   const DotenvLookups& lookups = {});

// Reads and parses `path`; a missing or unreadable file is a diagnostic naming it.
std::expected<DotenvFile, Diagnostics> ReadDotenvFile(const std::string& path,
                                                      const DotenvLookups& lookups = {});

// Like ReadDotenvFile, but a bad line costs only itself: the good lines are kept and the bad
// ones' diagnostics appended to `errors` (so that what follows is not their mere consequence).
// Only a missing or unreadable file is an error.
std::expected<DotenvFile, Diagnostics> ReadDotenvFileKeepingGoodLines(const std::string& path,
                                                                      const DotenvLookups& lookups,
                                                                      Diagnostics& errors);

}  // namespace preflight
