#include "ingest/jsonl_reader.h"

#include <unistd.h>
#include <zlib.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/hash.h"
#include "util/line_reader.h"
#include "util/utf8.h"

namespace herdex::detail {
namespace {

using nlohmann::json;

// Text of a scalar JSON value: strings as they are, numbers printed.
bool scalar_text(const json& v, std::string& out) {
  // is_number_integer() is also true for unsigned values, so unsigned first
  // (ids above 2^63 must not wrap).
  if (v.is_string()) {
    out = v.get<std::string>();
  } else if (v.is_number_unsigned()) {
    out = std::to_string(v.get<unsigned long long>());
  } else if (v.is_number_integer()) {
    out = std::to_string(v.get<long long>());
  } else if (v.is_number_float()) {
    out = fmt::format("{}", v.get<double>());
  } else if (v.is_boolean()) {
    out = v.get<bool>() ? "true" : "false";
  } else {
    return false;
  }
  return true;
}

Error with_line(Error e, const std::string& path, std::size_t line) {
  e.path = path;
  e.line = line;
  return e;
}

}  // namespace

void flatten_html_breaks(std::string& text) {
  std::size_t pos = 0;
  while ((pos = text.find('<', pos)) != std::string::npos) {
    std::size_t i = pos + 1;
    if (i + 1 < text.size() && (text[i] == 'b' || text[i] == 'B') &&
        (text[i + 1] == 'r' || text[i + 1] == 'R')) {
      i += 2;
      while (i < text.size() && text[i] == ' ') ++i;
      if (i < text.size() && text[i] == '/') ++i;
      if (i < text.size() && text[i] == '>') {
        text[pos] = '\n';
        for (std::size_t k = pos + 1; k <= i; ++k) text[k] = ' ';
        pos = i + 1;
        continue;
      }
    }
    ++pos;
  }
}

Result<Document> parse_jsonl_record(std::string_view line, const IngestOptions& options,
                                    const std::string& fallback_id, std::vector<Error>& warnings) {
  json record;
  try {
    record = json::parse(line.begin(), line.end());
  } catch (const json::parse_error& e) {
    // nlohmann counts lines within the record ("[json.exception.parse_error.101]
    // parse error at line 1, column 17: syntax error ..."): keep its reason,
    // and the byte where it broke as the column; the reader adds the file's line.
    std::string_view reason = e.what();
    if (const std::size_t at = reason.find("column "); at != std::string_view::npos) {
      if (const std::size_t colon = reason.find(": ", at); colon != std::string_view::npos) {
        reason.remove_prefix(colon + 2);
      }
    }
    Error error{ErrorCode::invalid_argument, fmt::format("malformed JSON: {}", reason)};
    error.column = e.byte;
    return error;
  } catch (const json::exception& e) {
    return Error{ErrorCode::invalid_argument, fmt::format("malformed JSON: {}", e.what())};
  }
  if (!record.is_object()) {
    return Error{ErrorCode::invalid_argument, "a record must be a JSON object"};
  }
  Document doc;
  const auto text = record.find(options.text_field);
  if (text == record.end() || text->is_null()) {
    Error e{ErrorCode::invalid_argument, fmt::format("no \"{}\" field", options.text_field)};
    e.option = "text_field";
    return e;
  }
  if (!text->is_string()) {
    return Error{ErrorCode::invalid_argument,
                 fmt::format("\"{}\" is not a string", options.text_field)};
  }
  doc.text = text->get<std::string>();
  flatten_html_breaks(doc.text);

  auto id = record.find(options.id_field);
  if (id == record.end() && options.id_field == "_id") id = record.find("id");
  if (id == record.end() || !scalar_text(*id, doc.id) || doc.id.empty()) doc.id = fallback_id;

  std::string value;
  auto read = [&](const std::string& name, std::string& out) {
    const auto it = record.find(name);
    if (it != record.end() && !it->is_null() && scalar_text(*it, value)) out = value;
  };
  read(options.title_field, doc.title);
  read("author", doc.author);
  read("date", doc.date);
  read("lang", doc.lang);
  if (const auto rating = record.find("rating"); rating != record.end() && !rating->is_null()) {
    if (rating->is_number() && std::isfinite(rating->get<double>())) {
      doc.rating = rating->get<double>();
    } else {
      warnings.emplace_back(ErrorCode::invalid_argument, "\"rating\" is not a number; ignored");
    }
  }
  for (const std::string& name : options.extra_fields) {
    std::string field;
    read(name, field);
    if (!field.empty()) doc.fields.emplace_back(name, std::move(field));
  }
  return doc;
}

std::string content_id(std::string_view bytes) {
  return fmt::format("stdin-{:016x}", stable_hash64(bytes));
}

Result<void> read_jsonl(const std::string& path, const std::string& id_base,
                        const IngestOptions& options, const IngestSink& sink) {
  GzFile file(gzopen(path.c_str(), "rb"));
  if (!file) {
    Error e{ErrorCode::io_error, "cannot open"};
    e.path = path;
    return e;
  }
  return read_jsonl_stream(file.get(), {}, path, id_base, options, sink);
}

Result<void> read_jsonl_stream(gzFile file, std::string head, const std::string& path,
                               const std::string& id_base, const IngestOptions& options,
                               const IngestSink& sink) {
  (void)gzbuffer(file,
                 1U << 17);  // larger reads; failure (after a read) only means the default size

  auto report = [&](Error e, ProblemKind kind) -> Result<void> {
    if (options.strict && kind != ProblemKind::warning) return e;
    if (sink.on_problem) sink.on_problem(e, kind);
    return {};
  };

  LineReader lines(file, std::move(head), options.max_bytes, sink.on_consumed);
  std::string repaired;
  std::size_t line_no = 0;
  for (;;) {
    std::string_view line;
    const LineReader::Next next = lines.next(line);
    if (next == LineReader::Next::end) break;
    if (next == LineReader::Next::error) {
      return report(with_line(Error{ErrorCode::io_error, lines.error()}, path, line_no + 1),
                    ProblemKind::error);
    }
    ++line_no;
    if (next == LineReader::Next::too_long) {
      Error e{ErrorCode::invalid_argument,
              fmt::format("record longer than {} bytes; skipped", options.max_bytes)};
      e.option = "max_bytes";
      auto r = report(with_line(std::move(e), path, line_no), ProblemKind::skipped);
      if (!r) return r;
      continue;
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (count_invalid_utf8(line) > 0) {
      // JSON must be UTF-8; repaired bytes become '?'.
      repaired.assign(line);
      (void)repair_utf8(repaired);
      line = repaired;
    }

    std::vector<Error> warnings;
    const std::string fallback =
        id_base.empty() ? content_id(line) : fmt::format("{}:{}", id_base, line_no);
    auto doc = parse_jsonl_record(line, options, fallback, warnings);
    for (Error& w : warnings)
      (void)report(with_line(std::move(w), path, line_no), ProblemKind::warning);
    if (!doc) {
      auto r = report(with_line(std::move(doc).error(), path, line_no), ProblemKind::error);
      if (!r) return r;
      continue;
    }
    doc->source = path;
    doc->source_line = line_no;
    if (auto r = sink.on_document(std::move(*doc)); !r) return r;
  }
  return {};
}

}  // namespace herdex::detail
