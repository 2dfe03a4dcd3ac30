// custom_analyzer: choosing analyzer settings, and what they change.
//
//   custom_analyzer DB_DIR
//
// 1. Analyzes one sentence with the default settings and with custom ones
//    (no stemming; CJK trigrams and ICU dictionary words instead of single
//    characters and bigrams) and prints the tokens.
// 2. Builds a database with the custom settings. The database stores them:
//    every later writer and searcher analyzes the same way, whatever options
//    it is given.
// 3. Searches it: without a stemmer, "letter" no longer finds "letters".
//
// Exit status: 0 when all of the above behaved as described, 1 otherwise.
#include <herdex/herdex.h>

#include <cstdio>
#include <string>

namespace {

const char* kind_name(herdex::TokenKind kind) {
  switch (kind) {
    case herdex::TokenKind::word:
      return "word";
    case herdex::TokenKind::number:
      return "number";
    case herdex::TokenKind::cjk_word:
      return "cjk_word";
    case herdex::TokenKind::cjk_gram:
      return "cjk_gram";
  }
  return "?";
}

void print_tokens(const char* label, const herdex::AnalyzerOptions& options,
                  const std::string& text) {
  auto analyzer = herdex::Analyzer::create(options);
  if (!analyzer) {
    std::fprintf(stderr, "%s\n", analyzer.error().describe().c_str());
    return;
  }
  std::printf("%s:\n", label);
  for (const herdex::Token& t : analyzer->analyze(text).tokens) {
    std::printf("  %-9s %-12s stem=%-10s bytes %zu-%zu\n", kind_name(t.kind), t.term.c_str(),
                t.stem.c_str(), t.byte_begin, t.byte_end);
  }
}

std::size_t hits_for(herdex::Searcher& searcher, const char* query) {
  auto results = searcher.search(query);
  return results ? results->hits.size() : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DB_DIR\n", argv[0]);
    return 2;
  }
  const std::string db = argv[1];
  const std::string text = "Theodore writes letters: 他寫的情書很動人。";

  herdex::AnalyzerOptions custom;
  custom.stemmer = "none";      // index words exactly as folded
  custom.ngram_size = 3;        // CJK trigrams...
  custom.cjk_unigrams = false;  // ...but no single characters
  custom.cjk_words = true;      // plus ICU dictionary words

  print_tokens("default settings", herdex::AnalyzerOptions{}, text);
  print_tokens("custom settings", custom, text);

  {
    herdex::IndexOptions options;
    options.analyzer = custom;
    options.passage_words = 30;
    auto writer = herdex::IndexWriter::open(db, options);
    if (!writer) {
      std::fprintf(stderr, "open: %s\n", writer.error().describe().c_str());
      return 1;
    }
    herdex::Document doc;
    doc.id = "letters";
    doc.title = "情書";
    doc.text = text;
    if (auto added = writer->add(doc); !added) {
      std::fprintf(stderr, "add: %s\n", added.error().describe().c_str());
      return 1;
    }
    if (auto ok = writer->commit(); !ok) {
      std::fprintf(stderr, "commit: %s\n", ok.error().describe().c_str());
      return 1;
    }
  }

  // A writer opened later with the default options still uses the stored ones.
  {
    auto writer = herdex::IndexWriter::open(db);
    if (!writer) {
      std::fprintf(stderr, "reopen: %s\n", writer.error().describe().c_str());
      return 1;
    }
  }
  auto stats = herdex::database_stats(db);
  if (!stats) {
    std::fprintf(stderr, "stats: %s\n", stats.error().describe().c_str());
    return 1;
  }
  std::printf("database analyzer: %s\n", stats->analyzer.c_str());

  auto searcher = herdex::Searcher::open(db);
  if (!searcher) {
    std::fprintf(stderr, "search: %s\n", searcher.error().describe().c_str());
    return 1;
  }
  const std::size_t exact = hits_for(*searcher, "letters");
  const std::size_t inflected = hits_for(*searcher, "letter");
  const std::size_t cjk = hits_for(*searcher, "情书");  // Simplified finds Traditional
  std::printf("hits: letters=%zu letter=%zu 情书=%zu\n", exact, inflected, cjk);
  const bool as_described = exact == 1 && inflected == 0 && cjk == 1;
  std::printf("%s\n", as_described ? "ok" : "UNEXPECTED");
  return as_described ? 0 : 1;
}
