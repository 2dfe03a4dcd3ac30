// The search page in a real browser: headless Chromium loads
// /?q=QUERY from an in-process server, the page's script searches, and the
// DOM it leaves must show the hits with the matches highlighted (English and
// CJK), and hostile text as text. Screenshots are saved in the build folder
// (serve-page-*.png) for a person to look at. Skipped when Chromium is not
// installed (CI installs it).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "serve_fixture.h"
#include "support/paths.h"
#include "support/process.h"

namespace herdex::testing {
namespace {

// The Chromium binary on PATH, or "".
std::string find_chromium() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  const std::string dirs = path;
  for (const char* name : {"chromium", "chromium-browser"}) {
    for (std::size_t start = 0; start <= dirs.size();) {
      std::size_t end = dirs.find(':', start);
      if (end == std::string::npos) end = dirs.size();
      const std::filesystem::path candidate =
          std::filesystem::path(dirs.substr(start, end - start)) / name;
      std::error_code ec;
      if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
      start = end + 1;
    }
  }
  return "";
}

class ServeBrowser : public ServeTest {
 protected:
  void SetUp() override {
    chromium_ = find_chromium();
    if (chromium_.empty()) GTEST_SKIP() << "chromium is not installed";
  }

  std::string page_url(const std::string& query) const {
    return "http://127.0.0.1:" + std::to_string(port()) + "/?q=" + url_encode(query);
  }

  // Runs headless Chromium on `url` with `action` (--dump-dom or
  // --screenshot=PATH), letting the page's script finish first.
  ProcessResult chromium(const std::string& url, const std::string& action) {
    std::vector<std::string> argv = {
        chromium_, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--user-data-dir=" + profile_.sub("profile"),
        // Virtual time runs until the page is idle (its fetch answered and
        // rendered), at most this many milliseconds.
        "--virtual-time-budget=20000", "--window-size=1280,1600", "--hide-scrollbars", action, url};
    return run_process(argv, profile_.path().string(), std::chrono::seconds(120));
  }

  // The DOM the page leaves after searching `query`.
  std::string dom_after(const std::string& query) {
    ProcessResult run = chromium(page_url(query), "--dump-dom");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_FALSE(run.timed_out);
    return run.out;
  }

  static std::size_t count(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos;
         at = haystack.find(needle, at + needle.size())) {
      ++n;
    }
    return n;
  }

  std::string chromium_;
  TempDir profile_;
};

TEST_F(ServeBrowser, SearchShowsHighlightedPassages) {
  const std::string dom = dom_after("loneliness");
  ASSERT_NE(dom.find("data-state=\"done\""), std::string::npos) << dom;
  EXPECT_GE(count(dom, "<li class=\"hit\""), 5U) << dom;
  EXPECT_GE(count(dom, "<mark>loneliness</mark>"), 3U) << dom;
  EXPECT_TRUE(std::regex_search(dom, std::regex("1–\\d+ of about \\d+ results for “loneliness”")))
      << dom;
  // Facets and paging are there.
  EXPECT_NE(dom.find("<h3>Language</h3>"), std::string::npos) << dom;
  EXPECT_NE(dom.find("?q=loneliness+lang%3Aen"), std::string::npos) << dom;
}

TEST_F(ServeBrowser, CjkMatchesAreHighlightedWhole) {
  // Byte ranges become characters: a Simplified query highlights the
  // Traditional spelling in zh-Hant reviews and the Japanese one in ja.
  const std::string dom = dom_after("孤独");
  ASSERT_NE(dom.find("data-state=\"done\""), std::string::npos) << dom;
  EXPECT_NE(dom.find("<mark>孤獨</mark>"), std::string::npos) << dom;
  EXPECT_NE(dom.find("<mark>孤独</mark>"), std::string::npos) << dom;
  EXPECT_NE(dom.find("lang=\"zh-Hant\""), std::string::npos) << dom;
  EXPECT_EQ(dom.find("\xEF\xBF\xBD"), std::string::npos) << "no U+FFFD: no character was cut";
}

TEST_F(ServeBrowser, HostileTextIsShownAsText) {
  const std::string dom = dom_after("loneliness markup");
  ASSERT_NE(dom.find("data-state=\"done\""), std::string::npos) << dom;
  EXPECT_NE(dom.find("&lt;img src=x onerror="), std::string::npos) << dom;
  EXPECT_NE(dom.find("&lt;script&gt;"), std::string::npos) << dom;
  EXPECT_EQ(dom.find("<img"), std::string::npos) << dom;
  EXPECT_EQ(dom.find("<b onclick"), std::string::npos) << dom;
  EXPECT_EQ(dom.find("data-pwned"), std::string::npos) << dom;
}

TEST_F(ServeBrowser, MalformedQueryShowsTheError) {
  const std::string dom = dom_after("rating:x..y");
  ASSERT_NE(dom.find("data-state=\"error\""), std::string::npos) << dom;
  EXPECT_NE(dom.find("rating bound 'x' is not a number"), std::string::npos) << dom;
  EXPECT_NE(dom.find("rating:x..y\n       ^"), std::string::npos) << dom;
}

TEST_F(ServeBrowser, SavesScreenshots) {
  for (const auto& [query, name] :
       {std::pair<std::string, std::string>{"loneliness", "en"}, {"孤独 OR 외로움", "cjk"}}) {
    const std::string path = std::string(HERDEX_TEST_OUTPUT_DIR) + "/serve-page-" + name + ".png";
    std::filesystem::remove(path);
    ProcessResult run = chromium(page_url(query), "--screenshot=" + path);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    const std::string png = read_file(path);
    ASSERT_GT(png.size(), 8U) << path;
    EXPECT_EQ(png.substr(1, 3), "PNG");
    std::printf("screenshot: %s\n", path.c_str());
  }
}

}  // namespace
}  // namespace herdex::testing
