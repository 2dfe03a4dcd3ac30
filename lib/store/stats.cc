#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "herdex/database.h"
#include "store/database.h"

namespace herdex {

Result<DatabaseStats> database_stats(const std::string& path) {
  auto db = detail::open_readable(path);
  if (!db) return std::move(db).error();
  return detail::retry_on_modified(*db, path, [&]() -> Result<DatabaseStats> {
    DatabaseStats stats;
    stats.path = path;
    stats.documents = db->get_doccount();
    stats.format = db->get_metadata(detail::kFormatKey);
    stats.analyzer = db->get_metadata(detail::kAnalyzerKey);
    std::map<std::string, std::size_t> langs;
    for (auto it = db->valuestream_begin(detail::kSlotLang); it != db->valuestream_end(detail::kSlotLang); ++it) {
      ++langs[*it];
    }
    for (auto it = db->valuestream_begin(detail::kSlotPassages);
         it != db->valuestream_end(detail::kSlotPassages); ++it) {
      stats.passages += static_cast<std::size_t>(Xapian::sortable_unserialise(*it));
    }
    stats.languages.assign(langs.begin(), langs.end());
    std::stable_sort(stats.languages.begin(), stats.languages.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (auto it = db->allterms_begin(); it != db->allterms_end(); ++it) ++stats.terms;
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path, ec)) {
      std::error_code size_ec;
      if (entry.is_regular_file(size_ec)) stats.size_bytes += entry.file_size(size_ec);
    }
    return stats;
  });
}

}  // namespace herdex
