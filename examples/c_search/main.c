/* c_search: herdex from C. Indexes three short reviews (English, Traditional
 * Chinese, Japanese) into a database with the C API, then runs each query
 * and prints every hit's best passage with the matched words in [brackets].
 *
 *   c_search DB_DIR [QUERY...]      default queries: "operating system", 孤独
 *
 * Exit status: 0 success, 1 an error (printed on stderr), 2 bad usage or a
 * malformed query.
 */
#include <herdex/herdex_c.h>

#include <stdio.h>
#include <string.h>

struct review {
  const char* id;
  const char* title;
  const char* lang;
  double rating;
  const char* text;
};

static const struct review reviews[] = {
    {"en/voice", "A voice called Samantha", "en", 8.5,
     "Samantha laughs, and the operating system sounds more alive than anyone Theodore knows."},
    {"zh-hant/lonely", "城市裡的孤獨", "zh-Hant", 9.0,
     "這部電影講的是孤獨。西奧多每天替別人寫信，回家後只和作業系統說話。"},
    {"ja/letters", "手紙を書く男", "ja", 7.0,
     "セオドアは他人のために手紙を書く。孤独な男とOSの恋の物語だ。"},
};

/* Prints the error, frees it and returns 1 (2 for a malformed query). */
static int report(const char* what, herdex_error* error) {
  herdex_status status = herdex_error_code(error);
  fprintf(stderr, "c_search: %s: %s [%s]\n", what, herdex_error_message(error),
          herdex_status_name(status));
  herdex_error_free(error);
  return status == HERDEX_ERR_QUERY_SYNTAX ? 2 : 1;
}

static int index_reviews(const char* db) {
  herdex_writer* writer = NULL;
  herdex_document* doc = NULL;
  herdex_error* error = NULL;
  int rc = 0;
  size_t i;

  if (herdex_writer_open(db, NULL, &writer, &error) != HERDEX_OK) return report("open", error);
  doc = herdex_document_new();
  if (doc == NULL) {
    herdex_writer_free(writer);
    fprintf(stderr, "c_search: out of memory\n");
    return 1;
  }
  for (i = 0; i < sizeof reviews / sizeof reviews[0] && rc == 0; ++i) {
    herdex_write_outcome outcome;
    herdex_document_clear(doc);
    if (herdex_document_set(doc, "id", reviews[i].id, HERDEX_NUL_TERMINATED, &error) != HERDEX_OK ||
        herdex_document_set(doc, "title", reviews[i].title, HERDEX_NUL_TERMINATED, &error) !=
            HERDEX_OK ||
        herdex_document_set(doc, "lang", reviews[i].lang, HERDEX_NUL_TERMINATED, &error) !=
            HERDEX_OK ||
        herdex_document_set(doc, "text", reviews[i].text, strlen(reviews[i].text), &error) !=
            HERDEX_OK) {
      rc = report("document", error);
      break;
    }
    herdex_document_set_rating(doc, reviews[i].rating);
    if (herdex_writer_add(writer, doc, &outcome, &error) != HERDEX_OK) {
      rc = report("add", error);
      break;
    }
    printf("%s %s\n",
           outcome == HERDEX_ADDED     ? "added"
           : outcome == HERDEX_UPDATED ? "updated"
                                       : "unchanged",
           reviews[i].id);
  }
  if (rc == 0 && herdex_writer_commit(writer, &error) != HERDEX_OK) rc = report("commit", error);
  herdex_document_free(doc);
  herdex_writer_free(writer);
  return rc;
}

/* Prints the snippet with each match in [brackets]. Match ranges are byte
 * offsets in the source; the snippet starts at the snippet range's begin. */
static void print_highlighted(const herdex_passage* passage) {
  size_t length = 0, snippet_begin = 0, snippet_end = 0, at = 0, i;
  int cut_before = 0, cut_after = 0;
  const char* snippet = herdex_passage_snippet(passage, &length);
  herdex_passage_snippet_range(passage, &snippet_begin, &snippet_end);
  herdex_passage_snippet_cut(passage, &cut_before, &cut_after);
  if (cut_before) fputs("… ", stdout);
  for (i = 0; i < herdex_passage_match_count(passage); ++i) {
    size_t begin = 0, end = 0;
    if (herdex_passage_match(passage, i, &begin, &end) != HERDEX_OK) break;
    begin -= snippet_begin;
    end -= snippet_begin;
    fwrite(snippet + at, 1, begin - at, stdout);
    putchar('[');
    fwrite(snippet + begin, 1, end - begin, stdout);
    putchar(']');
    at = end;
  }
  fwrite(snippet + at, 1, length - at, stdout);
  if (cut_after) fputs(" …", stdout);
  putchar('\n');
}

static int search(herdex_searcher* searcher, const herdex_search_options* options,
                  const char* query) {
  herdex_results* results = NULL;
  herdex_error* error = NULL;
  size_t i;

  if (herdex_searcher_search(searcher, query, options, &results, &error) != HERDEX_OK) {
    if (herdex_error_code(error) == HERDEX_ERR_QUERY_SYNTAX) {
      fprintf(stderr, "  %s\n  %*s^\n", query, (int)herdex_error_column(error) - 1, "");
    }
    return report("search", error);
  }
  printf("%zu of about %zu results for \"%s\"\n", herdex_results_hit_count(results),
         herdex_results_total(results), query);
  for (i = 0; i < herdex_results_hit_count(results); ++i) {
    const herdex_hit* hit = herdex_results_hit(results, i);
    const herdex_passage* best = herdex_hit_passage(hit, 0);
    size_t begin = 0, end = 0;
    double rating = 0;
    herdex_passage_range(best, &begin, &end);
    printf("%zu. %s  %s  (score %.2f", herdex_hit_rank(hit), herdex_hit_id(hit, NULL),
           herdex_hit_title(hit, NULL), herdex_hit_score(hit));
    if (herdex_hit_rating(hit, &rating)) printf(", rating %.1f", rating);
    printf(")  bytes %zu-%zu\n   ", begin, end);
    print_highlighted(best);
  }
  herdex_results_free(results);
  return 0;
}

int main(int argc, char** argv) {
  static const char* default_queries[] = {"operating system", "孤独"};
  herdex_searcher* searcher = NULL;
  herdex_search_options* options = NULL;
  herdex_error* error = NULL;
  const char** queries = default_queries;
  size_t query_count = 2, i;
  int rc;

  if (argc < 2) {
    fprintf(stderr, "usage: %s DB_DIR [QUERY...]\n", argv[0]);
    return 2;
  }
  if (argc > 2) {
    queries = (const char**)(argv + 2);
    query_count = (size_t)(argc - 2);
  }
  printf("herdex %s (headers %s)\n", herdex_version(), HERDEX_VERSION_STRING);
  rc = index_reviews(argv[1]);
  if (rc != 0) return rc;

  if (herdex_searcher_open(argv[1], &searcher, &error) != HERDEX_OK) return report("open", error);
  options = herdex_search_options_new();
  if (options == NULL) {
    herdex_searcher_free(searcher);
    return 1;
  }
  herdex_search_options_set_limit(options, 5);
  herdex_search_options_set_snippet_bytes(options, 120);
  for (i = 0; i < query_count && rc == 0; ++i) rc = search(searcher, options, queries[i]);
  herdex_search_options_free(options);
  herdex_searcher_free(searcher);
  return rc;
}
