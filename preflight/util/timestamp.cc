// Strict parsers and printers for UTC dates and RFC 3339 instants.
#include "preflight/util/timestamp.h"

#include <fmt/format.h>
#include <cctype>

namespace preflight {
namespace {

using namespace std::chrono;

// Reads exactly `width` digits at `pos`, advancing it.
bool ReadDigits(std::string_view text, size_t& pos, int width, int& value) {
  if (pos + width > text.size()) return false;
  value = 0;
  for (int i = 0; i < width; ++i) {
    char c = text[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return true;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

std::expected<sys_days, std::string> ReadDate(std::string_view text, size_t& pos) {
  int y, m, d;
  if (!ReadDigits(text, pos, 4, y) || !Expect(text, pos, '-') || !ReadDigits(text, pos, 2, m) ||
      !Expect(text, pos, '-') || !ReadDigits(text, pos, 2, d))
    return std::unexpected("expected a date like 2025-09-18");
  year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok())
    return std::unexpected(fmt::format("{:04}-{:02}-{:02} is not a calendar date", y, m, d));
  return sys_days{ymd};
}

}  // namespace

std::expected<sys_days, std::string> ParseDate(std::string_view text) {
  size_t pos = 0;
  auto day = ReadDate(text, pos);
  if (day && pos != text.size()) return std::unexpected("unexpected text after the date");
  return day;
}

std::expected<SysTime, std::string> ParseRfc3339(std::string_view text) {
  const auto fail = [] {
    return std::unexpected(std::string("expected an RFC 3339 time like 2025-09-18T12:00:00Z"));
  };
  size_t pos = 0;
  auto day = ReadDate(text, pos);
  if (!day) return std::unexpected(day.error());
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' '))
    return fail();
  ++pos;
  int hh, mm, ss;
  if (!ReadDigits(text, pos, 2, hh) || !Expect(text, pos, ':') || !ReadDigits(text, pos, 2, mm) ||
      !Expect(text, pos, ':') || !ReadDigits(text, pos, 2, ss))
    return fail();
  if (hh > 23 || mm > 59 || ss > 60) return std::unexpected("time of day out of range");
  milliseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int scale = 100, digits = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      fraction += milliseconds((text[pos] - '0') * scale);
      scale /= 10;
      ++pos;
      ++digits;
    }
    if (digits == 0) return fail();
  }
  minutes offset{0};
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '-' ? -1 : 1, oh, om;
    ++pos;
    if (!ReadDigits(text, pos, 2, oh) || !Expect(text, pos, ':') || !ReadDigits(text, pos, 2, om) ||
        oh > 23 || om > 59)
      return fail();
    offset = sign * (hours(oh) + minutes(om));
  } else {
    return std::unexpected("missing time zone (end with Z for UTC, or an offset like +02:00)");
  }
  if (pos != text.size()) return fail();
  return SysTime{*day} + hours(hh) + minutes(mm) + seconds(std::min(ss, 59)) + fraction - offset;
}

std::expected<SysTime, std::string> ParseDateOrInstant(std::string_view text) {
  if (text.size() == 10) {
    auto day = ParseDate(text);
    if (!day) return std::unexpected(day.error());
    return SysTime{*day};
  }
  return ParseRfc3339(text);
}

std::string FormatDate(sys_days day) {
  year_month_day ymd{day};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string FormatRfc3339(SysTime time) {
  auto day = floor<days>(time);
  hh_mm_ss<milliseconds> tod{time - day};
  std::string out = fmt::format("{}T{:02}:{:02}:{:02}", FormatDate(day), tod.hours().count(),
                                tod.minutes().count(), tod.seconds().count());
  if (tod.subseconds().count() != 0) out += fmt::format(".{:03}", tod.subseconds().count());
  return out + "Z";
}

}  // namespace preflight
