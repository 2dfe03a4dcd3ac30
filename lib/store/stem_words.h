// Where a stem's positions are: the words it was made from.
//
// A body stem ("Zlone") that differs from its word ("lonely") needs the
// word's positions for highlights. Databases of format 3 and before copy
// them onto the stem term, which took 13% of a bulk-loaded database and
// 14% of its indexing CPU time (25,000 IMDB reviews). A database
// marked kStemWordsKey stores no stem positions; instead it lists, for
// every stem, the words it came from, one metadata key per pair
// ("herdex.sw:" stem "\0" word, value "1"), and search reads the positions
// of those words. Keys rather than one list per stem: a writer only adds,
// never reads back before a commit, and the compactor's union of two
// databases' keys is the union of their lists. A stale pair (its
// documents deleted) costs a term frequency lookup, nothing more.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace herdex::detail {

/// Metadata marking a database whose stems carry no positions; its value.
inline constexpr const char* kStemWordsKey = "herdex.stems";
inline constexpr std::string_view kStemWordsValue = "by-word";
/// Prefix of the metadata key of each (stem, word) pair.
inline constexpr std::string_view kStemWordKeyPrefix = "herdex.sw:";
/// A pair whose key would be longer keeps its positions on the stem term
/// (Xapian limits a metadata key as it limits a term). Snowball stems
/// shorten a word by a few letters, so a stem of at most kMaxListedStem
/// bytes always has its pairs listed; search reads the positions of longer
/// stems from the stem term itself.
inline constexpr std::size_t kMaxStemWordKeyBytes = 220;
inline constexpr std::size_t kMaxListedStem = 80;

/// The key of the pair (`stem`, `word`) in `key`, or false when it would
/// be longer than kMaxStemWordKeyBytes.
bool make_stem_word_key(std::string& key, std::string_view stem, std::string_view word);

/// Whether `db` (one database, not a set) lists stem words.
bool lists_stem_words(const Xapian::Database& db);

/// Sets the pairs of documents written to one database, each once per
/// writer (setting a key again rewrites its B-tree entry for nothing).
class StemWordWriter {
 public:
  /// Sets `keys` (BuiltDocument::stem_words) on `db` that this writer has
  /// not set before. They become part of the next commit, with the
  /// documents. May throw Xapian errors.
  void add(Xapian::WritableDatabase& db, const std::vector<std::string>& keys);

 private:
  std::unordered_set<std::string> set_;
};

/// The stems of a set of databases and where their positions are.
class StemWords {
 public:
  /// Reads, for each of `shards` (each one database), whether it lists its
  /// stem words. May throw Xapian errors.
  explicit StemWords(std::vector<Xapian::Database> shards);

  /// Whether some shard keeps positions on its stem terms (format 3 and
  /// before): the stem term's own positions are then to be read as well.
  bool some_stem_positions() const { return some_stem_positions_; }
  /// Whether the positions of `stem` (without the prefix) may be on the
  /// stem term even in a database that lists stem words (a stem too long
  /// to list, see kMaxListedStem).
  static bool may_hold_positions(std::string_view stem) { return stem.size() > kMaxListedStem; }
  /// The words listed for `stem` by any shard, sorted, without repeats.
  std::vector<std::string> words(std::string_view stem) const;

 private:
  std::vector<Xapian::Database> listing_;  // the shards that list stem words
  bool some_stem_positions_ = false;
};

}  // namespace herdex::detail
