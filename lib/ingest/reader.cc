#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "herdex/ingest.h"
#include "ingest/html_reader.h"
#include "ingest/jsonl_reader.h"
#include "ingest/text_format.h"
#include "util/utf8.h"

namespace herdex {
namespace {
namespace fs = std::filesystem;

bool is_hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return name.size() > 1 && name[0] == '.' && name != "..";
}

enum class Format { unsupported, text, html, jsonl };

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Format format_of(const fs::path& p) {
  std::string name = p.filename().string();
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ends_with(name, ".txt") || ends_with(name, ".md")) return Format::text;
  if (ends_with(name, ".html") || ends_with(name, ".htm")) return Format::html;
  if (ends_with(name, ".jsonl") || ends_with(name, ".jsonl.gz")) return Format::jsonl;
  return Format::unsupported;
}


Error problem(ErrorCode code, std::string message, const std::string& path) {
  Error e{code, std::move(message)};
  e.path = path;
  return e;
}

// Walks files and folders. With `size_only` set it reads nothing and only
// adds up the sizes of the files it would read, so that progress estimates
// and the real run agree on what is read.
class Walker {
 public:
  Walker(const IngestOptions& options, const IngestSink& sink, std::uint64_t* size_only = nullptr)
      : options_(options), sink_(sink), size_only_(size_only) {}

  Result<void> file(const fs::path& path, const std::string& id, bool explicit_arg) {
    const std::string shown = path.string();
    const Format format = format_of(path);
    if (format == Format::unsupported) {
      if (!explicit_arg) return {};
      return report(problem(ErrorCode::unsupported,
                            "unsupported file type (herdex reads .txt, .md, .html, .htm, .jsonl, .jsonl.gz)",
                            shown),
                    ProblemKind::skipped);
    }
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    if (size_only_ != nullptr) {
      if (!ec) *size_only_ += size;
      return {};
    }
    if (format == Format::jsonl) return detail::read_jsonl(shown, id, options_, sink_);
    if (ec) return report(problem(ErrorCode::io_error, ec.message(), shown), ProblemKind::error);
    if (sink_.on_consumed) sink_.on_consumed(size);
    if (size == 0) {
      return report(problem(ErrorCode::invalid_argument, "empty file", shown), ProblemKind::skipped);
    }
    if (size > options_.max_bytes) {
      return report(problem(ErrorCode::invalid_argument,
                            fmt::format("file is {} bytes, over the limit of {} (--max-bytes)",
                                        size, options_.max_bytes),
                            shown),
                    ProblemKind::skipped);
    }
    std::ifstream in(path, std::ios::binary);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(size))) {
      return report(problem(ErrorCode::io_error,
                            fmt::format("cannot read: {}", std::strerror(errno)), shown),
                    ProblemKind::error);
    }
    if (detail::looks_binary(bytes)) {
      return report(problem(ErrorCode::invalid_argument, "binary file", shown), ProblemKind::skipped);
    }
    std::vector<Error> warnings;
    Document doc = format == Format::html ? detail::parse_html_document(bytes)
                                          : detail::parse_text_document(bytes, warnings);
    for (Error& w : warnings) {
      w.path = shown;
      (void)report(w, ProblemKind::warning);  // warnings never stop a run
    }
    doc.id = id;
    doc.source = shown;
    return sink_.on_document(std::move(doc));
  }

  Result<void> folder(const fs::path& root, const fs::path& dir) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
      return report(problem(ErrorCode::io_error, std::strerror(errno), dir.string()),
                    ProblemKind::error);
    }
    // Symlinks are followed, but each directory is entered once: a link
    // back up the tree (a loop) is simply not walked again.
    if (!visited_.emplace(st.st_dev, st.st_ino).second) return {};

    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      entries.push_back(*it);
    }
    if (ec) {
      return report(problem(ErrorCode::io_error, ec.message(), dir.string()), ProblemKind::error);
    }
    // Sorted, so that runs (and document order in the database) are
    // reproducible.
    std::sort(entries.begin(), entries.end(),
              [](const auto& a, const auto& b) { return a.path() < b.path(); });
    for (const fs::directory_entry& entry : entries) {
      const fs::path& p = entry.path();
      if (is_hidden(p)) continue;
      std::error_code type_ec;
      if (entry.is_directory(type_ec)) {
        if (auto r = folder(root, p); !r) return r;
      } else if (entry.is_regular_file(type_ec)) {
        if (auto r = file(p, p.lexically_relative(root).generic_string(), false); !r) return r;
      }
    }
    return {};
  }

 private:
  // Under --strict, an error or a skip ends the run; otherwise it is told
  // to the sink and reading goes on.
  Result<void> report(const Error& e, ProblemKind kind) {
    if (options_.strict && kind != ProblemKind::warning) return e;
    if (sink_.on_problem) sink_.on_problem(e, kind);
    return {};
  }

  const IngestOptions& options_;
  const IngestSink& sink_;
  std::uint64_t* size_only_;
  std::set<std::pair<dev_t, ino_t>> visited_;
};

}  // namespace

Result<void> read_documents(const std::string& path, const IngestOptions& options,
                            const IngestSink& sink) {
  if (!sink.on_document) {
    return Error{ErrorCode::invalid_argument, "read_documents needs an on_document callback"};
  }
  if (path == "-") {
    if (options.stdin_format == "jsonl") return detail::read_jsonl("-", "stdin", options, sink);
    if (options.stdin_format != "text") {
      return Error{ErrorCode::invalid_argument,
                   "standard input format must be \"jsonl\" or \"text\""};
    }
    std::string bytes;
    char buffer[1 << 16];
    for (;;) {
      const ssize_t n = ::read(0, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Error{ErrorCode::io_error, fmt::format("cannot read standard input: {}", std::strerror(errno))};
      if (n == 0) break;
      bytes.append(buffer, static_cast<std::size_t>(n));
      if (bytes.size() > options.max_bytes) {
        return Error{ErrorCode::invalid_argument,
                     fmt::format("standard input is over the limit of {} bytes (--max-bytes)", options.max_bytes)};
      }
    }
    if (bytes.empty()) return {};
    std::vector<Error> warnings;
    Document doc = detail::parse_text_document(bytes, warnings);
    for (Error& w : warnings) {
      w.path = "-";
      if (sink.on_problem) sink.on_problem(w, ProblemKind::warning);
    }
    doc.id = "stdin";
    doc.source = "-";
    return sink.on_document(std::move(doc));
  }
  fs::path p = fs::path(path).lexically_normal();
  if (!p.has_filename() && p.has_parent_path()) p = p.parent_path();  // "corpus/" -> "corpus"
  std::error_code ec;
  const fs::file_status status = fs::status(p, ec);
  if (ec || !fs::exists(status)) {
    Error e{ErrorCode::not_found, "no such file or directory"};
    e.path = path;
    return e;
  }
  Walker walker(options, sink);
  if (fs::is_directory(status)) return walker.folder(p, p);
  return walker.file(p, p.filename().generic_string(), true);
}

std::uint64_t input_bytes(const std::string& path) {
  std::uint64_t total = 0;
  const IngestOptions options;
  const IngestSink sink;
  Walker walker(options, sink, &total);
  std::error_code ec;
  fs::path p = fs::path(path).lexically_normal();
  if (!p.has_filename() && p.has_parent_path()) p = p.parent_path();
  const fs::file_status status = fs::status(p, ec);
  if (ec || !fs::exists(status)) return 0;
  if (fs::is_directory(status)) {
    (void)walker.folder(p, p);  // errors are the real run's to report
  } else {
    (void)walker.file(p, p.filename().generic_string(), true);
  }
  return total;
}

}  // namespace herdex
