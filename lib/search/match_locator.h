// Where a hit's text matches the query: the byte range of every token that
// matched a query term, for passage scoring and highlights.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "herdex/analyzer.h"
#include "search/snippet.h"
#include "store/record.h"
#include "store/stem_words.h"

namespace herdex::detail {

/// Finds matches from the positions Xapian stores for each query term in
/// the document and the record's position extents, so the hit's text is
/// never analyzed again (the cost of that grew with the text; this grows
/// with the matches). An index of CJK dictionary words, whose tokens span
/// a variable number of positions, is matched by analyzing the text.
///
/// A stem's matches are those of the words it was made from: each listed
/// word is looked up as a term of its own, and the stem term too where it
/// holds positions (store/stem_words.h).
///
/// Both ways give the same spans: one per matched token, the token's whole
/// byte range, the word itself preferred over its stem. Not thread-safe;
/// one per search.
class MatchLocator {
 public:
  /// `terms` are the query's body terms (BuiltQuery::terms); a span's
  /// `term` indexes them. `mset`, the match these hits come from, knows
  /// how many documents hold each query term at no cost: a term none
  /// holds is not looked up in every hit (each lookup reads index blocks,
  /// and is a round trip to a remote shard). `stems` says where the
  /// positions of stem terms are (store/stem_words.h); null reads it from
  /// `db`, which must then be one database, not a set.
  MatchLocator(const Xapian::Database& db, const Analyzer& analyzer,
               const std::vector<std::string>& terms, const Xapian::MSet* mset = nullptr,
               const StemWords* stems = nullptr);

  /// Tells the locator which documents it will be asked about (`dids`,
  /// ascending). Each term that few documents hold has its postings walked
  /// once over them, so that locate() looks up its positions only in the
  /// hits that hold it: opening a position list reads index blocks afresh
  /// (Xapian gives each its own B-tree cursor), which cost two block reads
  /// per query term per hit, and a prefix query has dozens of terms.
  /// Optional: without it every term is looked up in every hit.
  void expect(const std::vector<Xapian::docid>& dids);
  /// Matches in `doc` (document `did` of the database), sorted by byte.
  std::vector<MatchSpan> locate(Xapian::docid did, const StoredDocument& doc);

  /// The way that does not use positions, for comparison in tests.
  std::vector<MatchSpan> locate_by_analysis(const StoredDocument& doc) const;

 private:
  enum class Shape : std::uint8_t { word, stem, stem_word, cjk_char, cjk_gram };
  struct Probe {
    std::string term;   // as indexed
    std::size_t index;  // into the query's terms
    Shape shape;
    Xapian::doccount termfreq;  // documents holding `term`
    // After expect(), for a term whose postings were walked: the expected
    // hits that hold it, ascending.
    std::optional<std::vector<Xapian::docid>> holders;
  };

  const Xapian::Database& db_;
  const Analyzer& analyzer_;
  const std::vector<std::string>& terms_;
  void add_stem_probes(const std::string& term, std::size_t index, Xapian::doccount freq,
                       const StemWords& stems, const Xapian::Stem& stemmer);

  std::vector<Probe> probes_;  // sorted by term
  bool by_positions_;
  // For analysis: each query term's index, built once per search.
  std::unordered_map<std::string, std::size_t> term_index_;
};

}  // namespace herdex::detail
