/**
 * @file herdex_c.h
 * herdex's C API: index and search from C, or from any language with a C
 * foreign-function interface (Python ctypes, Go cgo, Rust, ...).
 *
 * It is a thin layer over the C++ API in the same library (libherdex), with
 * the same behaviour and the same errors. The rules:
 *
 * - **Handles are opaque.** Every object is created by a `herdex_*_open` or
 *   `herdex_*_new` function and released by the matching `herdex_*_free`,
 *   which accepts NULL. Nothing else frees memory.
 * - **Errors are values.** Every fallible call returns a ::herdex_status
 *   (#HERDEX_OK is 0) and, when its last argument `error` is not NULL and
 *   the call fails, stores a new ::herdex_error there that the caller frees
 *   with herdex_error_free(). On success `*error` is left untouched; on
 *   failure it is overwritten, so free an earlier error first. No C++
 *   exception ever crosses this API; running out of memory is reported as
 *   #HERDEX_ERR_NO_MEMORY.
 * - **Strings are UTF-8.** Inputs are NUL-terminated unless a length is
 *   given; a length of #HERDEX_NUL_TERMINATED means "up to the NUL". Strings
 *   returned are NUL-terminated and borrowed from the object that returned
 *   them: valid until that object is freed. Where a `length` out-parameter
 *   is offered (it may be NULL), it gives the byte length, which is exact
 *   even if the text holds a NUL byte.
 * - **Offsets are bytes.** Every range is a half-open UTF-8 byte range
 *   `[begin, end)` in the coordinates of the document's source (see
 *   herdex_document_set_source_offset()).
 * - **Threads.** A handle must not be used by two threads at once. A
 *   ::herdex_writer is the only writer of its database (across processes);
 *   searchers are cheap, and the rule is one ::herdex_searcher per thread.
 *   ::herdex_results and ::herdex_error are immutable after they are
 *   returned, so they may be read from several threads at once and freed
 *   on any thread. Different handles may be used on different threads
 *   freely.
 *
 * A minimal search:
 * @code
 * herdex_searcher* searcher = NULL;
 * herdex_results* results = NULL;
 * herdex_error* error = NULL;
 * if (herdex_searcher_open("reviews.db", &searcher, &error) != HERDEX_OK ||
 *     herdex_searcher_search(searcher, "loneliness", NULL, &results, &error) != HERDEX_OK) {
 *   fprintf(stderr, "%s\n", herdex_error_message(error));
 *   herdex_error_free(error);
 * } else {
 *   for (size_t i = 0; i < herdex_results_hit_count(results); ++i) {
 *     const herdex_hit* hit = herdex_results_hit(results, i);
 *     printf("%s\n", herdex_hit_id(hit, NULL));
 *   }
 * }
 * herdex_results_free(results);
 * herdex_searcher_free(searcher);
 * @endcode
 */
#pragma once

/* A C header: C headers and typedefs, whatever C++ style says. */
/* NOLINTBEGIN(modernize-deprecated-headers,modernize-use-using) */

#include <stddef.h>
#include <stdint.h>

#include "herdex/export.h"
#include "herdex/version.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A string length meaning "the string is NUL-terminated". */
#define HERDEX_NUL_TERMINATED SIZE_MAX

/**
 * What a call returned. The values match the C++ `herdex::ErrorCode` names
 * and never change; new codes may be added.
 */
typedef enum herdex_status {
  HERDEX_OK = 0,                   /**< Success. */
  HERDEX_ERR_INVALID_ARGUMENT = 1, /**< A malformed argument (null handle, bad option, ...). */
  HERDEX_ERR_NOT_FOUND = 2,        /**< A database, file or document does not exist. */
  HERDEX_ERR_ALREADY_EXISTS = 3,   /**< Something to be created is already there. */
  HERDEX_ERR_LOCKED = 4,           /**< The database is locked by another writer. */
  HERDEX_ERR_CORRUPT = 5,          /**< Stored data cannot be read back. */
  HERDEX_ERR_VERSION_MISMATCH = 6, /**< The database was built by another format or analyzer. */
  HERDEX_ERR_IO = 7,               /**< The operating system refused a read or write. */
  HERDEX_ERR_QUERY_SYNTAX = 8,     /**< The query does not parse; see herdex_error_column(). */
  HERDEX_ERR_UNSUPPORTED = 9,      /**< A valid request this build cannot serve. */
  HERDEX_ERR_INTERNAL = 10,        /**< A bug in herdex or a dependency. */
  HERDEX_ERR_NO_MEMORY = 11        /**< Memory ran out. */
} herdex_status;

/** What herdex_writer_add() did with a document. */
typedef enum herdex_write_outcome {
  HERDEX_ADDED = 0,    /**< The id was new. */
  HERDEX_UPDATED = 1,  /**< The id existed with other content and was replaced. */
  HERDEX_UNCHANGED = 2 /**< The id existed with the same content; nothing was written. */
} herdex_write_outcome;

/** Result order for herdex_search_options_set_sort(). */
typedef enum herdex_sort {
  HERDEX_SORT_SCORE = 0, /**< Best match first (default). */
  HERDEX_SORT_DATE = 1,  /**< Newest first; documents without a date last. */
  HERDEX_SORT_RATING = 2 /**< Highest rating first; documents without a rating last. */
} herdex_sort;

/** An error: a status, a message and, where it applies, a location. */
typedef struct herdex_error herdex_error;
/** Settings for opening a writer (analyzer and passage settings). */
typedef struct herdex_index_options herdex_index_options;
/** The only writer of one database. */
typedef struct herdex_writer herdex_writer;
/** A document being built for herdex_writer_add(). */
typedef struct herdex_document herdex_document;
/** A reader of one database that runs searches. */
typedef struct herdex_searcher herdex_searcher;
/** Settings for one search (paging, snippet length, ...). */
typedef struct herdex_search_options herdex_search_options;
/** The outcome of one search: hits, facets, a suggestion. Owns its hits. */
typedef struct herdex_results herdex_results;
/** One matching document; borrowed from its ::herdex_results. */
typedef struct herdex_hit herdex_hit;
/** One scored passage of a hit, with its snippet; borrowed from its ::herdex_results. */
typedef struct herdex_passage herdex_passage;

/* ---- version ------------------------------------------------------------ */

/**
 * Version of the library actually loaded, e.g. "0.1.0" (compare with
 * #HERDEX_VERSION_STRING, the headers' version). A static string; never NULL.
 */
HERDEX_EXPORT const char* herdex_version(void);

/* ---- errors ------------------------------------------------------------- */

/**
 * Stable lower-case name of a status: "ok", "invalid_argument", "not_found",
 * ..., "no_memory"; "unknown" for a value that is not a ::herdex_status.
 * A static string.
 */
HERDEX_EXPORT const char* herdex_status_name(herdex_status status);

/** The status of `error` (#HERDEX_OK for NULL). */
HERDEX_EXPORT herdex_status herdex_error_code(const herdex_error* error);

/**
 * One line describing the error with its location: "path:line: message",
 * "column 7: message" or "message". "" for NULL. Owned by `error`.
 */
HERDEX_EXPORT const char* herdex_error_message(const herdex_error* error);

/** File or database path the error concerns; "" if none (or NULL). Owned by `error`. */
HERDEX_EXPORT const char* herdex_error_path(const herdex_error* error);

/** 1-based line in herdex_error_path(); 0 when not applicable. */
HERDEX_EXPORT size_t herdex_error_line(const herdex_error* error);

/**
 * 1-based byte column in the query of a #HERDEX_ERR_QUERY_SYNTAX error;
 * 0 when not applicable.
 */
HERDEX_EXPORT size_t herdex_error_column(const herdex_error* error);

/** Frees an error. NULL is allowed. */
HERDEX_EXPORT void herdex_error_free(herdex_error* error);

/* ---- writing ------------------------------------------------------------ */

/**
 * New index options with herdex's defaults (English stemmer; CJK characters
 * and bigrams; passages of about 60 words). Returns NULL only when memory
 * ran out. Free with herdex_index_options_free().
 */
HERDEX_EXPORT herdex_index_options* herdex_index_options_new(void);

/** Frees index options. NULL is allowed. */
HERDEX_EXPORT void herdex_index_options_free(herdex_index_options* options);

/**
 * Snowball stemmer for alphabetic words ("english", "french", ...; "none"
 * disables stemming). Checked when the writer opens (#HERDEX_ERR_INVALID_ARGUMENT
 * for an unknown one). Errors: #HERDEX_ERR_INVALID_ARGUMENT for NULL.
 */
HERDEX_EXPORT herdex_status herdex_index_options_set_stemmer(herdex_index_options* options,
                                                             const char* stemmer,
                                                             herdex_error** error);

/**
 * How runs of Chinese, Japanese and Korean text are indexed: character
 * n-grams of `ngram_size` characters (1 to 4; default 2) when `ngrams` is
 * non-zero (default 1), single characters when `unigrams` is non-zero
 * (default 1), ICU dictionary words when `words` is non-zero (default 0).
 * Checked when the writer opens.
 */
HERDEX_EXPORT void herdex_index_options_set_cjk(herdex_index_options* options, uint32_t ngram_size,
                                                int ngrams, int unigrams, int words);

/**
 * Target passage length in words (a CJK character counts as half a word;
 * default 60) and the words repeated at the start of the next passage
 * (default 8). Checked when the writer opens (`words` must be positive).
 */
HERDEX_EXPORT void herdex_index_options_set_passage_words(herdex_index_options* options,
                                                          size_t words, size_t overlap_words);

/**
 * Opens the database directory at `path` for writing, creating it (and
 * missing parent folders) if needed, and stores a new writer in `*writer`.
 * `options` may be NULL (defaults); a new database stores the analyzer
 * settings, and an existing one keeps the settings it was built with.
 * Errors: #HERDEX_ERR_LOCKED (another writer, in any process, has it),
 * #HERDEX_ERR_VERSION_MISMATCH, #HERDEX_ERR_CORRUPT, #HERDEX_ERR_IO,
 * #HERDEX_ERR_INVALID_ARGUMENT (NULL path or writer, bad options).
 */
HERDEX_EXPORT herdex_status herdex_writer_open(const char* path,
                                               const herdex_index_options* options,
                                               herdex_writer** writer, herdex_error** error);

/**
 * Adds `document`, replacing any document with the same id; a document
 * whose content is unchanged is left alone. `outcome` may be NULL. The
 * change becomes visible to searchers at herdex_writer_commit() (or at an
 * automatic batch commit). Errors: #HERDEX_ERR_INVALID_ARGUMENT (no id, or
 * an id over 200 bytes), #HERDEX_ERR_IO.
 */
HERDEX_EXPORT herdex_status herdex_writer_add(herdex_writer* writer,
                                              const herdex_document* document,
                                              herdex_write_outcome* outcome, herdex_error** error);

/**
 * Removes the document with this (NUL-terminated) id. `*existed` (may be
 * NULL) is set to 1 if it was there, 0 if not; a missing id is not an
 * error. Errors: #HERDEX_ERR_INVALID_ARGUMENT, #HERDEX_ERR_IO.
 */
HERDEX_EXPORT herdex_status herdex_writer_remove(herdex_writer* writer, const char* id,
                                                 int* existed, herdex_error** error);

/**
 * Makes every change so far durable and visible to searchers (after their
 * herdex_searcher_reopen()). Errors: #HERDEX_ERR_IO.
 */
HERDEX_EXPORT herdex_status herdex_writer_commit(herdex_writer* writer, herdex_error** error);

/**
 * Commits pending changes (dropping any error: call herdex_writer_commit()
 * first to see it), releases the database lock and frees the writer.
 * NULL is allowed.
 */
HERDEX_EXPORT void herdex_writer_free(herdex_writer* writer);

/* ---- documents ---------------------------------------------------------- */

/** A new, empty document. Returns NULL only when memory ran out. */
HERDEX_EXPORT herdex_document* herdex_document_new(void);

/** Frees a document. NULL is allowed. */
HERDEX_EXPORT void herdex_document_free(herdex_document* document);

/**
 * Sets a field of the document to `value` (`length` bytes, or
 * #HERDEX_NUL_TERMINATED), replacing an earlier value of that field. Names:
 * "id" (required, 1 to 200 bytes, the caller's stable identifier), "title",
 * "text" (the review, UTF-8; invalid bytes are repaired, offsets kept),
 * "source" (where it came from, shown in results), "author", "date" (ISO
 * 8601), "lang" (`en`, `zh-Hans`, `zh-Hant`, `ja`, `ko`, `mixed`; empty:
 * detected). Any other name (lower-case ASCII letters, digits and `_`)
 * is an extra field, stored and searchable as `name:`. Errors:
 * #HERDEX_ERR_INVALID_ARGUMENT (NULL arguments, a malformed name).
 */
HERDEX_EXPORT herdex_status herdex_document_set(herdex_document* document, const char* name,
                                                const char* value, size_t length,
                                                herdex_error** error);

/** Sets the rating (on the source's scale), searchable as `rating:`. */
HERDEX_EXPORT void herdex_document_set_rating(herdex_document* document, double rating);

/**
 * Byte offset of the text inside its source file (the length of a header
 * before the body), added to every reported byte range. Default: 0.
 */
HERDEX_EXPORT void herdex_document_set_source_offset(herdex_document* document,
                                                     size_t source_offset);

/**
 * The 1-based line of the source file that holds the document (a JSON Lines
 * record), reported with its hits. Default: 0, the document is a whole file.
 */
HERDEX_EXPORT void herdex_document_set_source_line(herdex_document* document, size_t line);

/** Empties the document so that it can be filled again. */
HERDEX_EXPORT void herdex_document_clear(herdex_document* document);

/* ---- searching ---------------------------------------------------------- */

/**
 * Opens the database at `path` for reading and stores a new searcher in
 * `*searcher`. It sees the database as of now; herdex_searcher_reopen()
 * picks up later commits. Errors: #HERDEX_ERR_NOT_FOUND (no database there),
 * #HERDEX_ERR_VERSION_MISMATCH, #HERDEX_ERR_CORRUPT, #HERDEX_ERR_IO,
 * #HERDEX_ERR_INVALID_ARGUMENT (NULL arguments).
 */
HERDEX_EXPORT herdex_status herdex_searcher_open(const char* path, herdex_searcher** searcher,
                                                 herdex_error** error);

/** Re-reads the database to see changes committed since it was opened. */
HERDEX_EXPORT herdex_status herdex_searcher_reopen(herdex_searcher* searcher, herdex_error** error);

/**
 * Loads query-time synonyms from a file of lines like
 * `OS = operating system`, replacing earlier ones. Errors:
 * #HERDEX_ERR_NOT_FOUND, #HERDEX_ERR_INVALID_ARGUMENT (with the line).
 */
HERDEX_EXPORT herdex_status herdex_searcher_load_synonyms(herdex_searcher* searcher,
                                                          const char* path, herdex_error** error);

/** Frees a searcher. NULL is allowed. Results it returned stay valid. */
HERDEX_EXPORT void herdex_searcher_free(herdex_searcher* searcher);

/**
 * New search options with the defaults: offset 0, limit 10, snippets of 240
 * bytes, one passage per document, by score. Returns NULL only when memory
 * ran out. Free with herdex_search_options_free().
 */
HERDEX_EXPORT herdex_search_options* herdex_search_options_new(void);

/** Frees search options. NULL is allowed. */
HERDEX_EXPORT void herdex_search_options_free(herdex_search_options* options);

/** Hits to skip, for paging. Default: 0. */
HERDEX_EXPORT void herdex_search_options_set_offset(herdex_search_options* options, size_t offset);

/** Hits to return at most. Default: 10. */
HERDEX_EXPORT void herdex_search_options_set_limit(herdex_search_options* options, size_t limit);

/**
 * Target snippet length in bytes; snippets end at word boundaries and never
 * split a UTF-8 sequence. Default: 240.
 */
HERDEX_EXPORT void herdex_search_options_set_snippet_bytes(herdex_search_options* options,
                                                           size_t snippet_bytes);

/** Best passages returned per document, best first. Default: 1. */
HERDEX_EXPORT void herdex_search_options_set_passages(herdex_search_options* options,
                                                      size_t passages_per_document);

/** Result order. Default: #HERDEX_SORT_SCORE. */
HERDEX_EXPORT void herdex_search_options_set_sort(herdex_search_options* options, herdex_sort sort);

/**
 * Non-zero: take the query as plain words (no operators, quotes or fields),
 * for natural-language questions. Default: 0.
 */
HERDEX_EXPORT void herdex_search_options_set_literal(herdex_search_options* options, int literal);

/**
 * Asks for counts of all matching documents per value of a facet: "lang",
 * "author", "rating" or "year" (an unknown name fails the search with
 * #HERDEX_ERR_INVALID_ARGUMENT). Errors: #HERDEX_ERR_INVALID_ARGUMENT for NULL.
 */
HERDEX_EXPORT herdex_status herdex_search_options_add_facet(herdex_search_options* options,
                                                            const char* facet,
                                                            herdex_error** error);

/**
 * Runs `query` (NUL-terminated; the query language of `herdex search`) and
 * stores the results in `*results`, to be freed with herdex_results_free().
 * `options` may be NULL (defaults). Errors: #HERDEX_ERR_QUERY_SYNTAX (see
 * herdex_error_column()), #HERDEX_ERR_INVALID_ARGUMENT, #HERDEX_ERR_CORRUPT,
 * #HERDEX_ERR_IO (also when a writer's commits kept overtaking the search:
 * herdex_searcher_reopen() and search again).
 */
HERDEX_EXPORT herdex_status herdex_searcher_search(herdex_searcher* searcher, const char* query,
                                                   const herdex_search_options* options,
                                                   herdex_results** results, herdex_error** error);

/* ---- results ------------------------------------------------------------ */

/** Number of matching documents (exact; it does not depend on the offset or
 *  the limit). See herdex::SearchResults::total. */
HERDEX_EXPORT size_t herdex_results_total(const herdex_results* results);

/** Lower bound on the number of matching documents (SearchResults::total_min). */
HERDEX_EXPORT size_t herdex_results_total_min(const herdex_results* results);

/** Upper bound on the number of matching documents (SearchResults::total_max). */
HERDEX_EXPORT size_t herdex_results_total_max(const herdex_results* results);

/** Number of hits returned (at most the limit). */
HERDEX_EXPORT size_t herdex_results_hit_count(const herdex_results* results);

/** Hit `index` (0-based), or NULL when out of range. Owned by `results`. */
HERDEX_EXPORT const herdex_hit* herdex_results_hit(const herdex_results* results, size_t index);

/**
 * A corrected query when some words look misspelled ("lonelyness" ->
 * "loneliness"), else "". Owned by `results`.
 */
HERDEX_EXPORT const char* herdex_results_suggestion(const herdex_results* results);

/** Number of facets (those asked for, in that order). */
HERDEX_EXPORT size_t herdex_results_facet_count(const herdex_results* results);

/** Name of facet `index` ("lang", ...), or NULL when out of range. */
HERDEX_EXPORT const char* herdex_results_facet_name(const herdex_results* results, size_t index);

/** Number of values of facet `index` (0 when out of range). */
HERDEX_EXPORT size_t herdex_results_facet_value_count(const herdex_results* results, size_t index);

/**
 * Value `value_index` of facet `index` (most frequent first), or NULL when
 * out of range; `*count` (may be NULL) receives its number of documents.
 */
HERDEX_EXPORT const char* herdex_results_facet_value(const herdex_results* results, size_t index,
                                                     size_t value_index, size_t* count);

/** Frees results with all their hits and passages. NULL is allowed. */
HERDEX_EXPORT void herdex_results_free(herdex_results* results);

/** 1-based rank over the whole result list (the offset included). */
HERDEX_EXPORT size_t herdex_hit_rank(const herdex_hit* hit);

/** Document score (higher is better). */
HERDEX_EXPORT double herdex_hit_score(const herdex_hit* hit);

/** The caller's document id. `length` may be NULL. */
HERDEX_EXPORT const char* herdex_hit_id(const herdex_hit* hit, size_t* length);

/** The title ("" if none). `length` may be NULL. */
HERDEX_EXPORT const char* herdex_hit_title(const herdex_hit* hit, size_t* length);

/** Where the document was read from ("" if unknown). `length` may be NULL. */
HERDEX_EXPORT const char* herdex_hit_source(const herdex_hit* hit, size_t* length);

/** The author ("" if unknown). `length` may be NULL. */
HERDEX_EXPORT const char* herdex_hit_author(const herdex_hit* hit, size_t* length);

/** The 1-based line of the source that held the document; 0 for a whole file. */
HERDEX_EXPORT size_t herdex_hit_source_line(const herdex_hit* hit);

/** The date, ISO 8601 ("" if unknown). `length` may be NULL. */
HERDEX_EXPORT const char* herdex_hit_date(const herdex_hit* hit, size_t* length);

/** The language tag ("en", "zh-Hans", ...). `length` may be NULL. */
HERDEX_EXPORT const char* herdex_hit_lang(const herdex_hit* hit, size_t* length);

/** 1 and `*rating` set when the rating is known, 0 otherwise. */
HERDEX_EXPORT int herdex_hit_rating(const herdex_hit* hit, double* rating);

/** Number of passages of the hit, best first (at least 1). */
HERDEX_EXPORT size_t herdex_hit_passage_count(const herdex_hit* hit);

/** Passage `index` (0 is the best), or NULL when out of range. */
HERDEX_EXPORT const herdex_passage* herdex_hit_passage(const herdex_hit* hit, size_t index);

/** 0-based position of the passage in its document. */
HERDEX_EXPORT uint32_t herdex_passage_ordinal(const herdex_passage* passage);

/** Passage score (higher is better). */
HERDEX_EXPORT double herdex_passage_score(const herdex_passage* passage);

/** Byte range `[*begin, *end)` of the whole passage in its source. */
HERDEX_EXPORT void herdex_passage_range(const herdex_passage* passage, size_t* begin, size_t* end);

/**
 * The snippet: the source's text of herdex_passage_snippet_range(), no
 * markup. `length` (may be NULL) receives its byte length.
 */
HERDEX_EXPORT const char* herdex_passage_snippet(const herdex_passage* passage, size_t* length);

/** Byte range `[*begin, *end)` of the snippet in the source. */
HERDEX_EXPORT void herdex_passage_snippet_range(const herdex_passage* passage, size_t* begin,
                                                size_t* end);

/**
 * Whether text was cut before (`*before`) and after (`*after`) the snippet,
 * as 1 or 0: show an ellipsis there. Either pointer may be NULL.
 */
HERDEX_EXPORT void herdex_passage_snippet_cut(const herdex_passage* passage, int* before,
                                              int* after);

/** Number of highlighted matches in the snippet. */
HERDEX_EXPORT size_t herdex_passage_match_count(const herdex_passage* passage);

/**
 * Byte range `[*begin, *end)` of match `index` in source coordinates
 * (sorted, not overlapping, inside the snippet range; subtract the
 * snippet range's begin for an offset into herdex_passage_snippet()).
 * Errors: #HERDEX_ERR_INVALID_ARGUMENT when `index` is out of range (the
 * outputs are then untouched). No error object: this call cannot fail
 * otherwise.
 */
HERDEX_EXPORT herdex_status herdex_passage_match(const herdex_passage* passage, size_t index,
                                                 size_t* begin, size_t* end);

#ifdef __cplusplus
} /* extern "C" */
#endif
/* NOLINTEND(modernize-deprecated-headers,modernize-use-using) */
