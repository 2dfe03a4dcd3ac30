// Tests for the page extractor (lib/ingest/extract/): what of a scraped
// review page is kept, the title it gets, and the metadata read from it.
// The hand-labelled pages are in tests/data/scraped/ (NN.txt or NN.html,
// with NN.labels: "+ " a review paragraph whose every sentence must be kept,
// "- " a boilerplate line that must be dropped, in page order); the five
// seed pages in ../shared/seeds are used when present.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
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
  return std::any_of(doc.boilerplate.begin(), doc.boilerplate.end(), [&](const auto& span) {
    return span.first <= begin && end <= span.second;
  });
}

bool touches_dropped(const Document& doc, std::size_t begin, std::size_t end) {
  return std::any_of(doc.boilerplate.begin(), doc.boilerplate.end(), [&](const auto& span) {
    return span.first < end && begin < span.second;
  });
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
  std::vector<std::string> misses;
};

void score_page(const fs::path& page, const fs::path& labels, Tally& tally) {
  const Document doc = parse_page(page);
  std::ifstream in(labels);
  std::string line;
  std::size_t cursor = 0;
  const std::string name = page.filename().string();
  while (std::getline(in, line)) {
    if (line.size() < 3) continue;
    const bool review = line[0] == '+';
    const std::string label = line.substr(2);
    const std::vector<std::string> units = review ? sentences_of(label) : std::vector<std::string>{label};
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
  const double kept = static_cast<double>(tally.sentences_kept) / static_cast<double>(tally.sentences);
  const double dropped_share =
      static_cast<double>(tally.boilerplate_dropped) / static_cast<double>(tally.boilerplate);
  std::cout << "scraped pages: " << pages.size() << "; review sentences kept " << tally.sentences_kept
            << "/" << tally.sentences << " (" << kept * 100 << " %); boilerplate lines dropped "
            << tally.boilerplate_dropped << "/" << tally.boilerplate << " (" << dropped_share * 100
            << " %)\n";
  EXPECT_GE(kept, 0.98);
  EXPECT_GE(dropped_share, 0.95);
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
      {"001_336b4b28c8ad5654.txt", "Her (An Analysis)", {"Leave a Reply", "WordPress.com", "Connecting to"}},
      {"002_e0716a62bcd4b50c.txt", "Her", {"2 responses to", "Chungking", "What do you think?", "Kar Wai"}},
      {"003_6b49e9ba0d05085e.txt", "Movie Review: HER", {"About Isabel Hsu", "comic book lover", "Leave a Reply"}},
      {"004_5bb2e5872a088cf7.txt", "Her (Spike Jonze, 2013)", {"3 comments on", "liamdoesfilm", "hurry up"}},
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
}

TEST(PageExtract, RatingsAsWritten) {
  struct Case {
    const char* text;
    bool labelled;
    std::optional<double> expected;
  };
  const Case cases[] = {
      {"8.5", false, 8.5},          {"8.5/10", false, 8.5},      {"4/5", false, 8.0},
      {"4.5 out of 5", false, 9.0}, {"4 stars", false, 8.0},     {"★★★★☆", false, 8.0},
      {"★★★½☆", false, 7.0},        {"8 / 681,674人", false, 8.0}, {"8.5分", false, 8.5},
      {"92%", true, 9.2},           {"92%", false, std::nullopt}, {"8", false, std::nullopt},
      {"8", true, 8.0},             {"A", true, std::nullopt},   {"12/10", false, std::nullopt},
      {"2014", false, std::nullopt}, {"3/7", false, std::nullopt}, {"", false, std::nullopt},
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
      "A review\n\nThe director of this film, Spike Jonze, rated it 4/5 in an interview, he said.\n",
      warnings);
  EXPECT_TRUE(prose.fields.empty());
  EXPECT_FALSE(prose.rating.has_value());
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
