#include "store/stem_words.h"

#include <algorithm>
#include <utility>

namespace herdex::detail {

bool make_stem_word_key(std::string& key, std::string_view stem, std::string_view word) {
  key.assign(kStemWordKeyPrefix).append(stem).push_back('\0');
  key.append(word);
  return key.size() <= kMaxStemWordKeyBytes;
}

bool lists_stem_words(const Xapian::Database& db) {
  return db.get_metadata(kStemWordsKey) == kStemWordsValue;
}

void StemWordWriter::add(Xapian::WritableDatabase& db, const std::vector<std::string>& keys) {
  for (const std::string& key : keys) {
    if (set_.insert(key).second) db.set_metadata(key, "1");
  }
}

StemWords::StemWords(std::vector<Xapian::Database> shards) {
  for (Xapian::Database& db : shards) {
    if (lists_stem_words(db)) {
      listing_.push_back(std::move(db));
    } else {
      some_stem_positions_ = true;
    }
  }
}

std::vector<std::string> StemWords::words(std::string_view stem) const {
  std::string prefix(kStemWordKeyPrefix);
  prefix.append(stem).push_back('\0');
  std::vector<std::string> out;
  for (const Xapian::Database& db : listing_) {
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) {
      out.push_back((*it).substr(prefix.size()));
    }
  }
  if (listing_.size() > 1) {
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
  return out;
}

}  // namespace herdex::detail
