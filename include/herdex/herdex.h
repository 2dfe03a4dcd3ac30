/// @file herdex.h
/// Umbrella header: everything in herdex's C++ API. (The C API is
/// herdex_c.h, included separately.) The rules for threads are on the main
/// page of the reference: one IndexWriter per database, one Searcher and
/// one Analyzer per thread, values shared freely.
#pragma once

#include "herdex/analyzer.h"
#include "herdex/database.h"
#include "herdex/document.h"
#include "herdex/error.h"
#include "herdex/index.h"
#include "herdex/ingest.h"
#include "herdex/search.h"
#include "herdex/version.h"
