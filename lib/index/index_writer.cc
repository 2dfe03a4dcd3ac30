#include "herdex/index.h"

#include <xapian.h>

#include <filesystem>

#include <algorithm>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "analysis/script.h"
#include "analysis/settings.h"
#include "analysis/token_stream.h"
#include "index/boilerplate.h"
#include "ingest/extract/extractor.h"
#include "index/passage_splitter.h"
#include "index/terms.h"
#include "store/database.h"
#include "store/record.h"
#include "store/shards.h"
#include "store/xapian_error.h"
#include "util/hash.h"
#include "util/utf8.h"

namespace herdex {
namespace {

constexpr std::size_t kMaxIdBytes = 200;
// Records hold 32-bit passage offsets; 1 GiB leaves a wide margin.
constexpr std::size_t kMaxTextBytes = std::size_t{1} << 30;

// Adds the body's tokens to a Xapian document and notes where each position
// lies, for the passage splitter.
class BodySink final : public detail::TokenSink {
 public:
  BodySink(Xapian::Document& doc, std::vector<detail::TokenSpot>& spots)
      : doc_(doc), spots_(spots) {}

  void on_token(const detail::TokenView& t) override {
    term_.assign(t.term);
    doc_.add_posting(term_, t.position + 1);  // Xapian positions start at 1
    if (!t.stem.empty()) {
      // A stem that differs from its word keeps the position too, so that
      // search finds where "lonely" matched Zlone without analyzing the
      // text again; where they are equal the word's own positions serve.
      term_.assign(detail::kStemPrefix).append(t.stem);
      if (t.stem != t.term) {
        doc_.add_posting(term_, t.position + 1);
      } else {
        doc_.add_term(term_);
      }
    }
    detail::note_token(spots_, t);
  }

 private:
  Xapian::Document& doc_;
  std::vector<detail::TokenSpot>& spots_;
  std::string term_;
};

// Adds tokens of a metadata field under a prefix. Title words also go into
// the body field without positions, boosted.
class FieldSink final : public detail::TokenSink {
 public:
  FieldSink(Xapian::Document& doc, std::string_view prefix, bool positions, unsigned body_boost)
      : doc_(doc), prefix_(prefix), positions_(positions), body_boost_(body_boost) {}

  void on_token(const detail::TokenView& t) override {
    term_.assign(prefix_).append(t.term);
    if (positions_) {
      doc_.add_posting(term_, t.position + 1);
    } else {
      doc_.add_term(term_);
    }
    if (!t.stem.empty()) {
      term_.assign(prefix_).append(detail::kStemPrefix).append(t.stem);
      doc_.add_term(term_);
    }
    if (body_boost_ > 0) {
      doc_.add_term(std::string(t.term), body_boost_);
      if (!t.stem.empty()) {
        term_.assign(detail::kStemPrefix).append(t.stem);
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

std::string content_hash(const Document& d) {
  detail::ContentHasher h;
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

std::string lower_ascii(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

}  // namespace


struct IndexWriter::Impl {
  std::string path;
  IndexOptions options;
  // One database, or the shards of a sharded one; a document lives in the
  // shard its id hashes to (detail::shard_for_id).
  detail::WritableShards shards;
  Analyzer analyzer;
  std::size_t pending_documents = 0;
  std::size_t pending_bytes = 0;
  std::vector<detail::TokenSpot> spots;
  std::size_t last_dropped_bytes = 0;  // boilerplate bytes of the last document built

  Impl(std::string p, IndexOptions o, detail::WritableShards d, Analyzer a)
      : path(std::move(p)), options(std::move(o)), shards(std::move(d)), analyzer(std::move(a)) {}

  Result<WriteOutcome> add(const Document& document, std::size_t* repaired);
  Xapian::Document build(const Document& d, const std::string& hash, std::size_t* repaired);
  Result<void> maybe_commit();
  Result<void> commit();
  Result<std::size_t> prune(const std::unordered_set<std::string>& keep);
};

Result<std::size_t> IndexWriter::Impl::prune(const std::unordered_set<std::string>& keep) {
  std::size_t deleted = 0;
  for (std::size_t shard = 0; shard < shards.dbs.size(); ++shard) {
    Xapian::WritableDatabase& db = shards.dbs[shard];
    try {
      std::vector<std::string> doomed;
      const std::string prefix(detail::kIdPrefix);
      for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        const std::string term = *it;
        if (keep.count(term.substr(prefix.size())) == 0) doomed.push_back(term);
      }
      for (const std::string& term : doomed) {
        db.delete_document(term);
        ++pending_documents;
        if (auto ok = maybe_commit(); !ok) return std::move(ok).error();
      }
      deleted += doomed.size();
    } catch (const Xapian::Error& e) {
      return shards.error_in(shard, e, options.timeout_ms);
    }
  }
  return deleted;
}

Xapian::Document IndexWriter::Impl::build(const Document& d, const std::string& hash,
                                          std::size_t* repaired) {
  Xapian::Document doc;
  detail::StoredDocument rec;
  rec.id = d.id;
  rec.title = d.title;
  rec.source = d.source;
  rec.source_offset = d.source_offset;
  rec.author = d.author;
  rec.date = d.date;
  rec.rating = d.rating;
  rec.fields = d.fields;
  rec.text = d.text;
  const std::size_t bad = detail::repair_utf8(rec.text);
  if (repaired != nullptr) *repaired += bad;

  // Page boilerplate is stored but neither indexed nor made into passages;
  // the language is that of what is kept.
  const detail::KeptText kept(rec.text, d.boilerplate, options.keep_boilerplate);
  const std::string_view indexed = kept.text();
  last_dropped_bytes = kept.dropped_bytes();
  detail::LanguageGuess guess;
  if (d.lang.empty()) guess = detail::detect_language(indexed);
  rec.lang = d.lang.empty() ? guess.tag : d.lang;
  spots.clear();
  BodySink body(doc, spots);
  (void)AnalyzerAccess::analyze(analyzer, indexed, AnalyzeMode::index, body);  // already repaired

  const auto sentences = AnalyzerAccess::sentences(analyzer, indexed);
  rec.passages = detail::split_kept_passages(
      kept, sentences, spots,
      detail::PassageLimits{options.passage_words, options.passage_overlap_words});
  rec.positions = detail::position_extents(spots);

  if (!rec.title.empty()) {
    FieldSink title(doc, detail::kTitlePrefix, true, detail::kTitleWdfBoost);
    (void)AnalyzerAccess::analyze(analyzer, rec.title, AnalyzeMode::index, title);
  }
  if (!rec.author.empty()) {
    FieldSink author(doc, detail::kAuthorPrefix, false, 0);
    (void)AnalyzerAccess::analyze(analyzer, rec.author, AnalyzeMode::index, author);
  }
  if (!rec.source.empty()) {
    FieldSink source(doc, detail::kSourcePrefix, false, 0);
    (void)AnalyzerAccess::analyze(analyzer, rec.source, AnalyzeMode::index, source);
  }
  for (const auto& [name, value] : rec.fields) {
    FieldSink field(doc, detail::field_prefix(name), false, 0);
    (void)AnalyzerAccess::analyze(analyzer, value, AnalyzeMode::index, field);
  }
  if (!rec.lang.empty()) doc.add_boolean_term(std::string(detail::kLangPrefix) + lower_ascii(rec.lang));
  doc.add_boolean_term(detail::id_term(rec.id));

  doc.add_value(detail::kSlotContentHash, hash);
  if (!rec.date.empty()) doc.add_value(detail::kSlotDate, rec.date);
  if (rec.date.size() >= 4) doc.add_value(detail::kSlotYear, rec.date.substr(0, 4));
  if (!rec.author.empty()) doc.add_value(detail::kSlotAuthor, rec.author);
  if (rec.rating) doc.add_value(detail::kSlotRating, Xapian::sortable_serialise(*rec.rating));
  if (!rec.lang.empty()) doc.add_value(detail::kSlotLang, rec.lang);
  if (d.lang.empty() && !guess.tag.empty()) {
    doc.add_value(detail::kSlotLangConfidence, Xapian::sortable_serialise(guess.confidence));
  }
  if (kept.dropped_bytes() > 0) {
    doc.add_value(detail::kSlotBoilerplateBytes,
                  Xapian::sortable_serialise(static_cast<double>(kept.dropped_bytes())));
  }
  doc.add_value(detail::kSlotPassages,
                Xapian::sortable_serialise(static_cast<double>(rec.passages.size())));
  doc.set_data(detail::encode_record(rec));
  return doc;
}

Result<WriteOutcome> IndexWriter::Impl::add(const Document& d, std::size_t* repaired) {
  if (d.id.empty() || d.id.size() > kMaxIdBytes) {
    return Error{ErrorCode::invalid_argument,
                 fmt::format("document id must be 1 to {} bytes long (got {})", kMaxIdBytes,
                             d.id.size())};
  }
  if (d.text.size() > kMaxTextBytes) {
    return Error{ErrorCode::invalid_argument,
                 fmt::format("document '{}' is {} bytes, over herdex's limit of {}", d.id,
                             d.text.size(), kMaxTextBytes)};
  }
  Xapian::WritableDatabase& db = shards.for_id(d.id);
  try {
    const std::string id_term = detail::id_term(d.id);
    const std::string hash = content_hash(d);
    bool existed = false;
    Xapian::PostingIterator it = db.postlist_begin(id_term);
    if (it != db.postlist_end(id_term)) {
      existed = true;
      if (db.get_document(*it, Xapian::DOC_ASSUME_VALID).get_value(detail::kSlotContentHash) == hash) {
        return WriteOutcome::unchanged;
      }
    }
    db.replace_document(id_term, build(d, hash, repaired));
    ++pending_documents;
    pending_bytes += d.text.size();
    if (auto ok = maybe_commit(); !ok) return std::move(ok).error();
    return existed ? WriteOutcome::updated : WriteOutcome::added;
  } catch (const Xapian::Error& e) {
    return shards.error_in(detail::shard_for_id(d.id, shards.dbs.size()), e, options.timeout_ms);
  }
}

Result<void> IndexWriter::Impl::maybe_commit() {
  if (pending_documents >= options.batch_documents || pending_bytes >= options.batch_bytes) {
    return commit();
  }
  return {};
}

Result<void> IndexWriter::Impl::commit() {
  const std::size_t count = shards.dbs.size();
  for (std::size_t shard = 0; shard < count; ++shard) {
    Xapian::WritableDatabase& db = shards.dbs[shard];
    try {
      // The metadata goes in the same commit as the documents, so a database
      // never holds documents without the record of what built them.
      db.set_metadata(detail::kFormatKey, detail::kFormatVersion);
      db.set_metadata(detail::kAnalyzerKey, analyzer.fingerprint());
      db.set_metadata(detail::kAnalyzerOptionsKey,
                      detail::encode_analyzer_options(analyzer.options()));
      db.set_metadata(detail::kExtractorKey, std::string(detail::kExtractorVersion));
      if (count > 1) {
        db.set_metadata(detail::kShardKey, std::to_string(shard));
        db.set_metadata(detail::kShardCountKey, std::to_string(count));
      }
      db.commit();
    } catch (const Xapian::Error& e) {
      return shards.error_in(shard, e, options.timeout_ms);
    }
  }
  pending_documents = 0;
  pending_bytes = 0;
  return {};
}

Result<IndexWriter> IndexWriter::open(const std::string& path, const IndexOptions& options) {
  if (options.batch_documents == 0 || options.passage_words == 0) {
    return Error{ErrorCode::invalid_argument, "batch size and passage size must be positive"};
  }
  if (!options.create_if_missing) {
    // Removing documents from nothing must not create a database.
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      Error e{ErrorCode::not_found, "no database here (create one with `herdex index`)"};
      e.path = path;
      return e;
    }
  }
  auto shards = detail::open_writable_shards(path, options.shards, options.timeout_ms);
  if (!shards) return std::move(shards).error();
  auto analyzer = detail::analyzer_from_settings(shards->analyzer_options,
                                                 shards->analyzer_fingerprint, options.analyzer);
  if (!analyzer) {
    Error e = std::move(analyzer).error();
    e.path = path;
    return e;
  }
  return IndexWriter(
      std::make_unique<Impl>(path, options, std::move(*shards), std::move(*analyzer)));
}

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

IndexWriter::~IndexWriter() {
  if (impl_ && impl_->pending_documents > 0) {
    (void)impl_->commit();  // documented: call commit() to see errors
  }
}

IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;

Result<WriteOutcome> IndexWriter::add(const Document& document) {
  return impl_->add(document, nullptr);
}

Result<bool> IndexWriter::remove(std::string_view id) {
  Xapian::WritableDatabase& db = impl_->shards.for_id(id);
  try {
    const std::string term = detail::id_term(id);
    if (db.postlist_begin(term) == db.postlist_end(term)) return false;
    db.delete_document(term);
    ++impl_->pending_documents;
    if (auto ok = impl_->maybe_commit(); !ok) return std::move(ok).error();
    return true;
  } catch (const Xapian::Error& e) {
    const auto& shards = impl_->shards;
    return shards.error_in(detail::shard_for_id(id, shards.dbs.size()), e,
                           impl_->options.timeout_ms);
  }
}

Result<void> IndexWriter::commit() { return impl_->commit(); }

Result<IndexReport> IndexWriter::add_paths(
    const std::vector<std::string>& paths, const IngestOptions& ingest,
    const std::function<void(const IndexProgress&)>& progress) {
  IndexReport report;
  IndexProgress state;
  IngestSink sink;
  for (const std::string& path : paths) state.total_bytes += input_bytes(path);
  sink.on_consumed = [&](std::uint64_t bytes) { state.input_bytes += bytes; };
  sink.on_problem = [&](const Error& e, ProblemKind kind) {
    if (kind == ProblemKind::skipped) ++report.skipped;
    if (kind == ProblemKind::error) ++report.errors;
    report.problems.push_back(e);
  };
  std::unordered_set<std::string> seen;
  sink.on_document = [&](Document&& doc) -> Result<void> {
    if (impl_->options.prune) seen.insert(doc.id);
    ++state.documents;
    state.bytes += doc.source_offset + doc.text.size();
    report.bytes += doc.text.size();
    auto outcome = impl_->add(doc, &report.repaired_bytes);
    if (!outcome) {
      Error e = std::move(outcome).error();
      // A problem with this document alone is reported and skipped; a
      // database failure stops the run.
      if (e.code != ErrorCode::invalid_argument) return e;
      if (e.path.empty()) e.path = doc.source;
      ++report.errors;
      report.problems.push_back(std::move(e));
    } else {
      switch (*outcome) {
        case WriteOutcome::added: ++report.added; break;
        case WriteOutcome::updated: ++report.updated; break;
        case WriteOutcome::unchanged: ++report.unchanged; break;
      }
      if (*outcome != WriteOutcome::unchanged && impl_->last_dropped_bytes > 0) {
        report.boilerplate_bytes += impl_->last_dropped_bytes;
        report.boilerplate.emplace_back(doc.id, impl_->last_dropped_bytes);
      }
    }
    if (progress) progress(state);
    return {};
  };
  for (const std::string& path : paths) {
    if (auto ok = read_documents(path, ingest, sink); !ok) {
      Error e = std::move(ok).error();
      if (e.code != ErrorCode::not_found) return e;
      ++report.errors;
      report.problems.push_back(std::move(e));
    }
  }
  if (impl_->options.prune) {
    // An input that could not be read would look like deleted documents;
    // pruning then would lose them, so it is skipped and said so.
    if (report.errors > 0) {
      report.problems.push_back(Error{ErrorCode::invalid_argument,
                                      "not pruning: some inputs could not be read"});
    } else if (auto pruned = impl_->prune(seen); !pruned) {
      return std::move(pruned).error();
    } else {
      report.deleted = *pruned;
    }
  }
  if (auto ok = impl_->commit(); !ok) return std::move(ok).error();
  return report;
}

}  // namespace herdex
