#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <regex>
#include <string>
#include <vector>

#include "herdex/tools/bench.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

// The stroke colour of every drawn line, in order.
std::vector<std::string> path_colours(const std::string& svg) {
  std::vector<std::string> out;
  const std::regex re("<path d=\"[^\"]*\" fill=\"none\" stroke=\"(#[0-9a-f]{6})\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), re); it != std::sregex_iterator();
       ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

bool well_formed(const std::string& svg) {
  xmlDocPtr doc = xmlReadMemory(svg.data(), static_cast<int>(svg.size()), "plot.svg", "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) return false;
  const xmlNode* root = xmlDocGetRootElement(doc);
  const bool is_svg =
      root != nullptr && std::string(reinterpret_cast<const char*>(root->name)) == "svg";
  xmlFreeDoc(doc);
  return is_svg;
}

TEST(LatencyPlot, DrawsOneLinePerSeriesWithAColourPerName) {
  const std::vector<LatencyPanel> panels = {
      {"term", {{"herdex", {120, 130, 400}}, {"xapian", {30, 35, 90}}}},
      {"phrase", {{"herdex", {500, 800}}, {"xapian", {200, 210}}, {"fts5 <snippet>", {900}}}},
  };
  const std::string svg = latency_cdf_svg(panels, "IMDB & friends");
  EXPECT_TRUE(well_formed(svg)) << svg.substr(0, 400);
  const auto colours = path_colours(svg);
  ASSERT_EQ(colours.size(), 5U);
  EXPECT_EQ(colours[0], colours[2]) << "herdex has one colour in every panel";
  EXPECT_EQ(colours[1], colours[3]) << "so has xapian";
  EXPECT_NE(colours[0], colours[1]);
  EXPECT_NE(colours[4], colours[0]);
  // Titles and legend are escaped text.
  EXPECT_NE(svg.find("IMDB &amp; friends"), std::string::npos);
  EXPECT_NE(svg.find(">fts5 &lt;snippet&gt;<"), std::string::npos);
  EXPECT_EQ(count(svg, ">herdex<"), 1U) << "one legend for all panels";
  EXPECT_NE(svg.find(">term<"), std::string::npos);
  EXPECT_NE(svg.find(">phrase<"), std::string::npos);
}

TEST(LatencyPlot, SeriesOfAGroupShareAColourAndDifferByDashes) {
  const std::vector<LatencyPanel> panels = {{"term",
                                             {{"herdex 50k", {100, 200}, "herdex"},
                                              {"herdex 500k", {900, 2000}, "herdex"},
                                              {"xapian 50k", {30, 40}, "xapian"},
                                              {"xapian 500k", {300, 400}, "xapian"}}}};
  const std::string svg = latency_cdf_svg(panels, "sizes");
  EXPECT_TRUE(well_formed(svg));
  const auto colours = path_colours(svg);
  ASSERT_EQ(colours.size(), 4U);
  EXPECT_EQ(colours[0], colours[1]);
  EXPECT_EQ(colours[2], colours[3]);
  EXPECT_NE(colours[0], colours[2]);
  // The first of a group is solid, the second dashed; the legend says so too.
  const std::regex dashed(
      "<path d=\"[^\"]*\" fill=\"none\" stroke=\"#[0-9a-f]{6}\" stroke-width=\"2\"( "
      "stroke-dasharray)?");
  std::vector<bool> is_dashed;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), dashed); it != std::sregex_iterator();
       ++it) {
    is_dashed.push_back((*it)[1].matched);
  }
  EXPECT_EQ(is_dashed, (std::vector<bool>{false, true, false, true}));
  EXPECT_EQ(count(svg, "stroke-width=\"3\" stroke-dasharray"), 2U);  // legend entries
}

TEST(LatencyPlot, AxisCoversTheSamplesInWholeDecades) {
  const std::string svg = latency_cdf_svg({{"all", {{"a", {35, 2500}}}}}, "t");
  // 35 µs .. 2.5 ms: ticks from 10 µs to 10 ms.
  EXPECT_NE(svg.find(">10 µs<"), std::string::npos);
  EXPECT_NE(svg.find(">100 µs<"), std::string::npos);
  EXPECT_NE(svg.find(">1 ms<"), std::string::npos);
  EXPECT_NE(svg.find(">10 ms<"), std::string::npos);
  EXPECT_EQ(svg.find(">100 ms<"), std::string::npos);
  EXPECT_EQ(svg.find(">1 µs<"), std::string::npos);
}

TEST(LatencyPlot, EmptyAndDegenerateInputStillMakeAnImage) {
  EXPECT_TRUE(well_formed(latency_cdf_svg({}, "nothing")));
  const std::string svg =
      latency_cdf_svg({{"p", {{"empty", {}}, {"zeros", {0, 0}}, {"one", {7}}}}}, "x");
  EXPECT_TRUE(well_formed(svg));
  EXPECT_EQ(path_colours(svg).size(), 2U);  // zeros are clamped to the axis, empty draws nothing
}

TEST(LatencyPlot, ManySamplesAreThinnedToABoundedLine) {
  std::vector<double> samples;
  for (int i = 1; i <= 100000; ++i) samples.push_back(i);
  const std::string svg = latency_cdf_svg({{"p", {{"big", samples}}}}, "x");
  EXPECT_TRUE(well_formed(svg));
  EXPECT_LT(svg.size(), 64U * 1024U);
}

TEST(LatencyPlot, WritesTheFileOrReportsAnIoError) {
  testing::TempDir dir;
  const std::string path = dir.sub("plot.svg");
  ASSERT_TRUE(write_latency_cdf_svg(path, {{"p", {{"a", {1, 2, 3}}}}}, "t"));
  EXPECT_TRUE(well_formed(testing::read_file(path)));
  auto bad = write_latency_cdf_svg(dir.sub("missing/dir/plot.svg"), {}, "t");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::io_error);
}

}  // namespace
}  // namespace herdex
