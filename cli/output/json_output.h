// --json output. The shapes are a contract other tools parse (README,
// "JSON output"): keys are only ever added, never renamed or removed.
#pragma once

#include <string>

#include "herdex/database.h"
#include "herdex/index.h"
#include "herdex/search.h"

namespace herdex::cli {

std::string results_json(const SearchResults& results);
/// With `space` (`--verbose`), a "space" key holds where the bytes go.
std::string stats_json(const DatabaseStats& stats, const DatabaseSpace* space = nullptr);
std::string index_report_json(const IndexReport& report, double seconds);
std::string error_json(const Error& error);

}  // namespace herdex::cli
