#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "herdex/database.h"
#include "store/database.h"
#include "store/schema.h"
#include "store/shards.h"

namespace herdex {
namespace {

std::size_t count_passages(const Xapian::Database& db) {
  std::size_t passages = 0;
  for (auto it = db.valuestream_begin(detail::kSlotPassages);
       it != db.valuestream_end(detail::kSlotPassages); ++it) {
    passages += static_cast<std::size_t>(Xapian::sortable_unserialise(*it));
  }
  return passages;
}

std::size_t count_terms(const Xapian::Database& db) {
  std::size_t terms = 0;
  for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it) ++terms;
  return terms;
}

std::uint64_t bytes_under(const std::string& path) {
  std::uint64_t bytes = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path, ec)) {
    std::error_code size_ec;
    if (entry.is_regular_file(size_ec)) bytes += entry.file_size(size_ec);
  }
  return bytes;
}

}  // namespace

Result<DatabaseStats> database_stats(const std::string& path, const OpenOptions& options) {
  auto shards = detail::ShardSet::open(path, options);
  if (!shards) return std::move(shards).error();
  return shards->read([&]() -> Result<DatabaseStats> {
    const Xapian::Database& db = shards->db();
    DatabaseStats stats;
    stats.path = path;
    stats.documents = db.get_doccount();
    stats.analyzer = shards->analyzer_fingerprint();
    std::map<std::string, std::size_t> langs;
    for (auto it = db.valuestream_begin(detail::kSlotLang);
         it != db.valuestream_end(detail::kSlotLang); ++it) {
      ++langs[*it];
    }
    stats.languages.assign(langs.begin(), langs.end());
    for (auto it = db.valuestream_begin(detail::kSlotBoilerplateBytes);
         it != db.valuestream_end(detail::kSlotBoilerplateBytes); ++it) {
      stats.boilerplate_bytes += static_cast<std::uint64_t>(Xapian::sortable_unserialise(*it));
      ++stats.boilerplate_documents;
    }
    std::stable_sort(stats.languages.begin(), stats.languages.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const detail::ShardSet::Open& shard : shards->shards()) {
      ShardStats s;
      s.name = shard.location.name();
      s.documents = shard.db.get_doccount();
      s.passages = count_passages(shard.db);
      s.terms = count_terms(shard.db);
      if (!shard.location.remote()) s.size_bytes = bytes_under(shard.location.path);
      if (stats.format.empty()) stats.format = shard.db.get_metadata(detail::kFormatKey);
      if (stats.extractor.empty()) stats.extractor = shard.db.get_metadata(detail::kExtractorKey);
      stats.passages += s.passages;
      stats.size_bytes += s.size_bytes;
      stats.shards.push_back(std::move(s));
    }
    // Shards share most of their vocabulary: count it over all of them.
    stats.terms = stats.shards.size() == 1 ? stats.shards.front().terms : count_terms(db);
    stats.failed_shards = shards->failed();
    return stats;
  });
}

}  // namespace herdex
