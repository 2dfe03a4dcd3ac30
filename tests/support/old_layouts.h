// Databases as older herdex builds laid them out, made from a current one,
// for tests that a current build still reads and updates them.
#pragma once

#include <string>

namespace herdex::testing {

/// Rewrites the database at `path` (one database, not a set, with no
/// writer open) as format 3 laid stems out: each stem that differs from its
/// word holds that word's positions itself, and no (stem, word) pairs are
/// listed (lib/store/stem_words.h). Term frequencies and wdf are unchanged.
void to_format_3_stems(const std::string& path);

}  // namespace herdex::testing
