// Stage 2 of indexing (read -> build -> write): turning a Document that
// ingest read into the Xapian document the writer adds. Pure computation
// over one document: analysis (ICU, folding, stemming, CJK units), page
// boilerplate, passages and the stored record. It touches no database, so
// several builders (one per thread: an Analyzer is not shared) run in
// parallel while one writer writes (index/bulk_loader.h,
// IndexWriter::Impl).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

#include "herdex/analyzer.h"
#include "herdex/document.h"
#include "herdex/error.h"
#include "herdex/index.h"
#include "index/passage_splitter.h"
#include "store/passage_stats.h"

namespace herdex::detail {

/// What decides "unchanged": the document as read and every setting that
/// changes what is stored for it, so that indexing with other settings
/// re-indexes each document read (never a silent mix of old and new
/// passages). The analyzer is not here: a database keeps the one it was
/// built with.
std::string content_hash(const Document& d, const IndexOptions& options);

/// Whether `d` can be stored at all (its id's length, its size):
/// `invalid_argument` naming the problem otherwise.
Result<void> check_storable(const Document& d);

/// A built document and what building it found.
struct BuiltDocument {
  Xapian::Document doc;
  std::size_t repaired_bytes = 0;  ///< invalid UTF-8 bytes replaced in the stored text
  std::size_t dropped_bytes = 0;   ///< page boilerplate kept out of terms and passages
  PassageTotals passages;          ///< of the stored record's passages
  /// With `list_stem_words`: the metadata keys of the document's (stem,
  /// word) pairs (store/stem_words.h), sorted, without repeats. The writer
  /// sets each on the database in the commit that adds the document.
  std::vector<std::string> stem_words;
};

class DocumentBuilder {
 public:
  /// `analyzer` is the database's; `options` gives passage sizes and
  /// whether boilerplate is kept.
  DocumentBuilder(Analyzer analyzer, const IndexOptions& options);

  /// The Xapian document for `d`: terms with positions, value slots (the
  /// content hash `hash` among them) and the encoded record as its data.
  /// `list_stem_words`: for a database that lists stem words
  /// (store/stem_words.h); false keeps each stem's positions on the stem.
  BuiltDocument build(const Document& d, const std::string& hash, bool list_stem_words);

  const Analyzer& analyzer() const { return analyzer_; }

 private:
  Analyzer analyzer_;
  std::size_t passage_words_;
  std::size_t passage_overlap_words_;
  bool keep_boilerplate_;
  std::vector<TokenSpot> spots_;  // scratch, reused between documents
};

}  // namespace herdex::detail
