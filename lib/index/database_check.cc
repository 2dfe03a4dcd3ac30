// check_database(): Xapian's consistency check, then herdex's own
// invariants of what IndexWriter stores. It lives in lib/index because the
// invariants are the writer's (records, passages, position extents) and the
// analyzer settings need lib/analysis.
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "analysis/settings.h"
#include "herdex/database.h"
#include "store/database.h"
#include "store/record.h"
#include "store/schema.h"
#include "store/shards.h"

namespace herdex {
namespace {

class Findings {
 public:
  Findings(CheckReport& report, const CheckOptions& options, std::string shard)
      : report_(report), options_(options), shard_(std::move(shard)) {}

  void add(std::string kind, std::string document, std::string message) {
    ++report_.problem_count;
    if (report_.problems.size() < options_.max_problems) {
      report_.problems.push_back(
          {shard_, std::move(kind), std::move(document), std::move(message)});
    }
  }

 private:
  CheckReport& report_;
  const CheckOptions& options_;
  std::string shard_;
};

// Body terms carry positions into the stored extents: plain words and the
// stems that differ from their word. Field terms (an upper-case prefix
// other than the stem prefix) count positions in their own field.
bool is_body_term(const std::string& term) {
  if (term.empty()) return false;
  const char first = term[0];
  return first < 'A' || first > 'Z' || detail::is_stem_term(term);
}

void check_metadata(const Xapian::Database& db, const std::string& path, Findings& found) {
  if (auto ok = detail::check_format(db, path); !ok) {
    found.add("metadata", "", ok.error().message);
    return;
  }
  if (db.get_doccount() == 0) return;
  const std::string fingerprint = db.get_metadata(detail::kAnalyzerKey);
  const std::string options = db.get_metadata(detail::kAnalyzerOptionsKey);
  if (fingerprint.empty() || options.empty()) {
    found.add("metadata", "", "the analyzer settings are missing (herdex.analyzer)");
    return;
  }
  auto analyzer = detail::analyzer_from_settings(options, fingerprint, AnalyzerOptions{});
  if (!analyzer) found.add("metadata", "", analyzer.error().message);
}

void check_document(const Xapian::Database& db, Xapian::docid did, Findings& found) {
  const Xapian::Document doc = db.get_document(did);
  auto record = detail::decode_record(doc.get_data());
  if (!record) {
    found.add("record", fmt::format("#{}", did), record.error().message);
    return;
  }
  const detail::StoredDocument& rec = *record;
  const std::string& id = rec.id;
  const std::size_t text = rec.text.size();
  const std::size_t extents = rec.positions.size();
  for (std::size_t i = 0; i < rec.passages.size(); ++i) {
    const detail::StoredPassage& p = rec.passages[i];
    if (p.byte_begin > p.byte_end || p.byte_end > text) {
      found.add("passages", id,
                fmt::format("passage {} spans bytes {}..{} of a {}-byte text", i, p.byte_begin,
                            p.byte_end, text));
      return;
    }
    if (p.position_begin > p.position_end || p.position_end > extents) {
      found.add("passages", id,
                fmt::format("passage {} covers positions {}..{} of {}", i, p.position_begin,
                            p.position_end, extents));
      return;
    }
  }
  for (std::size_t i = 0; i < extents; ++i) {
    const detail::PositionExtent& e = rec.positions[i];
    if (e.byte_begin > e.byte_end || e.byte_end > text) {
      found.add("positions", id,
                fmt::format("position {} spans bytes {}..{} of a {}-byte text", i + 1, e.byte_begin,
                            e.byte_end, text));
      return;
    }
  }
  for (auto term = db.termlist_begin(did); term != db.termlist_end(did); ++term) {
    const std::string name = *term;
    if (!is_body_term(name) || term.positionlist_count() == 0) continue;
    for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) {
      if (*pos == 0 || *pos > extents) {
        found.add("positions", id,
                  fmt::format("term \"{}\" is at position {}, but the record has {} positions",
                              name, *pos, extents));
        return;
      }
    }
  }
}

struct XapianCheck {
  std::size_t errors = 0;
  std::string output;  // what Xapian printed
  std::string crash;   // set when the check could not finish
};

XapianCheck xapian_check_in_child(const std::string& path) {
  XapianCheck result;
  int fds[2];
  if (pipe(fds) != 0) {
    result.crash = fmt::format("cannot run Xapian's check: {}", std::strerror(errno));
    return result;
  }
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    result.crash = fmt::format("cannot run Xapian's check: {}", std::strerror(errno));
    return result;
  }
  if (pid == 0) {
    close(fds[0]);
    std::ostringstream says;
    int code = 0;
    try {
      const std::size_t errors = Xapian::Database::check(path, 0, &says);
      code = errors == 0 ? 0 : 1;
    } catch (const Xapian::Error& e) {
      says << detail::from_xapian(e, path).message << "\n";
      code = 2;
    }
    const std::string text = says.str();
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = write(fds[1], text.data() + done, text.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    _exit(code);
  }
  close(fds[1]);
  char buffer[4096];
  for (;;) {
    const ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n > 0) {
      result.output.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    result.crash = fmt::format("Xapian's consistency check crashed (signal {}) on damaged tables",
                               WTERMSIG(status));
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == 2) {
    // The error that stopped it is the last line Xapian's check printed.
    std::string last = result.output;
    while (!last.empty() && last.back() == '\n') last.pop_back();
    last = last.substr(last.rfind('\n') == std::string::npos ? 0 : last.rfind('\n') + 1);
    result.crash = last.empty() ? "Xapian's check failed" : last;
  } else if (WIFEXITED(status) && WEXITSTATUS(status) == 1) {
    result.errors = 1;
  }
  return result;
}

void check_shard(const std::string& path, CheckReport& report, const CheckOptions& options) {
  Findings found(report, options, path);
  // Xapian's check decodes damaged tables with the same code that reads
  // them, and some damage (bits flipped in a term list) crashes it; in a
  // child process a crash is a finding, not the end of the caller.
  auto xapian = xapian_check_in_child(path);
  if (!xapian.crash.empty()) {
    found.add("xapian", "", xapian.crash);
    return;
  }
  std::istringstream xapian_says(xapian.output);
  const std::size_t xapian_errors = xapian.errors;
  if (xapian_errors > 0) {
    std::istringstream& lines = xapian_says;
    std::string line;
    std::size_t shown = 0;
    while (std::getline(lines, line)) {
      // Besides the problems, Xapian names each table ("postlist:") and
      // says which are sound.
      if (line.empty() || line.back() == ':' || line.find("checked OK") != std::string::npos ||
          line.find("checked okay") != std::string::npos ||
          line.find("blocksize=") != std::string::npos) {
        continue;
      }
      found.add("xapian", "", line);
      ++shown;
    }
    if (shown == 0) found.add("xapian", "", fmt::format("{} errors", xapian_errors));
    // Herdex's own checks read through Xapian, which trusts its tables.
    return;
  }
  auto opened = detail::open_readable(path);
  if (!opened) {
    found.add(opened.error().code == ErrorCode::corrupt ? "xapian" : "metadata", "",
              opened.error().message);
    return;
  }
  const Xapian::Database& db = *opened;
  try {
    check_metadata(db, path, found);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      check_document(db, *it, found);
      ++report.documents;
    }
  } catch (const Xapian::Error& e) {
    found.add("xapian", "", detail::from_xapian(e, path).message);
  }
}

}  // namespace

Result<CheckReport> check_database(const std::string& path, const CheckOptions& options) {
  auto layout = detail::resolve_layout(path);
  if (!layout) return std::move(layout).error();
  if (layout->kind == detail::DatabaseLayout::Kind::missing ||
      (layout->kind == detail::DatabaseLayout::Kind::directory &&
       !detail::has_glass_tables(path))) {
    Error e{ErrorCode::not_found, "no database here (create one with `herdex index`)"};
    e.path = path;
    return e;
  }
  CheckReport report;
  report.path = path;
  for (const detail::ShardLocation& shard : layout->shards) {
    if (shard.remote()) {
      report.skipped.push_back(shard.name());
      continue;
    }
    ++report.shards;
    check_shard(shard.path, report, options);
  }
  return report;
}

}  // namespace herdex
