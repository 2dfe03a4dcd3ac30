#include "ingest/extract/page_metadata.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>

#include <fmt/format.h>

#include "util/utf8.h"

namespace herdex::detail {
namespace {

// A line longer than this (in words) is a sentence, not a label or caption.
constexpr double kMaxCaptionWords = 14;
// A title line longer than this is a paragraph (as text_format.cc's rule).
constexpr std::size_t kParagraphBytes = 120;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string_view trim(std::string_view s) { return trim_page_space(s); }

// A decimal number at `i` ("8", "8.5", "8,5" is not one); its end in *end.
std::optional<double> number_at(std::string_view s, std::size_t i, std::size_t* end) {
  std::size_t j = i;
  while (j < s.size() && is_digit(s[j])) ++j;
  if (j == i) return std::nullopt;
  if (j + 1 < s.size() && s[j] == '.' && is_digit(s[j + 1])) {
    ++j;
    while (j < s.size() && is_digit(s[j])) ++j;
  }
  *end = j;
  // Ratings have a few digits; a long run is something else (and std::stod
  // would throw on one too large for a double).
  if (j - i > 12) return std::nullopt;
  return std::strtod(std::string(s.substr(i, j - i)).c_str(), nullptr);
}

// "681,674" or "681674": a count of voters.
bool count_at(std::string_view s, std::size_t i, std::size_t* end) {
  std::size_t j = i;
  while (j < s.size() && (is_digit(s[j]) || s[j] == ',')) ++j;
  if (j == i || !is_digit(s[i])) return false;
  *end = j;
  return true;
}

std::optional<double> stars(std::string_view v) {
  std::size_t full = 0, empty = 0, half = 0;
  for (std::size_t i = 0; i < v.size();) {
    const CodePoint cp = decode_utf8(v, i);
    i += std::max<std::size_t>(1, cp.length);
    if (cp.value == 0x2605) {
      ++full;  // ★
    } else if (cp.value == 0x2606 || cp.value == 0x2729) {
      ++empty;  // ☆ ✩
    } else if (cp.value == 0x00BD) {
      ++half;  // ½
    } else if (cp.value != ' ' && cp.value != 0xA0 && cp.value != 0x3000) {
      return std::nullopt;
    }
  }
  if (full + half == 0 || half > 1) return std::nullopt;
  const std::size_t slots = full + empty + half;
  const double got = static_cast<double>(full) + 0.5 * static_cast<double>(half);
  if (slots == 10) return got;
  if (slots == 5 || (empty == 0 && slots <= 5)) return got * 2;
  return std::nullopt;
}

std::optional<double> within(double value, double scale) {
  if (value < 0 || value > scale) return std::nullopt;
  return value * 10.0 / scale;
}

constexpr std::array<std::string_view, 6> kMonthsLong = {"january", "february", "march",
                                                         "april",   "may",      "june"};
constexpr std::array<std::string_view, 6> kMonthsLong2 = {"july",    "august",   "september",
                                                          "october", "november", "december"};

// Month number of an English month name or abbreviation at the start of
// `w` (lower case), and its length.
int month_at(std::string_view w, std::size_t* length) {
  for (int m = 0; m < 12; ++m) {
    const std::string_view name = m < 6 ? kMonthsLong[static_cast<std::size_t>(m)]
                                        : kMonthsLong2[static_cast<std::size_t>(m - 6)];
    if (starts_with(w, name)) {
      *length = name.size();
      return m + 1;
    }
  }
  for (int m = 0; m < 12; ++m) {
    const std::string_view name = m < 6 ? kMonthsLong[static_cast<std::size_t>(m)]
                                        : kMonthsLong2[static_cast<std::size_t>(m - 6)];
    if (starts_with(w, name.substr(0, 3))) {
      std::size_t n = 3;
      if (w.size() > 3 && w[3] == '.') n = 4;
      if (m == 8 && starts_with(w, "sept")) n = 4;  // "Sept."
      if (w.size() > n && std::isalpha(static_cast<unsigned char>(w[n])) != 0) return 0;
      *length = n;
      return m + 1;
    }
  }
  return 0;
}

bool valid_date(int y, int m, int d) {
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

// Reads up to `max` digits at i.
int digits_at(std::string_view s, std::size_t i, std::size_t max, std::size_t* end) {
  std::size_t j = i;
  int v = 0;
  while (j < s.size() && j - i < max && is_digit(s[j])) v = v * 10 + (s[j++] - '0');
  *end = j;
  return j == i ? -1 : v;
}

// " 01:54" or " 01:54:55" after a date; appended as "T01:54:55".
std::string time_after(std::string_view s, std::size_t i, std::size_t* end) {
  *end = i;
  std::size_t j = i;
  if (j < s.size() && (s[j] == ' ' || s[j] == 'T')) ++j;
  std::size_t e = 0;
  const int h = digits_at(s, j, 2, &e);
  if (h < 0 || h > 23 || e - j != 2 || e >= s.size() || s[e] != ':') return {};
  std::size_t e2 = 0;
  const int mi = digits_at(s, e + 1, 2, &e2);
  if (mi < 0 || mi > 59 || e2 - e - 1 != 2) return {};
  std::string out = fmt::format("T{:02}:{:02}", h, mi);
  if (e2 < s.size() && s[e2] == ':') {
    std::size_t e3 = 0;
    const int sec = digits_at(s, e2 + 1, 2, &e3);
    if (sec >= 0 && sec <= 60 && e3 - e2 - 1 == 2) {
      out += fmt::format(":{:02}", sec);
      e2 = e3;
    }
  }
  *end = e2;
  return out;
}

struct Label {
  std::string_view text;
  bool needs_colon;
};

// Credits labels: English, Chinese (both scripts), Japanese, Korean. Those
// that read as prose without a colon ("Director Spike Jonze has made…")
// need one.
constexpr std::array<Label, 12> kDirectorLabels = {{{"directed by", false},
                                                    {"director", true},
                                                    {"directors", true},
                                                    {"dir.", false},
                                                    {"導演", false},
                                                    {"导演", false},
                                                    {"監督", false},
                                                    {"감독", false},
                                                    {"연출", true},
                                                    {"dir", true},
                                                    {"regie", true},
                                                    {"réalisateur", true}}};
constexpr std::array<Label, 12> kWriterLabels = {{{"screenplay by", false},
                                                  {"screenplay", true},
                                                  {"screenwriter", true},
                                                  {"writers", true},
                                                  {"writer", true},
                                                  {"編劇", false},
                                                  {"编剧", false},
                                                  {"脚本", true},
                                                  {"각본", false},
                                                  {"극본", false},
                                                  {"written by", false},
                                                  {"編劇", false}}};
constexpr std::array<Label, 13> kCastLabels = {{{"starring", false},
                                                {"cast", true},
                                                {"stars", true},
                                                {"actors", true},
                                                {"演員", false},
                                                {"演员", false},
                                                {"主演", false},
                                                {"出演", false},
                                                {"キャスト", true},
                                                {"출연", false},
                                                {"주연", false},
                                                {"배우", true},
                                                {"with", true}}};

// If `segment` starts with one of `labels`, its value.
template <std::size_t N>
std::optional<std::string_view> labelled_value(std::string_view segment, const std::string& lower,
                                               const std::array<Label, N>& labels) {
  for (const Label& label : labels) {
    if (!starts_with(lower, label.text)) continue;
    std::string_view rest = segment.substr(label.text.size());
    const std::string_view lrest = std::string_view(lower).substr(label.text.size());
    bool colon = false;
    std::size_t i = 0;
    while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t')) ++i;
    if (starts_with(lrest.substr(i), ":")) {
      colon = true;
      ++i;
    } else if (starts_with(lrest.substr(i), "\xEF\xBC\x9A")) {  // ：
      colon = true;
      i += 3;
    }
    if (!colon) {
      if (label.needs_colon) continue;
      // Without a colon a space (or, for CJK labels, nothing) must follow.
      const bool ascii = static_cast<unsigned char>(label.text[0]) < 0x80;
      if (ascii && (i == 0 && !label.text.empty() && label.text.back() != '.')) continue;
      if (!ascii && i == 0) continue;  // "導演們的…": a sentence, not a label
    }
    const std::string_view value = trim(rest.substr(i));
    if (value.empty() || value.size() > 240) return std::nullopt;
    return value;
  }
  return std::nullopt;
}

// A part of a credits line and the separator before it.
struct Segment {
  std::string_view text;
  std::string_view separator;  // empty for the first part
};

// Parts of a credits line: "Her (2013) | Dir. Spike Jonze | 126 min".
std::vector<Segment> segments_of(std::string_view line) {
  std::vector<Segment> parts;
  std::size_t start = 0;
  std::string_view separator;
  for (std::size_t i = 0; i < line.size();) {
    std::size_t n = 0;
    for (const std::string_view sep : {" | ", "|", "\xEF\xBD\x9C" /*｜*/, "\xE3\x80\x80" /*U+3000*/,
                                       "  ", "\t", " / ", " \xC2\xB7 " /* · */}) {
      if (line.substr(i, sep.size()) == sep) {
        n = sep.size();
        break;
      }
    }
    if (n > 0) {
      const std::string_view part = trim(line.substr(start, i - start));
      if (!part.empty()) parts.push_back({part, separator});
      separator = line.substr(i, n);
      i += n;
      start = i;
    } else {
      i += std::max<std::size_t>(1, utf8_sequence_length(line, i));
    }
  }
  const std::string_view part = trim(line.substr(start));
  if (!part.empty()) parts.push_back({part, separator});
  return parts;
}

bool sentence_like(std::string_view value) {
  for (const std::string_view p : {"\xE3\x80\x82", "!", "?", "\xEF\xBC\x81", "\xEF\xBC\x9F"}) {
    if (value.find(p) != std::string_view::npos) return true;
  }
  std::size_t words = 1;
  for (const char c : value) words += c == ' ' ? 1 : 0;
  return words > 25;
}

std::string clean_value(std::string_view v) {
  v = trim(v);
  while (!v.empty() && (v.back() == '.' || v.back() == ',' || v.back() == ';')) {
    v.remove_suffix(1);
    v = trim(v);
  }
  return collapse_spaces(v);
}

struct Credits {
  std::string director, writer, cast;
};

template <std::size_t N>
bool starts_with_label(const std::string& lower, const std::array<Label, N>& labels) {
  return std::any_of(labels.begin(), labels.end(),
                     [&](const Label& l) { return starts_with(lower, l.text); });
}

// `part` cut where a sentence ends and another credit begins: "Directed by
// Spike Jonze. Starring Joaquin Phoenix." ("Dir. Spike Jonze" is not cut:
// no label follows).
std::vector<std::string_view> run_on_credits(std::string_view part) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < part.size(); ++i) {
    std::size_t next = 0;
    if ((part[i] == '.' || part[i] == ';') && i + 1 < part.size() && part[i + 1] == ' ') {
      next = i + 2;
    } else if (part.substr(i, 3) == "\xE3\x80\x82" /*。*/ ||
               part.substr(i, 3) == "\xEF\xBC\x9B" /*；*/) {
      next = i + 3;
    }
    if (next == 0) continue;
    while (next < part.size() && part[next] == ' ') ++next;
    const std::string lower = lower_ascii(part.substr(next, 24));
    if (starts_with_label(lower, kDirectorLabels) || starts_with_label(lower, kWriterLabels) ||
        starts_with_label(lower, kCastLabels)) {
      out.push_back(trim(part.substr(start, i - start)));
      start = next;
    }
  }
  out.push_back(trim(part.substr(start)));
  return out;
}

// Reads credits from one line; returns whether the line was a credits line.
bool read_credits(std::string_view line, Credits& out) {
  std::vector<Segment> parts;
  for (const Segment& segment : segments_of(line)) {
    std::string_view separator = segment.separator;
    for (const std::string_view piece : run_on_credits(segment.text)) {
      parts.push_back({piece, separator});
      separator = {};
    }
  }
  bool any = false;
  const bool several = parts.size() > 1;
  // The field the part before set, which a " / " list goes on filling:
  // "主演: 杰昆·菲尼克斯 / 斯嘉丽·约翰逊".
  std::string* open = nullptr;
  for (const Segment& segment : parts) {
    const std::string_view part = segment.text;
    const std::string lower = lower_ascii(part);
    std::string* taken = nullptr;
    auto take = [&](std::string& field, std::optional<std::string_view> value) {
      if (!value || sentence_like(*value)) return false;
      if (field.empty()) {
        field = clean_value(*value);
        taken = &field;
      }
      any = true;
      return true;
    };
    if (take(out.director, labelled_value(part, lower, kDirectorLabels))) {
      open = taken;
      continue;
    }
    // "Written by" names the screenwriter only among other credits; alone
    // it is usually the review's author.
    if ((several || !starts_with(lower, "written by")) &&
        take(out.writer, labelled_value(part, lower, kWriterLabels))) {
      open = taken;
      continue;
    }
    if (!(starts_with(lower, "with") && !several) &&
        take(out.cast, labelled_value(part, lower, kCastLabels))) {
      open = taken;
      continue;
    }
    if (open != nullptr && segment.separator == " / " && !sentence_like(part)) {
      *open += " / ";
      *open += clean_value(part);
      continue;
    }
    open = nullptr;
  }
  return any;
}

constexpr std::array<std::string_view, 27> kRatingLabels = {
    "my rating",      "rating",       "my score", "score",    "grade", "verdict",
    "overall rating", "overall",      "stars",    "评分",     "評分",  "我的评分",
    "我的評分",       "打分",         "豆瓣评分", "豆瓣評分", "評価",  "評点",
    "点数",           "평점",         "별점",     "내 평점",  "rated", "our rating",
    "final score",    "final rating", "score:"};

std::optional<double> labelled_rating(std::string_view line, std::string* written) {
  const std::string lower = lower_ascii(line);
  for (const std::string_view label : kRatingLabels) {
    if (!starts_with(lower, label)) continue;
    std::size_t i = label.size();
    while (i < line.size() && line[i] == ' ') ++i;
    if (starts_with(line.substr(i), ":")) {
      ++i;
    } else if (starts_with(line.substr(i), "\xEF\xBC\x9A")) {
      i += 3;
    } else if (i == label.size()) {
      continue;  // "ratings were…", "scored": not the label
    }
    const std::string_view value = trim(line.substr(i));
    const auto r = parse_rating(value, true);
    if (r) *written = std::string(value);
    return r;
  }
  return std::nullopt;
}

// Labels of dates that are not the review's: release and viewing dates.
bool other_event_date(const std::string& lower) {
  for (const std::string_view w : {"release", "viewing", "viewed", "watched", "premiere", "born",
                                   "上映", "公映", "公開", "개봉", "首映", "updated", "更新"}) {
    if (lower.find(w) != std::string::npos) return true;
  }
  return false;
}

// "By Jane Doe", "Posted on … by Jane Doe", "Author: Jane", "作者：张三".
std::string author_of(std::string_view line) {
  const std::string lower = lower_ascii(line);
  std::string_view name;
  for (const std::string_view label :
       {"author:", "author :", "written by ", "posted by ", "review by ", "reviewed by ", "by ",
        "作者：",  "作者:",    "文／",        "文/",        "撰文：",     "著者：",       "筆者：",
        "筆者:",   "글쓴이:",  "글쓴이 :",    "작성자:",    "작성자 :",   "글:",          "글 :"}) {
    if (starts_with(lower, label)) {
      name = line.substr(label.size());
      break;
    }
    // "Posted on August 10, 2014 by Jane Doe"
    const std::size_t at = lower.find(" by ");
    if (label == std::string_view("by ") && at != std::string::npos &&
        (starts_with(lower, "posted") || starts_with(lower, "published") ||
         !find_date(line.substr(0, at)).empty())) {
      name = line.substr(at + 4);
      break;
    }
  }
  name = trim(name);
  // The name ends at a separator or a date.
  for (const std::string_view stop : {" | ", " on ", " - ", " — ", ", ", "｜", " at ", " in ",
                                      " \xC2\xB7 " /* · */, " \xE2\x80\xA2 " /* • */}) {
    const std::size_t at = name.find(stop);
    if (at != std::string_view::npos) name = trim(name.substr(0, at));
  }
  if (name.empty() || name.size() > 60) return {};
  std::size_t words = 1;
  for (const char c : name) {
    if (c == ' ') ++words;
    if (c == '.' && name.size() > 3 && &c == &name.back()) return {};
    if (c == '!' || c == '?' || c == ':' || is_digit(c)) return {};
  }
  if (words > 5) return {};
  return clean_value(name);
}

}  // namespace

std::string collapse_spaces(std::string_view text) {
  text = trim_page_space(text);
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t blank = page_space_length(text, i);
    if (blank > 0) {
      space = true;
      i += blank;
      continue;
    }
    const std::size_t n = std::max<std::size_t>(1, utf8_sequence_length(text, i));
    if (space) out.push_back(' ');
    space = false;
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

std::optional<double> parse_rating(std::string_view value, bool labelled) {
  value = trim(value);
  if (value.empty()) return std::nullopt;
  if (auto s = stars(value)) return s;
  std::size_t end = 0;
  const auto number = number_at(value, 0, &end);
  if (!number) return std::nullopt;
  const bool decimal = value.substr(0, end).find('.') != std::string_view::npos;
  std::string_view rest = trim(value.substr(end));
  const std::string lower = lower_ascii(rest);
  if (rest.empty()) {
    if (!labelled && !decimal) return std::nullopt;  // "8" alone may be anything
    // "4" or "4.5" may be out of 5 as well as out of 10: not sure, left out.
    if (*number <= 5) return std::nullopt;
    return within(*number, 10);
  }
  if (rest == "\xE5\x88\x86" /*分*/ || rest == "\xEC\xA0\x90" /*점*/) return within(*number, 10);
  if (rest == "%") return labelled ? within(*number, 100) : std::nullopt;
  for (const std::string_view star : {"stars", "star", "\xE6\x98\x9F" /*星*/}) {
    if (lower == star) return within(*number, 5);
  }
  std::string_view scale_text;
  if (starts_with(lower, "/")) {
    scale_text = trim(rest.substr(1));
  } else if (starts_with(lower, "out of ")) {
    scale_text = trim(rest.substr(7));
  } else {
    return std::nullopt;
  }
  // "8 / 681,674人": a score out of ten and how many rated it.
  std::size_t count_end = 0;
  if (count_at(scale_text, 0, &count_end) && scale_text.substr(count_end, 3) == "\xE4\xBA\xBA") {
    return within(*number, 10);
  }
  std::size_t scale_end = 0;
  const auto scale = number_at(scale_text, 0, &scale_end);
  if (!scale) return std::nullopt;
  const std::string after = lower_ascii(trim(scale_text.substr(scale_end)));
  if (!after.empty() && after != "stars" && after != "star" && after != ")") return std::nullopt;
  if (*scale == 4 || *scale == 5 || *scale == 10 || *scale == 100) return within(*number, *scale);
  return std::nullopt;
}

std::string find_date(std::string_view text, std::size_t* begin_out, std::size_t* end_out) {
  const std::string lower = lower_ascii(text);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && is_digit(text[i - 1])) continue;
    std::size_t e = 0;
    std::string date;
    std::size_t date_end = 0;
    if (is_digit(text[i])) {
      const int first = digits_at(text, i, 4, &e);
      if (e - i == 4 && e < text.size()) {
        // 2014-08-10, 2014/8/10, 2014.08.10, 2014年8月10日, 2014년 8월 10일
        const std::string_view rest = text.substr(e);
        std::size_t m_begin = 0;
        std::string_view day_mark;
        std::string_view month_mark;
        if (rest[0] == '-' || rest[0] == '/' || rest[0] == '.') {
          m_begin = e + 1;
        } else if (starts_with(rest, "\xE5\xB9\xB4")) {  // 年
          m_begin = e + 3;
          month_mark = "\xE6\x9C\x88";                   // 月
          day_mark = "\xE6\x97\xA5";                     // 日
        } else if (starts_with(rest, "\xEB\x85\x84")) {  // 년
          m_begin = e + 3;
          month_mark = "\xEC\x9B\x94";  // 월
          day_mark = "\xEC\x9D\xBC";    // 일
        }
        if (m_begin > 0) {
          std::size_t p = m_begin;
          if (!month_mark.empty() && p < text.size() && text[p] == ' ') ++p;
          std::size_t me = 0;
          const int month = digits_at(text, p, 2, &me);
          std::size_t d_begin = 0;
          if (month > 0) {
            if (month_mark.empty()) {
              if (me < text.size() && text[me] == text[e]) d_begin = me + 1;
            } else if (text.substr(me, month_mark.size()) == month_mark) {
              d_begin = me + month_mark.size();
              if (d_begin < text.size() && text[d_begin] == ' ') ++d_begin;
            }
          }
          if (d_begin > 0) {
            std::size_t de = 0;
            const int day = digits_at(text, d_begin, 2, &de);
            if (day > 0 && (de >= text.size() || !is_digit(text[de]))) {
              if (!day_mark.empty()) {
                if (text.substr(de, day_mark.size()) == day_mark)
                  de += day_mark.size();
                else
                  de = 0;
              }
              if (de > 0 && valid_date(first, month, day)) {
                date = fmt::format("{:04}-{:02}-{:02}", first, month, day);
                date_end = de;
              }
            }
          }
        }
      } else if (first > 0 && first <= 31 && e - i <= 2 && e < text.size() && text[e] == ' ') {
        // 10 August 2014
        std::size_t ml = 0;
        const int month = month_at(std::string_view(lower).substr(e + 1), &ml);
        const std::size_t y = e + 1 + ml;
        if (month > 0 && y < text.size() && (text[y] == ' ' || text[y] == ',')) {
          std::size_t ys = y + 1;
          if (text[y] == ',' && ys < text.size() && text[ys] == ' ') ++ys;
          std::size_t ye = 0;
          const int year = digits_at(text, ys, 4, &ye);
          if (ye - ys == 4 && valid_date(year, month, first) &&
              (ye >= text.size() || !is_digit(text[ye]))) {
            date = fmt::format("{:04}-{:02}-{:02}", year, month, first);
            date_end = ye;
          }
        }
      }
    } else if (std::isalpha(static_cast<unsigned char>(text[i])) != 0 &&
               (i == 0 || std::isalpha(static_cast<unsigned char>(text[i - 1])) == 0)) {
      // August 10, 2014 / Aug. 10 2014
      std::size_t ml = 0;
      const int month = month_at(std::string_view(lower).substr(i), &ml);
      const std::size_t d = i + ml;
      if (month > 0 && d < text.size() && text[d] == ' ') {
        std::size_t de = 0;
        const int day = digits_at(text, d + 1, 2, &de);
        std::size_t ys = de;
        if (day > 0 && ys < text.size()) {
          if (starts_with(lower.substr(ys), "st") || starts_with(lower.substr(ys), "nd") ||
              starts_with(lower.substr(ys), "rd") || starts_with(lower.substr(ys), "th")) {
            ys += 2;
          }
          if (ys < text.size() && text[ys] == ',') ++ys;
          if (ys < text.size() && text[ys] == ' ') ++ys;
          std::size_t ye = 0;
          const int year = digits_at(text, ys, 4, &ye);
          if (ye - ys == 4 && valid_date(year, month, day) &&
              (ye >= text.size() || !is_digit(text[ye]))) {
            date = fmt::format("{:04}-{:02}-{:02}", year, month, day);
            date_end = ye;
          }
        }
      }
    }
    if (!date.empty()) {
      std::size_t time_end = 0;
      const std::string time = time_after(text, date_end, &time_end);
      if (!time.empty()) {
        date += time;
        date_end = time_end;
      }
      if (begin_out != nullptr) *begin_out = i;
      if (end_out != nullptr) *end_out = date_end;
      return date;
    }
  }
  return {};
}

PageMetadata read_page_metadata(const std::vector<PageLine>& lines, std::string_view title) {
  PageMetadata meta;
  Credits credits;
  std::vector<std::pair<double, std::string>> ratings;
  const std::string lower_title = lower_ascii(collapse_spaces(title));
  for (const PageLine& line : lines) {
    if (line.dropped || line.text.empty() || line.text.size() > 400) continue;
    const std::string_view text = line.text;
    (void)read_credits(text, credits);
    if (line.words > kMaxCaptionWords) continue;
    const std::string lower = lower_ascii(text);

    // Rating: a labelled value, a line that is a rating, or "<title> 8.5".
    std::string written;
    std::optional<double> r = labelled_rating(text, &written);
    const std::size_t person = text.find("\xE4\xBA\xBA");  // 人
    if (!r && !line.prose && person != std::string_view::npos &&
        mostly_digits_or_punctuation(text)) {
      // "8 / 681,674人    126分鐘": the rating leads a line of figures.
      const std::string_view head = trim(text.substr(0, person + 3));
      r = parse_rating(head, false);
      if (r) written = std::string(head);
    }
    if (!r && !line.prose) {
      r = parse_rating(text, false);
      if (r) written = std::string(text);
    }
    if (!r && !lower_title.empty() && starts_with(lower, lower_title) &&
        lower.size() > lower_title.size() && lower[lower_title.size()] == ' ') {
      const std::string_view value = trim(text.substr(lower_title.size()));
      r = parse_rating(value, false);
      if (r) written = std::string(value);
    }
    if (r) ratings.emplace_back(*r, collapse_spaces(written));

    // Date: a line that is a date, or labels one; not a release date.
    if (meta.date.empty() && !other_event_date(lower)) {
      std::size_t b = 0, e = 0;
      const std::string date = find_date(text, &b, &e);
      if (!date.empty()) {
        // Short words around the date only ("Posted on", "發表於", "by Jane").
        std::string rest(text.substr(0, b));
        rest.append(" ");
        rest.append(text.substr(e));
        const auto rest_lines = split_page_lines(rest);
        const double rest_words = rest_lines.empty() ? 0 : rest_lines.front().words;
        if (rest_words <= 6) meta.date = date;
      }
    }
    if (meta.author.empty()) meta.author = author_of(text);
  }
  if (!ratings.empty()) {
    const bool agree = std::all_of(ratings.begin(), ratings.end(), [&](const auto& x) {
      return std::fabs(x.first - ratings.front().first) < 0.01;
    });
    if (agree) {
      meta.rating = std::round(ratings.front().first * 100) / 100;
      meta.rating_text = ratings.front().second;
    }
  }
  meta.director = std::move(credits.director);
  meta.writer = std::move(credits.writer);
  meta.cast = std::move(credits.cast);
  return meta;
}

std::string choose_page_title(const std::vector<PageLine>& lines) {
  static constexpr std::array<std::string_view, 16> kRunInLabels = {
      "Synopsis:", "Synopsis :", "Plot:",    "Plot summary:", "Summary:", "Storyline:",
      "Overview:", "Story:",     "剧情简介", "劇情簡介",      "简介：",   "簡介：",
      "あらすじ",  "줄거리",     "Premise:", "Logline:"};
  for (const PageLine& line : lines) {
    if (line.dropped || line.text.empty()) continue;
    const std::string_view text = line.text;
    if (mostly_digits_or_punctuation(text)) continue;
    if (!line.prose && parse_rating(text, false)) continue;
    std::string ignored;
    if (labelled_rating(text, &ignored)) continue;
    Credits credits;
    if (read_credits(text, credits)) continue;
    std::size_t b = 0, e = 0;
    if (!find_date(text, &b, &e).empty() && line.words <= 6) continue;
    std::string title = collapse_spaces(text);
    if (!line.prose) {
      // "Her 8.5/10": the title, then its rating.
      for (std::size_t at = title.find(' '); at != std::string::npos;
           at = title.find(' ', at + 1)) {
        const std::string_view head = std::string_view(title).substr(0, at);
        if (parse_rating(std::string_view(title).substr(at + 1), false) &&
            !mostly_digits_or_punctuation(head)) {
          return std::string(head);
        }
      }
    }
    if (title.size() > kParagraphBytes) {
      // A paragraph whose first words are the page's title run into a
      // label: "HerSynopsis: Set in the Los Angeles …".
      std::size_t best = std::string::npos;
      for (const std::string_view label : kRunInLabels) {
        const std::size_t at = title.find(label);
        if (at != std::string::npos && at > 0 && at < best) best = at;
      }
      if (best != std::string::npos && best <= kParagraphBytes) {
        std::string head = collapse_spaces(std::string_view(title).substr(0, best));
        if (!head.empty()) return head;
      }
    }
    return title;
  }
  return {};
}

std::string strip_site_name(std::string_view title, std::string_view site_name,
                            std::string_view heading) {
  std::string whole = collapse_spaces(title);
  std::vector<std::string> parts;
  std::size_t start = 0;
  const std::string_view w = whole;
  for (std::size_t i = 0; i < w.size();) {
    std::size_t n = 0;
    for (const std::string_view sep :
         {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: ", " \xC2\xBB ", " \xC2\xB7 ",
          "\xEF\xBD\x9C", " \xEF\xBD\x9C ", " / "}) {
      if (w.substr(i, sep.size()) == sep) {
        n = sep.size();
        break;
      }
    }
    if (n > 0) {
      parts.push_back(collapse_spaces(w.substr(start, i - start)));
      i += n;
      start = i;
    } else {
      i += std::max<std::size_t>(1, utf8_sequence_length(w, i));
    }
  }
  parts.push_back(collapse_spaces(w.substr(start)));
  parts.erase(std::remove(parts.begin(), parts.end(), std::string()), parts.end());
  if (parts.size() <= 1) return whole;
  const std::string site = lower_ascii(collapse_spaces(site_name));
  const std::string head = lower_ascii(collapse_spaces(heading));
  std::vector<std::string> kept;
  for (const std::string& p : parts) {
    if (!site.empty() && lower_ascii(p) == site) continue;
    kept.push_back(p);
  }
  if (kept.empty()) return whole;
  for (const std::string& p : kept) {
    if (!head.empty() && lower_ascii(p) == head) return p;
  }
  if (!site.empty() && kept.size() < parts.size()) {
    // The site's name is gone: what is left is the title, separators and all.
    std::string out = kept.front();
    for (std::size_t i = 1; i < kept.size(); ++i) out += " - " + kept[i];
    return out;
  }
  return kept.front();
}

}  // namespace herdex::detail
