// Fuzzes the query language: the parser on its own (lib/search/
// query_parser.h), then the same query through the public Searcher::search()
// over a small database of reviews in several scripts, built once.
//
// Input: one settings byte (literal, passages per hit, all_passages, sort,
// facets, explain), one byte of snippet length, then the query.
//
// Parser invariants: a parse either gives a tree or a `query_syntax` Error
// whose column lies in 1..size+1. Every node's span lies inside its parent's
// (and the query), children in order without overlap; a leaf's text is the
// query's bytes at its span; operators have their operands (two or more,
// one for a field), NEAR joins words, prefixes and phrases; signs only on
// items of a list; limits on nodes and depth hold; on valid UTF-8 every
// span edge is a character boundary.
//
// Search invariants: no exception escapes; errors are `query_syntax` with a
// column in the query; a query the parser rejects is rejected by search too,
// unless the parser stumbled on a stray ')' or a colon, which search takes
// as punctuation.
// Each hit is a known document with 1..N passages; each passage's range
// lies in the document's text, its snippet is the text at snippet_range
// (inside the passage), and the highlight ranges are sorted, apart, inside
// the snippet and on UTF-8 boundaries.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "herdex/index.h"
#include "herdex/search.h"
#include "search/query_parser.h"

namespace herdex::fuzz {
namespace {

using detail::QueryNode;
using Kind = QueryNode::Kind;

std::size_t check_node(std::string_view q, const QueryNode& n, std::size_t depth, bool utf8) {
  HERDEX_FUZZ_CHECK(n.byte_begin < n.byte_end && n.byte_end <= q.size(),
                    "node span [%zu, %zu) in %zu bytes", n.byte_begin, n.byte_end, q.size());
  HERDEX_FUZZ_CHECK(depth <= 4 * detail::kMaxQueryDepth + 8, "a tree %zu deep", depth);
  if (utf8) {
    HERDEX_FUZZ_CHECK(on_boundary(q, n.byte_begin) && on_boundary(q, n.byte_end),
                      "node span [%zu, %zu) not on UTF-8 boundaries", n.byte_begin, n.byte_end);
  }
  const std::string_view span = q.substr(n.byte_begin, n.byte_end - n.byte_begin);
  const std::size_t children = n.children.size();
  switch (n.kind) {
    case Kind::text:
      HERDEX_FUZZ_CHECK(n.text == span && children == 0, "text '%s' at '%s'", n.text.c_str(),
                        std::string(span).c_str());
      break;
    case Kind::prefix:
      HERDEX_FUZZ_CHECK(n.text.size() >= 2 && span.substr(0, n.text.size()) == n.text &&
                            children == 0 &&
                            span.find_first_not_of('*', n.text.size()) == std::string_view::npos &&
                            span.size() > n.text.size(),
                        "prefix '%s' at '%s'", n.text.c_str(), std::string(span).c_str());
      break;
    case Kind::phrase:
      HERDEX_FUZZ_CHECK(span.size() >= 3 && span.front() == '"' && span.back() == '"' &&
                            span.substr(1, span.size() - 2) == n.text && children == 0,
                        "phrase '%s' at '%s'", n.text.c_str(), std::string(span).c_str());
      break;
    case Kind::field:
    case Kind::range: {
      bool name_ok = !n.text.empty() && n.text[0] >= 'a' && n.text[0] <= 'z' &&
                     span.size() > n.text.size() && span[n.text.size()] == ':';
      for (std::size_t i = 0; name_ok && i < n.text.size(); ++i) {
        const char c = n.text[i];
        const char w = span[i];
        name_ok = ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') &&
                  (w == c || (c >= 'a' && c <= 'z' && w == c - 'a' + 'A'));
      }
      HERDEX_FUZZ_CHECK(name_ok, "field name '%s' at '%s'", n.text.c_str(),
                        std::string(span).c_str());
      if (n.kind == Kind::field) {
        HERDEX_FUZZ_CHECK(children == 1, "field with %zu values", children);
      } else {
        HERDEX_FUZZ_CHECK(children == 0 && !(n.low.empty() && n.high.empty()),
                          "range '%s' without bounds", std::string(span).c_str());
        HERDEX_FUZZ_CHECK(q.substr(n.low_begin, n.low.size()) == n.low &&
                              q.substr(n.high_begin, n.high.size()) == n.high &&
                              n.low_begin >= n.byte_begin &&
                              n.high_begin + n.high.size() == n.byte_end,
                          "range bounds at the wrong offsets in '%s'", std::string(span).c_str());
      }
      break;
    }
    case Kind::all:
    case Kind::any:
    case Kind::and_not:
      HERDEX_FUZZ_CHECK(children >= 2, "an operator with %zu operands", children);
      break;
    case Kind::near:
      HERDEX_FUZZ_CHECK(children >= 2 && n.distance >= 1 && n.distance <= detail::kMaxNearDistance,
                        "near of %zu operands at distance %u", children, n.distance);
      for (const QueryNode& c : n.children) {
        HERDEX_FUZZ_CHECK(c.kind == Kind::text || c.kind == Kind::phrase || c.kind == Kind::prefix,
                          "NEAR joins a node of kind %d", static_cast<int>(c.kind));
      }
      break;
  }
  std::size_t nodes = 1;
  std::size_t previous_end = n.byte_begin;
  bool any_kept = false;
  for (const QueryNode& c : n.children) {
    HERDEX_FUZZ_CHECK(c.byte_begin >= previous_end && c.byte_end <= n.byte_end,
                      "child [%zu, %zu) of [%zu, %zu) after %zu", c.byte_begin, c.byte_end,
                      n.byte_begin, n.byte_end, previous_end);
    HERDEX_FUZZ_CHECK(
        c.occur == QueryNode::Occur::should || n.kind == Kind::all || n.kind == Kind::any,
        "a sign on an operand of kind %d", static_cast<int>(n.kind));
    any_kept = any_kept || c.occur != QueryNode::Occur::must_not;
    previous_end = c.byte_end;
    nodes += check_node(q, c, depth + 1, utf8);
  }
  HERDEX_FUZZ_CHECK(children == 0 || any_kept, "a list of only exclusions");
  return nodes;
}

// The reviews of the fuzzing database: several scripts, metadata, and
// passages short enough that each document has a few.
struct Review {
  const char* id;
  const char* title;
  const char* author;
  const char* date;
  double rating;
  const char* genre;
  const char* text;
};

const Review kReviews[] = {
    {"en1", "The voice in the ear", "Mara Lindqvist", "2014-01-12", 8.5, "drama",
     "Theodore writes other people's letters for a living. He is lonely, and the operating system "
     "he "
     "buys sounds alive. Samantha laughs, and the city of Los Angeles looks warm and hazy.\n\nThe "
     "film "
     "asks whether a voice can love. The loneliness is not only his."},
    {"en2", "Cold and beautiful", "J. Okafor", "2013-12-20", 6.0, "romance",
     "A café scene: naïve and tender. Rain on the window, piano at night. The ocean of feeling "
     "never "
     "quite reaches the shore; the letters feel rehearsed. Still, Joaquin Phoenix is superb."},
    {"zh1", "她", "李雷", "2014-03-02", 9.0, "drama",
     "这部电影讲述了一个孤独的人爱上操作系统的故事。萨曼莎的声音温柔而真实。\n\n城市的夜晚很美，孤"
     "独也很美。"},
    {"zh2", "雲端情人", "王小明", "2014-05-17", 7.5, "romance",
     "孤獨的西奧多愛上了作業系統。電影的色彩溫暖，音樂動人。這是一部關於愛與寂寞的電影。"},
    {"ja1", "her/世界でひとつの彼女", "佐藤", "2014-06-28", 8.0, "drama",
     "孤独な男がオペレーティングシステムに恋をする。サマンサの声がとても自然で、ｶﾀｶﾅの看板も美しい"
     "。"},
    {"ko1", "그녀", "김지은", "2014-05-22", 9.5, "drama",
     "외로움에 대한 영화다. 테오도르는 운영체제와 사랑에 빠진다. 목소리만으로도 충분히 아름답다."},
    {"mix1", "Her 观后感", "Alex 陈", "2015-02-14", 7.0, "mixed",
     "Samantha 的聲音 is the heart of the film. 孤独 and loneliness, NEAR and far. "
     "👩‍👩‍👧 "
     "e\xCC\x81t\xC3\xA9."},
    {"mix2", "", "", "", 5.0, "",
     "rating:7 title:her AND OR NOT \"quoted\" (paren) -minus +plus lonel* wait... 12:30 http://x"},
};

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<Searcher> searcher;
  std::map<std::string, std::string> texts;
};

void remove_fixture_dir();

Fixture& fixture() {
  static Fixture* f = [] {
    auto* made = new Fixture;
    std::string templ = (std::filesystem::temp_directory_path() / "herdex-fuzz-XXXXXX").string();
    HERDEX_FUZZ_CHECK(::mkdtemp(templ.data()) != nullptr, "cannot create %s", templ.c_str());
    made->dir = templ;
    const std::string db = (made->dir / "db").string();
    {
      IndexOptions options;
      options.passage_words = 12;
      options.passage_overlap_words = 3;
      auto writer = IndexWriter::open(db, options);
      HERDEX_FUZZ_CHECK(writer.has_value(), "%s", writer.error().describe().c_str());
      for (const Review& r : kReviews) {
        Document doc;
        doc.id = r.id;
        doc.title = r.title;
        doc.author = r.author;
        doc.date = r.date;
        doc.rating = r.rating;
        doc.text = r.text;
        doc.source = std::string(r.id) + ".txt";
        if (*r.genre != '\0') doc.fields.emplace_back("genre", r.genre);
        made->texts[r.id] = r.text;
        HERDEX_FUZZ_CHECK(writer->add(doc).has_value(), "cannot add %s", r.id);
      }
      HERDEX_FUZZ_CHECK(writer->commit().has_value(), "cannot commit");
    }
    const std::string synonyms = (made->dir / "synonyms.txt").string();
    std::ofstream(synonyms) << "OS = operating system\n孤独 = 寂寞\nlonely = alone = solitary\n";
    auto searcher = Searcher::open(db);
    HERDEX_FUZZ_CHECK(searcher.has_value(), "%s", searcher.error().describe().c_str());
    HERDEX_FUZZ_CHECK(searcher->load_synonyms(synonyms).has_value(), "cannot load synonyms");
    made->searcher = std::make_unique<Searcher>(std::move(*searcher));
    std::atexit(remove_fixture_dir);
    return made;
  }();
  return *f;
}

void remove_fixture_dir() {
  std::error_code ec;
  std::filesystem::remove_all(fixture().dir, ec);
}

void check_results(const SearchResults& results, const SearchOptions& options) {
  const Fixture& f = fixture();
  HERDEX_FUZZ_CHECK(results.hits.size() <= options.limit, "%zu hits for a limit of %zu",
                    results.hits.size(), options.limit);
  for (std::size_t h = 0; h < results.hits.size(); ++h) {
    const Hit& hit = results.hits[h];
    const auto text_it = f.texts.find(hit.id);
    HERDEX_FUZZ_CHECK(text_it != f.texts.end(), "unknown hit id '%s'", hit.id.c_str());
    const std::string& text = text_it->second;
    HERDEX_FUZZ_CHECK(hit.rank == options.offset + h + 1 || options.all_passages,
                      "hit %zu has rank %zu", h, hit.rank);
    const std::size_t most =
        options.all_passages ? 1 : std::max<std::size_t>(options.passages_per_document, 1);
    HERDEX_FUZZ_CHECK(!hit.passages.empty() && hit.passages.size() <= most, "%zu passages for %s",
                      hit.passages.size(), hit.id.c_str());
    for (const Passage& p : hit.passages) {
      HERDEX_FUZZ_CHECK(p.byte_begin < p.byte_end && p.byte_end <= text.size() &&
                            on_boundary(text, p.byte_begin) && on_boundary(text, p.byte_end),
                        "passage [%zu, %zu) of %s (%zu bytes)", p.byte_begin, p.byte_end,
                        hit.id.c_str(), text.size());
      const ByteRange s = p.snippet_range;
      HERDEX_FUZZ_CHECK(p.byte_begin <= s.byte_begin && s.byte_begin <= s.byte_end &&
                            s.byte_end <= p.byte_end && on_boundary(text, s.byte_begin) &&
                            on_boundary(text, s.byte_end),
                        "snippet [%zu, %zu) in passage [%zu, %zu)", s.byte_begin, s.byte_end,
                        p.byte_begin, p.byte_end);
      HERDEX_FUZZ_CHECK(p.snippet == text.substr(s.byte_begin, s.byte_end - s.byte_begin),
                        "the snippet is not the text at its range");
      std::size_t previous_end = s.byte_begin;
      for (std::size_t m = 0; m < p.matches.size(); ++m) {
        const ByteRange& r = p.matches[m];
        HERDEX_FUZZ_CHECK(r.byte_begin < r.byte_end && r.byte_end <= s.byte_end &&
                              (m == 0 ? r.byte_begin >= previous_end : r.byte_begin > previous_end),
                          "highlight [%zu, %zu) in snippet [%zu, %zu) after %zu", r.byte_begin,
                          r.byte_end, s.byte_begin, s.byte_end, previous_end);
        HERDEX_FUZZ_CHECK(on_boundary(text, r.byte_begin) && on_boundary(text, r.byte_end),
                          "highlight [%zu, %zu) not on UTF-8 boundaries", r.byte_begin, r.byte_end);
        previous_end = r.byte_end;
      }
    }
  }
}

}  // namespace
}  // namespace herdex::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace herdex;
  using namespace herdex::fuzz;
  InputReader in(data, size);
  const std::uint8_t settings = in.byte();
  const std::uint8_t snippet = in.byte();
  const std::string_view query = in.rest();
  const bool utf8 = valid_utf8(query);

  auto parsed = detail::parse_query(query);
  if (parsed) {
    const std::size_t nodes = check_node(query, *parsed, 0, utf8);
    HERDEX_FUZZ_CHECK(nodes <= detail::kMaxQueryNodes, "%zu nodes", nodes);
    HERDEX_FUZZ_CHECK(parsed->occur == QueryNode::Occur::should, "a sign on the whole query");
    (void)detail::to_debug_string(*parsed);
  } else {
    const Error& e = parsed.error();
    HERDEX_FUZZ_CHECK(e.code == ErrorCode::query_syntax && !e.message.empty(), "parse error %s: %s",
                      to_string(e.code), e.message.c_str());
    HERDEX_FUZZ_CHECK(e.column >= 1 && e.column <= query.size() + 1,
                      "column %zu in a query of %zu bytes", e.column, query.size());
  }

  SearchOptions options;
  options.literal = (settings & 1U) != 0;
  options.passages_per_document = 1U + ((settings >> 1) & 3U);
  options.all_passages = (settings & 8U) != 0;
  options.sort = static_cast<SortOrder>(((settings >> 4) & 3U) % 3U);
  if ((settings & 64U) != 0) options.facets = {"lang", "author", "rating", "year"};
  options.explain = (settings & 128U) != 0;
  options.offset = snippet & 3U;
  options.limit = 5;
  options.snippet_bytes = 1U + snippet;
  options.passage_weight = (snippet & 4U) != 0 ? 0.5 : 0.0;
  try {
    auto results = fixture().searcher->search(query, options);
    if (!results) {
      const Error& e = results.error();
      HERDEX_FUZZ_CHECK(e.code == ErrorCode::query_syntax, "search error %s: %s", to_string(e.code),
                        e.describe().c_str());
      HERDEX_FUZZ_CHECK(e.column >= 1 && e.column <= query.size() + 1,
                        "search error at column %zu of %zu", e.column, query.size());
    } else {
      // Search forgives what pasted text is full of: a ')' that closes
      // nothing and a colon after a name that is no field are punctuation.
      if (!options.literal && !parsed) {
        const Error& e = parsed.error();
        const char at = e.column <= query.size() ? query[e.column - 1] : '\0';
        HERDEX_FUZZ_CHECK(at == ')' || at == ':', "search accepted a query the parser rejects: %s",
                          e.describe().c_str());
      }
      check_results(*results, options);
    }
  } catch (const std::exception& e) {
    HERDEX_FUZZ_CHECK(false, "exception escaped Searcher::search: %s", e.what());
  }
  return 0;
}
