// The passage statistics a database keeps for search: how many passages
// its documents hold and how many term positions they cover, as running
// totals in Xapian metadata (kPassageTotalsKey), updated by every commit
// that adds, replaces or deletes documents and summed when partial
// databases merge. Search divides one by the other for BM25's average
// passage length (search/passage_ranker.h).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/record.h"

namespace herdex::detail {

/// Passages and the positions they cover (position_end - position_begin,
/// summed; overlapping passages count their shared positions twice).
struct PassageTotals {
  std::uint64_t passages = 0;
  std::uint64_t positions = 0;

  PassageTotals& operator+=(const PassageTotals& other);
  /// Never below zero.
  PassageTotals& operator-=(const PassageTotals& other);
  bool operator==(const PassageTotals& other) const {
    return passages == other.passages && positions == other.positions;
  }
  bool operator!=(const PassageTotals& other) const { return !(*this == other); }
};

/// The totals of one document's passages.
PassageTotals passage_totals(const StoredDocument& doc);

/// The totals of a stored Xapian document (its record): zero if the
/// record does not decode.
PassageTotals passage_totals_of_data(const std::string& data);

/// "PASSAGES POSITIONS" in decimal.
std::string encode_passage_totals(const PassageTotals& totals);
/// Empty unless `text` is what encode_passage_totals() makes.
std::optional<PassageTotals> decode_passage_totals(std::string_view text);

/// The totals stored in `db` (one database, not a set of shards: Xapian's
/// get_metadata() reads the first shard only). An empty database without
/// them has zero totals; empty for a database with documents that was
/// built before herdex kept them. Xapian errors propagate.
std::optional<PassageTotals> read_passage_totals(const Xapian::Database& db);

/// The settings that cut passages, as stored under kPassageSettingsKey.
std::string encode_passage_settings(std::size_t passage_words, std::size_t passage_overlap_words,
                                    bool keep_boilerplate);

/// A compactor for merging partial databases: the passage totals of the
/// sources are summed; other metadata comes from the first source that has
/// the key.
class PassageTotalsCompactor : public Xapian::Compactor {
 public:
  std::string resolve_duplicate_metadata(const std::string& key, size_t num_tags,
                                         const std::string tags[]) override;
};

}  // namespace herdex::detail
