// search_passages: searches a herdex database and prints, for every hit, its
// best passages with the matched words in [brackets], and the passage's
// place in its source file.
//
//   search_passages DB_DIR QUERY [PASSAGES_PER_HIT]
//
// Exit status: 0 found something, 1 nothing found, 2 usage or a malformed
// query, 3 the database could not be read.
#include <herdex/herdex.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

// The snippet with [brackets] around each match. Match ranges are byte
// offsets in the source file; the snippet starts at snippet_range.byte_begin.
std::string highlighted(const herdex::Passage& passage) {
  std::string out;
  std::size_t at = 0;
  for (const herdex::ByteRange& match : passage.matches) {
    const std::size_t begin = match.byte_begin - passage.snippet_range.byte_begin;
    const std::size_t end = match.byte_end - passage.snippet_range.byte_begin;
    out += passage.snippet.substr(at, begin - at) + "[" +
           passage.snippet.substr(begin, end - begin) + "]";
    at = end;
  }
  out += passage.snippet.substr(at);
  if (passage.snippet_cut_before) out = "… " + out;
  if (passage.snippet_cut_after) out += " …";
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::fprintf(stderr, "usage: %s DB_DIR QUERY [PASSAGES_PER_HIT]\n", argv[0]);
    return 2;
  }
  const std::string query = argv[2];
  herdex::SearchOptions options;
  options.limit = 5;
  options.snippet_bytes = 160;
  options.passages_per_document = argc == 4 ? std::strtoul(argv[3], nullptr, 10) : 2;

  // One Searcher per thread; it sees the database as of open() (reopen()
  // picks up later commits).
  auto searcher = herdex::Searcher::open(argv[1]);
  if (!searcher) {
    std::fprintf(stderr, "search_passages: %s\n", searcher.error().describe().c_str());
    return 3;
  }
  auto results = searcher->search(query, options);
  if (!results) {
    const herdex::Error& e = results.error();
    std::fprintf(stderr, "search_passages: %s\n", e.describe().c_str());
    if (e.code == herdex::ErrorCode::query_syntax && e.column > 0) {
      std::fprintf(stderr, "  %s\n  %s^\n", query.c_str(), std::string(e.column - 1, ' ').c_str());
      return 2;
    }
    return 3;
  }
  std::printf("%zu of about %zu results for \"%s\"\n", results->hits.size(), results->total,
              query.c_str());
  if (!results->suggestion.empty()) std::printf("did you mean: %s\n", results->suggestion.c_str());
  for (const herdex::Hit& hit : results->hits) {
    std::printf("\n%zu. %s  (%s, score %.2f)\n", hit.rank, hit.title.c_str(), hit.id.c_str(),
                hit.score);
    for (const herdex::Passage& passage : hit.passages) {
      std::printf("   passage %u, bytes %zu-%zu of %s, score %.2f\n     %s\n", passage.ordinal,
                  passage.byte_begin, passage.byte_end, hit.source.c_str(), passage.score,
                  highlighted(passage).c_str());
    }
  }
  return results->hits.empty() ? 1 : 0;
}
