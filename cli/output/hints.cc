#include "output/hints.h"

#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace herdex::cli {

std::string message_with_hint(const Error& e) {
  // The library names the option (IngestOptions, SearchOptions); the
  // command line names its flag.
  static constexpr std::pair<std::string_view, std::string_view> kHints[] = {
      {"max_bytes", "(--max-bytes)"},
      {"follow_links", "(--follow-links follows it)"},
      {"text_field", "(choose one with --text-field)"},
      {"facets", "(user fields are those given to `index --field`)"},
  };
  if (e.option.empty()) return e.message;
  for (const auto& [option, hint] : kHints) {
    if (option != e.option) continue;
    constexpr std::string_view kSkipped = "; skipped";
    std::string message = e.message;
    const std::size_t at =
        message.size() >= kSkipped.size() &&
                message.compare(message.size() - kSkipped.size(), kSkipped.size(), kSkipped) == 0
            ? message.size() - kSkipped.size()
            : message.size();
    return message.insert(at, fmt::format(" {}", hint));
  }
  return e.message;
}

}  // namespace herdex::cli
