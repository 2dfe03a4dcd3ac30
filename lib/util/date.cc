#include "util/date.h"

#include <unicode/locid.h>

#include <string>
#include <unordered_set>

#include <fmt/format.h>

namespace herdex::detail {
namespace {

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int number(std::string_view s) {
  int n = 0;
  for (const char c : s) n = n * 10 + (c - '0');
  return n;
}

constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

int days_in(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

bool alnum_lower(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

std::string date_problem(std::string_view date, bool allow_time, std::size_t* offset) {
  *offset = 0;
  std::string_view day_part = date;
  if (date.size() > 10 && (date[10] == 'T' || date[10] == ' ')) {
    if (!allow_time) return "a date here is YYYY, YYYY-MM or YYYY-MM-DD";
    day_part = date.substr(0, 10);
  }
  const std::size_t n = day_part.size();
  const bool shape = (n == 4 || n == 7 || n == 10) && digits(day_part.substr(0, 4)) &&
                     (n < 7 || (day_part[4] == '-' && digits(day_part.substr(5, 2)))) &&
                     (n < 10 || (day_part[7] == '-' && digits(day_part.substr(8, 2))));
  if (!shape) return "a date is YYYY, YYYY-MM or YYYY-MM-DD";
  if (n == 4) return {};
  const int year = number(day_part.substr(0, 4));
  const int month = number(day_part.substr(5, 2));
  if (month < 1 || month > 12) {
    *offset = 5;
    return fmt::format("month {:02} does not exist", month);
  }
  if (n == 7) return {};
  const int day = number(day_part.substr(8, 2));
  if (day < 1 || day > days_in(year, month)) {
    *offset = 8;
    return fmt::format("{} {} has {} days", kMonths[month - 1], year, days_in(year, month));
  }
  return {};
}

namespace {

// ISO 639 language codes as ICU knows them: its two- and three-letter
// codes (CLDR's list, 595 in ICU 72) and the ISO 639-2 three-letter form of
// each ("de" and "deu"). Lower case.
const std::unordered_set<std::string>& language_codes() {
  static const std::unordered_set<std::string> codes = [] {
    std::unordered_set<std::string> set;
    for (const char* const* code = icu::Locale::getISOLanguages(); *code != nullptr; ++code) {
      set.emplace(*code);
      const icu::Locale locale(*code);
      const char* three = locale.getISO3Language();
      if (three != nullptr && *three != '\0') set.emplace(three);
    }
    return set;
  }();
  return codes;
}

}  // namespace

bool is_language_tag(std::string_view tag) {
  // Primary subtag of 2 or 3 letters, then subtags of 2 to 8 letters or
  // digits (BCP 47 in outline), or herdex's own "mixed".
  std::string lower;
  for (const char c : tag)
    lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  if (lower == "mixed") return true;
  std::size_t start = 0;
  for (bool first = true;; first = false) {
    std::size_t end = lower.find('-', start);
    if (end == std::string::npos) end = lower.size();
    const std::size_t len = end - start;
    if (first ? (len < 2 || len > 3) : (len < 2 || len > 8)) return false;
    for (std::size_t i = start; i < end; ++i) {
      if (first ? !(lower[i] >= 'a' && lower[i] <= 'z') : !alnum_lower(lower[i])) return false;
    }
    if (first && language_codes().count(lower.substr(start, len)) == 0) return false;
    if (end == lower.size()) return true;
    start = end + 1;
  }
}

}  // namespace herdex::detail
