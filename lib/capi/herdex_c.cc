// The C API (include/herdex/herdex_c.h) over the C++ API. Each handle is a
// small struct holding the C++ object; hits and passages are the C++ values
// themselves, seen through incomplete C types. Every entry point is
// noexcept: C++ exceptions (in practice only std::bad_alloc) are caught
// here and become status codes, because unwinding into C is undefined.
#include "herdex/herdex_c.h"

#include <cstring>
#include <exception>
#include <new>
#include <optional>
#include <string>
#include <utility>

#include "herdex/error.h"
#include "herdex/index.h"
#include "herdex/search.h"
#include "herdex/version.h"

struct herdex_error {
  herdex_status status = HERDEX_ERR_INTERNAL;
  std::string message;  // Error::describe(): location and message.
  std::string path;
  std::size_t line = 0;
  std::size_t column = 0;
};

struct herdex_index_options {
  herdex::IndexOptions options;
};

struct herdex_writer {
  explicit herdex_writer(herdex::IndexWriter w) : writer(std::move(w)) {}
  herdex::IndexWriter writer;
};

struct herdex_document {
  herdex::Document document;
};

struct herdex_searcher {
  explicit herdex_searcher(herdex::Searcher s) : searcher(std::move(s)) {}
  herdex::Searcher searcher;
};

struct herdex_search_options {
  herdex::SearchOptions options;
};

struct herdex_results {
  herdex::SearchResults results;
};

namespace {

// Handed out when even the error object cannot be allocated. Its strings
// fit the small-string buffer, so building it allocates nothing; it is
// never deleted (herdex_error_free() recognizes it).
herdex_error g_no_memory{HERDEX_ERR_NO_MEMORY, "out of memory", "", 0, 0};

herdex_status status_of(herdex::ErrorCode code) {
  switch (code) {
    case herdex::ErrorCode::invalid_argument:
      return HERDEX_ERR_INVALID_ARGUMENT;
    case herdex::ErrorCode::not_found:
      return HERDEX_ERR_NOT_FOUND;
    case herdex::ErrorCode::already_exists:
      return HERDEX_ERR_ALREADY_EXISTS;
    case herdex::ErrorCode::locked:
      return HERDEX_ERR_LOCKED;
    case herdex::ErrorCode::corrupt:
      return HERDEX_ERR_CORRUPT;
    case herdex::ErrorCode::version_mismatch:
      return HERDEX_ERR_VERSION_MISMATCH;
    case herdex::ErrorCode::io_error:
      return HERDEX_ERR_IO;
    case herdex::ErrorCode::query_syntax:
      return HERDEX_ERR_QUERY_SYNTAX;
    case herdex::ErrorCode::unsupported:
      return HERDEX_ERR_UNSUPPORTED;
    case herdex::ErrorCode::internal:
      return HERDEX_ERR_INTERNAL;
  }
  return HERDEX_ERR_INTERNAL;
}

herdex_status no_memory(herdex_error** out) noexcept {
  if (out != nullptr) *out = &g_no_memory;
  return HERDEX_ERR_NO_MEMORY;
}

// Stores `error` in *out (if out is not null) and returns its status.
herdex_status fail(herdex_error** out, const herdex::Error& error) noexcept {
  const herdex_status status = status_of(error.code);
  if (out == nullptr) return status;
  try {
    *out = new herdex_error{status, error.describe(), error.path, error.line, error.column};
  } catch (...) {
    return no_memory(out);
  }
  return status;
}

herdex_status invalid(herdex_error** out, const char* message) noexcept {
  try {
    return fail(out, herdex::Error{herdex::ErrorCode::invalid_argument, message});
  } catch (...) {
    return no_memory(out);
  }
}

// Runs `body` (which returns a herdex_status) with every exception turned
// into a status: nothing may unwind into C.
template <typename Body>
herdex_status guarded(herdex_error** out, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return no_memory(out);
  } catch (const std::exception& e) {
    try {
      return fail(out, herdex::Error{herdex::ErrorCode::internal,
                                     std::string("unexpected exception: ") + e.what()});
    } catch (...) {
      return no_memory(out);
    }
  } catch (...) {
    try {
      return fail(out, herdex::Error{herdex::ErrorCode::internal, "unexpected exception"});
    } catch (...) {
      return no_memory(out);
    }
  }
}

// new T{} that returns null instead of throwing.
template <typename T>
T* make_or_null() noexcept {
  try {
    return new T{};
  } catch (...) {
    return nullptr;
  }
}

// For void-returning calls that may allocate: a failure to allocate is
// dropped (there is no way to report it), everything else cannot throw.
template <typename Body>
void guarded_void(Body&& body) noexcept {
  try {
    body();
  } catch (...) {
    (void)0;  // Only std::bad_alloc can get here; the call has no status to report it.
  }
}

const herdex::Hit* cpp(const herdex_hit* hit) { return reinterpret_cast<const herdex::Hit*>(hit); }
const herdex::Passage* cpp(const herdex_passage* passage) {
  return reinterpret_cast<const herdex::Passage*>(passage);
}

const char* string_out(const std::string& s, size_t* length) {
  if (length != nullptr) *length = s.size();
  return s.c_str();
}

const char* empty_out(size_t* length) {
  if (length != nullptr) *length = 0;
  return "";
}

bool is_field_name(const char* name) {
  if (*name == '\0') return false;
  for (const char* c = name; *c != '\0'; ++c) {
    const bool ok = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

extern "C" {

const char* herdex_version(void) { return herdex::version(); }

const char* herdex_status_name(herdex_status status) {
  switch (status) {
    case HERDEX_OK:
      return "ok";
    case HERDEX_ERR_INVALID_ARGUMENT:
      return "invalid_argument";
    case HERDEX_ERR_NOT_FOUND:
      return "not_found";
    case HERDEX_ERR_ALREADY_EXISTS:
      return "already_exists";
    case HERDEX_ERR_LOCKED:
      return "locked";
    case HERDEX_ERR_CORRUPT:
      return "corrupt";
    case HERDEX_ERR_VERSION_MISMATCH:
      return "version_mismatch";
    case HERDEX_ERR_IO:
      return "io_error";
    case HERDEX_ERR_QUERY_SYNTAX:
      return "query_syntax";
    case HERDEX_ERR_UNSUPPORTED:
      return "unsupported";
    case HERDEX_ERR_INTERNAL:
      return "internal";
    case HERDEX_ERR_NO_MEMORY:
      return "no_memory";
  }
  return "unknown";
}

// ---- errors -----------------------------------------------------------------

herdex_status herdex_error_code(const herdex_error* error) {
  return error == nullptr ? HERDEX_OK : error->status;
}

const char* herdex_error_message(const herdex_error* error) {
  return error == nullptr ? "" : error->message.c_str();
}

const char* herdex_error_path(const herdex_error* error) {
  return error == nullptr ? "" : error->path.c_str();
}

size_t herdex_error_line(const herdex_error* error) { return error == nullptr ? 0 : error->line; }

size_t herdex_error_column(const herdex_error* error) {
  return error == nullptr ? 0 : error->column;
}

void herdex_error_free(herdex_error* error) {
  if (error != &g_no_memory) delete error;
}

// ---- writing ----------------------------------------------------------------

herdex_index_options* herdex_index_options_new(void) {
  return make_or_null<herdex_index_options>();
}

void herdex_index_options_free(herdex_index_options* options) { delete options; }

herdex_status herdex_index_options_set_stemmer(herdex_index_options* options, const char* stemmer,
                                               herdex_error** error) {
  if (options == nullptr || stemmer == nullptr) return invalid(error, "null options or stemmer");
  return guarded(error, [&] {
    options->options.analyzer.stemmer = stemmer;
    return HERDEX_OK;
  });
}

void herdex_index_options_set_cjk(herdex_index_options* options, uint32_t ngram_size, int ngrams,
                                  int unigrams, int words) {
  if (options == nullptr) return;
  herdex::AnalyzerOptions& analyzer = options->options.analyzer;
  analyzer.ngram_size = ngram_size;
  analyzer.cjk_ngrams = ngrams != 0;
  analyzer.cjk_unigrams = unigrams != 0;
  analyzer.cjk_words = words != 0;
}

void herdex_index_options_set_passage_words(herdex_index_options* options, size_t words,
                                            size_t overlap_words) {
  if (options == nullptr) return;
  options->options.passage_words = words;
  options->options.passage_overlap_words = overlap_words;
}

herdex_status herdex_writer_open(const char* path, const herdex_index_options* options,
                                 herdex_writer** writer, herdex_error** error) {
  if (path == nullptr || writer == nullptr) return invalid(error, "null path or writer");
  return guarded(error, [&] {
    auto opened = herdex::IndexWriter::open(
        path, options != nullptr ? options->options : herdex::IndexOptions{});
    if (!opened) return fail(error, opened.error());
    *writer = new herdex_writer(std::move(*opened));
    return HERDEX_OK;
  });
}

herdex_status herdex_writer_add(herdex_writer* writer, const herdex_document* document,
                                herdex_write_outcome* outcome, herdex_error** error) {
  if (writer == nullptr || document == nullptr) return invalid(error, "null writer or document");
  return guarded(error, [&] {
    auto added = writer->writer.add(document->document);
    if (!added) return fail(error, added.error());
    if (outcome != nullptr) {
      switch (*added) {
        case herdex::WriteOutcome::added:
          *outcome = HERDEX_ADDED;
          break;
        case herdex::WriteOutcome::updated:
          *outcome = HERDEX_UPDATED;
          break;
        case herdex::WriteOutcome::unchanged:
          *outcome = HERDEX_UNCHANGED;
          break;
      }
    }
    return HERDEX_OK;
  });
}

herdex_status herdex_writer_remove(herdex_writer* writer, const char* id, int* existed,
                                   herdex_error** error) {
  if (writer == nullptr || id == nullptr) return invalid(error, "null writer or id");
  return guarded(error, [&] {
    auto removed = writer->writer.remove(id);
    if (!removed) return fail(error, removed.error());
    if (existed != nullptr) *existed = *removed ? 1 : 0;
    return HERDEX_OK;
  });
}

herdex_status herdex_writer_commit(herdex_writer* writer, herdex_error** error) {
  if (writer == nullptr) return invalid(error, "null writer");
  return guarded(error, [&] {
    auto committed = writer->writer.commit();
    if (!committed) return fail(error, committed.error());
    return HERDEX_OK;
  });
}

void herdex_writer_free(herdex_writer* writer) {
  guarded_void([&] { delete writer; });
}

// ---- documents --------------------------------------------------------------

herdex_document* herdex_document_new(void) { return make_or_null<herdex_document>(); }

void herdex_document_free(herdex_document* document) { delete document; }

herdex_status herdex_document_set(herdex_document* document, const char* name, const char* value,
                                  size_t length, herdex_error** error) {
  if (document == nullptr || name == nullptr) return invalid(error, "null document or name");
  if (value == nullptr && length != 0) return invalid(error, "null value");
  if (!is_field_name(name)) {
    return invalid(error, "field names are lower-case ASCII letters, digits and '_'");
  }
  if (std::strcmp(name, "rating") == 0 || std::strcmp(name, "source_offset") == 0) {
    return invalid(error, "set rating and source_offset with their own functions");
  }
  return guarded(error, [&] {
    std::string text;
    if (value != nullptr) {
      text.assign(value, length == HERDEX_NUL_TERMINATED ? std::strlen(value) : length);
    }
    herdex::Document& d = document->document;
    const std::string field = name;
    if (field == "id") {
      d.id = std::move(text);
    } else if (field == "title") {
      d.title = std::move(text);
    } else if (field == "text") {
      d.text = std::move(text);
    } else if (field == "source") {
      d.source = std::move(text);
    } else if (field == "author") {
      d.author = std::move(text);
    } else if (field == "date") {
      d.date = std::move(text);
    } else if (field == "lang") {
      d.lang = std::move(text);
    } else {
      for (auto& [key, existing] : d.fields) {
        if (key == field) {
          existing = std::move(text);
          return HERDEX_OK;
        }
      }
      d.fields.emplace_back(field, std::move(text));
    }
    return HERDEX_OK;
  });
}

void herdex_document_set_rating(herdex_document* document, double rating) {
  if (document != nullptr) document->document.rating = rating;
}

void herdex_document_set_source_offset(herdex_document* document, size_t source_offset) {
  if (document != nullptr) document->document.source_offset = source_offset;
}

void herdex_document_set_source_line(herdex_document* document, size_t line) {
  if (document != nullptr) document->document.source_line = line;
}

void herdex_document_clear(herdex_document* document) {
  if (document != nullptr) document->document = herdex::Document{};
}

// ---- searching --------------------------------------------------------------

herdex_status herdex_searcher_open(const char* path, herdex_searcher** searcher,
                                   herdex_error** error) {
  if (path == nullptr || searcher == nullptr) return invalid(error, "null path or searcher");
  return guarded(error, [&] {
    auto opened = herdex::Searcher::open(path);
    if (!opened) return fail(error, opened.error());
    *searcher = new herdex_searcher(std::move(*opened));
    return HERDEX_OK;
  });
}

herdex_status herdex_searcher_reopen(herdex_searcher* searcher, herdex_error** error) {
  if (searcher == nullptr) return invalid(error, "null searcher");
  return guarded(error, [&] {
    auto reopened = searcher->searcher.reopen();
    if (!reopened) return fail(error, reopened.error());
    return HERDEX_OK;
  });
}

herdex_status herdex_searcher_load_synonyms(herdex_searcher* searcher, const char* path,
                                            herdex_error** error) {
  if (searcher == nullptr || path == nullptr) return invalid(error, "null searcher or path");
  return guarded(error, [&] {
    auto loaded = searcher->searcher.load_synonyms(path);
    if (!loaded) return fail(error, loaded.error());
    return HERDEX_OK;
  });
}

void herdex_searcher_free(herdex_searcher* searcher) { delete searcher; }

herdex_search_options* herdex_search_options_new(void) {
  return make_or_null<herdex_search_options>();
}

void herdex_search_options_free(herdex_search_options* options) { delete options; }

void herdex_search_options_set_offset(herdex_search_options* options, size_t offset) {
  if (options != nullptr) options->options.offset = offset;
}

void herdex_search_options_set_limit(herdex_search_options* options, size_t limit) {
  if (options != nullptr) options->options.limit = limit;
}

void herdex_search_options_set_snippet_bytes(herdex_search_options* options, size_t snippet_bytes) {
  if (options != nullptr) options->options.snippet_bytes = snippet_bytes;
}

void herdex_search_options_set_passages(herdex_search_options* options,
                                        size_t passages_per_document) {
  if (options != nullptr) options->options.passages_per_document = passages_per_document;
}

void herdex_search_options_set_sort(herdex_search_options* options, herdex_sort sort) {
  if (options == nullptr) return;
  switch (sort) {
    case HERDEX_SORT_DATE:
      options->options.sort = herdex::SortOrder::date;
      break;
    case HERDEX_SORT_RATING:
      options->options.sort = herdex::SortOrder::rating;
      break;
    case HERDEX_SORT_SCORE:
    default:
      options->options.sort = herdex::SortOrder::score;
      break;
  }
}

void herdex_search_options_set_literal(herdex_search_options* options, int literal) {
  if (options != nullptr) options->options.literal = literal != 0;
}

herdex_status herdex_search_options_add_facet(herdex_search_options* options, const char* facet,
                                              herdex_error** error) {
  if (options == nullptr || facet == nullptr) return invalid(error, "null options or facet");
  return guarded(error, [&] {
    options->options.facets.emplace_back(facet);
    return HERDEX_OK;
  });
}

herdex_status herdex_searcher_search(herdex_searcher* searcher, const char* query,
                                     const herdex_search_options* options, herdex_results** results,
                                     herdex_error** error) {
  if (searcher == nullptr || query == nullptr || results == nullptr) {
    return invalid(error, "null searcher, query or results");
  }
  return guarded(error, [&] {
    auto found = searcher->searcher.search(
        query, options != nullptr ? options->options : herdex::SearchOptions{});
    if (!found) return fail(error, found.error());
    *results = new herdex_results{std::move(*found)};
    return HERDEX_OK;
  });
}

// ---- results ----------------------------------------------------------------

size_t herdex_results_total(const herdex_results* results) {
  return results == nullptr ? 0 : results->results.total;
}

size_t herdex_results_total_min(const herdex_results* results) {
  return results == nullptr ? 0 : results->results.total_min;
}

size_t herdex_results_total_max(const herdex_results* results) {
  return results == nullptr ? 0 : results->results.total_max;
}

size_t herdex_results_hit_count(const herdex_results* results) {
  return results == nullptr ? 0 : results->results.hits.size();
}

const herdex_hit* herdex_results_hit(const herdex_results* results, size_t index) {
  if (results == nullptr || index >= results->results.hits.size()) return nullptr;
  return reinterpret_cast<const herdex_hit*>(&results->results.hits[index]);
}

const char* herdex_results_suggestion(const herdex_results* results) {
  return results == nullptr ? "" : results->results.suggestion.c_str();
}

size_t herdex_results_facet_count(const herdex_results* results) {
  return results == nullptr ? 0 : results->results.facets.size();
}

const char* herdex_results_facet_name(const herdex_results* results, size_t index) {
  if (results == nullptr || index >= results->results.facets.size()) return nullptr;
  return results->results.facets[index].name.c_str();
}

size_t herdex_results_facet_value_count(const herdex_results* results, size_t index) {
  if (results == nullptr || index >= results->results.facets.size()) return 0;
  return results->results.facets[index].values.size();
}

const char* herdex_results_facet_value(const herdex_results* results, size_t index,
                                       size_t value_index, size_t* count) {
  if (results == nullptr || index >= results->results.facets.size()) return nullptr;
  const herdex::Facet& facet = results->results.facets[index];
  if (value_index >= facet.values.size()) return nullptr;
  if (count != nullptr) *count = facet.values[value_index].count;
  return facet.values[value_index].value.c_str();
}

void herdex_results_free(herdex_results* results) { delete results; }

size_t herdex_hit_rank(const herdex_hit* hit) { return hit == nullptr ? 0 : cpp(hit)->rank; }

double herdex_hit_score(const herdex_hit* hit) { return hit == nullptr ? 0.0 : cpp(hit)->score; }

const char* herdex_hit_id(const herdex_hit* hit, size_t* length) {
  return hit == nullptr ? empty_out(length) : string_out(cpp(hit)->id, length);
}

const char* herdex_hit_title(const herdex_hit* hit, size_t* length) {
  return hit == nullptr ? empty_out(length) : string_out(cpp(hit)->title, length);
}

const char* herdex_hit_source(const herdex_hit* hit, size_t* length) {
  return hit == nullptr ? empty_out(length) : string_out(cpp(hit)->source, length);
}

const char* herdex_hit_author(const herdex_hit* hit, size_t* length) {
  return hit == nullptr ? empty_out(length) : string_out(cpp(hit)->author, length);
}

size_t herdex_hit_source_line(const herdex_hit* hit) {
  return hit == nullptr ? 0 : cpp(hit)->source_line;
}

const char* herdex_hit_date(const herdex_hit* hit, size_t* length) {
  return hit == nullptr ? empty_out(length) : string_out(cpp(hit)->date, length);
}

const char* herdex_hit_lang(const herdex_hit* hit, size_t* length) {
  return hit == nullptr ? empty_out(length) : string_out(cpp(hit)->lang, length);
}

int herdex_hit_rating(const herdex_hit* hit, double* rating) {
  if (hit == nullptr || !cpp(hit)->rating) return 0;
  if (rating != nullptr) *rating = *cpp(hit)->rating;
  return 1;
}

size_t herdex_hit_passage_count(const herdex_hit* hit) {
  return hit == nullptr ? 0 : cpp(hit)->passages.size();
}

const herdex_passage* herdex_hit_passage(const herdex_hit* hit, size_t index) {
  if (hit == nullptr || index >= cpp(hit)->passages.size()) return nullptr;
  return reinterpret_cast<const herdex_passage*>(&cpp(hit)->passages[index]);
}

uint32_t herdex_passage_ordinal(const herdex_passage* passage) {
  return passage == nullptr ? 0 : cpp(passage)->ordinal;
}

double herdex_passage_score(const herdex_passage* passage) {
  return passage == nullptr ? 0.0 : cpp(passage)->score;
}

void herdex_passage_range(const herdex_passage* passage, size_t* begin, size_t* end) {
  if (passage == nullptr) return;
  if (begin != nullptr) *begin = cpp(passage)->byte_begin;
  if (end != nullptr) *end = cpp(passage)->byte_end;
}

const char* herdex_passage_snippet(const herdex_passage* passage, size_t* length) {
  return passage == nullptr ? empty_out(length) : string_out(cpp(passage)->snippet, length);
}

void herdex_passage_snippet_range(const herdex_passage* passage, size_t* begin, size_t* end) {
  if (passage == nullptr) return;
  if (begin != nullptr) *begin = cpp(passage)->snippet_range.byte_begin;
  if (end != nullptr) *end = cpp(passage)->snippet_range.byte_end;
}

void herdex_passage_snippet_cut(const herdex_passage* passage, int* before, int* after) {
  if (passage == nullptr) return;
  if (before != nullptr) *before = cpp(passage)->snippet_cut_before ? 1 : 0;
  if (after != nullptr) *after = cpp(passage)->snippet_cut_after ? 1 : 0;
}

size_t herdex_passage_match_count(const herdex_passage* passage) {
  return passage == nullptr ? 0 : cpp(passage)->matches.size();
}

herdex_status herdex_passage_match(const herdex_passage* passage, size_t index, size_t* begin,
                                   size_t* end) {
  if (passage == nullptr || index >= cpp(passage)->matches.size()) {
    return HERDEX_ERR_INVALID_ARGUMENT;
  }
  const herdex::ByteRange& match = cpp(passage)->matches[index];
  if (begin != nullptr) *begin = match.byte_begin;
  if (end != nullptr) *end = match.byte_end;
  return HERDEX_OK;
}

}  // extern "C"
