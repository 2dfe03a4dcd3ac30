// Fuzzes the JSON Lines reader: every line through parse_jsonl_record(),
// and the whole input as a file (plain, or gzip when it starts like one)
// through read_jsonl() with a small --max-bytes, so long lines, blank lines,
// line endings and zlib errors are all reached.
//
// Input: one settings byte (id field, strict, max_bytes), then the file.
//
// Invariants: no exception escapes; a record is a Document with a non-empty
// id, valid UTF-8 text, title and id, and a finite rating, or an
// `invalid_argument` Error with a message; <br> flattening keeps the length
// and is idempotent. The reader gives each record at most once, in line
// order, within max_bytes, with source = the file; every problem names the
// file and a line that exists; under --strict the first problem ends the run.
#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "herdex/ingest.h"
#include "ingest/jsonl_reader.h"

namespace herdex::fuzz {
namespace {

void check_document(const Document& doc) {
  HERDEX_FUZZ_CHECK(!doc.id.empty(), "a record without an id");
  HERDEX_FUZZ_CHECK(valid_utf8(doc.text) && valid_utf8(doc.title) && valid_utf8(doc.id),
                    "a record's text, title or id is not valid UTF-8");
  HERDEX_FUZZ_CHECK(!doc.rating || std::isfinite(*doc.rating), "rating %f", doc.rating.value_or(0));
}

void check_lines(std::string_view input, const IngestOptions& options) {
  std::size_t line_no = 0;
  for (std::size_t pos = 0; pos <= input.size();) {
    std::size_t eol = input.find('\n', pos);
    if (eol == std::string_view::npos) eol = input.size();
    std::string line(input.substr(pos, eol - pos));
    pos = eol + 1;
    ++line_no;
    (void)detail::repair_utf8(line);  // as read_jsonl does

    std::string flat = line;
    detail::flatten_html_breaks(flat);
    HERDEX_FUZZ_CHECK(flat.size() == line.size(), "flattening changed the length");
    std::string twice = flat;
    detail::flatten_html_breaks(twice);
    HERDEX_FUZZ_CHECK(twice == flat, "flattening is not idempotent");

    std::vector<Error> warnings;
    auto doc =
        detail::parse_jsonl_record(line, options, "fuzz:" + std::to_string(line_no), warnings);
    if (doc) {
      check_document(*doc);
    } else {
      HERDEX_FUZZ_CHECK(
          doc.error().code == ErrorCode::invalid_argument && !doc.error().message.empty(),
          "record error %s: %s", to_string(doc.error().code), doc.error().message.c_str());
    }
    for (const Error& w : warnings) {
      HERDEX_FUZZ_CHECK(w.code == ErrorCode::invalid_argument && !w.message.empty(), "warning %s",
                        w.message.c_str());
    }
  }
}

void check_file(std::string_view input, const IngestOptions& options) {
  const int fd = ::memfd_create("herdex-fuzz.jsonl", 0);
  HERDEX_FUZZ_CHECK(fd >= 0, "memfd_create failed");
  for (std::size_t done = 0; done < input.size();) {
    const ssize_t n = ::write(fd, input.data() + done, input.size() - done);
    HERDEX_FUZZ_CHECK(n > 0, "cannot write the input");
    done += static_cast<std::size_t>(n);
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  // zlib reads gzip data through; any other bytes are read as they are.
  std::size_t lines = 1;
  for (const char c : input) lines += c == '\n' ? 1 : 0;
  const bool compressed = input.size() >= 2 && input[0] == '\x1f' && input[1] == '\x8b';

  std::size_t documents = 0;
  std::size_t problems = 0;
  std::size_t last_line = 0;
  IngestSink sink;
  sink.on_document = [&](Document&& doc) -> Result<void> {
    check_document(doc);
    HERDEX_FUZZ_CHECK(doc.source == path, "source '%s'", doc.source.c_str());
    HERDEX_FUZZ_CHECK(doc.text.size() <= options.max_bytes,
                      "a record of %zu bytes passed a limit of %zu", doc.text.size(),
                      options.max_bytes);
    ++documents;
    return {};
  };
  sink.on_problem = [&](const Error& e, ProblemKind kind) {
    HERDEX_FUZZ_CHECK(!options.strict || kind == ProblemKind::warning,
                      "a problem reported under --strict");
    HERDEX_FUZZ_CHECK(e.path == path && e.line >= 1 && !e.message.empty(), "problem %s at line %zu",
                      e.describe().c_str(), e.line);
    HERDEX_FUZZ_CHECK(compressed || e.line <= lines, "problem at line %zu of %zu", e.line, lines);
    HERDEX_FUZZ_CHECK(e.line >= last_line, "problem at line %zu after line %zu", e.line, last_line);
    last_line = e.line;
    if (kind != ProblemKind::warning) ++problems;
  };
  auto read = detail::read_jsonl(path, "fuzz", options, sink);
  if (!read) {
    const Error& e = read.error();
    HERDEX_FUZZ_CHECK(options.strict || e.code == ErrorCode::io_error, "read error %s",
                      e.describe().c_str());
    HERDEX_FUZZ_CHECK(e.path == path && (e.line >= 1 || e.code == ErrorCode::io_error),
                      "read error without its place: %s", e.describe().c_str());
  }
  HERDEX_FUZZ_CHECK(compressed || documents + problems <= lines,
                    "%zu records and %zu problems from %zu lines", documents, problems, lines);
  ::close(fd);
}

}  // namespace
}  // namespace herdex::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace herdex;
  using namespace herdex::fuzz;
  InputReader in(data, size);
  const std::uint8_t settings = in.byte();
  const std::string_view input = in.rest();
  IngestOptions options;
  if ((settings & 1U) != 0) options.id_field = "id";
  if ((settings & 2U) != 0) options.extra_fields = {"genre", "text"};
  options.strict = (settings & 4U) != 0;
  options.max_bytes = 16U + (settings >> 3) * 64U;  // 16 .. 2000 bytes
  try {
    check_lines(input, options);
    check_file(input, options);
  } catch (const std::exception& e) {
    HERDEX_FUZZ_CHECK(false, "exception escaped the JSON Lines reader: %s", e.what());
  }
  return 0;
}
