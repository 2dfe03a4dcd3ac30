#include "herdex/analyzer.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/uversion.h>
#include <xapian.h>

#include <algorithm>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "analysis/normalizer.h"
#include "analysis/script.h"
#include "analysis/token_stream.h"
#include "util/utf8.h"

namespace herdex {
namespace {

using detail::Script;

// The glass backend limits terms to 245 bytes; leave room for a prefix.
constexpr std::size_t kMaxTermBytes = 240;
// ICU break iterators report int32 offsets, and dictionary segmentation of a
// huge run is slow; text is analyzed in windows of at most this size, cut at
// a line break or space.
constexpr std::size_t kWindowBytes = std::size_t{16} << 20;
constexpr std::size_t kMaxStemCacheEntries = 1U << 17;
constexpr std::uint32_t kMaxPosition = std::numeric_limits<std::uint32_t>::max() - 1;

// Bumped whenever analysis changes the terms it produces for some input.
constexpr int kAnalysisVersion = 3;

using detail::CodePoint;

CodePoint decode(std::string_view s, std::size_t i) noexcept { return detail::decode_utf8(s, i); }

bool is_sound_mark(std::int32_t c) noexcept {
  // Combining (semi-)voiced sound marks, full- and half-width.
  return c == 0x3099 || c == 0x309A || c == 0xFF9E || c == 0xFF9F;
}

// One character of a CJK run: its bytes in the source and its folded form.
struct Unit {
  std::size_t byte_begin;
  std::size_t byte_end;
  std::string_view folded;
};

}  // namespace

struct Analyzer::Impl {
  AnalyzerOptions options;
  std::unique_ptr<icu::BreakIterator> words;
  std::unique_ptr<icu::BreakIterator> sentences;
  detail::TermNormalizer normalizer;
  Xapian::Stem stemmer;
  std::unordered_map<std::string, std::string> stem_cache;

  // Scratch space reused across calls.
  std::string repaired;
  std::string term;
  std::vector<Unit> units;
  std::unique_ptr<icu::BreakIterator> run_segmenter;  // dictionary words of one folded run
  std::string folded_run;
  std::vector<std::size_t> unit_offsets;    // where each unit starts in folded_run, plus the end
  std::vector<detail::ByteSpan> run_words;  // ICU words inside the current run, in unit indexes

  std::size_t analyze(std::string_view text, AnalyzeMode mode, detail::TokenSink& sink);

 private:
  struct State {
    AnalyzeMode mode = AnalyzeMode::index;
    detail::TokenSink* sink = nullptr;
    std::size_t base = 0;  // offset of the current window in the caller's text
    std::uint32_t position = 0;
    std::uint32_t run = 0;
    // The pending CJK run, as a byte range of the window, and its ICU words.
    std::size_t run_begin = 0;
    std::size_t run_end = 0;
  };

  void analyze_window(std::string_view window, State& st);
  void segment_words(std::string_view window, std::size_t begin, std::size_t end, State& st);
  void emit_word(std::string_view window, std::size_t begin, std::size_t end, bool number,
                 State& st);
  void flush_run(std::string_view window, State& st);
  void find_run_words();
  std::string_view stem_of(std::string_view term);
  void bump(State& st, std::uint32_t by) {
    st.position = st.position > kMaxPosition - by ? kMaxPosition : st.position + by;
  }
};

std::size_t Analyzer::Impl::analyze(std::string_view text, AnalyzeMode mode,
                                    detail::TokenSink& sink) {
  const std::size_t invalid = detail::count_invalid_utf8(text);
  if (invalid != 0) {
    repaired.assign(text);
    (void)detail::repair_utf8(repaired);  // count already known
    text = repaired;
  }
  State st;
  st.mode = mode;
  st.sink = &sink;
  while (st.base < text.size()) {
    std::size_t end = text.size();
    if (end - st.base > kWindowBytes) {
      const std::string_view ahead = text.substr(st.base, kWindowBytes);
      std::size_t cut = ahead.find_last_of('\n');
      if (cut == std::string_view::npos || cut < kWindowBytes / 2) cut = ahead.find_last_of(' ');
      if (cut == std::string_view::npos || cut < kWindowBytes / 2) {
        cut = detail::utf8_floor(text, st.base + kWindowBytes) - st.base;
      } else {
        cut += 1;
      }
      if (cut == 0) cut = kWindowBytes;  // cannot happen on valid UTF-8
      end = st.base + cut;
    }
    analyze_window(text.substr(st.base, end - st.base), st);
    st.base = end;
  }
  return invalid;
}

// Marks that belong to the character before them, whatever its script.
bool attaches_to_previous(std::int32_t c) noexcept {
  if (c < 0x300) return false;
  if (is_sound_mark(c) || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF))
    return true;
  const std::int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK;
}

// The window is cut into stretches of CJK text and of everything else
// before ICU sees it. CJK stretches go straight to flush_run(), which
// segments the folded run with ICU's dictionaries; only the other stretches
// need ICU's word rules here. Running the word iterator over the whole
// window would segment every CJK run twice (once before folding, once
// after), and dictionary segmentation is the most expensive step of
// analysis.
void Analyzer::Impl::analyze_window(std::string_view window, State& st) {
  std::size_t i = 0;
  while (i < window.size()) {
    const CodePoint first = decode(window, i);
    const bool cjk = detail::is_cjk(detail::classify(first.value));
    bool has_word_chars = false;
    std::size_t j = i;
    while (j < window.size()) {
      const CodePoint cp = decode(window, j);
      if (j > i && !attaches_to_previous(cp.value)) {
        const Script script = detail::classify(cp.value);
        if (detail::is_cjk(script) != cjk) break;
        has_word_chars |= script == Script::alphabetic || script == Script::digit;
      } else if (j == i && !cjk) {
        const Script script = detail::classify(cp.value);
        has_word_chars |= script == Script::alphabetic || script == Script::digit;
      }
      j += cp.length;
    }
    if (cjk) {
      st.run_begin = i;
      st.run_end = j;
      flush_run(window, st);
    } else if (has_word_chars) {
      segment_words(window, i, j, st);
    }
    i = j;
  }
}

// ICU's word rules (UAX #29) over a stretch without CJK text: words,
// numbers (with their decimal points), apostrophes inside words.
void Analyzer::Impl::segment_words(std::string_view window, std::size_t begin, std::size_t end,
                                   State& st) {
  UErrorCode status = U_ZERO_ERROR;
  UText storage = UTEXT_INITIALIZER;
  UText* ut =
      utext_openUTF8(&storage, window.data() + begin, static_cast<int64_t>(end - begin), &status);
  if (U_SUCCESS(status)) words->setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    return;
  }
  std::int32_t b = words->first();
  for (std::int32_t e = words->next(); e != icu::BreakIterator::DONE; b = e, e = words->next()) {
    const std::int32_t rule = words->getRuleStatus();
    if (rule < UBRK_WORD_NONE_LIMIT) continue;
    emit_word(window, begin + static_cast<std::size_t>(b), begin + static_cast<std::size_t>(e),
              rule < UBRK_WORD_NUMBER_LIMIT, st);
  }
  utext_close(ut);
}

std::string_view Analyzer::Impl::stem_of(std::string_view t) {
  std::string key(t);
  if (const auto it = stem_cache.find(key); it != stem_cache.end()) return it->second;
  if (stem_cache.size() >= kMaxStemCacheEntries) stem_cache.clear();
  std::string s = stemmer(key);
  return stem_cache.emplace(std::move(key), std::move(s)).first->second;
}

void Analyzer::Impl::emit_word(std::string_view window, std::size_t begin, std::size_t end,
                               bool number, State& st) {
  term.clear();
  normalizer.fold_word(window.substr(begin, end - begin), term);
  if (term.empty()) return;
  if (term.size() <= kMaxTermBytes) {
    detail::TokenView tok;
    tok.term = term;
    // Numbers are not stemmed; neither are words whose letters are digits
    // and punctuation only.
    const bool has_letter = std::any_of(term.begin(), term.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80U;
    });
    tok.kind = (number || !has_letter) ? TokenKind::number : TokenKind::word;
    if (tok.kind == TokenKind::word && !stemmer.is_none() && st.sink->wants_stem(term)) {
      tok.stem = stem_of(term);
    }
    tok.position = st.position;
    tok.byte_begin = st.base + begin;
    tok.byte_end = st.base + end;
    st.sink->on_token(tok);
  }
  bump(st, 1);
}

void Analyzer::Impl::find_run_words() {
  folded_run.clear();
  unit_offsets.clear();
  for (const Unit& u : units) {
    unit_offsets.push_back(folded_run.size());
    folded_run.append(u.folded);
  }
  unit_offsets.push_back(folded_run.size());
  if (units.size() < 2) {
    if (!units.empty()) run_words.emplace_back(0, 1);
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  UText storage = UTEXT_INITIALIZER;
  UText* ut =
      utext_openUTF8(&storage, folded_run.data(), static_cast<int64_t>(folded_run.size()), &status);
  if (U_SUCCESS(status)) run_segmenter->setText(ut, status);
  if (U_FAILURE(status)) {
    utext_close(ut);
    return;  // no dictionary words; n-grams still cover the run
  }
  auto unit_at = [&](std::size_t offset) {
    // The unit whose folded form contains `offset` (or starts at it).
    return static_cast<std::size_t>(
        std::upper_bound(unit_offsets.begin(), unit_offsets.end(), offset) - unit_offsets.begin() -
        1);
  };
  std::int32_t b = run_segmenter->first();
  for (std::int32_t e = run_segmenter->next(); e != icu::BreakIterator::DONE;
       b = e, e = run_segmenter->next()) {
    if (run_segmenter->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
    const std::size_t first = unit_at(static_cast<std::size_t>(b));
    std::size_t last = unit_at(static_cast<std::size_t>(e) - 1) + 1;
    last = std::min(last, units.size());
    if (first < last && (run_words.empty() || first >= run_words.back().second)) {
      run_words.emplace_back(first, last);
    }
  }
  utext_close(ut);
}

void Analyzer::Impl::flush_run(std::string_view window, State& st) {
  if (st.run_end == st.run_begin) return;
  const std::size_t run_begin = st.run_begin;
  const std::size_t run_end = st.run_end;
  st.run_begin = st.run_end = 0;

  // Split the run into character units, each with its folded form. Sound
  // marks join the unit before them (ｶﾞ is one character, が).
  units.clear();
  for (std::size_t i = run_begin; i < run_end;) {
    const CodePoint cp = decode(window, i);
    std::size_t next = i + cp.length;
    while (next < run_end) {
      const CodePoint mark = decode(window, next);
      if (!is_sound_mark(mark.value) && u_charType(mark.value) != U_NON_SPACING_MARK) break;
      next += mark.length;
    }
    units.push_back({i, next, {}});
    i = next;
  }
  for (Unit& u : units) {
    u.folded = normalizer.fold_cjk_unit(window.substr(u.byte_begin, u.byte_end - u.byte_begin));
  }
  // Dictionary words are found on the folded run, not the original: ICU's
  // dictionaries segment 電影院 and 电影院, or ヒラガナ and ひらがな,
  // differently, and the index and a query must agree whichever form each
  // uses. Word boundaries map back to unit boundaries.
  run_words.clear();
  if (options.cjk_words || (!options.cjk_ngrams && !options.cjk_unigrams)) find_run_words();
  ++st.run;
  const std::uint32_t base_position = st.position;
  const std::size_t n = options.ngram_size;
  const std::size_t count = units.size();
  const bool query = st.mode == AnalyzeMode::query;

  auto emit = [&](std::size_t first, std::size_t last, TokenKind kind) {
    term.clear();
    for (std::size_t k = first; k < last; ++k) term.append(units[k].folded);
    if (term.empty() || term.size() > kMaxTermBytes) return;
    detail::TokenView tok;
    tok.term = term;
    tok.kind = kind;
    const std::size_t offset = std::min<std::size_t>(first, kMaxPosition - base_position);
    tok.position = base_position + static_cast<std::uint32_t>(offset);
    tok.byte_begin = st.base + units[first].byte_begin;
    tok.byte_end = st.base + units[last - 1].byte_end;
    tok.run = st.run;
    tok.chars = static_cast<std::uint32_t>(last - first);
    st.sink->on_token(tok);
  };

  // Tokens are emitted in order of their first character so that positions
  // never decrease: at each character its unigram, the n-gram starting
  // there, and any dictionary word starting there.
  const bool grams = options.cjk_ngrams && n > 1;
  const bool short_run = count < n;
  // A Hangul "word" is a whole space-delimited word with its particles
  // (외로움에); as a query term it would only match that exact inflection,
  // so queries rely on the n-grams (외로움 -> 외로 로움) instead.
  const bool hangul =
      !units.empty() &&
      detail::classify(decode(window, units.front().byte_begin).value) == Script::hangul;
  // Without n-grams or unigrams, dictionary words are all there is.
  const bool dictionary = options.cjk_words || (!grams && !options.cjk_unigrams);
  std::size_t word = 0;
  for (std::size_t i = 0; i < count; ++i) {
    // Queries get unigrams too: OR'd with the n-grams they rank CJK text
    // better than n-grams alone (MRR@10 on cmrc2018, drcd, jsquad; see
    // benchmarks/README.md), and one-character runs need them anyway.
    if (options.cjk_unigrams) {
      emit(i, i + 1, TokenKind::cjk_gram);
    }
    if (grams && i + n <= count) emit(i, i + n, TokenKind::cjk_gram);
    if (grams && short_run && !options.cjk_unigrams && i == 0 && count > 1) {
      emit(0, count, TokenKind::cjk_gram);  // too short for an n-gram: the run itself
    }
    while (word < run_words.size() && run_words[word].first < i) ++word;
    if (!dictionary) continue;
    for (std::size_t w = word; w < run_words.size() && run_words[w].first == i; ++w) {
      const std::size_t len = run_words[w].second - run_words[w].first;
      // A word as long as a gram (or a single character) is that gram.
      if ((grams && len == n) || (len == 1 && options.cjk_unigrams)) continue;
      if (query && grams && (len < n || hangul)) continue;
      emit(run_words[w].first, run_words[w].second, TokenKind::cjk_word);
    }
  }
  bump(st, static_cast<std::uint32_t>(std::min<std::size_t>(count, kMaxPosition)));
}

namespace {

class CollectingSink final : public detail::TokenSink {
 public:
  explicit CollectingSink(std::vector<Token>& out) : out_(out) {}
  void on_token(const detail::TokenView& t) override {
    out_.push_back(Token{std::string(t.term), std::string(t.stem), t.kind, t.position, t.byte_begin,
                         t.byte_end});
  }

 private:
  std::vector<Token>& out_;
};

}  // namespace

Result<Analyzer> Analyzer::create(const AnalyzerOptions& options) {
  if (options.ngram_size < 1 || options.ngram_size > 4) {
    return Error{ErrorCode::invalid_argument,
                 fmt::format("n-gram size must be between 1 and 4, not {}", options.ngram_size)};
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (options.stemmer != "none" && !options.stemmer.empty()) {
    try {
      impl->stemmer = Xapian::Stem(options.stemmer);
    } catch (const Xapian::Error&) {
      return Error{ErrorCode::invalid_argument,
                   fmt::format("unknown stemmer language '{}' (available: {})", options.stemmer,
                               Xapian::Stem::get_available_languages())};
    }
  }
  UErrorCode status = U_ZERO_ERROR;
  impl->words.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !impl->words) {
    return Error{ErrorCode::internal,
                 fmt::format("ICU word break iterator unavailable: {}", u_errorName(status))};
  }
  impl->run_segmenter.reset(impl->words->clone());
  if (!impl->run_segmenter)
    return Error{ErrorCode::internal, "cannot clone ICU word break iterator"};
  impl->sentences.reset(icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || !impl->sentences) {
    return Error{ErrorCode::internal,
                 fmt::format("ICU sentence break iterator unavailable: {}", u_errorName(status))};
  }
  if (!impl->normalizer.init()) {
    return Error{ErrorCode::internal, "ICU normalization data unavailable"};
  }
  return Analyzer(std::move(impl));
}

Analyzer::Analyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

Analysis Analyzer::analyze(std::string_view text, AnalyzeMode mode) const {
  Analysis result;
  CollectingSink sink(result.tokens);
  result.repaired_bytes = impl_->analyze(text, mode, sink);
  return result;
}

const AnalyzerOptions& Analyzer::options() const noexcept { return impl_->options; }

std::string Analyzer::fingerprint() const {
  const AnalyzerOptions& o = impl_->options;
  return fmt::format(
      "herdex-analysis/{} icu={} unicode={} stemmer={} ngram={} ngrams={} unigrams={} words={} "
      "fold=nfkc_cf,latin-diacritics,hant-hans,kana",
      kAnalysisVersion, U_ICU_VERSION, U_UNICODE_VERSION, o.stemmer.empty() ? "none" : o.stemmer,
      o.ngram_size, o.cjk_ngrams ? 1 : 0, o.cjk_unigrams ? 1 : 0, o.cjk_words ? 1 : 0);
}

std::size_t AnalyzerAccess::analyze(const Analyzer& analyzer, std::string_view text,
                                    AnalyzeMode mode, detail::TokenSink& sink) {
  return analyzer.impl_->analyze(text, mode, sink);
}

std::vector<detail::ByteSpan> AnalyzerAccess::sentences(const Analyzer& analyzer,
                                                        std::string_view text) {
  std::vector<detail::ByteSpan> spans;
  if (text.empty()) return spans;
  icu::BreakIterator& it = *analyzer.impl_->sentences;
  // Windows as in analyze(): ICU offsets are int32.
  for (std::size_t base = 0; base < text.size();) {
    std::size_t end = std::min(text.size(), base + kWindowBytes);
    if (end < text.size()) end = detail::utf8_floor(text, end);
    if (end <= base) end = text.size();
    UErrorCode status = U_ZERO_ERROR;
    UText storage = UTEXT_INITIALIZER;
    UText* ut =
        utext_openUTF8(&storage, text.data() + base, static_cast<int64_t>(end - base), &status);
    if (U_SUCCESS(status)) it.setText(ut, status);
    if (U_FAILURE(status)) {
      spans.emplace_back(base, end);
    } else {
      std::int32_t b = it.first();
      for (std::int32_t e = it.next(); e != icu::BreakIterator::DONE; b = e, e = it.next()) {
        spans.emplace_back(base + static_cast<std::size_t>(b), base + static_cast<std::size_t>(e));
      }
    }
    utext_close(ut);
    base = end;
  }
  return spans;
}

}  // namespace herdex
