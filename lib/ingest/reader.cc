#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "herdex/ingest.h"
#include "ingest/html_reader.h"
#include "ingest/input_size.h"
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
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
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

struct GzCloser {
  void operator()(gzFile_s* f) const { (void)gzclose(f); }  // read-only: nothing to flush
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

Error problem(ErrorCode code, std::string message, const std::string& path) {
  Error e{code, std::move(message)};
  e.path = path;
  return e;
}

// The size of a .gz file's text as its gzip trailer states it (ISIZE: the
// last member's size modulo 4 GiB), or its size as stored when the trailer
// says less (a wrapped size, several members, a damaged file). An estimate.
std::uintmax_t gzip_text_size(const fs::path& path, std::uintmax_t stored) {
  constexpr std::uintmax_t kTrailer = 18;  // the smallest gzip file
  if (stored < kTrailer) return stored;
  std::ifstream in(path, std::ios::binary);
  unsigned char isize[4] = {};
  if (!in.seekg(-4, std::ios::end) || !in.read(reinterpret_cast<char*>(isize), 4)) return stored;
  const std::uintmax_t text = std::uintmax_t{isize[0]} | (std::uintmax_t{isize[1]} << 8) |
                              (std::uintmax_t{isize[2]} << 16) | (std::uintmax_t{isize[3]} << 24);
  return std::max(text, stored);
}

// How a size-only walk counts a file: as stored (progress) or as the text
// it holds (the bulk-load threshold).
enum class SizeOf { stored, text };

// Walks files and folders. With `size_only` set it reads nothing and only
// adds up the sizes of the files it would read, so that progress estimates
// and the real run agree on what is read.
class Walker {
 public:
  Walker(const IngestOptions& options, const IngestSink& sink, std::uint64_t* size_only = nullptr,
         SizeOf size_of = SizeOf::stored)
      : options_(options), sink_(sink), size_only_(size_only), size_of_(size_of) {}

  // `path` is canonical (absolute, no symlinks, no "." or ".."); it is the
  // document's id and source.
  Result<void> file(const fs::path& path, bool explicit_arg) {
    const std::string shown = path.generic_string();
    const std::string& id = shown;
    const Format format = format_of(path);
    if (format == Format::unsupported) {
      if (!explicit_arg) return {};
      return report(
          problem(ErrorCode::unsupported,
                  "unsupported file type (herdex reads .txt, .md, .html, .htm, .jsonl, .jsonl.gz)",
                  shown),
          ProblemKind::skipped);
    }
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    if (size_only_ != nullptr) {
      if (ec) return {};
      const bool gzip = format == Format::jsonl && ends_with(path.filename().string(), ".gz");
      *size_only_ += size_of_ == SizeOf::text && gzip ? gzip_text_size(path, size) : size;
      return {};
    }
    if (format == Format::jsonl) return detail::read_jsonl(shown, id, options_, sink_);
    if (ec) return report(problem(ErrorCode::io_error, ec.message(), shown), ProblemKind::error);
    if (sink_.on_consumed) sink_.on_consumed(size);
    if (size == 0) {
      return report(problem(ErrorCode::invalid_argument, "empty file", shown),
                    ProblemKind::skipped);
    }
    if (size > options_.max_bytes) {
      Error e = problem(
          ErrorCode::invalid_argument,
          fmt::format("file is {} bytes, over the limit of {}", size, options_.max_bytes), shown);
      e.option = "max_bytes";
      return report(e, ProblemKind::skipped);
    }
    std::ifstream in(path, std::ios::binary);
    std::string bytes(static_cast<std::size_t>(size), '\0');
    if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(size))) {
      return report(
          problem(ErrorCode::io_error, fmt::format("cannot read: {}", std::strerror(errno)), shown),
          ProblemKind::error);
    }
    if (detail::looks_binary(bytes)) {
      return report(problem(ErrorCode::invalid_argument, "binary file", shown),
                    ProblemKind::skipped);
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

  // `root` and `dir` are canonical.
  Result<void> folder(const fs::path& root, const fs::path& dir) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
      return report(problem(ErrorCode::io_error, std::strerror(errno), dir.string()),
                    ProblemKind::error);
    }
    // Symlinks inside the root are followed, but each directory is entered
    // once: a link back up the tree (a loop) is simply not walked again.
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
      if (is_hidden(entry.path())) continue;
      fs::path p = entry.path();
      std::error_code type_ec;
      if (entry.is_symlink(type_ec)) {
        // A link names another file: the document is that file, under its
        // own (canonical) path. A link out of the root is not followed
        // unless asked, so that a link to "/" does not index the machine.
        std::error_code link_ec;
        fs::path target = fs::canonical(p, link_ec);
        if (link_ec) continue;  // dangling: nothing to read
        if (!options_.follow_links && !is_within(target, root)) {
          if (size_only_ != nullptr) continue;
          Error e = problem(ErrorCode::invalid_argument,
                            fmt::format("symbolic link to {} leaves {}; not followed",
                                        target.generic_string(), root.generic_string()),
                            p.generic_string());
          e.option = "follow_links";
          if (auto r = report(e, ProblemKind::skipped); !r) {
            return r;
          }
          continue;
        }
        p = std::move(target);
      }
      if (entry.is_directory(type_ec)) {
        if (auto r = folder(root, p); !r) return r;
      } else if (entry.is_regular_file(type_ec)) {
        if (auto r = file(p, false); !r) return r;
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

  static bool is_within(const fs::path& p, const fs::path& root) {
    const std::string& a = p.native();
    const std::string& b = root.native();
    if (a.size() < b.size() || a.compare(0, b.size(), b) != 0) return false;
    return a.size() == b.size() || b.back() == '/' || a[b.size()] == '/';
  }

  const IngestOptions& options_;
  const IngestSink& sink_;
  std::uint64_t* size_only_;
  SizeOf size_of_;
  std::set<std::pair<dev_t, ino_t>> visited_;
};

// JSON Lines when the first non-blank byte opens an object, HTML when it
// opens a tag, else plain text.
std::string detect_stdin_format(std::string_view head) {
  std::size_t i = 0;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // UTF-8 byte order mark
  while (i < head.size() &&
         (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
    ++i;
  if (i < head.size() && head[i] == '{') return "jsonl";
  if (i < head.size() && head[i] == '<') return "html";
  return "txt";
}

// Standard input: JSON Lines (plain or gzip) or one text, Markdown or HTML
// document, as IngestOptions::stdin_format says or as its first bytes
// suggest.
Result<void> read_stdin(const IngestOptions& options, const IngestSink& sink) {
  GzFile file(gzdopen(::dup(0), "rb"));
  if (!file) return Error{ErrorCode::io_error, "cannot read standard input"};
  std::string bytes;
  char buffer[1 << 16];
  auto read_more = [&]() -> Result<bool> {
    const int n = gzread(file.get(), buffer, sizeof buffer);
    if (n < 0) {
      int zerr = Z_OK;
      const char* zmsg = gzerror(file.get(), &zerr);
      Error e{ErrorCode::io_error,
              fmt::format("cannot read: {}", zmsg != nullptr ? zmsg : "zlib error")};
      e.path = "-";
      return e;
    }
    bytes.append(buffer, static_cast<std::size_t>(n));
    return n > 0;
  };
  std::string format = options.stdin_format;
  if (format == "text") format = "txt";
  if (format.empty()) {
    // Enough to see the first non-blank byte (or the end).
    for (;;) {
      auto more = read_more();
      if (!more) return std::move(more).error();
      if (!*more || bytes.find_first_not_of(" \t\r\n") != std::string::npos) break;
    }
    format = detect_stdin_format(bytes);
  }
  if (format == "jsonl") {
    return detail::read_jsonl_stream(file.get(), std::move(bytes), "-", options.stdin_id, options,
                                     sink);
  }
  if (format != "txt" && format != "md" && format != "html") {
    return Error{ErrorCode::invalid_argument,
                 fmt::format("unknown standard input format \"{}\" (txt, md, html or jsonl)",
                             options.stdin_format)};
  }
  for (;;) {
    if (bytes.size() > options.max_bytes) {
      Error e{ErrorCode::invalid_argument,
              fmt::format("standard input is over the limit of {} bytes", options.max_bytes)};
      e.path = "-";
      e.option = "max_bytes";
      return e;  // the one input of this read: refused, not skipped
    }
    auto more = read_more();
    if (!more) return std::move(more).error();
    if (!*more) break;
  }
  if (sink.on_consumed) sink.on_consumed(bytes.size());
  if (bytes.empty() || detail::looks_binary(bytes)) {
    Error e{ErrorCode::invalid_argument, bytes.empty() ? "empty input" : "binary input"};
    e.path = "-";
    if (options.strict) return e;
    if (sink.on_problem) sink.on_problem(e, ProblemKind::skipped);
    return {};
  }
  std::vector<Error> warnings;
  Document doc = format == "html" ? detail::parse_html_document(bytes)
                                  : detail::parse_text_document(bytes, warnings);
  for (Error& w : warnings) {
    w.path = "-";
    if (sink.on_problem) sink.on_problem(w, ProblemKind::warning);
  }
  doc.id = options.stdin_id.empty() ? detail::content_id(bytes) : options.stdin_id;
  doc.source = "-";
  return sink.on_document(std::move(doc));
}

// The canonical form of an input path: absolute, symlinks resolved, no "."
// or "..". Empty (with `ec` set) when it does not exist.
fs::path canonical_input(const std::string& path, std::error_code& ec) {
  fs::path p = fs::canonical(fs::path(path), ec);
  if (ec) return {};
  return p;
}

}  // namespace

std::string display_path(std::string_view stored) {
  if (stored.empty() || stored.front() != '/') return std::string(stored);
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (ec) return std::string(stored);
  std::string relative = fs::path(stored).lexically_relative(cwd).generic_string();
  if (relative.empty() || relative.size() >= stored.size()) return std::string(stored);
  return relative;
}

Result<void> read_documents(const std::string& path, const IngestOptions& options,
                            const IngestSink& sink) {
  if (!sink.on_document) {
    return Error{ErrorCode::invalid_argument, "read_documents needs an on_document callback"};
  }
  if (path == "-") return read_stdin(options, sink);
  std::error_code ec;
  const fs::path p = canonical_input(path, ec);
  if (ec) {
    Error e{
        ec == std::errc::no_such_file_or_directory ? ErrorCode::not_found : ErrorCode::io_error,
        ec == std::errc::no_such_file_or_directory ? "no such file or directory" : ec.message()};
    e.path = path;
    return e;
  }
  Walker walker(options, sink);
  if (fs::is_directory(p, ec)) return walker.folder(p, p);
  return walker.file(p, true);
}

namespace {

std::uint64_t walk_sizes(const std::string& path, const IngestOptions& options, SizeOf size_of) {
  std::uint64_t total = 0;
  const IngestSink sink;
  Walker walker(options, sink, &total, size_of);
  std::error_code ec;
  const fs::path p = canonical_input(path, ec);
  if (ec) return 0;
  if (fs::is_directory(p, ec)) {
    (void)walker.folder(p, p);  // errors are the real run's to report
  } else {
    (void)walker.file(p, true);
  }
  return total;
}

}  // namespace

std::uint64_t input_bytes(const std::string& path, const IngestOptions& options) {
  return walk_sizes(path, options, SizeOf::stored);
}

namespace detail {

std::uint64_t input_text_bytes(const std::string& path, const IngestOptions& options) {
  return walk_sizes(path, options, SizeOf::text);
}

}  // namespace detail

}  // namespace herdex
