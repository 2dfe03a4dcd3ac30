// Fuzzes the analysis an index runs on every document: Analyzer::analyze()
// (the public API, in every script: the input is arbitrary bytes), then the
// sentence spans, the boilerplate cut and the passages IndexWriter stores.
//
// Input: one settings byte (n-gram size, unigrams, dictionary words, n-grams,
// stemmer, query mode), one byte of passage length, then the text.
//
// Invariants: every token's byte range lies inside the text and on UTF-8
// boundaries, its term is valid UTF-8 of 1..240 bytes, tokens come in order
// of byte_begin with positions that never decrease, a stem only on words;
// the repair count is the number of invalid bytes; the same text analyzes
// the same way twice. Sentences cover the text without gaps; passages lie
// inside it on boundaries, trimmed, in order, and every token is in one.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/token_stream.h"
#include "fuzz_check.h"
#include "herdex/analyzer.h"
#include "index/boilerplate.h"
#include "index/passage_splitter.h"
#include "util/utf8.h"

namespace herdex::fuzz {
namespace {

constexpr std::size_t kMaxTermBytes = 240;

// Analyzers are expensive to create (ICU iterators): one per setting, kept.
const Analyzer& analyzer_for(std::uint8_t settings) {
  static std::array<std::unique_ptr<Analyzer>, 64> cache;
  std::unique_ptr<Analyzer>& slot = cache[settings & 63U];
  if (!slot) {
    AnalyzerOptions options;
    options.ngram_size = 1U + (settings & 3U);
    options.cjk_unigrams = (settings & 4U) == 0;
    options.cjk_words = (settings & 8U) != 0;
    options.cjk_ngrams = (settings & 16U) == 0;
    options.stemmer = (settings & 32U) == 0 ? "english" : "none";
    auto created = Analyzer::create(options);
    HERDEX_FUZZ_CHECK(created.has_value(), "Analyzer::create: %s",
                      created.error().describe().c_str());
    slot = std::make_unique<Analyzer>(std::move(*created));
  }
  return *slot;
}

bool same_tokens(const std::vector<Token>& a, const std::vector<Token>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].term != b[i].term || a[i].stem != b[i].stem || a[i].kind != b[i].kind ||
        a[i].position != b[i].position || a[i].byte_begin != b[i].byte_begin ||
        a[i].byte_end != b[i].byte_end) {
      return false;
    }
  }
  return true;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

void check_tokens(std::string_view repaired, const std::vector<Token>& tokens, bool stemming) {
  const Token* previous = nullptr;
  for (const Token& t : tokens) {
    HERDEX_FUZZ_CHECK(t.byte_begin < t.byte_end && t.byte_end <= repaired.size(),
                      "token [%zu, %zu) outside a text of %zu bytes", t.byte_begin, t.byte_end,
                      repaired.size());
    HERDEX_FUZZ_CHECK(on_boundary(repaired, t.byte_begin) && on_boundary(repaired, t.byte_end),
                      "token [%zu, %zu) not on UTF-8 boundaries", t.byte_begin, t.byte_end);
    HERDEX_FUZZ_CHECK(!t.term.empty() && t.term.size() <= kMaxTermBytes, "term of %zu bytes",
                      t.term.size());
    HERDEX_FUZZ_CHECK(valid_utf8(t.term), "term '%s' is not valid UTF-8", t.term.c_str());
    HERDEX_FUZZ_CHECK(t.stem.empty() || (t.kind == TokenKind::word && stemming),
                      "stem '%s' on a token that is no word", t.stem.c_str());
    if (previous != nullptr) {
      HERDEX_FUZZ_CHECK(previous->byte_begin <= t.byte_begin, "tokens out of order: %zu after %zu",
                        t.byte_begin, previous->byte_begin);
      HERDEX_FUZZ_CHECK(previous->position <= t.position, "position %u after %u", t.position,
                        previous->position);
    }
    previous = &t;
  }
}

// Collects token spots as IndexWriter's BodySink does.
class SpotSink final : public detail::TokenSink {
 public:
  explicit SpotSink(std::vector<detail::TokenSpot>& spots) : spots_(spots) {}
  void on_token(const detail::TokenView& t) override { detail::note_token(spots_, t); }

 private:
  std::vector<detail::TokenSpot>& spots_;
};

void check_passages(const Analyzer& analyzer, std::string_view text, std::size_t passage_words) {
  const std::vector<detail::ByteSpan> sentences = AnalyzerAccess::sentences(analyzer, text);
  std::size_t covered = 0;
  for (const auto& [b, e] : sentences) {
    HERDEX_FUZZ_CHECK(b == covered && b < e && e <= text.size(),
                      "sentence [%zu, %zu) after text covered up to %zu", b, e, covered);
    HERDEX_FUZZ_CHECK(on_boundary(text, b) && on_boundary(text, e),
                      "sentence [%zu, %zu) not on boundaries", b, e);
    covered = e;
  }
  HERDEX_FUZZ_CHECK(covered == text.size(), "sentences cover %zu of %zu bytes", covered,
                    text.size());

  const std::size_t cut = detail::boilerplate_start(text);
  HERDEX_FUZZ_CHECK(cut <= text.size() && on_boundary(text, cut), "boilerplate starts at %zu", cut);

  std::vector<detail::TokenSpot> spots;
  SpotSink sink(spots);
  (void)AnalyzerAccess::analyze(analyzer, text, AnalyzeMode::index,
                                sink);  // repairs nothing: valid text
  const std::vector<detail::StoredPassage> passages = detail::split_passages(
      text, sentences, spots, detail::PassageLimits{passage_words, passage_words / 4});
  HERDEX_FUZZ_CHECK(text.empty() == passages.empty(), "%zu passages for %zu bytes", passages.size(),
                    text.size());
  const bool blank = text.find_first_not_of(" \t\n\r\f") == std::string_view::npos;
  for (std::size_t i = 0; i < passages.size(); ++i) {
    const detail::StoredPassage& p = passages[i];
    HERDEX_FUZZ_CHECK(p.byte_begin < p.byte_end && p.byte_end <= text.size(),
                      "passage [%u, %u) in a text of %zu bytes", p.byte_begin, p.byte_end,
                      text.size());
    HERDEX_FUZZ_CHECK(on_boundary(text, p.byte_begin) && on_boundary(text, p.byte_end),
                      "passage [%u, %u) not on boundaries", p.byte_begin, p.byte_end);
    HERDEX_FUZZ_CHECK(p.position_begin <= p.position_end, "passage positions [%u, %u)",
                      p.position_begin, p.position_end);
    if (!blank) {
      HERDEX_FUZZ_CHECK(!is_space(text[p.byte_begin]) && !is_space(text[p.byte_end - 1]),
                        "passage [%u, %u) not trimmed", p.byte_begin, p.byte_end);
    }
    if (i > 0) {
      HERDEX_FUZZ_CHECK(
          passages[i - 1].byte_begin < p.byte_begin && passages[i - 1].byte_end <= p.byte_end,
          "passage [%u, %u) after [%u, %u)", p.byte_begin, p.byte_end, passages[i - 1].byte_begin,
          passages[i - 1].byte_end);
    }
  }
  std::size_t p = 0;
  for (const detail::TokenSpot& spot : spots) {
    while (p < passages.size() && passages[p].byte_end <= spot.byte_begin) ++p;
    HERDEX_FUZZ_CHECK(p < passages.size() && passages[p].byte_begin <= spot.byte_begin,
                      "the token at byte %zu is in no passage", spot.byte_begin);
  }
  // Position extents, which search turns into highlights: inside the text,
  // on character boundaries, one per position.
  const std::vector<detail::PositionExtent> extents = detail::position_extents(spots);
  HERDEX_FUZZ_CHECK(spots.empty() ? extents.empty() : extents.size() == spots.back().position + 1U,
                    "%zu extents for %zu spots", extents.size(), spots.size());
  for (const detail::PositionExtent& e : extents) {
    HERDEX_FUZZ_CHECK(e.byte_begin <= e.byte_end && e.byte_end <= text.size(),
                      "extent [%u, %u) in a text of %zu bytes", e.byte_begin, e.byte_end,
                      text.size());
    HERDEX_FUZZ_CHECK(on_boundary(text, e.byte_begin) && on_boundary(text, e.byte_end),
                      "extent [%u, %u) not on boundaries", e.byte_begin, e.byte_end);
  }
}

}  // namespace
}  // namespace herdex::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace herdex;
  using namespace herdex::fuzz;
  InputReader in(data, size);
  const std::uint8_t settings = in.byte();
  const std::size_t passage_words = 1U + in.byte() % 100U;
  const std::string_view text = in.rest();
  const Analyzer& analyzer = analyzer_for(settings);
  const AnalyzeMode mode = (settings & 64U) != 0 ? AnalyzeMode::query : AnalyzeMode::index;
  try {
    const Analysis first = analyzer.analyze(text, mode);
    std::string repaired(text);
    const std::size_t invalid = detail::repair_utf8(repaired);
    HERDEX_FUZZ_CHECK(first.repaired_bytes == invalid, "%zu bytes repaired, %zu invalid",
                      first.repaired_bytes, invalid);
    check_tokens(repaired, first.tokens, analyzer.options().stemmer != "none");
    const Analysis again = analyzer.analyze(text, mode);
    HERDEX_FUZZ_CHECK(same_tokens(first.tokens, again.tokens), "a second analysis differs");
    check_passages(analyzer, repaired, passage_words);
  } catch (const std::exception& e) {
    HERDEX_FUZZ_CHECK(false, "exception escaped the analyzer: %s", e.what());
  }
  return 0;
}
