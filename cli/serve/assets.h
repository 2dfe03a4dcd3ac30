// The search page's files (cli/serve/page/), compiled into the binary by
// cmake/EmbedAssets.cmake so that `herdex serve` needs no files at run time.
#pragma once

#include <string_view>

namespace herdex::cli {

/// One file of the page.
struct Asset {
  std::string_view path;          ///< URL path, e.g. "/app.js".
  std::string_view content_type;  ///< HTTP Content-Type.
  std::string_view body;          ///< The file's bytes.
};

/// The asset served at `path` ("/" is index.html), or nullptr.
const Asset* find_asset(std::string_view path);

}  // namespace herdex::cli
