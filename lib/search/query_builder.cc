#include "search/query_builder.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "analysis/stopwords.h"
#include "analysis/token_stream.h"
#include "search/query_parser.h"
#include "store/database.h"
#include "store/schema.h"
#include "util/date.h"

namespace herdex::detail {
namespace {

// A wildcard expands to at most this many indexed terms (most queries need
// far fewer; the bound keeps `a*` from turning into the vocabulary).
constexpr std::size_t kMaxWildcardTerms = 100;
// A CJK run of up to this many n-grams (8 characters with bigrams) also
// matches as a phrase; longer runs are questions and sentences, whose exact
// sequence no document holds.
constexpr std::size_t kMaxPhraseGrams = 8;

using Node = QueryNode;

// The tokens of one leaf, in order.
struct LeafToken {
  std::string term;
  std::string stem;
  TokenKind kind;
  std::uint32_t position;
  std::uint32_t run;
  std::uint32_t chars;
};

class CollectSink final : public TokenSink {
 public:
  void on_token(const TokenView& t) override {
    tokens.push_back(
        {std::string(t.term), std::string(t.stem), t.kind, t.position, t.run, t.chars});
  }
  std::vector<LeafToken> tokens;
};

Error syntax_error(std::string message, std::size_t byte_offset) {
  Error e{ErrorCode::query_syntax, std::move(message)};
  e.column = byte_offset + 1;
  return e;
}

// An impossible date bound (2014-13-45, 2014-02-30) is an error at the
// faulty part, not a range that silently finds nothing.
std::optional<Error> date_bound_error(const std::string& bound, std::size_t begin) {
  if (bound.empty()) return std::nullopt;
  std::size_t offset = 0;
  const std::string problem = date_problem(bound, false, &offset);
  if (problem.empty()) return std::nullopt;
  return syntax_error(fmt::format("date '{}': {}", bound, problem), begin + offset);
}

Error reversed_range(const QueryNode& n) {
  return syntax_error(
      fmt::format("the range {}:{}..{} is reversed: {} comes after {} (write {}:{}..{})", n.text,
                  n.low, n.high, n.low, n.high, n.text, n.high, n.low),
      n.low_begin);
}

Xapian::Query combine(Xapian::Query::op op, std::vector<Xapian::Query>& parts) {
  parts.erase(
      std::remove_if(parts.begin(), parts.end(), [](const Xapian::Query& q) { return q.empty(); }),
      parts.end());
  if (parts.empty()) return Xapian::Query();
  if (parts.size() == 1) return parts.front();
  return Xapian::Query(op, parts.begin(), parts.end());
}

class Builder {
 public:
  Builder(const Analyzer& analyzer, const Xapian::Database& db, const Synonyms* synonyms)
      : analyzer_(analyzer), db_(db), synonyms_(synonyms) {}

  Result<Xapian::Query> build(const Node& n, const std::string& prefix, bool positive) {
    switch (n.kind) {
      case Node::Kind::text:
        return words(n.text, prefix, positive);
      case Node::Kind::phrase:
        return phrase(n.text, prefix, positive);
      case Node::Kind::prefix:
        return wildcard(n, prefix, positive);
      case Node::Kind::field:
        return field(n, positive);
      case Node::Kind::range:
        return range(n);
      case Node::Kind::all:
        return all(n, prefix, positive);
      case Node::Kind::any:
        return any(n, prefix, positive);
      case Node::Kind::and_not:
        return and_not(n, prefix, positive);
      case Node::Kind::near:
        return near(n, prefix, positive);
    }
    return Error{ErrorCode::internal, "unknown query node"};
  }

  std::vector<std::string> terms;
  /// Leave English stopwords out of free words (set when the query has
  /// other words, so that a query of only stopwords still searches).
  bool drop_stopwords = false;

 private:
  std::vector<LeafToken> analyze(std::string_view text) {
    CollectSink sink;
    (void)AnalyzerAccess::analyze(analyzer_, text, AnalyzeMode::query,
                                  sink);  // repairs are harmless
    return std::move(sink.tokens);
  }

  void remember(const std::string& term, bool positive) {
    if (positive && std::find(terms.begin(), terms.end(), term) == terms.end())
      terms.push_back(term);
  }

  // Free words: stems for alphabetic words. A CJK run is the OR of its
  // single characters and n-grams, and, when it is short (a name, a word or
  // two), also the phrase of its n-grams, which ranks the exact sequence
  // first. Dictionary words are left out: ICU's segmentation of a question
  // and of a text disagree too often, and on the three CJK test collections
  // the OR of characters and n-grams ranked best (benchmarks/README.md).
  Xapian::Query words(std::string_view text, const std::string& prefix, bool positive) {
    const std::vector<LeafToken> tokens = analyze(text);
    const std::uint32_t n = analyzer_.options().ngram_size;
    std::vector<Xapian::Query> parts;
    std::vector<Xapian::Query> grams;
    std::vector<Xapian::Query> alternatives;
    auto finish_run = [&]() {
      if (alternatives.empty()) return;
      if (!prefix.empty()) {
        // A field's value is one value: its CJK run must be there as
        // written. genre:剧情 is not 喜剧, which shares 剧, and -genre:喜剧
        // must not exclude 剧情. So all its n-grams (a run shorter than an
        // n-gram: its characters), in sequence.
        parts.push_back(in_sequence(grams.empty() ? alternatives : grams, prefix));
        grams.clear();
        alternatives.clear();
        return;
      }
      if (grams.size() > 1 && grams.size() < kMaxPhraseGrams) {
        alternatives.emplace_back(Xapian::Query::OP_PHRASE, grams.begin(), grams.end(),
                                  static_cast<Xapian::termcount>(grams.size()));
      }
      parts.push_back(combine(Xapian::Query::OP_OR, alternatives));
      grams.clear();
      alternatives.clear();
    };
    std::uint32_t run = 0;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      const LeafToken& t = tokens[k];
      if (t.run != run) finish_run();
      run = t.run;
      if (t.run == 0 && drop_stopwords && is_stopword(t.term)) continue;
      if (t.run == 0) {
        // Stems match every inflection; without a stemmer, the word itself.
        const std::string term =
            t.stem.empty() ? prefix + t.term : prefix + std::string(kStemPrefix) + t.stem;
        if (prefix.empty()) remember(term, positive);
        parts.emplace_back(term);
        continue;
      }
      if (t.kind == TokenKind::cjk_word) {
        // Only an index of dictionary words alone needs them as query terms.
        if (!words_only()) continue;
        const std::string term = prefix + t.term;
        if (prefix.empty()) remember(term, positive);
        alternatives.emplace_back(term);
        continue;
      }
      const std::string term = prefix + t.term;
      // Highlights show n-grams, not every matching single character,
      // unless the run is a single character.
      const bool single_char_run = t.chars == 1 && !run_has_ngrams(tokens, k, n);
      if (prefix.empty() && (t.chars == n || single_char_run)) remember(term, positive);
      if (t.chars == n) grams.emplace_back(term);
      alternatives.emplace_back(term);
    }
    finish_run();
    if (synonyms_ != nullptr && synonyms_->max_words() > 0) {
      for (const std::string& alternative :
           synonyms_->alternatives(Synonyms::key_of(text, analyzer_))) {
        parts.push_back(phrase(alternative, prefix, positive));
      }
    }
    return combine(Xapian::Query::OP_OR, parts);
  }

  // Consecutive terms of a field: a phrase where the field has positions,
  // else all of them (see phrase()).
  static Xapian::Query in_sequence(std::vector<Xapian::Query>& parts, const std::string& prefix) {
    if (parts.size() == 1) return parts.front();
    if (!prefix_has_positions(prefix)) return combine(Xapian::Query::OP_AND, parts);
    return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(),
                         static_cast<Xapian::termcount>(parts.size()));
  }

  // True when the index holds neither n-grams nor characters of CJK runs,
  // only dictionary words.
  bool words_only() const {
    return !analyzer_.options().cjk_ngrams && !analyzer_.options().cjk_unigrams;
  }

  // Whether the CJK run of tokens[k] has n-grams (it is at least n long).
  static bool run_has_ngrams(const std::vector<LeafToken>& tokens, std::size_t k, std::uint32_t n) {
    for (const LeafToken& t : tokens) {
      if (t.run == tokens[k].run && t.chars == n && t.kind == TokenKind::cjk_gram) return true;
    }
    return false;
  }

  // Exact words in sequence: unstemmed terms and n-grams at their positions.
  Xapian::Query phrase(std::string_view text, const std::string& prefix, bool positive) {
    const std::vector<LeafToken> tokens = analyze(text);
    const std::uint32_t n = analyzer_.options().ngram_size;
    std::vector<Xapian::Query> parts;
    std::uint32_t first = 0, last = 0;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
      const LeafToken& t = tokens[k];
      if (t.run != 0) {
        if ((t.kind == TokenKind::cjk_word) != words_only()) continue;
        if (!words_only()) {
          const bool has_ngrams = run_has_ngrams(tokens, k, n);
          if (has_ngrams ? t.chars != n : t.chars != 1) continue;
        }
      }
      const std::string term = prefix + t.term;
      if (prefix.empty()) remember(term, positive);
      if (parts.empty()) first = t.position;
      last = t.position;
      parts.emplace_back(term);
    }
    if (parts.size() <= 1) return combine(Xapian::Query::OP_OR, parts);
    // Fields indexed without positions (author, source) cannot hold phrases:
    // all the words is the closest match.
    if (!prefix_has_positions(prefix)) return combine(Xapian::Query::OP_AND, parts);
    return Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), last - first + 1);
  }

  // pre* : the indexed terms starting with the folded prefix, joined by
  // `op` (OP_SYNONYM scores them as one term; inside NEAR, whose operands
  // Xapian 1.4 wants to be terms or an OR of terms, OP_OR).
  Result<Xapian::Query> wildcard(const Node& n, const std::string& prefix, bool positive,
                                 Xapian::Query::op op = Xapian::Query::OP_SYNONYM) {
    const std::vector<LeafToken> tokens = analyze(n.text);
    if (tokens.empty()) return Xapian::Query();
    // The folded prefix is the last unit of the text: for CJK the whole run.
    std::string stem;
    for (const LeafToken& t : tokens) {
      if (t.run == 0 || t.kind != TokenKind::cjk_gram || t.chars != 1) continue;
      stem += t.term;
    }
    if (stem.empty()) stem = tokens.back().term;
    const std::string start = prefix + stem;
    std::vector<Xapian::Query> expansions;
    for (auto it = db_.allterms_begin(start); it != db_.allterms_end(start); ++it) {
      if (expansions.size() == kMaxWildcardTerms) break;
      const std::string term = *it;
      if (prefix.empty()) remember(term, positive);
      expansions.emplace_back(term);
    }
    // No indexed term starts so: the prefix as a term, which no document
    // holds. MatchNothing would be an empty query, which build_query takes
    // for one with no words ("zzq*" is a search that finds nothing, not a
    // malformed query; and a prefix may only match after the next commit).
    if (expansions.empty()) return Xapian::Query(start);
    return Xapian::Query(op, expansions.begin(), expansions.end());
  }

  std::string field_prefix_of(const std::string& name) {
    const BuiltinField* builtin = builtin_field(name);
    if (builtin != nullptr && builtin->kind == FieldKind::words)
      return std::string(builtin->prefix);
    std::string mapped = detail::field_prefix(name);
    // A field no document has is not a field: "note:" is text then.
    if (db_.allterms_begin(mapped) != db_.allterms_end(mapped)) return mapped;
    return std::string();
  }

  Result<Xapian::Query> field(const Node& n, bool positive) {
    const Node& value = n.children.front();
    if (n.text == "lang") {
      const bool single = value.kind == Node::Kind::text || value.kind == Node::Kind::phrase;
      const std::string term = lang_term(value.text);
      // A JSON Lines record's "lang" is stored as given, so a tag some
      // document has is searchable even when it is no ISO 639 code.
      if (!single || (!is_language_tag(value.text) && !db_.term_exists(term))) {
        return syntax_error(
            fmt::format("'{}' is not a language tag: not an ISO 639 code, and no document has it "
                        "(herdex tags: en, ja, ko, zh-Hans, zh-Hant, mixed)",
                        value.text),
            value.byte_begin);
      }
      return Xapian::Query(term);
    }
    if (n.text == "rating" || n.text == "date" || n.text == "year") {
      // rating:8, year:2014, date:2014-01-12 are ranges of one value.
      if (value.kind != Node::Kind::text) {
        return syntax_error(fmt::format("{}: takes a value or a range LOW..HIGH", n.text),
                            value.byte_begin);
      }
      Node single = n;
      single.kind = Node::Kind::range;
      single.low = single.high = value.text;
      single.low_begin = single.high_begin = value.byte_begin;
      return range(single);
    }
    const std::string prefix = field_prefix_of(n.text);
    if (prefix.empty()) {
      // Unknown field: search the words as written, name included.
      return words(n.text + " " + value.text, "", positive);
    }
    return build(value, prefix, positive);
  }

  Result<Xapian::Query> range(const Node& n) {
    if (n.text == "rating") {
      double bounds[2] = {0, 0};
      const std::string* texts[2] = {&n.low, &n.high};
      const std::size_t begins[2] = {n.low_begin, n.high_begin};
      for (int i = 0; i < 2; ++i) {
        const std::string& s = *texts[i];
        if (s.empty()) continue;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), bounds[i]);
        if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(bounds[i])) {
          return syntax_error(fmt::format("rating bound '{}' is not a number", s), begins[i]);
        }
      }
      if (!n.low.empty() && !n.high.empty() && bounds[0] > bounds[1]) return reversed_range(n);
      const Xapian::valueno slot = kSlotRating;
      if (n.low.empty())
        return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot,
                             Xapian::sortable_serialise(bounds[1]));
      if (n.high.empty())
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot,
                             Xapian::sortable_serialise(bounds[0]));
      return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot,
                           Xapian::sortable_serialise(bounds[0]),
                           Xapian::sortable_serialise(bounds[1]));
    }
    if (n.text == "date" || n.text == "year") {
      if (auto e = date_bound_error(n.low, n.low_begin)) return std::move(*e);
      if (auto e = date_bound_error(n.high, n.high_begin)) return std::move(*e);
      // Dates are stored as ISO text, which sorts by time. The upper bound
      // is inclusive of everything that starts with it (a whole day, month
      // or year, with or without a time): '~' sorts after digits and ':'.
      const Xapian::valueno slot = kSlotDate;
      const std::string high = n.high + "~";
      if (!n.low.empty() && !n.high.empty() && n.low > high) return reversed_range(n);
      if (n.low.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, high);
      if (n.high.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, n.low);
      return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, n.low, high);
    }
    return syntax_error(fmt::format("ranges work on rating, date and year, not '{}'", n.text),
                        n.byte_begin);
  }

  Result<Xapian::Query> all(const Node& n, const std::string& prefix, bool positive) {
    std::vector<Xapian::Query> parts;
    for (const Node& child : n.children) {
      auto q = build(child, prefix, positive);
      if (!q) return q;
      parts.push_back(std::move(*q));
    }
    return combine(Xapian::Query::OP_AND, parts);
  }

  // Ranges and `lang:` restrict what the words find; they are filters, not
  // alternatives to the words.
  static bool is_filter(const Node& n) {
    if (n.kind == Node::Kind::range) return true;
    if (n.kind != Node::Kind::field) return false;
    const BuiltinField* builtin = builtin_field(n.text);
    return builtin != nullptr && builtin->kind != FieldKind::words;
  }

  // A field the index knows (not `note:` taken as words).
  bool is_searched_field(const Node& n) {
    return n.kind == Node::Kind::field && !is_filter(n) && !field_prefix_of(n.text).empty();
  }

  Result<Xapian::Query> any(const Node& n, const std::string& prefix, bool positive) {
    std::vector<Xapian::Query> should, must, must_not, filters;
    // A field next to free words restricts what they find, as `lang:` does
    // and as in every search box: `genre:drama lonely` is the dramas about
    // loneliness, not every drama nor everything lonely. The field still
    // scores (AND, not a filter). Values of one field are alternatives, as
    // in a faceted search (`genre:drama genre:comedy lonely`: dramas or
    // comedies about loneliness), different fields all restrict; fields
    // alone (`genre:drama genre:comedy`) stay alternatives.
    std::vector<std::pair<std::string, std::vector<Xapian::Query>>> fields;  // by name, in order
    const bool has_free_words =
        std::any_of(n.children.begin(), n.children.end(), [&](const Node& c) {
          return c.occur != Node::Occur::must_not && !is_filter(c) && !is_searched_field(c);
        });
    for (const Node& child : n.children) {
      const bool excluded = child.occur == Node::Occur::must_not;
      auto q = build(child, prefix, positive && !excluded);
      if (!q) return q;
      if (is_filter(child) && !excluded) {
        filters.push_back(std::move(*q));
        continue;
      }
      if (has_free_words && !excluded && is_searched_field(child)) {
        auto same = std::find_if(fields.begin(), fields.end(),
                                 [&](const auto& f) { return f.first == child.text; });
        if (same == fields.end()) same = fields.insert(fields.end(), {child.text, {}});
        same->second.push_back(std::move(*q));
        continue;
      }
      (excluded                           ? must_not
       : child.occur == Node::Occur::must ? must
                                          : should)
          .push_back(std::move(*q));
    }
    add_synonyms(n, prefix, positive, should);
    Xapian::Query required = combine(Xapian::Query::OP_AND, must);
    Xapian::Query optional = combine(Xapian::Query::OP_OR, should);
    Xapian::Query result;
    if (required.empty()) {
      result = optional;
    } else if (optional.empty()) {
      result = required;
    } else {
      result = Xapian::Query(Xapian::Query::OP_AND_MAYBE, required, optional);
    }
    if (!fields.empty()) {
      std::vector<Xapian::Query> restrict;
      restrict.reserve(fields.size() + 1);
      for (auto& [name, values] : fields) restrict.push_back(combine(Xapian::Query::OP_OR, values));
      restrict.push_back(result);
      result = combine(Xapian::Query::OP_AND, restrict);
    }
    Xapian::Query filter = combine(Xapian::Query::OP_AND, filters);
    if (!filter.empty()) {
      result = result.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0.0)
                              : Xapian::Query(Xapian::Query::OP_FILTER, result, filter);
    }
    Xapian::Query excluded = combine(Xapian::Query::OP_OR, must_not);
    if (!excluded.empty() && !result.empty())
      result = Xapian::Query(Xapian::Query::OP_AND_NOT, result, excluded);
    return result;
  }

  // A synonym group matching a run of plain words (or one word) adds its
  // other expressions, each as a phrase, as alternatives.
  void add_synonyms(const Node& n, const std::string& prefix, bool positive,
                    std::vector<Xapian::Query>& should) {
    if (synonyms_ == nullptr || synonyms_->max_words() == 0) return;
    const auto& kids = n.children;
    for (std::size_t i = 0; i < kids.size(); ++i) {
      std::string key;
      for (std::size_t j = i; j < kids.size() && j - i < synonyms_->max_words(); ++j) {
        if (kids[j].kind != Node::Kind::text || kids[j].occur != Node::Occur::should) break;
        const std::string part = Synonyms::key_of(kids[j].text, analyzer_);
        if (part.empty()) break;
        key += (key.empty() ? "" : " ") + part;
        if (j == i) continue;  // single words are expanded by words()
        for (const std::string& alternative : synonyms_->alternatives(key)) {
          should.push_back(phrase(alternative, prefix, positive));
        }
      }
    }
  }

  Result<Xapian::Query> and_not(const Node& n, const std::string& prefix, bool positive) {
    auto base = build(n.children.front(), prefix, positive);
    if (!base) return base;
    std::vector<Xapian::Query> subtract;
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      auto q = build(n.children[i], prefix, false);
      if (!q) return q;
      subtract.push_back(std::move(*q));
    }
    Xapian::Query excluded = combine(Xapian::Query::OP_OR, subtract);
    if (base->empty() || excluded.empty()) return base;
    return Xapian::Query(Xapian::Query::OP_AND_NOT, *base, excluded);
  }

  // NEAR joins positional terms: one word each (its exact form), a phrase's
  // words, or a prefix's expansions.
  Result<Xapian::Query> near(const Node& n, const std::string& prefix, bool positive) {
    std::vector<Xapian::Query> parts;
    for (const Node& child : n.children) {
      if (child.kind == Node::Kind::prefix) {
        auto q = wildcard(child, prefix, positive, Xapian::Query::OP_OR);
        if (!q) return q;
        parts.push_back(std::move(*q));
        continue;
      }
      std::vector<std::string> child_terms;
      const std::vector<LeafToken> child_tokens = analyze(child.text);
      const std::uint32_t ngram = analyzer_.options().ngram_size;
      for (std::size_t k = 0; k < child_tokens.size(); ++k) {
        const LeafToken& t = child_tokens[k];
        if (t.run != 0) {
          if ((t.kind == TokenKind::cjk_word) != words_only()) continue;
          if (!words_only()) {
            const bool has_ngrams = run_has_ngrams(child_tokens, k, ngram);
            if (has_ngrams ? t.chars != ngram : t.chars != 1) continue;
          }
        }
        child_terms.push_back(prefix + t.term);
      }
      if (child_terms.empty()) {
        return syntax_error("NEAR needs a word on each side", child.byte_begin);
      }
      for (const std::string& term : child_terms) {
        if (prefix.empty()) remember(term, positive);
        parts.emplace_back(term);
      }
    }
    return Xapian::Query(
        Xapian::Query::OP_NEAR, parts.begin(), parts.end(),
        std::max<Xapian::termcount>(n.distance, static_cast<Xapian::termcount>(parts.size())));
  }

  const Analyzer& analyzer_;
  const Xapian::Database& db_;
  const Synonyms* synonyms_;
};

// "Note: great film" reads as a field with no value; when the name is not a
// field herdex knows, the colon is taken as punctuation instead. Likewise a
// ')' that closes nothing.
bool is_known_field(const std::string& name, const Xapian::Database& db) {
  if (builtin_field(name) != nullptr) return true;
  const std::string prefix = detail::field_prefix(name);
  return db.allterms_begin(prefix) != db.allterms_end(prefix);
}

Result<QueryNode> parse_leniently(std::string text, const Xapian::Database& db) {
  std::optional<Error> stray_paren;
  for (int attempt = 0; attempt < 8; ++attempt) {
    auto parsed = parse_query(text);
    if (parsed) return parsed;
    const Error& e = parsed.error();
    // Only stray parentheses, taken as punctuation, left nothing: the
    // parenthesis is the problem, not an empty query.
    if (stray_paren && text.find_first_not_of(" \t\r\n") == std::string::npos) return *stray_paren;
    // A stray closing parenthesis in pasted text ("分ける事（分留)の") is
    // punctuation, not syntax: an unclosed '(' is still an error.
    if (e.column > 0 && e.column <= text.size() && text[e.column - 1] == ')' &&
        e.message.find("unmatched") != std::string::npos) {
      if (!stray_paren) stray_paren = e;
      text[e.column - 1] = ' ';
      continue;
    }
    const std::size_t colon = e.column - 1;
    if (e.column == 0 || colon >= text.size() || text[colon] != ':') return parsed;
    std::size_t start = colon;
    while (start > 0 &&
           (std::isalnum(static_cast<unsigned char>(text[start - 1])) || text[start - 1] == '_'))
      --start;
    std::string name = text.substr(start, colon - start);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (is_known_field(name, db)) return parsed;
    text[colon] = ' ';
  }
  return parse_query(text);
}

// True if `text` has a word that is not a stopword (or any CJK text).
bool has_content_words(const Analyzer& analyzer, std::string_view text) {
  CollectSink sink;
  (void)AnalyzerAccess::analyze(analyzer, text, AnalyzeMode::query, sink);  // repairs are harmless
  return std::any_of(sink.tokens.begin(), sink.tokens.end(),
                     [](const LeafToken& t) { return t.run != 0 || !is_stopword(t.term); });
}

}  // namespace

Result<BuiltQuery> build_query(const Analyzer& analyzer, const Xapian::Database& db,
                               std::string_view text, const Synonyms* synonyms, bool literal) {
  if (literal) {
    QueryNode node;
    node.kind = QueryNode::Kind::text;
    node.text = std::string(text);
    node.byte_end = text.size();
    Builder builder(analyzer, db, synonyms);
    builder.drop_stopwords = has_content_words(analyzer, text);
    auto query = builder.build(node, std::string(), true);
    if (!query) return std::move(query).error();
    if (query->empty()) return syntax_error("the query has no words to search for", 0);
    return BuiltQuery{std::move(*query), std::move(builder.terms), to_debug_string(node)};
  }
  auto parsed = parse_leniently(std::string(text), db);
  if (!parsed) return std::move(parsed).error();
  Builder builder(analyzer, db, synonyms);
  builder.drop_stopwords = has_content_words(analyzer, text);
  auto query = builder.build(*parsed, std::string(), true);
  if (!query) return std::move(query).error();
  if (query->empty()) {
    return syntax_error("the query has no words to search for", 0);
  }
  return BuiltQuery{std::move(*query), std::move(builder.terms), to_debug_string(*parsed)};
}

}  // namespace herdex::detail
