#include "support/old_layouts.h"

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

#include "store/database.h"
#include "store/schema.h"
#include "store/stem_words.h"

namespace herdex::testing {

void to_format_3_stems(const std::string& path) {
  Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
  const std::string prefix(detail::kStemWordKeyPrefix);
  std::vector<std::string> keys;
  std::vector<std::pair<std::string, std::string>> pairs;  // (stem term, word)
  for (auto k = db.metadata_keys_begin(prefix); k != db.metadata_keys_end(prefix); ++k) {
    const std::string key = *k;
    const std::size_t zero = key.find('\0', prefix.size());
    pairs.emplace_back(
        std::string(detail::kStemPrefix) + key.substr(prefix.size(), zero - prefix.size()),
        key.substr(zero + 1));
    keys.push_back(key);
  }
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    Xapian::Document doc = db.get_document(*d);
    bool changed = false;
    for (const auto& [stem, word] : pairs) {
      for (auto p = db.positionlist_begin(*d, word); p != db.positionlist_end(*d, word); ++p) {
        doc.add_posting(stem, *p, 0);  // the wdf is already counted
        changed = true;
      }
    }
    if (changed) db.replace_document(*d, doc);
  }
  for (const std::string& key : keys) db.set_metadata(key, std::string());
  db.set_metadata(detail::kStemWordsKey, std::string());
  db.set_metadata(detail::kFormatKey, "3");
  db.commit();
}

}  // namespace herdex::testing
