#include "index/document_builder.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "analysis/script.h"
#include "analysis/token_stream.h"
#include "index/boilerplate.h"
#include "ingest/extract/extractor.h"
#include "store/database.h"
#include "store/record.h"
#include "store/schema.h"
#include "store/stem_words.h"
#include "util/hash.h"
#include "util/utf8.h"

namespace herdex::detail {
namespace {

constexpr std::size_t kMaxIdBytes = 200;
// Records hold 32-bit passage offsets; 1 GiB leaves a wide margin.
constexpr std::size_t kMaxTextBytes = std::size_t{1} << 30;

// Adds the body's tokens to a Xapian document and notes where each position
// lies, for the passage splitter.
class BodySink final : public detail::TokenSink {
 public:
  // `stem_words`: null to keep a stem's positions on the stem term (a
  // database of format 3), else where the (stem, word) pairs of the
  // document go, as keys (store/stem_words.h).
  BodySink(Xapian::Document& doc, std::vector<detail::TokenSpot>& spots,
           std::vector<std::string>* stem_words)
      : doc_(doc), spots_(spots), stem_words_(stem_words) {}

  void on_token(const detail::TokenView& t) override {
    const bool word_made = detail::make_term(term_, {}, t.term);
    if (word_made) doc_.add_posting(term_, t.position + 1);  // Xapian positions start at 1
    if (!t.stem.empty() && detail::make_term(term_, {}, t.stem, true)) {
      // Where they are equal, the word's own positions serve the stem. Where
      // they differ, search finds where "lonely" matched Zlone from the
      // word's positions, through the pair listed for the database, or from
      // the stem's own (a format-3 database, a stem too long to list).
      if (t.stem == t.term) {
        doc_.add_term(term_);
      } else if (stem_words_ != nullptr && word_made &&
                 detail::make_stem_word_key(key_, t.stem, t.term)) {
        doc_.add_term(term_);
        stem_words_->push_back(key_);
      } else {
        doc_.add_posting(term_, t.position + 1);
      }
    }
    detail::note_token(spots_, t);
  }

 private:
  Xapian::Document& doc_;
  std::vector<detail::TokenSpot>& spots_;
  std::vector<std::string>* stem_words_;
  std::string term_;
  std::string key_;
};

// Adds tokens of a metadata field under a prefix. Title words also go into
// the body field without positions, boosted.
class FieldSink final : public detail::TokenSink {
 public:
  FieldSink(Xapian::Document& doc, std::string_view prefix, bool positions, unsigned body_boost)
      : doc_(doc), prefix_(prefix), positions_(positions), body_boost_(body_boost) {}

  void on_token(const detail::TokenView& t) override {
    // Terms over Xapian's limit are left out (a long field name and a long
    // word): the rest of the document is still indexed.
    if (detail::make_term(term_, prefix_, t.term)) {
      if (positions_) {
        doc_.add_posting(term_, t.position + 1);
      } else {
        doc_.add_term(term_);
      }
    }
    if (!t.stem.empty() && detail::make_term(term_, prefix_, t.stem, true)) doc_.add_term(term_);
    if (body_boost_ > 0) {
      if (detail::make_term(term_, {}, t.term)) doc_.add_term(term_, body_boost_);
      if (!t.stem.empty() && detail::make_term(term_, {}, t.stem, true)) {
        doc_.add_term(term_, body_boost_);
      }
    }
  }

 private:
  Xapian::Document& doc_;
  std::string prefix_;
  bool positions_;
  unsigned body_boost_;
  std::string term_;
};

}  // namespace

// What decides "unchanged": the document as read and every setting that
// changes what is stored for it, so that indexing with other settings
// re-indexes each document read (never a silent mix of old and new
// passages). The analyzer is not here: a database keeps the one it was
// built with.
std::string content_hash(const Document& d, const IndexOptions& o) {
  detail::ContentHasher h;
  h.add(fmt::format("passage_words={};overlap={};keep_boilerplate={}", o.passage_words,
                    o.passage_overlap_words, o.keep_boilerplate ? 1 : 0));
  h.add(d.title);
  h.add(d.text);
  h.add(d.source);
  h.add(std::to_string(d.source_offset));
  h.add(d.author);
  h.add(d.rating ? fmt::format("{}", *d.rating) : std::string());
  h.add(d.date);
  h.add(d.lang);
  for (const auto& [k, v] : d.fields) {
    h.add(k);
    h.add(v);
  }
  // What the page extractor made of the document, and which rules did it.
  for (const auto& [b, e] : d.boilerplate) h.add(fmt::format("{}-{}", b, e));
  h.add(detail::kExtractorVersion);
  return h.hex_digest();
}

Result<void> check_storable(const Document& d) {
  if (d.id.empty() || d.id.size() > kMaxIdBytes) {
    return Error{
        ErrorCode::invalid_argument,
        fmt::format("document id must be 1 to {} bytes long (got {})", kMaxIdBytes, d.id.size())};
  }
  if (d.text.size() > kMaxTextBytes) {
    return Error{ErrorCode::invalid_argument,
                 fmt::format("document '{}' is {} bytes, over herdex's limit of {}", d.id,
                             d.text.size(), kMaxTextBytes)};
  }
  return {};
}

DocumentBuilder::DocumentBuilder(Analyzer analyzer, const IndexOptions& options)
    : analyzer_(std::move(analyzer)),
      passage_words_(options.passage_words),
      passage_overlap_words_(options.passage_overlap_words),
      keep_boilerplate_(options.keep_boilerplate) {}

BuiltDocument DocumentBuilder::build(const Document& d, const std::string& hash,
                                     bool list_stem_words) {
  BuiltDocument out;
  Xapian::Document& doc = out.doc;
  detail::StoredDocument rec;
  static_cast<Document&>(rec) = d;  // the record is the document as indexed
  out.repaired_bytes = detail::repair_utf8(rec.text);

  // Page boilerplate is stored but neither indexed nor made into passages;
  // the language is that of what is kept.
  const detail::KeptText kept(rec.text, d.boilerplate, keep_boilerplate_);
  const std::string_view indexed = kept.text();
  out.dropped_bytes = kept.dropped_bytes();
  detail::LanguageGuess guess;
  if (d.lang.empty()) guess = detail::detect_language(indexed);
  rec.lang = d.lang.empty() ? guess.tag : d.lang;
  spots_.clear();
  BodySink body(doc, spots_, list_stem_words ? &out.stem_words : nullptr);
  (void)AnalyzerAccess::analyze(analyzer_, indexed, AnalyzeMode::index, body);  // already repaired

  const auto sentences = AnalyzerAccess::sentences(analyzer_, indexed);
  rec.passages = detail::split_kept_passages(
      kept, sentences, spots_, detail::PassageLimits{passage_words_, passage_overlap_words_});
  rec.positions = detail::position_extents(spots_);

  if (!rec.title.empty()) {
    FieldSink title(doc, detail::kTitlePrefix, true, detail::kTitleWdfBoost);
    (void)AnalyzerAccess::analyze(analyzer_, rec.title, AnalyzeMode::index, title);
  }
  if (!rec.author.empty()) {
    FieldSink author(doc, detail::kAuthorPrefix, false, 0);
    (void)AnalyzerAccess::analyze(analyzer_, rec.author, AnalyzeMode::index, author);
  }
  if (!rec.source.empty()) {
    FieldSink source(doc, detail::kSourcePrefix, false, 0);
    (void)AnalyzerAccess::analyze(analyzer_, rec.source, AnalyzeMode::index, source);
  }
  for (const auto& [name, value] : rec.fields) {
    FieldSink field(doc, detail::field_prefix(name), false, 0);
    (void)AnalyzerAccess::analyze(analyzer_, value, AnalyzeMode::index, field);
  }
  if (!rec.lang.empty()) {
    const std::string lang = detail::lang_term(rec.lang);
    if (lang.size() <= detail::kMaxTermBytes) doc.add_boolean_term(lang);
  }
  doc.add_boolean_term(detail::id_term(rec.id));  // at most 201 bytes: check_storable()

  doc.add_value(detail::kSlotContentHash, hash);
  if (!rec.source.empty()) doc.add_value(detail::kSlotSource, rec.source);
  if (d.source_line > 0) doc.add_value(detail::kSlotSourceLine, std::to_string(d.source_line));
  if (!rec.date.empty()) doc.add_value(detail::kSlotDate, rec.date);
  if (rec.date.size() >= 4) doc.add_value(detail::kSlotYear, rec.date.substr(0, 4));
  if (!rec.author.empty()) doc.add_value(detail::kSlotAuthor, rec.author);
  if (rec.rating) doc.add_value(detail::kSlotRating, Xapian::sortable_serialise(*rec.rating));
  if (!rec.lang.empty()) doc.add_value(detail::kSlotLang, rec.lang);
  // Fields are facets too (`--facets genre`): the first value of each.
  for (auto it = rec.fields.rbegin(); it != rec.fields.rend(); ++it) {
    doc.add_value(detail::field_slot(it->first), it->second);
  }
  if (d.lang.empty() && !guess.tag.empty()) {
    const std::string confidence = Xapian::sortable_serialise(guess.confidence);
    doc.add_value(detail::kSlotLangConfidence, confidence);
    rec.lang_confidence = Xapian::sortable_unserialise(confidence);  // as the slot holds it
  }
  if (kept.dropped_bytes() > 0) {
    doc.add_value(detail::kSlotBoilerplateBytes,
                  Xapian::sortable_serialise(static_cast<double>(kept.dropped_bytes())));
  }
  doc.add_value(detail::kSlotPassages,
                Xapian::sortable_serialise(static_cast<double>(rec.passages.size())));
  doc.set_data(detail::encode_record(rec));
  out.passages = detail::passage_totals(rec);
  std::sort(out.stem_words.begin(), out.stem_words.end());
  out.stem_words.erase(std::unique(out.stem_words.begin(), out.stem_words.end()),
                       out.stem_words.end());
  return out;
}

}  // namespace herdex::detail
