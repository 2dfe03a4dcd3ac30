#include "search/spelling.h"

#include <algorithm>
#include <vector>

#include "analysis/token_stream.h"
#include "search/query_builder.h"
#include "search/query_parser.h"
#include "store/schema.h"

namespace herdex::detail {
namespace {

class WordSink final : public TokenSink {
 public:
  void on_token(const TokenView& t) override {
    if (t.kind == TokenKind::word) {
      words.push_back({std::string(t.term), std::string(t.stem), t.byte_begin, t.byte_end});
    }
  }
  struct Word {
    std::string term;
    std::string stem;
    std::size_t begin;
    std::size_t end;
  };
  std::vector<Word> words;
};

bool is_lower_ascii_word(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

// The smallest string greater than every string starting with `prefix`;
// empty if there is none.
std::string successor(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xFFU) prefix.pop_back();
  if (!prefix.empty())
    prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1U);
  return prefix;
}

}  // namespace

std::string closest_term(const Xapian::Database& db, std::string_view word, std::size_t limit) {
  if (word.empty()) return {};
  // The term list is walked in order like a trie. Row i of the edit
  // distance table belongs to the candidate's first i bytes, so rows are
  // kept for the prefix the next candidate shares, and when a whole row
  // exceeds the limit no term with that prefix can be close enough: the
  // walk skips past all of them. On 50,000 reviews this visits a few
  // hundred terms of the thousands that share a first letter.
  const std::size_t width = word.size() + 1;
  std::vector<std::size_t> rows(width);
  for (std::size_t j = 0; j < width; ++j) rows[j] = j;
  std::string prefix;  // the bytes rows 1..prefix.size() were computed for
  std::string best;
  Xapian::doccount best_freq = 0;
  std::size_t best_distance = limit + 1;
  const std::string first(1, word.front());
  Xapian::TermIterator it = db.allterms_begin(first);
  const Xapian::TermIterator end = db.allterms_end(first);
  while (it != end) {
    const std::string candidate = *it;
    std::size_t i = 0;
    while (i < prefix.size() && i < candidate.size() && prefix[i] == candidate[i]) ++i;
    prefix.assign(candidate, 0, i);
    bool hopeless = false;
    for (; i < candidate.size(); ++i) {
      rows.resize((i + 2) * width);
      const std::size_t* above = &rows[i * width];
      std::size_t* row = &rows[(i + 1) * width];
      row[0] = i + 1;
      std::size_t row_min = row[0];
      for (std::size_t j = 1; j < width; ++j) {
        const std::size_t substitution = above[j - 1] + (candidate[i] == word[j - 1] ? 0 : 1);
        row[j] = std::min({above[j] + 1, row[j - 1] + 1, substitution});
        row_min = std::min(row_min, row[j]);
      }
      prefix.push_back(candidate[i]);
      if (row_min > limit) {
        hopeless = true;
        break;
      }
    }
    if (hopeless) {
      const std::string next = successor(prefix);
      if (next.empty()) break;
      it.skip_to(next);
      continue;
    }
    const std::size_t d = rows[candidate.size() * width + word.size()];
    if (d <= limit && candidate != word) {
      const Xapian::doccount freq = it.get_termfreq();
      if (d < best_distance || (d == best_distance && freq > best_freq)) {
        best = candidate;
        best_freq = freq;
        best_distance = d;
      }
    }
    ++it;
  }
  return best;
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (gap > limit) return limit + 1;
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, substitution});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

namespace {

// A free word's leaf: its text starts `offset` bytes into the node's
// span (after the quote of a phrase). `exact`: the leaf matches words as
// written (a phrase, a NEAR operand), not through their stems.
struct WordLeaf {
  const QueryNode* node;
  std::size_t offset;
  bool exact;
};

// The free words of a parsed query, as spans of the query: text and
// phrase leaves outside fields and ranges (a field's name and value are
// the user's choice of field, not words to correct) and not excluded.
void collect_words(const QueryNode& n, std::vector<WordLeaf>& out, bool exact = false) {
  if (n.occur == QueryNode::Occur::must_not) return;
  switch (n.kind) {
    case QueryNode::Kind::text:
      out.push_back({&n, 0, exact});
      return;
    case QueryNode::Kind::phrase:
      out.push_back({&n, 1, true});
      return;
    case QueryNode::Kind::all:
    case QueryNode::Kind::any:
      for (const QueryNode& c : n.children) collect_words(c, out, exact);
      return;
    case QueryNode::Kind::near:
      for (const QueryNode& c : n.children) collect_words(c, out, true);
      return;
    case QueryNode::Kind::and_not:
      if (!n.children.empty()) collect_words(n.children.front(), out, exact);
      return;
    default:
      return;
  }
}

// Estimated matches of `query`; 0 if it does not build.
Xapian::doccount count_matches(const Analyzer& analyzer, const Xapian::Database& db,
                               std::string_view query, const Synonyms* synonyms, bool literal,
                               Xapian::doccount at_least) {
  auto built = build_query(analyzer, db, query, synonyms, literal);
  if (!built) return 0;
  Xapian::Enquire enquire(db);
  enquire.set_query(built->query);
  return enquire.get_mset(0, 0, at_least).get_matches_estimated();
}

}  // namespace

std::string suggest_spelling(const Analyzer& analyzer, const Xapian::Database& db,
                             std::string_view query, const Synonyms* synonyms, bool literal,
                             std::size_t matches) {
  // A literal query is one run of plain words.
  QueryNode whole;
  whole.text = std::string(query);
  whole.byte_end = query.size();
  auto parsed = literal ? Result<QueryNode>(std::move(whole)) : parse_query(query);
  if (!parsed) return {};
  std::vector<WordLeaf> leaves;
  collect_words(*parsed, leaves);
  std::string corrected(query);
  bool changed = false;
  // Replace from the end so earlier byte offsets stay valid.
  for (auto leaf = leaves.rbegin(); leaf != leaves.rend(); ++leaf) {
    WordSink sink;
    (void)AnalyzerAccess::analyze(analyzer, leaf->node->text, AnalyzeMode::query,
                                  sink);  // repairs are harmless
    for (auto w = sink.words.rbegin(); w != sink.words.rend(); ++w) {
      if (!is_lower_ascii_word(w->term) || w->term.size() < 3 || db.term_exists(w->term)) continue;
      // "required" finds "requires" through its stem: nothing to correct
      // (unless the word must match as written).
      if (!leaf->exact && !w->stem.empty() && db.term_exists(std::string(kStemPrefix) + w->stem)) {
        continue;
      }
      const std::size_t limit = w->term.size() < 5 ? 1 : 2;
      const std::string best = closest_term(db, w->term, limit);
      if (best.empty()) continue;
      corrected.replace(leaf->node->byte_begin + leaf->offset + w->begin, w->end - w->begin, best);
      changed = true;
    }
  }
  if (!changed) return {};
  // Only a correction that finds more than the query did is worth showing.
  const auto at_least = static_cast<Xapian::doccount>(matches + 1);
  if (count_matches(analyzer, db, corrected, synonyms, literal, at_least) <= matches) return {};
  return corrected;
}

}  // namespace herdex::detail
