#include "store/passage_stats.h"

#include <charconv>

#include <fmt/format.h>

#include "store/database.h"

namespace herdex::detail {

PassageTotals& PassageTotals::operator+=(const PassageTotals& other) {
  passages += other.passages;
  positions += other.positions;
  return *this;
}

PassageTotals& PassageTotals::operator-=(const PassageTotals& other) {
  passages = passages > other.passages ? passages - other.passages : 0;
  positions = positions > other.positions ? positions - other.positions : 0;
  return *this;
}

PassageTotals passage_totals(const StoredDocument& doc) {
  PassageTotals totals;
  for (const StoredPassage& p : doc.passages) {
    ++totals.passages;
    if (p.position_end > p.position_begin) totals.positions += p.position_end - p.position_begin;
  }
  return totals;
}

PassageTotals passage_totals_of_data(const std::string& data) {
  auto record = decode_record(data);
  return record ? passage_totals(*record) : PassageTotals{};
}

std::string encode_passage_totals(const PassageTotals& totals) {
  return fmt::format("{} {}", totals.passages, totals.positions);
}

std::optional<PassageTotals> decode_passage_totals(std::string_view text) {
  PassageTotals totals;
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, totals.passages);
  if (ec != std::errc() || p == end || *p != ' ') return std::nullopt;
  auto [q, ec2] = std::from_chars(p + 1, end, totals.positions);
  if (ec2 != std::errc() || q != end) return std::nullopt;
  return totals;
}

std::optional<PassageTotals> read_passage_totals(const Xapian::Database& db) {
  const std::string stored = db.get_metadata(kPassageTotalsKey);
  if (stored.empty()) {
    if (db.get_doccount() == 0) return PassageTotals{};
    return std::nullopt;
  }
  return decode_passage_totals(stored);
}

std::string encode_passage_settings(std::size_t passage_words, std::size_t passage_overlap_words,
                                    bool keep_boilerplate) {
  return fmt::format("words={} overlap={} boilerplate={}", passage_words, passage_overlap_words,
                     keep_boilerplate ? "kept" : "dropped");
}

std::string PassageTotalsCompactor::resolve_duplicate_metadata(const std::string& key,
                                                               size_t num_tags,
                                                               const std::string tags[]) {
  // Xapian 1.4's glass compactor passes the key as its table stores it,
  // after the two bytes that mark user metadata ("\0\xc0").
  std::string_view name = key;
  if (name.size() >= 2 && name[0] == '\0' && name[1] == '\xc0') name.remove_prefix(2);
  if (name != kPassageTotalsKey) return tags[0];
  PassageTotals sum;
  for (size_t i = 0; i < num_tags; ++i) {
    // A source whose totals do not decode makes the sum unknown: dropping
    // the key (an empty tag) lets search fall back.
    const auto totals = decode_passage_totals(tags[i]);
    if (!totals) return std::string();
    sum += *totals;
  }
  return encode_passage_totals(sum);
}

}  // namespace herdex::detail
