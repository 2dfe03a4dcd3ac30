// herdex's query language, the part the benchmark query files use, in
// SQLite FTS5's query syntax: so that FTS5 answers the same queries.
#pragma once

#include <string>
#include <string_view>

namespace herdex::bench {

/// The FTS5 MATCH expression for `query`, or an empty string with `error`
/// set when the query uses something this does not translate (fields,
/// ranges, +/-, NEAR).
///
///   word          "word"            (FTS5's tokenizer stems or splits it)
///   lonel*        "lonel"*          (prefix)
///   "a b"         "a b"             (phrase; with trigram, a substring)
///   a b           "a" OR "b"        (herdex, like Xapian, ORs free words)
///   a AND b, a OR b, a NOT b, ( )   the same operators
std::string to_fts5_query(std::string_view query, std::string* error);

}  // namespace herdex::bench
