/// @file beir.h
/// Test collections in the BEIR layout, one folder each: `corpus.jsonl`
/// (`_id`, `title`, `text`), `queries.jsonl` (`_id`, `text`, optional
/// `split` and `answers`), either of them gzip-compressed as `.jsonl.gz`,
/// and `qrels/<split>.tsv` (a `query-id<TAB>corpus-id<TAB>score` header,
/// then one judgment per line).
///
/// Part of herdex_tools (tools/), beside the library: not installed, and not
/// in the umbrella header herdex/herdex.h.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "herdex/error.h"

namespace herdex {

/// A document of a collection's corpus.
struct BeirDocument {
  std::string id;     ///< `_id` (a number is written out as JSON).
  std::string title;  ///< `title`, empty when absent.
  std::string text;   ///< `text`.
};

/// The judged documents of one query: document id to gain (its qrels
/// score, always above 0; documents scored 0 or less are left out).
using Judgments = std::unordered_map<std::string, double>;

/// A query of a split, with its judgments.
struct BeirQuery {
  std::string id;                    ///< `_id` (a number is written out as JSON).
  std::string text;                  ///< `text`.
  std::vector<std::string> answers;  ///< The non-empty strings of `answers` (QA sets).
  Judgments relevant;                ///< Never empty.
};

/// What read_beir() read.
struct BeirCollection {
  std::string name;         ///< The folder's name.
  std::string split;        ///< The qrels split.
  std::string corpus_path;  ///< The corpus file (`corpus.jsonl` or `corpus.jsonl.gz`).
  /// Every document of the corpus (all splits), in file order; empty unless
  /// asked for.
  std::vector<BeirDocument> corpus;
  /// The queries the split judges, in file order (a query whose `split`
  /// names another split is left out).
  std::vector<BeirQuery> queries;
};

/// Reads the collection in the folder `dir` for `split`: its qrels, the
/// queries they judge and, when `read_corpus`, the corpus. Blank lines are
/// skipped. Errors: `not_found` (no corpus or queries file, no qrels for
/// the split), `invalid_argument` (a line that is not a JSON object with
/// `_id` and a string `text`, or a qrels line without three fields, with the
/// path and line; no judged query; an empty corpus when read), and those of
/// for_each_line().
Result<BeirCollection> read_beir(const std::string& dir, const std::string& split,
                                 bool read_corpus);

}  // namespace herdex
