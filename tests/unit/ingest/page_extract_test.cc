// Tests for the page extractor (lib/ingest/extract/): what of a scraped
// review page is kept, the title it gets, and the metadata read from it.
// The hand-labelled pages are in tests/data/scraped/ (NN.txt or NN.html,
// with NN.labels: "+ " a review paragraph whose every sentence must be kept,
// "- " a boilerplate line that must be dropped, in page order; "= key: value"
// what the page states: its title, and its rating (0-10), date, author,
// director, writer and cast where it states them, absent ones must stay
// empty); the five seed pages in ../shared/seeds are used when present.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/script.h"
#include "ingest/extract/page_metadata.h"
#include "ingest/html_reader.h"
#include "ingest/text_format.h"
#include "support/paths.h"

namespace herdex::detail {
namespace {
namespace fs = std::filesystem;

Document parse_page(const fs::path& path) {
  const std::string bytes = testing::read_file(path.string());
  if (path.extension() == ".html") return parse_html_document(bytes);
  std::vector<Error> warnings;
  return parse_text_document(bytes, warnings);
}

bool dropped(const Document& doc, std::size_t begin, std::size_t end) {
  return std::any_of(doc.boilerplate.begin(), doc.boilerplate.end(),
                     [&](const auto& span) { return span.first <= begin && end <= span.second; });
}

bool touches_dropped(const Document& doc, std::size_t begin, std::size_t end) {
  return std::any_of(doc.boilerplate.begin(), doc.boilerplate.end(),
                     [&](const auto& span) { return span.first < end && begin < span.second; });
}

// A review paragraph's sentences (cut after . ! ? and their CJK forms).
std::vector<std::string> sentences_of(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  for (std::size_t i = 0; i < text.size(); ++i) {
    current.push_back(text[i]);
    const bool ascii_end = (text[i] == '.' || text[i] == '!' || text[i] == '?') &&
                           (i + 1 == text.size() || text[i + 1] == ' ');
    const std::string_view rest(text.data() + i + 1 - std::min<std::size_t>(i + 1, 3),
                                std::min<std::size_t>(i + 1, 3));
    const bool cjk_end = rest == "。" || rest == "！" || rest == "？";
    if (ascii_end || cjk_end) {
      while (!current.empty() && current.front() == ' ') current.erase(0, 1);
      if (!current.empty()) out.push_back(current);
      current.clear();
    }
  }
  while (!current.empty() && current.front() == ' ') current.erase(0, 1);
  if (!current.empty()) out.push_back(current);
  return out;
}

struct Tally {
  std::size_t sentences = 0;
  std::size_t sentences_kept = 0;
  std::size_t boilerplate = 0;
  std::size_t boilerplate_dropped = 0;
  std::size_t values = 0;        // metadata values compared (7 per page)
  std::size_t values_right = 0;  // equal to the label, or both absent
  std::vector<std::string> misses;
};

std::string field_value(const Document& d, const std::string& name) {
  for (const auto& [k, v] : d.fields) {
    if (k == name) return v;
  }
  return {};
}

// What the extractor made of `doc`'s metadata, as the labels write it.
std::map<std::string, std::string> metadata_of(const Document& doc) {
  std::map<std::string, std::string> out = {
      {"title", doc.title}, {"date", doc.date}, {"author", doc.author}, {"rating", ""}};
  if (doc.rating) {
    std::ostringstream rating;
    rating << *doc.rating;
    out["rating"] = rating.str();
  }
  for (const char* name : {"director", "writer", "cast"}) out[name] = field_value(doc, name);
  return out;
}

void score_page(const fs::path& page, const fs::path& labels, Tally& tally) {
  const Document doc = parse_page(page);
  std::ifstream in(labels);
  std::string line;
  std::size_t cursor = 0;
  const std::string name = page.filename().string();
  std::map<std::string, std::string> stated = {{"title", ""},  {"date", ""},     {"author", ""},
                                               {"rating", ""}, {"director", ""}, {"writer", ""},
                                               {"cast", ""}};
  while (std::getline(in, line)) {
    if (line.size() < 3) continue;
    if (line[0] == '=') {
      const std::size_t colon = line.find(": ");
      ASSERT_NE(colon, std::string::npos) << name << ": " << line;
      const std::string key = line.substr(2, colon - 2);
      ASSERT_EQ(stated.count(key), 1U) << name << ": " << line;
      stated[key] = line.substr(colon + 2);
      continue;
    }
    const bool review = line[0] == '+';
    const std::string label = line.substr(2);
    const std::vector<std::string> units =
        review ? sentences_of(label) : std::vector<std::string>{label};
    for (const std::string& unit : units) {
      const std::size_t at = doc.text.find(unit, cursor);
      const bool found = at != std::string::npos;
      if (found) cursor = at + unit.size();
      if (review) {
        ++tally.sentences;
        if (found && !touches_dropped(doc, at, at + unit.size())) {
          ++tally.sentences_kept;
        } else {
          tally.misses.push_back(name + ": review sentence dropped: " + unit);
        }
      } else {
        ++tally.boilerplate;
        if (found && dropped(doc, at, at + unit.size())) {
          ++tally.boilerplate_dropped;
        } else {
          tally.misses.push_back(name + ": boilerplate kept: " + unit);
        }
      }
    }
  }
  const auto found = metadata_of(doc);
  for (const auto& [key, value] : stated) {
    ++tally.values;
    if (found.at(key) == value) {
      ++tally.values_right;
    } else {
      tally.misses.push_back(name + ": " + key + " is \"" + found.at(key) + "\", the page says \"" +
                             value + "\"");
    }
  }
}

TEST(PageExtract, HandLabelledPagesKeepTheReviewAndDropThePage) {
  const fs::path dir = fs::path(testing::source_dir()) / "tests" / "data" / "scraped";
  std::vector<fs::path> pages;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const fs::path p = entry.path();
    if (p.extension() == ".txt" || p.extension() == ".html") pages.push_back(p);
  }
  std::sort(pages.begin(), pages.end());
  ASSERT_GE(pages.size(), 30U);
  Tally tally;
  for (const fs::path& page : pages) {
    fs::path labels = page;
    labels.replace_extension(".labels");
    score_page(page, labels, tally);
  }
  for (const std::string& miss : tally.misses) std::cout << "  " << miss << "\n";
  const double kept =
      static_cast<double>(tally.sentences_kept) / static_cast<double>(tally.sentences);
  const double dropped_share =
      static_cast<double>(tally.boilerplate_dropped) / static_cast<double>(tally.boilerplate);
  std::cout << "scraped pages: " << pages.size() << "; review sentences kept "
            << tally.sentences_kept << "/" << tally.sentences << " (" << kept * 100
            << " %); boilerplate lines dropped " << tally.boilerplate_dropped << "/"
            << tally.boilerplate << " (" << dropped_share * 100 << " %); metadata values as stated "
            << tally.values_right << "/" << tally.values << "\n";
  EXPECT_GE(kept, 0.98);
  EXPECT_GE(dropped_share, 0.95);
  // Titles, ratings, dates, authors and credits where the page states
  // them, and nowhere else.
  EXPECT_EQ(tally.values_right, tally.values);
}

// The five seed pages: a title a person would give each, none of their
// comment threads, bios or forms kept, and what the pages state read.
TEST(PageExtract, SeedPages) {
  const fs::path dir = fs::path(testing::source_dir()) / ".." / "shared" / "seeds";
  if (!fs::exists(dir)) GTEST_SKIP() << "no seed pages at " << dir;
  struct Seed {
    const char* file;
    const char* title;
    std::vector<const char*> gone;  // text that must be in dropped spans only
  };
  const Seed seeds[] = {
      {"000_2616ba273b8c51d6.txt", "HER is just a mirror reflecting ourselves.", {}},
      {"001_336b4b28c8ad5654.txt",
       "Her (An Analysis)",
       {"Leave a Reply", "WordPress.com", "Connecting to"}},
      {"002_e0716a62bcd4b50c.txt",
       "Her",
       {"2 responses to", "Chungking", "What do you think?", "Kar Wai"}},
      {"003_6b49e9ba0d05085e.txt",
       "Movie Review: HER",
       {"About Isabel Hsu", "comic book lover", "Leave a Reply"}},
      {"004_5bb2e5872a088cf7.txt",
       "Her (Spike Jonze, 2013)",
       {"3 comments on", "liamdoesfilm", "hurry up"}},
  };
  for (const Seed& seed : seeds) {
    SCOPED_TRACE(seed.file);
    const Document doc = parse_page(dir / seed.file);
    EXPECT_EQ(doc.title, seed.title);
    for (const char* gone : seed.gone) {
      const std::size_t at = doc.text.find(gone);
      ASSERT_NE(at, std::string::npos) << gone;
      EXPECT_TRUE(dropped(doc, at, at + std::string_view(gone).size())) << gone;
    }
    // The review's own last paragraph stays.
    ASSERT_FALSE(doc.boilerplate.empty() && !seed.gone.empty());
  }
  const Document douban = parse_page(dir / "000_2616ba273b8c51d6.txt");
  ASSERT_TRUE(douban.rating.has_value());
  EXPECT_DOUBLE_EQ(*douban.rating, 8.0);
  EXPECT_EQ(douban.date, "2014-08-10T01:54:55");
  const auto field = [](const Document& d, const std::string& name) {
    for (const auto& [k, v] : d.fields) {
      if (k == name) return v;
    }
    return std::string();
  };
  EXPECT_EQ(field(douban, "director"), "史派克瓊斯");
  EXPECT_EQ(field(douban, "writer"), "史派克瓊斯");
  EXPECT_EQ(field(douban, "cast"), "瓦昆菲尼克斯 史嘉蕾喬韓森 艾美亞當斯 魯妮瑪拉");
  EXPECT_EQ(field(douban, "rating_text"), "8 / 681,674人");
  const Document her = parse_page(dir / "002_e0716a62bcd4b50c.txt");
  ASSERT_TRUE(her.rating.has_value());
  EXPECT_DOUBLE_EQ(*her.rating, 8.5);
  const Document analysis = parse_page(dir / "001_336b4b28c8ad5654.txt");
  EXPECT_FALSE(analysis.rating.has_value()) << "\"My Rating: A\" is a grade, \"92%\" the site's";
  // And nothing the pages do not state: 002's "Date of viewing" is not the
  // review's date; 003's bio names no author of the review; 004's title
  // "Her (Spike Jonze, 2013)" labels no director.
  for (const char* file : {"001_336b4b28c8ad5654.txt", "002_e0716a62bcd4b50c.txt",
                           "003_6b49e9ba0d05085e.txt", "004_5bb2e5872a088cf7.txt"}) {
    SCOPED_TRACE(file);
    const Document doc = parse_page(dir / file);
    EXPECT_EQ(doc.date, "");
    EXPECT_EQ(doc.author, "");
    for (const char* name : {"director", "writer", "cast"}) EXPECT_EQ(field(doc, name), "") << name;
  }
  EXPECT_EQ(douban.author, "");
  EXPECT_FALSE(parse_page(dir / "003_6b49e9ba0d05085e.txt").rating.has_value());
  EXPECT_FALSE(parse_page(dir / "004_5bb2e5872a088cf7.txt").rating.has_value());
}

TEST(PageExtract, RatingsAsWritten) {
  struct Case {
    const char* text;
    bool labelled;
    std::optional<double> expected;
  };
  const Case cases[] = {
      {"8.5", false, 8.5},
      {"8.5/10", false, 8.5},
      {"4/5", false, 8.0},
      {"4.5 out of 5", false, 9.0},
      {"4 stars", false, 8.0},
      {"★★★★☆", false, 8.0},
      {"★★★½☆", false, 7.0},
      {"8 / 681,674人", false, 8.0},
      {"8.5分", false, 8.5},
      {"92%", true, 9.2},
      {"92%", false, std::nullopt},
      {"8", false, std::nullopt},
      {"8", true, 8.0},
      {"A", true, std::nullopt},
      {"12/10", false, std::nullopt},
      {"2014", false, std::nullopt},
      {"3/7", false, std::nullopt},
      {"", false, std::nullopt},
      // Longer than any double: not a rating, and no exception.
      {"9999999999999999999999999999999999999999999999999999999999999999999999999999999999999"
       "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999"
       "9999999999999999999999999999999999999999999999999999999999999999999999999999999999999"
       "99999999999999999999999999999999999999999999.5",
       false, std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const auto r = parse_rating(c.text, c.labelled);
    ASSERT_EQ(r.has_value(), c.expected.has_value());
    if (r) {
      EXPECT_NEAR(*r, *c.expected, 1e-9);
    }
  }
}

TEST(PageExtract, DatesAsWritten) {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"2014-08-10 01:54:55", "2014-08-10T01:54:55"},
      {"2014-08-10", "2014-08-10"},
      {"Posted on 10 August 2014", "2014-08-10"},
      {"August 10, 2014", "2014-08-10"},
      {"Aug 10, 2014", "2014-08-10"},
      {"2014年8月10日", "2014-08-10"},
      {"发表于 2014年3月2日", "2014-03-02"},
      {"2014년 8월 10일", "2014-08-10"},
      {"2014/8/10", "2014-08-10"},
      {"126 min", ""},
      {"2014-13-40", ""},
      {"in 2014", ""},
  };
  for (const Case& c : cases) EXPECT_EQ(find_date(c.text), c.expected) << c.text;
}

TEST(PageExtract, HtmlTitlesLoseTheSiteName) {
  EXPECT_EQ(strip_site_name("Her | Some Blog", "", ""), "Her");
  EXPECT_EQ(strip_site_name("Some Blog | Her", "Some Blog", ""), "Her");
  EXPECT_EQ(strip_site_name("Reel Notes - Her (2013)", "", "Her (2013)"), "Her (2013)");
  EXPECT_EQ(strip_site_name("Her\u00a0\u00a0(2013)", "", ""), "Her (2013)");
  EXPECT_EQ(strip_site_name("Her", "Her", ""), "Her");
}

TEST(PageExtract, TextTitlesSkipFiguresAndSplitRunInLabels) {
  std::vector<Error> warnings;
  EXPECT_EQ(parse_text_document("8 / 681,674人\u00a0\u00a0126分鐘\n\n導演: 史派克瓊斯\n\n"
                                "2014-08-10\n\nHER is a mirror.\n\nBody text here.\n",
                                warnings)
                .title,
            "HER is a mirror.");
  const std::string run_in =
      "HerSynopsis: Set in the Los Angeles of the slight future, the film follows Theodore "
      "Twombly, a complex, soulful man who makes his living writing letters for other people.\n";
  EXPECT_EQ(parse_text_document(run_in, warnings).title, "Her");
  EXPECT_EQ(parse_text_document("Movie Review:\u00a0HER\n\nText.\n", warnings).title,
            "Movie Review: HER");
}

TEST(PageExtract, CreditsOnlyWhereLabelled) {
  std::vector<Error> warnings;
  const Document doc = parse_text_document(
      "Her (2013) | Dir. Spike Jonze | 126 min\n\nStarring: Joaquin Phoenix, Amy Adams\n\n"
      "Director Spike Jonze has made his best film, and the cast is wonderful in every scene.\n",
      warnings);
  std::vector<std::pair<std::string, std::string>> expected = {
      {"director", "Spike Jonze"}, {"cast", "Joaquin Phoenix, Amy Adams"}};
  EXPECT_EQ(doc.fields, expected);
  const Document prose = parse_text_document(
      "A review\n\nThe director of this film, Spike Jonze, rated it 4/5 in an interview, he "
      "said.\n",
      warnings);
  EXPECT_TRUE(prose.fields.empty());
  EXPECT_FALSE(prose.rating.has_value());
}

std::string field_of(const Document& d, const std::string& name) {
  for (const auto& [k, v] : d.fields) {
    if (k == name) return v;
  }
  return {};
}

// A review paragraph for the pages below (long enough to be prose).
constexpr const char* kParagraph =
    "A quiet marvel about loneliness and love in a near future city; I liked it very much.\n";

TEST(PageExtract, TitlesAPersonWouldGive) {
  struct Case {
    std::string head;  // the lines above the review
    const char* title;
  };
  const Case cases[] = {
      {"Her (2013)\n\n", "Her (2013)"},
      {"她 Her (2013)\n\n", "她 Her (2013)"},
      {"2001: A Space Odyssey\n\n", "2001: A Space Odyssey"},
      {"Skip to content\nMenu\nHome | Reviews | Lists | About\n\nReview: Her\n\n", "Review: Her"},
      {"Menu\nHome | Reviews | About\nReview: Her\n\n", "Review: Her"},
      {"Her 8.5/10\n\n", "Her"},
      {"8 / 681,674人    126分鐘\n\n寫給自己的情書\n\n", "寫給自己的情書"},
      {"126 min\n\nHer\n\n", "Her"},
      {"★★★★☆\n\nHer\n\n", "Her"},
      {"2014-08-10 01:54:55\n\nHer\n\n", "Her"},
      {"Rating: 4/5\n\nHer\n\n", "Her"},
  };
  for (const Case& c : cases) {
    std::vector<Error> warnings;
    const Document doc = parse_text_document(c.head + kParagraph, warnings);
    EXPECT_EQ(doc.title, c.title) << c.head;
    EXPECT_TRUE(doc.fields.size() <= 1) << c.head << ": no header was read";
  }
  std::vector<Error> warnings;
  const Document rated = parse_text_document(std::string("Her 8.5/10\n\n") + kParagraph, warnings);
  EXPECT_EQ(rated.rating, 8.5);
}

// Credits lines in the languages herdex reads, as the page writes them.
TEST(PageExtract, CreditsInEveryLanguage) {
  struct Case {
    const char* lines;
    const char* director;
    const char* writer;
    const char* cast;
  };
  const Case cases[] = {
      {"Director: Spike Jonze\nWriter: Spike Jonze\nStarring: Joaquin Phoenix, Amy Adams\n",
       "Spike Jonze", "Spike Jonze", "Joaquin Phoenix, Amy Adams"},
      {"Directed by Spike Jonze. Starring Joaquin Phoenix and Amy Adams.\n", "Spike Jonze", "",
       "Joaquin Phoenix and Amy Adams"},
      {"导演: 斯派克·琼斯\n编剧: 斯派克·琼斯\n主演: 杰昆·菲尼克斯 / 斯嘉丽·约翰逊 / 艾米·亚当斯\n",
       "斯派克·琼斯", "斯派克·琼斯", "杰昆·菲尼克斯 / 斯嘉丽·约翰逊 / 艾米·亚当斯"},
      {"導演: 史派克瓊斯\n編劇: 史派克瓊斯\n演員: 瓦昆菲尼克斯 / 史嘉蕾喬韓森\n", "史派克瓊斯",
       "史派克瓊斯", "瓦昆菲尼克斯 / 史嘉蕾喬韓森"},
      {"監督: スパイク・ジョーンズ\n脚本: スパイク・ジョーンズ\n出演: "
       "ホアキン・フェニックス、スカーレット・ヨハンソン\n",
       "スパイク・ジョーンズ", "スパイク・ジョーンズ",
       "ホアキン・フェニックス、スカーレット・ヨハンソン"},
      {"감독: 스파이크 존즈 | 각본: 스파이크 존즈 | 출연: 호아킨 피닉스, 스칼렛 요한슨\n",
       "스파이크 존즈", "스파이크 존즈", "호아킨 피닉스, 스칼렛 요한슨"},
      {"Her (2013) | Dir. Spike Jonze | 126 min\n", "Spike Jonze", "", ""},
  };
  for (const Case& c : cases) {
    std::vector<Error> warnings;
    const Document doc =
        parse_text_document(std::string("Her\n\n") + c.lines + "\n" + kParagraph, warnings);
    EXPECT_EQ(field_of(doc, "director"), c.director) << c.lines;
    EXPECT_EQ(field_of(doc, "writer"), c.writer) << c.lines;
    EXPECT_EQ(field_of(doc, "cast"), c.cast) << c.lines;
  }
}

TEST(PageExtract, AuthorsWhereThePageSaysSo) {
  struct Case {
    const char* line;
    const char* author;
  };
  const Case cases[] = {
      {"By Jane Doe · 10 August 2014", "Jane Doe"},
      {"By Jane Doe • 10 August 2014", "Jane Doe"},
      {"By Nora Quist, January 20, 2014", "Nora Quist"},
      {"Posted on February 3, 2014 by Ellen Marsh", "Ellen Marsh"},
      {"Author: Jane Doe", "Jane Doe"},
      {"作者：张三", "张三"},
      {"By the end I felt I had met her", ""},
  };
  for (const Case& c : cases) {
    std::vector<Error> warnings;
    const Document doc =
        parse_text_document(std::string("Her\n\n") + c.line + "\n\n" + kParagraph, warnings);
    EXPECT_EQ(doc.author, c.author) << c.line;
  }
}

// A bare number under a rating label could be out of 5 or out of 10.
TEST(PageExtract, AmbiguousRatingsAreLeftOut) {
  struct Case {
    const char* line;
    std::optional<double> rating;
  };
  const Case cases[] = {
      {"Rating: 4", std::nullopt}, {"Rating: 4.5", std::nullopt}, {"Rating: 8", 8.0},
      {"Rating: 4/5", 8.0},        {"Rating: 4 stars", 8.0},      {"评分：8.5", 8.5},
  };
  for (const Case& c : cases) {
    std::vector<Error> warnings;
    const Document doc =
        parse_text_document(std::string("Her\n\n") + c.line + "\n\n" + kParagraph, warnings);
    EXPECT_EQ(doc.rating, c.rating) << c.line;
  }
}

TEST(PageExtract, HeaderValuesWinOverThePage) {
  std::vector<Error> warnings;
  const Document doc = parse_text_document(
      "title: Mine\nrating: 9\ndate: 2014-01-01\n\nRating: 2/5\n\nPosted on 5 May 2015\n\nText.\n",
      warnings);
  EXPECT_EQ(doc.title, "Mine");
  EXPECT_EQ(doc.rating, 9.0);
  EXPECT_EQ(doc.date, "2014-01-01");
}

// Simplified and Traditional by the characters only one of them writes.
TEST(LanguageDetection, HansAndHantByOneScriptCharacters) {
  struct Case {
    const char* text;
    const char* tag;
  };
  const Case cases[] = {
      {"还可以啊，很贴合原著了", "zh-Hans"},  // 著 is Traditional for 着, but Simplified too
      {"这部电影讲的是寂寞，也讲的是爱。", "zh-Hans"},
      {"這部電影講的是寂寞，也講的是愛。", "zh-Hant"},
      {"乾杯", "zh-Hant"},
      {"干杯", "zh-Hans"},
      {"人工知能に恋をする男の話", "ja"},
      {"인공지능과 사랑에 빠지는 남자", "ko"},
  };
  for (const Case& c : cases) {
    const LanguageGuess g = detect_language(c.text);
    EXPECT_EQ(g.tag, c.tag) << c.text;
    EXPECT_GT(g.confidence, 0.49) << c.text;
  }
  EXPECT_EQ(hans_hant_class(U'还'), 1);
  EXPECT_EQ(hans_hant_class(U'還'), 2);
  EXPECT_EQ(hans_hant_class(U'人'), 0);
  EXPECT_DOUBLE_EQ(detect_language("這部電影講的是寂寞").confidence, 1.0);
}

}  // namespace
}  // namespace herdex::detail
