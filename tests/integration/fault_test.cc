// Faults, with real processes and real files: a read-only database, a
// missing one, damaged files inside one, a full disk and a file size limit
// during indexing, a second writer, and searches from other processes while
// `herdex index` runs. Each must end in a clear error and a non-zero exit
// (or in success), never a crash or a database that lost committed work.
// Then resource bounds: inputs over --max-bytes are skipped with a message
// without being held in memory, and a long line under it is indexed in
// passages (small limits here keep the tests fast; docs/RELIABILITY.md has
// the figures for 100 MB).
//
// The tmpfs cases need root (to mount one); without it they are skipped and
// the rest still runs. As root, the read-only case drops the capabilities
// that let root ignore file permissions.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/capability.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "herdex/herdex.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

struct RunOptions {
  bool obey_permissions = false;           // even as root (see spawn())
  rlim_t file_size_limit = RLIM_INFINITY;  // RLIMIT_FSIZE, bytes (`ulimit -f`)
  std::string stdin_path = "/dev/null";
};

struct CliRun {
  int exit_code = -1;  // -1 when killed by a signal
  int signal = 0;
  std::string out;
  std::string err;
  std::size_t max_rss_kb = 0;  // peak resident set size
};

// Starts `herdex ARGS` with stdin from a file (empty) and stdout, stderr into files
// `<name>.out`, `<name>.err` in `dir`; returns its pid.
pid_t spawn(const TempDir& dir, const std::string& name, const std::vector<std::string>& args,
            const RunOptions& options = {}) {
  const std::string bin = testing::herdex_bin();
  std::vector<std::string> argv_strings{bin};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  const std::string out = dir.sub(name + ".out");
  const std::string err = dir.sub(name + ".err");
  const std::string in = options.stdin_path;
  const pid_t pid = fork();
  if (pid == 0) {
    const int in_fd = open(in.c_str(), O_RDONLY);
    const int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in_fd < 0 || out_fd < 0 || err_fd < 0) _exit(126);
    if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) _exit(126);
    if (options.obey_permissions && geteuid() == 0) {
      // Root passes permission checks by these capabilities; out of the
      // bounding set, the program exec'd next never gets them, and file
      // permissions apply to it as to their owner.
      for (const int cap : {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER}) {
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) _exit(125);
      }
    }
    if (options.file_size_limit != RLIM_INFINITY) {
      const rlimit limit{options.file_size_limit, options.file_size_limit};
      if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(126);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

CliRun wait_for(const TempDir& dir, const std::string& name, pid_t pid) {
  CliRun run;
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) return run;
  run.max_rss_kb = static_cast<std::size_t>(usage.ru_maxrss);
  if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) run.signal = WTERMSIG(status);
  run.out = testing::read_file(dir.sub(name + ".out"));
  run.err = testing::read_file(dir.sub(name + ".err"));
  return run;
}

CliRun herdex(const TempDir& dir, const std::vector<std::string>& args,
              const RunOptions& options = {}) {
  return wait_for(dir, "run", spawn(dir, "run", args, options));
}

// xapian-check's verdict on the database at `db`: empty when it passes.
std::string xapian_check(const TempDir& dir, const std::string& db) {
  const std::string log = dir.sub("check.log");
  const std::string cmd = "xapian-check '" + db + "' >'" + log + "' 2>&1";
  return std::system(cmd.c_str()) == 0 ? std::string()
                                       : "xapian-check failed:\n" + testing::read_file(log);
}

// Writes `count` reviews to dir/docs; each starts with the word zqhead and
// ends with zqtail, so a document indexed only in part would show up as one
// that matches one of them and not the other.
std::string write_reviews(const TempDir& dir, int count, int words_each = 150) {
  static const char* const kWords[] = {"voice", "letter", "lonely", "city",  "rain",   "phone",
                                       "love",  "system", "ocean",  "piano", "window", "night"};
  std::mt19937 rng(20261121);
  for (int i = 0; i < count; ++i) {
    std::string text = "zqhead";
    for (int w = 0; w < words_each; ++w) {
      text += w % 12 == 11 ? ".\n\n" : " ";
      text += kWords[rng() % 12];
    }
    dir.write(fmt::format("docs/{:05}.txt", i),
              fmt::format("title: Review {}\n\n{} zqtail\n", i, text));
  }
  return dir.sub("docs");
}

// Total matches of `query` in the database at `db`, through the library.
std::size_t count(const std::string& db, const std::string& query) {
  auto searcher = Searcher::open(db);
  if (!searcher) {
    ADD_FAILURE() << searcher.error().describe();
    return 0;
  }
  auto results = searcher->search(query);
  if (!results) {
    ADD_FAILURE() << results.error().describe();
    return 0;
  }
  return results->total;
}

// The committed state a stopped indexing run must leave: a database that
// passes xapian-check, holding whole batches of whole documents.
void expect_committed_prefix(const TempDir& dir, const std::string& db, std::size_t batch,
                             std::size_t all) {
  EXPECT_EQ(xapian_check(dir, db), "");
  auto stats = database_stats(db);
  ASSERT_TRUE(stats) << stats.error().describe();
  EXPECT_GT(stats->documents, 0U) << "nothing was committed before the fault";
  EXPECT_TRUE(stats->documents % batch == 0 || stats->documents == all)
      << stats->documents << " documents is not a committed batch";
  EXPECT_EQ(count(db, "zqhead"), stats->documents);
  EXPECT_EQ(count(db, "zqtail"), stats->documents);
  EXPECT_EQ(count(db, "zqhead NOT zqtail"), 0U) << "a document was indexed in part";
}

// An indexing run stopped by an I/O fault: exit 6 with the database and
// `reason` in its message, and the committed state of a stopped run left.
void expect_io_failure_keeps_commits(const TempDir& dir, const std::string& db, const CliRun& run,
                                     const std::string& reason, std::size_t batch,
                                     std::size_t all) {
  EXPECT_EQ(run.exit_code, 6) << run.err << run.out;
  EXPECT_NE(run.err.find("herdex: error: " + db + ": "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(reason), std::string::npos) << run.err;
  expect_committed_prefix(dir, db, batch, all);
}

// Run again once the fault is gone, indexing completes: all documents, and
// a database that passes xapian-check.
void expect_rerun_completes(const TempDir& dir, const std::string& db,
                            const std::vector<std::string>& args, std::size_t all) {
  const CliRun again = herdex(dir, args);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  auto stats = database_stats(db);
  ASSERT_TRUE(stats) << stats.error().describe();
  EXPECT_EQ(stats->documents, all);
  EXPECT_EQ(xapian_check(dir, db), "");
}

std::string build_corpus_database(const TempDir& dir) {
  const std::string db = dir.sub("db");
  auto writer = IndexWriter::open(db);
  EXPECT_TRUE(writer) << writer.error().describe();
  if (!writer) return db;
  auto report = writer->add_paths({testing::corpus_dir()});
  EXPECT_TRUE(report) << report.error().describe();
  return db;
}

bool is_root() { return geteuid() == 0; }

// A tmpfs of `size` mounted at `path` while it lives (root only).
class Tmpfs {
 public:
  Tmpfs(const std::string& path, const std::string& size) : path_(path) {
    fs::create_directories(path);
    mounted_ = is_root() && mount("tmpfs", path.c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
  }
  ~Tmpfs() {
    if (mounted_) (void)umount2(path_.c_str(), MNT_DETACH);  // best effort: the test is over
  }
  Tmpfs(const Tmpfs&) = delete;
  Tmpfs& operator=(const Tmpfs&) = delete;
  bool mounted() const { return mounted_; }
  bool remount(const std::string& options) {
    unsigned long flags = MS_REMOUNT;
    if (options == "ro") flags |= MS_RDONLY;
    return mount("tmpfs", path_.c_str(), "tmpfs", flags,
                 options == "ro" ? nullptr : options.c_str()) == 0;
  }

 private:
  std::string path_;
  bool mounted_ = false;
};

TEST(Faults, ReadOnlyDatabaseIsSearchedButNotWritten) {
  TempDir dir;
  const std::string db = build_corpus_database(dir);
  auto before = database_stats(db);
  ASSERT_TRUE(before) << before.error().describe();
  RunOptions as_user;
  as_user.obey_permissions = true;
  for (const auto& entry : fs::directory_iterator(db)) {
    fs::permissions(entry.path(),
                    fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  }
  fs::permissions(db, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                          fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);

  const CliRun search = herdex(dir, {"search", "--db", db, "loneliness"}, as_user);
  if (search.exit_code == 125) GTEST_SKIP() << "root cannot drop CAP_DAC_OVERRIDE here";
  EXPECT_EQ(search.exit_code, 0) << search.err;
  EXPECT_NE(search.out.find("loneliness"), std::string::npos) << search.out;
  const CliRun stats = herdex(dir, {"stats", "--db", db}, as_user);
  EXPECT_EQ(stats.exit_code, 0) << stats.err;

  const CliRun index =
      herdex(dir, {"index", "--db", db, testing::corpus_dir() + "/en", "--no-progress"}, as_user);
  EXPECT_EQ(index.exit_code, 6) << index.err;
  EXPECT_NE(index.err.find("herdex: error: " + db + ": cannot write to the database"),
            std::string::npos)
      << index.err;
  EXPECT_NE(index.err.find("Permission denied"), std::string::npos) << index.err;
  const CliRun remove = herdex(dir, {"delete", "--db", db, "en/01.txt"}, as_user);
  EXPECT_EQ(remove.exit_code, 6) << remove.err;

  // Writable again (xapian-check opens tables read-write, and TempDir must
  // delete them), then unchanged.
  fs::permissions(db, fs::perms::owner_write, fs::perm_options::add);
  for (const auto& entry : fs::directory_iterator(db)) {
    fs::permissions(entry.path(), fs::perms::owner_write, fs::perm_options::add);
  }
  EXPECT_EQ(xapian_check(dir, db), "");
  auto after = database_stats(db);
  ASSERT_TRUE(after) << after.error().describe();
  EXPECT_EQ(after->documents, before->documents);
}

TEST(Faults, ReadOnlyFileSystemIsSearchedButNotWritten) {
  TempDir dir;
  Tmpfs tmpfs(dir.sub("mnt"), "16m");
  if (!tmpfs.mounted()) GTEST_SKIP() << "needs root and a tmpfs mount";
  const std::string db = dir.sub("mnt/db");
  const CliRun first = herdex(dir, {"index", "--db", db, testing::corpus_dir(), "--no-progress"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_TRUE(tmpfs.remount("ro")) << "cannot remount read-only";

  const CliRun index =
      herdex(dir, {"index", "--db", db, testing::corpus_dir(), "--no-progress", "--prune"});
  EXPECT_EQ(index.exit_code, 6) << index.err;
  EXPECT_NE(index.err.find("Read-only file system"), std::string::npos) << index.err;
  const CliRun search = herdex(dir, {"search", "--db", db, "loneliness"});
  EXPECT_EQ(search.exit_code, 0) << search.err;
}

TEST(Faults, MissingDatabaseIsNotFoundForEveryCommand) {
  TempDir dir;
  const std::string db = dir.sub("nowhere/db");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"search", "--db", db, "loneliness"},
        {"stats", "--db", db},
        {"delete", "--db", db, "en/01.txt"}}) {
    SCOPED_TRACE(args[0]);
    const CliRun run = herdex(dir, args);
    EXPECT_EQ(run.exit_code, 3) << run.err;
    EXPECT_NE(run.err.find("herdex: error: " + db + ": no "), std::string::npos) << run.err;
    EXPECT_TRUE(run.out.empty()) << run.out;
  }
  EXPECT_FALSE(fs::exists(dir.sub("nowhere"))) << "reading must not create the database";

  // A database under a regular file cannot be created.
  dir.write("file", "not a folder\n");
  const CliRun index =
      herdex(dir, {"index", "--db", dir.sub("file/db"), testing::corpus_dir(), "--no-progress"});
  EXPECT_EQ(index.exit_code, 6) << index.err;
  EXPECT_NE(index.err.find("herdex: error: "), std::string::npos) << index.err;
}

TEST(Faults, DamagedFileInsideTheDatabaseIsACorruptError) {
  TempDir dir;
  const std::string pristine = build_corpus_database(dir);
  struct Damage {
    const char* file;
    const char* how;  // scramble, truncate, delete
  };
  const Damage damages[] = {
      {"iamglass", "scramble"},       {"iamglass", "truncate"},      {"postlist.glass", "scramble"},
      {"postlist.glass", "truncate"}, {"postlist.glass", "delete"},  {"termlist.glass", "scramble"},
      {"termlist.glass", "truncate"}, {"docdata.glass", "scramble"}, {"docdata.glass", "truncate"},
      {"position.glass", "scramble"},
  };
  for (const Damage& damage : damages) {
    SCOPED_TRACE(std::string(damage.file) + " " + damage.how);
    const std::string db = dir.sub("damaged");
    fs::remove_all(db);
    fs::copy(pristine, db);
    const std::string file = db + "/" + damage.file;
    if (std::string(damage.how) == "delete") {
      fs::remove(file);
    } else {
      std::string bytes = testing::read_file(file);
      ASSERT_FALSE(bytes.empty());
      if (std::string(damage.how) == "truncate") {
        bytes.clear();
      } else {
        for (std::size_t i = 0; i < bytes.size(); i += 7)
          bytes[i] = static_cast<char>(bytes[i] * 31 + 7);
      }
      std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
    }
    const std::string size_before = std::to_string(fs::exists(file) ? fs::file_size(file) : 0);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"search", "--db", db, "loneliness"},
          {"stats", "--db", db},
          {"index", "--db", db, testing::corpus_dir() + "/en", "--no-progress"}}) {
      SCOPED_TRACE(args[0]);
      const CliRun run = herdex(dir, args);
      EXPECT_EQ(run.exit_code, 5) << run.err << run.out;
      EXPECT_NE(run.err.find("herdex: error: " + db + ": "), std::string::npos) << run.err;
      EXPECT_NE(run.err.find("damaged"), std::string::npos) << run.err;
    }
    EXPECT_EQ(std::to_string(fs::exists(file) ? fs::file_size(file) : 0), size_before)
        << "indexing touched the damaged file";
  }
}

// A file size limit (`ulimit -f`) is hit in the middle of a commit: the
// CLI reports it (no SIGXFSZ death), the database keeps its last commit, and
// the next run without the limit completes the job.
// (One thread: a new database is otherwise loaded in bulk, which commits
// nothing until its end.)
TEST(Faults, FileSizeLimitDuringIndexingKeepsTheLastCommit) {
  TempDir dir;
  constexpr int kDocuments = 1500;
  constexpr std::size_t kBatch = 50;
  const std::string docs = write_reviews(dir, kDocuments);
  const std::string db = dir.sub("db");
  RunOptions limited;
  limited.file_size_limit = 300 * 1024;
  const std::vector<std::string> args{"index",        "--db", db,        docs,
                                      "--threads",    "1",    "--batch", std::to_string(kBatch),
                                      "--no-progress"};
  const CliRun run = herdex(dir, args, limited);
  EXPECT_EQ(run.signal, 0) << "killed by signal " << run.signal;
  expect_io_failure_keeps_commits(dir, db, run, "File too large", kBatch, kDocuments);

  expect_rerun_completes(dir, db, args, kDocuments);
}

// The disk fills up during indexing (a small tmpfs): an I/O error, the last
// commit intact, and once there is room the next run completes the job.
TEST(Faults, FullDiskDuringIndexingKeepsTheLastCommit) {
  TempDir dir;
  constexpr int kDocuments = 1500;
  constexpr std::size_t kBatch = 50;
  const std::string docs = write_reviews(dir, kDocuments);
  Tmpfs tmpfs(dir.sub("mnt"), "700k");
  if (!tmpfs.mounted()) GTEST_SKIP() << "needs root and a tmpfs mount";
  const std::string db = dir.sub("mnt/db");
  const std::vector<std::string> args{"index",        "--db", db,        docs,
                                      "--threads",    "1",    "--batch", std::to_string(kBatch),
                                      "--no-progress"};
  const CliRun run = herdex(dir, args);
  expect_io_failure_keeps_commits(dir, db, run, "No space left on device", kBatch, kDocuments);

  ASSERT_TRUE(tmpfs.remount("size=64m")) << "cannot grow the tmpfs";
  expect_rerun_completes(dir, db, args, kDocuments);
}

// Two `herdex index` processes on one database: the second is turned away
// with the "locked" error while the first goes on to finish unharmed.
TEST(Faults, SecondWriterIsLockedOutAndTheFirstFinishes) {
  TempDir dir;
  constexpr int kDocuments = 2000;
  const std::string docs = write_reviews(dir, kDocuments);
  const std::string db = dir.sub("db");
  const pid_t first =
      spawn(dir, "first", {"index", "--db", db, docs, "--batch", "100", "--no-progress"});
  ASSERT_GT(first, 0);
  // Wait for its first commit, so that it holds the lock and is busy.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (!database_stats(db) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const CliRun second = herdex(dir, {"index", "--db", db, docs, "--no-progress"});
  const bool first_was_running = waitpid(first, nullptr, WNOHANG) == 0;
  const CliRun done = wait_for(dir, "first", first);
  if (!first_was_running && second.exit_code == 0)
    GTEST_SKIP() << "the first writer finished too soon";
  EXPECT_EQ(second.exit_code, 4) << second.err;
  EXPECT_NE(second.err.find("herdex: error: " + db + ": database is locked"), std::string::npos)
      << second.err;
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_NE(done.out.find(fmt::format("{} added", kDocuments)), std::string::npos) << done.out;
  EXPECT_EQ(xapian_check(dir, db), "");
  EXPECT_EQ(count(db, "zqhead"), static_cast<std::size_t>(kDocuments));
}

// `herdex search` processes run while `herdex index` commits batches: never
// an error, each sees whole committed batches (never fewer than before), and
// never a document in part (matching its first word and not its last).
TEST(Faults, SearchProcessesWhileIndexingSeeOnlyWholeCommittedDocuments) {
  TempDir dir;
  constexpr int kDocuments = 2000;
  constexpr std::size_t kBatch = 50;
  const std::string docs = write_reviews(dir, kDocuments);
  const std::string db = dir.sub("db");
  const pid_t indexer =
      spawn(dir, "indexer",
            {"index", "--db", db, docs, "--batch", std::to_string(kBatch), "--no-progress"});
  ASSERT_GT(indexer, 0);
  std::size_t searches = 0;
  std::size_t last_total = 0;
  bool seen_database = false;
  const char* const queries[] = {"zqhead", "zqhead NOT zqtail", "zqtail NOT zqhead",
                                 "voice letter"};
  int status = 0;
  for (std::size_t i = 0; waitpid(indexer, &status, WNOHANG) == 0; ++i) {
    const std::string query = queries[i % 4];
    // Two searchers at once, in two processes.
    const pid_t a = spawn(dir, "a", {"search", "--db", db, "--json", "--limit", "3", query});
    const pid_t b = spawn(dir, "b", {"search", "--db", db, "--json", "--limit", "3", "zqhead"});
    // Either may have looked before the first commit, even if the other
    // found it: only a search started after one found it must find it.
    const bool database_was_seen = seen_database;
    for (const auto& [name, pid, q] :
         {std::tuple{"a", a, query}, std::tuple{"b", b, std::string("zqhead")}}) {
      const CliRun run = wait_for(dir, name, pid);
      if (run.exit_code == 3 && !database_was_seen) continue;  // before the first commit
      ASSERT_EQ(run.exit_code, 0) << q << ": " << run.err;
      seen_database = true;
      const auto json = nlohmann::json::parse(run.out);
      const std::size_t total = json.at("total");
      if (q == "zqhead") {
        EXPECT_TRUE(total % kBatch == 0 || total == kDocuments)
            << total << " is not a committed batch";
        if (name == std::string("a")) {
          EXPECT_GE(total, last_total) << "committed documents disappeared";
          last_total = total;
        }
      } else if (q.find("NOT") != std::string::npos) {
        EXPECT_EQ(total, 0U) << q << ": a document was visible in part";
      }
      for (const auto& hit : json.at("hits")) {
        EXPECT_FALSE(hit.at("passages").empty()) << hit.dump();
        EXPECT_FALSE(hit.at("snippet").get<std::string>().empty()) << hit.dump();
      }
      ++searches;
    }
  }
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << testing::read_file(dir.sub("indexer.err"));
  EXPECT_GT(searches, 0U);
  EXPECT_EQ(count(db, "zqhead"), static_cast<std::size_t>(kDocuments));
}

// A file over --max-bytes is left out with a message naming it and the
// limit; the run goes on (exit 0: skipping is what was asked for).
TEST(ResourceBounds, FileOverMaxBytesIsSkippedWithAMessage) {
  TempDir dir;
  dir.write("docs/small.txt", "A short review of a quiet film about a lighthouse.\n");
  std::string big;
  while (big.size() < 300000) big += "lighthouse keeper writes letters ";
  dir.write("docs/big.txt", big);
  dir.write("docs/big.html", "<p>" + big + "</p>");
  const std::string db = dir.sub("db");
  const CliRun run =
      herdex(dir, {"index", "--db", db, dir.sub("docs"), "--max-bytes", "100000", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto report = nlohmann::json::parse(run.out);
  EXPECT_EQ(report.at("added"), 1);
  EXPECT_EQ(report.at("skipped"), 2);
  EXPECT_NE(run.err.find(dir.sub("docs/big.txt") + ": file is " + std::to_string(big.size()) +
                         " bytes, over the limit of 100000 (--max-bytes)"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("big.html: file is"), std::string::npos) << run.err;
  EXPECT_EQ(count(db, "lighthouse"), 1U);
}

// A line of a megabyte without a single newline, under the limit, as a text
// file and as a JSON Lines record (no final newline either): one document
// each, cut into passages, its last word found at the end of the file.
TEST(ResourceBounds, LongLineWithoutNewlineIsIndexedInPassages) {
  TempDir dir;
  static const char* const kWords[] = {"voice", "letter", "lonely", "city",
                                       "rain",  "phone",  "night"};
  std::string line;
  for (std::size_t i = 0; line.size() < (std::size_t{1} << 20); ++i) {
    line += kWords[i % 7];
    line += i % 11 == 10 ? ". " : " ";
  }
  line += "zqlast";
  const std::string text_file = dir.write("docs/line.txt", line);
  const std::string jsonl_file =
      dir.write("docs/line.jsonl", "{\"_id\": \"j\", \"text\": \"" + line + "\"}");
  const std::string db = dir.sub("db");
  const CliRun run = herdex(
      dir, {"index", "--db", db, dir.sub("docs"), "--max-bytes", "2000000", "--no-progress"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto stats = database_stats(db);
  ASSERT_TRUE(stats) << stats.error().describe();
  EXPECT_EQ(stats->documents, 2U);
  EXPECT_GT(stats->passages, 2U * (line.size() / 6 / 100))
      << "a long line must be cut into passages";

  auto searcher = Searcher::open(db);
  ASSERT_TRUE(searcher) << searcher.error().describe();
  auto results = searcher->search("zqlast");
  ASSERT_TRUE(results) << results.error().describe();
  ASSERT_EQ(results->hits.size(), 2U);
  for (const Hit& hit : results->hits) {
    SCOPED_TRACE(hit.id);
    const Passage& p = hit.passages.front();
    EXPECT_EQ(p.byte_end, line.size()) << "the last passage ends the text";
    EXPECT_LT(p.byte_end - p.byte_begin, std::size_t{4096}) << "a passage, not the whole line";
    ASSERT_EQ(p.matches.size(), 1U);
    EXPECT_EQ(line.substr(p.matches[0].byte_begin, p.matches[0].byte_end - p.matches[0].byte_begin),
              "zqlast");
  }
}

// A JSON Lines record over --max-bytes is skipped with file:line and the
// records after it are read; the long line is never held in memory (the
// reader keeps at most --max-bytes of it).
TEST(ResourceBounds, OverlongJsonLinesRecordIsSkippedWithoutBeingBuffered) {
  TempDir dir;
  const std::size_t huge = std::size_t{48} << 20;
  {
    std::ofstream out(dir.sub("dump.jsonl"), std::ios::binary);
    out << "{\"_id\": \"1\", \"text\": \"a lighthouse before\"}\n{\"_id\": \"2\", \"text\": \"";
    const std::string block(1 << 20, 'x');
    for (std::size_t i = 0; i < huge / block.size(); ++i) out << block;
    out << "\"}\n{\"_id\": \"3\", \"text\": \"a lighthouse after\"}";  // no final newline
  }
  dir.write("small.jsonl", "{\"_id\": \"1\", \"text\": \"a lighthouse\"}\n");
  const CliRun baseline = herdex(
      dir, {"index", "--db", dir.sub("db0"), dir.sub("small.jsonl"), "--max-bytes", "1048576"});
  ASSERT_EQ(baseline.exit_code, 0) << baseline.err;

  const std::string db = dir.sub("db");
  const CliRun run =
      herdex(dir, {"index", "--db", db, dir.sub("dump.jsonl"), "--max-bytes", "1048576", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto report = nlohmann::json::parse(run.out);
  EXPECT_EQ(report.at("added"), 2);
  EXPECT_EQ(report.at("skipped"), 1);
  EXPECT_NE(run.err.find(dir.sub("dump.jsonl") +
                         ":2: record longer than 1048576 bytes (--max-bytes); skipped"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(count(db, "lighthouse"), 2U);
  EXPECT_LT(run.max_rss_kb, baseline.max_rss_kb + huge / 1024 / 4)
      << "peak RSS " << run.max_rss_kb << " kB against " << baseline.max_rss_kb
      << " kB for a small file";
}

// Standard input read as one text document stops at --max-bytes.
TEST(ResourceBounds, StandardInputOverMaxBytesIsRefused) {
  TempDir dir;
  std::string text;
  while (text.size() < 100000) text += "lighthouse keeper writes letters ";
  RunOptions options;
  options.stdin_path = dir.write("input.txt", text);
  const CliRun run =
      herdex(dir, {"index", "--db", dir.sub("db"), "-", "--format", "text", "--max-bytes", "10000"},
             options);
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("standard input is over the limit of 10000 bytes (--max-bytes)"),
            std::string::npos)
      << run.err;
}

}  // namespace
}  // namespace herdex
