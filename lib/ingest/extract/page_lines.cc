#include "ingest/extract/page_lines.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "analysis/script.h"
#include "util/utf8.h"

namespace herdex::detail {
namespace {

// A review paragraph is at least this long before the markers that end a
// page (comment threads, forms, bios) count: a "Comments" heading above the
// review is navigation, not the start of the thread.
constexpr std::size_t kProseBeforeTail = 200;

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::size_t space_at(std::string_view s, std::size_t i) { return page_space_length(s, i); }

}  // namespace

std::size_t page_space_length(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (is_ascii_space(s[i]) || s[i] == '\n') return 1;
  if (b == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (b == 0xE3 && s.substr(i, 3) == "\xE3\x80\x80") return 3;
  if (b == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) <= 0x8B) {
    return 3;
  }
  if (b == 0xEF && s.substr(i, 3) == "\xEF\xBB\xBF") return 3;
  return 0;
}

namespace {

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The line lower-cased (ASCII), without trailing colons, full stops and
// arrows, for comparing with the phrase lists below.
std::string key_of(std::string_view line) {
  std::string key = lower_ascii(line);
  for (;;) {
    std::string_view k = key;
    if (!k.empty() && (k.back() == ':' || k.back() == '.' || k.back() == ' ' || k.back() == '*')) {
      key.pop_back();
      continue;
    }
    bool cut = false;
    for (const std::string_view tail :
         {"\xEF\xBC\x9A" /*：*/, "\xE2\x86\x93" /*↓*/, "\xE2\x86\x92" /*→*/}) {
      if (ends_with(k, tail)) {
        key.resize(key.size() - tail.size());
        cut = true;
      }
    }
    if (!cut) break;
  }
  return key;
}

template <std::size_t N>
bool in(const std::string& key, const std::array<std::string_view, N>& list) {
  return std::find(list.begin(), list.end(), key) != list.end();
}

template <std::size_t N>
bool starts_with_any(const std::string& key, const std::array<std::string_view, N>& list) {
  for (const std::string_view p : list) {
    if (starts_with(key, p)) return true;
  }
  return false;
}

// Headings and lines that begin what follows the review: threads, forms,
// related posts. (CJK entries also match with a count around them:
// "3条评论", "5件のコメント", "댓글 3개".)
constexpr std::array<std::string_view, 34> kTailLines = {"leave a reply",
                                                         "leave a comment",
                                                         "post a comment",
                                                         "add a comment",
                                                         "write a comment",
                                                         "what do you think?",
                                                         "what do you think",
                                                         "join the discussion",
                                                         "join the conversation",
                                                         "comments",
                                                         "comment",
                                                         "responses",
                                                         "discussion",
                                                         "reader comments",
                                                         "related",
                                                         "related posts",
                                                         "related articles",
                                                         "related reviews",
                                                         "related stories",
                                                         "related content",
                                                         "you may also like",
                                                         "you might also like",
                                                         "more reviews",
                                                         "more from this author",
                                                         "recommended",
                                                         "read next",
                                                         "post navigation",
                                                         "previous post",
                                                         "next post",
                                                         "leave a reply cancel reply",
                                                         "cancel reply",
                                                         "about the author",
                                                         "about the reviewer",
                                                         "author bio"};
constexpr std::array<std::string_view, 12> kTailPrefixes = {
    "fill in your details below",
    "you are commenting using your",
    "notify me of",
    "your email address will not be published",
    "comments are closed",
    "you must be logged in to post a comment",
    "click here to cancel reply",
    "related posts:",
    "related:",
    "leave a reply to",
    "this entry was posted in",
    "about the author:"};
constexpr std::array<std::string_view, 47> kTailCjk = {"发表评论",
                                                       "發表評論",
                                                       "發表留言",
                                                       "发表留言",
                                                       "发表回复",
                                                       "發表回覆",
                                                       "评论",
                                                       "評論",
                                                       "留言",
                                                       "回应",
                                                       "回應",
                                                       "网友评论",
                                                       "網友評論",
                                                       "热门评论",
                                                       "熱門評論",
                                                       "全部评论",
                                                       "全部評論",
                                                       "相关文章",
                                                       "相關文章",
                                                       "相关阅读",
                                                       "相關閱讀",
                                                       "猜你喜欢",
                                                       "猜你喜歡",
                                                       "推荐阅读",
                                                       "推薦閱讀",
                                                       "延伸阅读",
                                                       "延伸閱讀",
                                                       "关于作者",
                                                       "關於作者",
                                                       "作者简介",
                                                       "作者簡介",
                                                       "作者介紹",
                                                       "コメント",
                                                       "コメントを残す",
                                                       "コメントを書く",
                                                       "コメントする",
                                                       "関連記事",
                                                       "おすすめ記事",
                                                       "あわせて読みたい",
                                                       "この記事を書いた人",
                                                       "著者について",
                                                       "댓글",
                                                       "댓글 쓰기",
                                                       "댓글 달기",
                                                       "관련 글",
                                                       "관련글",
                                                       "이 글을 쓴 사람"};
// Characters a count around a CJK heading may use ("共 3 條", "5件の", "3개").
constexpr std::string_view kCountChars = "0123456789 ()[]（）【】:：#条則则件个個篇共の개건";

// Headings of blocks that are short lists: share buttons, tags, menus.
constexpr std::array<std::string_view, 38> kBlockLines = {"share this",
                                                          "share",
                                                          "share on",
                                                          "share this post",
                                                          "share this article",
                                                          "share this review",
                                                          "share this story",
                                                          "like this",
                                                          "tags",
                                                          "tagged",
                                                          "categories",
                                                          "category",
                                                          "filed under",
                                                          "posted in",
                                                          "advertisements",
                                                          "advertisement",
                                                          "report this ad",
                                                          "subscribe",
                                                          "follow",
                                                          "follow us",
                                                          "follow me",
                                                          "menu",
                                                          "main menu",
                                                          "navigation",
                                                          "skip to content",
                                                          "search",
                                                          "search for",
                                                          "archives",
                                                          "recent posts",
                                                          "recent comments",
                                                          "blogroll",
                                                          "popular posts",
                                                          "newsletter",
                                                          "sign up",
                                                          "connect",
                                                          "social",
                                                          "share via",
                                                          "spread the word"};
constexpr std::array<std::string_view, 27> kBlockCjk = {
    "分享", "分享到",     "分享至",   "分享此文", "标签",     "標籤",       "分类",
    "分類", "订阅",       "訂閱",     "首页",     "首頁",     "シェアする", "シェア",
    "タグ", "カテゴリー", "メニュー", "ホーム",   "購読する", "공유하기",   "공유",
    "태그", "카테고리",   "메뉴",     "홈",       "구독하기", "구독"};

// Lines that are boilerplate wherever they stand (only the line itself).
constexpr std::array<std::string_view, 26> kSingleLines = {"reply",
                                                           "log in to reply",
                                                           "report",
                                                           "like loading",
                                                           "loading",
                                                           "like",
                                                           "print",
                                                           "email",
                                                           "website",
                                                           "name",
                                                           "post comment",
                                                           "submit comment",
                                                           "back to top",
                                                           "read more",
                                                           "continue reading",
                                                           "previous article",
                                                           "next article",
                                                           "share this:",
                                                           "tweet",
                                                           "pin it",
                                                           "connecting to %s",
                                                           "wordpress.com logo",
                                                           "google+ photo",
                                                           "twitter picture",
                                                           "facebook photo",
                                                           "advertisement"};
constexpr std::array<std::string_view, 20> kSinglePrefixes = {"copyright",
                                                              "\xC2\xA9" /*©*/,
                                                              "all rights reserved",
                                                              "powered by",
                                                              "click to share on",
                                                              "subscribe to",
                                                              "sign up for",
                                                              "enter your email",
                                                              "log out /",
                                                              "required fields are marked",
                                                              "save my name, email",
                                                              "tags:",
                                                              "tagged:",
                                                              "posted in ",
                                                              "filed under",
                                                              "categories:",
                                                              "share this: ",
                                                              "like this: ",
                                                              "this site uses akismet",
                                                              "proudly powered by"};
constexpr std::array<std::string_view, 17> kSingleCjk = {
    "版权所有", "版權所有", "回复",     "回覆",     "返信",   "답글",
    "신고",     "返回顶部", "回到頂部", "上一篇",   "下一篇", "前の記事",
    "次の記事", "이전 글",  "다음 글",  "分享到：", "タグ："};

// Words of menus and share bars.
constexpr std::array<std::string_view, 52> kNavWords = {
    "home",       "about",          "about us", "contact",   "contact us", "reviews",
    "blog",       "archive",        "archives", "search",    "menu",       "login",
    "log in",     "register",       "sign in",  "subscribe", "twitter",    "facebook",
    "instagram",  "pinterest",      "reddit",   "tumblr",    "linkedin",   "whatsapp",
    "email",      "print",          "rss",      "feed",      "more",       "tags",
    "categories", "movies",         "films",    "tv",        "news",       "podcast",
    "privacy",    "privacy policy", "terms",    "faq",       "首页",       "首頁",
    "关于",       "關於",           "联系我们", "聯絡我們",  "微博",       "微信",
    "ホーム",     "お問い合わせ",   "홈",       "블로그"};

bool is_nav_word(std::string_view item) { return in(key_of(trim_page_space(item)), kNavWords); }

// Whether the CJK line is `heading` with at most a count around it.
bool cjk_heading(std::string_view line, std::string_view heading) {
  const std::size_t at = line.find(heading);
  if (at == std::string_view::npos) return false;
  std::string rest(line.substr(0, at));
  rest.append(line.substr(at + heading.size()));
  for (std::size_t i = 0; i < rest.size();) {
    const std::size_t n = std::max<std::size_t>(1, utf8_sequence_length(rest, i));
    if (kCountChars.find(rest.substr(i, n)) == std::string_view::npos) return false;
    i += n;
  }
  return true;
}

template <std::size_t N>
bool cjk_heading_any(std::string_view line, const std::array<std::string_view, N>& list) {
  for (const std::string_view h : list) {
    if (cjk_heading(line, h)) return true;
  }
  return false;
}

bool is_number_word(std::string_view w) {
  static constexpr std::array<std::string_view, 11> kNumbers = {
      "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "no"};
  if (w.empty()) return false;
  if (std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; })) return true;
  return std::find(kNumbers.begin(), kNumbers.end(), w) != kNumbers.end();
}

// "3 comments on “Her”", "2 responses to “Her”", "One thought on …",
// "12 Comments".
bool is_thread_heading(const std::string& key) {
  const std::size_t space = key.find(' ');
  if (space == std::string::npos || !is_number_word(key.substr(0, space))) return false;
  std::string_view rest = std::string_view(key).substr(space + 1);
  for (const std::string_view noun :
       {"comments", "comment", "responses", "response", "thoughts", "thought", "replies", "reply",
        "reactions", "reaction", "trackbacks", "pingbacks"}) {
    if (!starts_with(rest, noun)) continue;
    const std::string_view after = rest.substr(noun.size());
    if (after.empty() || starts_with(after, " on ") || starts_with(after, " to ") ||
        starts_with(after, " on") || starts_with(after, " to") || after == ":" ||
        starts_with(after, " so far") || starts_with(after, " for ")) {
      return true;
    }
  }
  return false;
}

// "liamdoesfilm says:", "Jane said: January 3, 2014 at 9:12 pm",
// "张三 说：", "山田 より:", "영화팬 님의 말:".
bool is_comment_author(const PageLine& line, const std::string& lower) {
  if (line.words > 14) return false;
  for (const std::string_view verb : {" says:", " said:", " says", " wrote:", " writes:"}) {
    const std::size_t at = lower.find(verb);
    if (at != std::string::npos && at > 0 && at <= 60) {
      // "says" ends the line or is followed by the comment's date and time.
      const std::string_view after = std::string_view(lower).substr(at + verb.size());
      if (verb == std::string_view(" says") && !after.empty()) return false;
      const std::string_view who = std::string_view(lower).substr(0, at);
      if (std::count(who.begin(), who.end(), ' ') > 4) return false;
      return true;
    }
  }
  for (const std::string_view verb : {"说：", "說：", "より:", "より：", "님의 말:"}) {
    if (ends_with(line.text, verb) && line.text.size() - verb.size() <= 40 &&
        line.text.size() > verb.size()) {
      return true;
    }
  }
  return false;
}

// "About Isabel Hsu": a bio's heading, "About" and one to four capitalized
// words. Only after the review (early, it could be a title: "About Time").
bool is_about_name(std::string_view text) {
  if (!starts_with(text, "About ") || text.size() > 60) return false;
  std::string_view rest = text.substr(6);
  int words = 0;
  while (!rest.empty()) {
    const std::size_t sp = rest.find(' ');
    const std::string_view w = rest.substr(0, sp);
    if (!w.empty()) {
      if (!(w[0] >= 'A' && w[0] <= 'Z')) return false;
      for (const char c : w) {
        if (c == '.' || c == ',' || c == '!' || c == '?' || c == ':') return false;
      }
      ++words;
    }
    if (sp == std::string_view::npos) break;
    rest.remove_prefix(sp + 1);
  }
  return words >= 1 && words <= 4;
}

bool is_cookie_or_subscription(const std::string& lower) {
  if (lower.find("cookie") != std::string::npos &&
      (lower.find("use") != std::string::npos || lower.find("accept") != std::string::npos ||
       lower.find("consent") != std::string::npos || lower.find("policy") != std::string::npos)) {
    return true;
  }
  if (lower.find("newsletter") != std::string::npos && lower.size() < 200) return true;
  if (lower.find("subscribe") != std::string::npos && lower.find("email") != std::string::npos &&
      lower.size() < 200) {
    return true;
  }
  return false;
}

// Items of a menu written on one line: "Home | About | Reviews",
// "Twitter Facebook Print".
bool is_nav_line(std::string_view text) {
  std::vector<std::string_view> items;
  std::size_t start = 0;
  auto flush = [&](std::size_t end) {
    const std::string_view item = trim_page_space(text.substr(start, end - start));
    if (!item.empty()) items.push_back(item);
  };
  bool separated = false;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = 0;
    for (const std::string_view sep : {"|", "\xEF\xBD\x9C", "\xC2\xB7", "\xE2\x80\xA2", "\xC2\xBB",
                                       "\xE2\x80\xBA", "\xE3\x83\xBB", " / ", "  ", "\t"}) {
      if (text.substr(i, sep.size()) == sep) {
        n = sep.size();
        break;
      }
    }
    if (n > 0) {
      flush(i);
      start = i + n;
      separated = true;
      i += n;
    } else {
      i += std::max<std::size_t>(1, utf8_sequence_length(text, i));
    }
  }
  flush(text.size());
  if (!separated) {
    // No separators: every word must be a menu word.
    items.clear();
    std::size_t s = 0;
    while (s < text.size()) {
      std::size_t e = text.find(' ', s);
      if (e == std::string_view::npos) e = text.size();
      if (e > s) items.push_back(text.substr(s, e - s));
      s = e + 1;
    }
    if (items.size() < 3) return false;
    return std::all_of(items.begin(), items.end(), is_nav_word);
  }
  if (items.size() < 3) return false;
  std::size_t nav = 0;
  for (const std::string_view item : items) {
    if (std::count(item.begin(), item.end(), ' ') > 2) return false;
    if (is_nav_word(item)) ++nav;
  }
  return nav * 2 >= items.size();
}

enum class Marker : std::uint8_t { none, tail, bio, block, single };

Marker marker_of(const PageLine& line) {
  const std::string_view text = line.text;
  if (text.empty() || text.size() > 400) return Marker::none;
  const std::string lower = lower_ascii(text);
  const std::string key = key_of(text);
  if (line.link_share >= 0.8 && line.words <= 12) return Marker::single;
  if (is_cookie_or_subscription(lower)) return Marker::single;
  if (in(key, kSingleLines) || in(key, kSingleCjk)) return Marker::single;
  if (in(key, kBlockLines) || in(key, kBlockCjk)) return Marker::block;
  if (starts_with_any(lower, kSinglePrefixes)) return Marker::single;
  if (key == "about the author" || key == "about the reviewer" || key == "author bio" ||
      key == "about the author:" ||
      cjk_heading_any(text, std::array<std::string_view, 8>{
                                "关于作者", "關於作者", "作者简介", "作者簡介", "作者介紹",
                                "この記事を書いた人", "著者について", "이 글을 쓴 사람"})) {
    return Marker::bio;
  }
  if (in(key, kTailLines) || starts_with_any(lower, kTailPrefixes) || is_thread_heading(key) ||
      cjk_heading_any(text, kTailCjk)) {
    return Marker::tail;
  }
  if (line.words <= 12 && is_nav_line(text)) return Marker::single;
  return Marker::none;
}

// marker_of(), and after the review also comment authors ("X says:") and
// bio headings ("About Isabel Hsu"), which earlier could be anything.
Marker marker_after(const PageLine& line, bool after_review) {
  const Marker m = marker_of(line);
  if (m != Marker::none || !after_review) return m;
  if (is_comment_author(line, lower_ascii(line.text)) || is_about_name(line.text))
    return Marker::tail;
  return Marker::none;
}

// "Review: Her", "Tags: Her, Jonze": a label and its value.
bool is_label_value(std::string_view text) {
  for (const std::string_view colon : {":", "\xEF\xBC\x9A" /*：*/}) {
    const std::size_t at = text.find(colon);
    if (at != std::string_view::npos && at > 0 && at + colon.size() < text.size()) return true;
  }
  return false;
}

// A short line that could be a link in a menu or a share bar.
bool is_link_like(const PageLine& line) {
  if (line.text.empty() || line.prose || line.words > 3 || line.text.size() > 40) return false;
  for (const std::string_view p : {".", "!", "?", "\xE3\x80\x82", "\xEF\xBC\x81", "\xEF\xBC\x9F"}) {
    if (ends_with(line.text, p)) return false;
  }
  return !is_label_value(line.text);
}

}  // namespace

std::string_view trim_page_space(std::string_view text) {
  std::size_t b = 0;
  while (b < text.size()) {
    const std::size_t n = space_at(text, b);
    if (n == 0) break;
    b += n;
  }
  std::size_t e = text.size();
  while (e > b) {
    // Step back over one code point and test it.
    std::size_t s = e - 1;
    while (s > b && (static_cast<unsigned char>(text[s]) & 0xC0) == 0x80) --s;
    if (space_at(text, s) != e - s) break;
    e = s;
  }
  return text.substr(b, e - b);
}

bool mostly_digits_or_punctuation(std::string_view line) {
  // Counted by space-separated items, not characters: "Her (2013)" is a
  // word and a year, a title; "8 / 681,674人 126分鐘" is three figures and
  // a slash. An item with a digit is a figure, its unit ("681,674人",
  // "126分鐘") included; a unit after a figure ("126 min") belongs to it; an
  // item without letters is a symbol; brackets and quotes around an item
  // do not count. A CJK item weighs half a word per character, as
  // PageLine::words.
  static constexpr std::array<std::string_view, 9> kUnits = {"min",
                                                             "mins",
                                                             "minutes",
                                                             "\xE5\x88\x86" /*分*/,
                                                             "\xE5\x88\x86\xE9\x90\x98" /*分鐘*/,
                                                             "\xE5\x88\x86\xE9\x92\x9F" /*分钟*/,
                                                             "\xEB\xB6\x84" /*분*/,
                                                             "\xE4\xBA\xBA" /*人*/,
                                                             "\xE6\x98\x9F" /*星*/};
  double words = 0;
  double others = 0;
  bool after_figure = false;
  std::size_t i = 0;
  while (i < line.size()) {
    const std::size_t blank = space_at(line, i);
    if (blank > 0) {
      i += blank;
      continue;
    }
    std::size_t end = i;
    while (end < line.size() && space_at(line, end) == 0) {
      end += std::max<std::size_t>(1, utf8_sequence_length(line, end));
    }
    const std::string_view item = line.substr(i, end - i);
    i = end;
    bool digit = false;
    double latin = 0;
    double cjk = 0;
    for (std::size_t k = 0; k < item.size();) {
      const CodePoint cp = decode_utf8(item, k);
      k += std::max<std::size_t>(1, cp.length);
      const Script s = classify(cp.value);
      if (s == Script::digit) {
        digit = true;
      } else if (s == Script::alphabetic) {
        latin = 1;
      } else if (is_cjk(s)) {
        cjk += 1;
      }
    }
    if (digit) {
      others += 1;
      after_figure = true;
      continue;
    }
    if (latin == 0 && cjk == 0) {
      if (item.find_first_not_of("()[]\"'") != std::string_view::npos) others += 1;
      continue;  // a symbol does not end a figure's unit ("8 / 10 人")
    }
    if (after_figure && in(key_of(item), kUnits)) {
      after_figure = false;
      continue;
    }
    after_figure = false;
    words += std::max(latin, cjk / 2);
  }
  return words == 0 || others > words;
}

std::vector<PageLine> split_page_lines(std::string_view text) {
  std::vector<PageLine> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    PageLine line;
    line.begin = pos;
    line.end = eol;
    line.text = trim_page_space(text.substr(pos, eol - pos));
    double latin = 0;
    double cjk = 0;
    bool in_word = false;
    bool sentence_mark = false;
    for (std::size_t i = 0; i < line.text.size();) {
      const CodePoint cp = decode_utf8(line.text, i);
      i += std::max<std::size_t>(1, cp.length);
      const Script s = classify(cp.value);
      if (s == Script::alphabetic || s == Script::digit) {
        if (!in_word) latin += 1;
        in_word = true;
        continue;
      }
      in_word = false;
      if (is_cjk(s)) cjk += 1;
      const std::int32_t c = cp.value;
      if (c == '.' || c == '!' || c == '?' || c == ',' || c == ';' || c == 0x3002 || c == 0xFF01 ||
          c == 0xFF1F || c == 0xFF0C || c == 0x3001 || c == 0x2026) {
        sentence_mark = true;
      }
    }
    line.words = latin + cjk / 2;
    line.prose = line.words >= 15 || (line.words >= 8 && sentence_mark);
    lines.push_back(line);
    if (eol == text.size()) break;
    pos = eol + 1;
  }
  return lines;
}

void classify_page_lines(std::vector<PageLine>& lines) {
  std::size_t prose_bytes = 0;  // prose seen so far, in bytes
  bool any_prose = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    PageLine& line = lines[i];
    if (line.text.empty() || line.dropped) continue;
    const bool after_review = prose_bytes >= kProseBeforeTail;
    const Marker m = marker_after(line, after_review);
    if ((m == Marker::tail || m == Marker::bio) && after_review) {
      // Threads, forms and bios come after the review and run to the end.
      for (std::size_t j = i; j < lines.size(); ++j) lines[j].dropped = true;
      break;
    }
    if (m == Marker::single) {
      line.dropped = true;
      continue;
    }
    if (m == Marker::block || m == Marker::tail || m == Marker::bio) {
      // Before the review: the heading and the short lines under it (a bio
      // also its one paragraph).
      line.dropped = true;
      bool paragraph_taken = false;
      bool blank_before = false;  // a blank line since the last line taken
      std::size_t j = i + 1;
      for (; j < lines.size(); ++j) {
        const PageLine& next = lines[j];
        if (next.text.empty()) {
          blank_before = true;
          continue;
        }
        // Another heading starts its own block (a share bar, then "Related").
        const Marker next_marker = marker_after(next, after_review);
        if (next_marker != Marker::none && next_marker != Marker::single) break;
        if (next.prose || next.words > 6) {
          if (m == Marker::bio && !paragraph_taken && next.words <= 80) {
            paragraph_taken = true;
            lines[j].dropped = true;
            blank_before = false;
            continue;
          }
          break;
        }
        // Past a blank line only links go on a block, and a "label: value"
        // line is no link: the page's title often follows the menu ("Menu",
        // "Home | About", then "Review: Her").
        const bool link =
            next_marker == Marker::single || is_nav_word(next.text) || next.link_share >= 0.5;
        if (!link && (blank_before || is_label_value(next.text))) break;
        lines[j].dropped = true;
        blank_before = false;
      }
      i = j - 1;
      continue;
    }
    if (line.prose) {
      prose_bytes += line.text.size();
      any_prose = true;
    }
  }

  // Runs of short link-like lines (blank lines between them allowed): a
  // menu or share bar laid out one item per line.
  for (std::size_t i = 0; i < lines.size();) {
    if (lines[i].dropped || !is_link_like(lines[i])) {
      ++i;
      continue;
    }
    std::size_t j = i;
    std::size_t items = 0;
    std::size_t nav = 0;
    std::size_t one_word = 0;
    std::size_t linked = 0;
    std::size_t last = i;
    for (; j < lines.size(); ++j) {
      const PageLine& l = lines[j];
      if (l.text.empty()) continue;
      if (l.dropped || !is_link_like(l)) break;
      ++items;
      last = j;
      if (is_nav_word(l.text)) ++nav;
      if (l.words <= 1) ++one_word;
      if (l.link_share >= 0.5) ++linked;
    }
    const bool menu = items >= 3 && (nav * 3 >= items || linked * 3 >= items * 2);
    const bool one_words = items >= 6 && one_word * 4 >= items * 3;
    if (menu || one_words) {
      for (std::size_t k = i; k <= last; ++k) lines[k].dropped = true;
    }
    i = last + 1;
  }

  // In doubt, keep: rules that leave none of the prose are wrong about it.
  if (any_prose) {
    const bool prose_left = std::any_of(lines.begin(), lines.end(),
                                        [](const PageLine& l) { return l.prose && !l.dropped; });
    if (!prose_left) {
      for (PageLine& l : lines) l.dropped = false;
    }
  }
}

std::vector<TextSpan> dropped_spans(const std::vector<PageLine>& lines) {
  std::vector<TextSpan> spans;
  bool open = false;
  for (const PageLine& l : lines) {
    if (l.dropped && !l.text.empty()) {
      if (open) {
        spans.back().end = l.end;
      } else {
        spans.push_back({l.begin, l.end});
        open = true;
      }
    } else if (!l.text.empty()) {
      open = false;
    }
  }
  return spans;
}

}  // namespace herdex::detail
