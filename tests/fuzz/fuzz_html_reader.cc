// Fuzzes the HTML reader (lib/ingest/html_reader.h): any bytes, as a
// scraped page might hold.
//
// Invariants: no exception escapes; title and text are valid UTF-8; the
// text is laid out as the reader promises: no leading or trailing
// whitespace, no tab, carriage return or form feed, single spaces between
// words, no space next to a line break, at most one empty line in a row;
// the title has no leading, trailing or doubled spaces.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "ingest/html_reader.h"

namespace herdex::fuzz {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

void check_layout(const Document& doc) {
  const std::string& t = doc.text;
  HERDEX_FUZZ_CHECK(valid_utf8(t) && valid_utf8(doc.title), "title or text is not valid UTF-8");
  if (!t.empty()) {
    HERDEX_FUZZ_CHECK(!is_space(t.front()) && !is_space(t.back()),
                      "text starts or ends with whitespace");
  }
  HERDEX_FUZZ_CHECK(t.find_first_of("\t\r\f") == std::string::npos,
                    "a tab, CR or form feed in the text");
  for (const char* bad : {"  ", " \n", "\n ", "\n\n\n"}) {
    HERDEX_FUZZ_CHECK(t.find(bad) == std::string::npos, "'%s' in the text",
                      bad[0] == ' ' && bad[1] == ' '
                          ? "two spaces"
                          : "a space by a line break or two empty lines");
  }
  const std::string& title = doc.title;
  if (!title.empty()) {
    HERDEX_FUZZ_CHECK(title.front() != ' ' && title.back() != ' ', "title '%s' not trimmed",
                      title.c_str());
  }
  HERDEX_FUZZ_CHECK(
      title.find("  ") == std::string::npos && title.find_first_of("\n\t\r") == std::string::npos,
      "title '%s' not collapsed", title.c_str());
}

}  // namespace
}  // namespace herdex::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace herdex;
  using namespace herdex::fuzz;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    check_layout(detail::parse_html_document(bytes));
  } catch (const std::exception& e) {
    HERDEX_FUZZ_CHECK(false, "exception escaped the HTML reader: %s", e.what());
  }
  return 0;
}
