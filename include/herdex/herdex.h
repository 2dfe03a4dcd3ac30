/// @file herdex.h
/// Umbrella header: everything in herdex's public API.
#pragma once

#include "herdex/analyzer.h"
#include "herdex/bench.h"
#include "herdex/database.h"
#include "herdex/document.h"
#include "herdex/error.h"
#include "herdex/eval.h"
#include "herdex/index.h"
#include "herdex/ingest.h"
#include "herdex/search.h"
#include "herdex/version.h"
