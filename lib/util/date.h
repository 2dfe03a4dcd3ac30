// Checking the dates and language tags people write, in documents' headers
// and in queries, so that an impossible one is named instead of matching
// nothing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace herdex::detail {

/// What is wrong with a date of the form YYYY, YYYY-MM or YYYY-MM-DD,
/// optionally followed (when `allow_time`) by 'T' or ' ' and a time: ""
/// when it is a real calendar date; otherwise a message ("month 13 does not
/// exist", "February 2014 has 28 days") and in `*offset` the byte offset in
/// `date` of the faulty part.
std::string date_problem(std::string_view date, bool allow_time, std::size_t* offset);

/// Whether `tag` reads as a language tag: herdex's own (en, ja, ko,
/// zh-Hans, zh-Hant, mixed) or an ISO 639 code that ICU knows, with
/// subtags (`de`, `deu`, `pt-BR`), case-insensitively. `xx` and `klingon`
/// are not (`tlh` is).
bool is_language_tag(std::string_view tag);

}  // namespace herdex::detail
