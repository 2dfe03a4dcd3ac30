// Tests for opening herdex databases (lib/store/database.h) through the
// public IndexWriter and Searcher: missing, foreign, locked and mismatched
// databases are refused with the right code and path.
#include <xapian.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <exception>
#include <filesystem>
#include <fstream>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

#include "herdex/database.h"
#include "herdex/index.h"
#include "herdex/search.h"
#include "store/database.h"
#include "store/xapian_error.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

using herdex::testing::TempDir;

Document review(const std::string& id, const std::string& text) {
  Document d;
  d.id = id;
  d.title = "Title of " + id;
  d.text = text;
  d.lang = "en";
  return d;
}

// Creates a herdex database at `path` holding one document.
void build_database(const std::string& path) {
  auto writer = IndexWriter::open(path);
  ASSERT_TRUE(writer) << writer.error().describe();
  auto added = writer->add(review("r1", "A voice in the ear, and a letter writer."));
  ASSERT_TRUE(added) << added.error().describe();
  ASSERT_TRUE(writer->commit());
}

void set_metadata(const std::string& path, const std::string& key, const std::string& value) {
  Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
  db.set_metadata(key, value);
  db.commit();
}

TEST(Database, MetadataKeys) {
  // Other herdex versions and tools read these names; they must not drift.
  EXPECT_STREQ(detail::kFormatKey, "herdex.format");
  EXPECT_STREQ(detail::kAnalyzerKey, "herdex.analyzer");
  EXPECT_STREQ(detail::kAnalyzerOptionsKey, "herdex.analyzer.options");
}

TEST(Database, OpenMissingIsNotFound) {
  TempDir dir;
  const std::string path = dir.sub("no-such-db");
  auto searcher = Searcher::open(path);
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::not_found);
  EXPECT_EQ(searcher.error().path, path);
  EXPECT_NE(searcher.error().describe().find(path), std::string::npos);

  auto stats = database_stats(path);
  ASSERT_FALSE(stats);
  EXPECT_EQ(stats.error().code, ErrorCode::not_found);
  EXPECT_EQ(stats.error().path, path);
}

TEST(Database, OpenEmptyDirectoryIsNotFound) {
  TempDir dir;
  auto searcher = Searcher::open(dir.path().string());
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::not_found);
  EXPECT_EQ(searcher.error().path, dir.path().string());
}

TEST(Database, ForeignXapianDatabaseIsVersionMismatch) {
  TempDir dir;
  const std::string path = dir.sub("plain-xapian");
  {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
    Xapian::Document doc;
    doc.set_data("not a herdex record");
    doc.add_term("hello");
    db.add_document(doc);
    db.commit();
  }
  auto searcher = Searcher::open(path);
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::version_mismatch);
  EXPECT_EQ(searcher.error().path, path);

  auto writer = IndexWriter::open(path);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::version_mismatch);
  EXPECT_EQ(writer.error().path, path);
}

TEST(Database, SecondWriterIsLocked) {
  TempDir dir;
  const std::string path = dir.sub("db");
  {
    auto first = IndexWriter::open(path);
    ASSERT_TRUE(first) << first.error().describe();
    ASSERT_TRUE(first->add(review("r1", "held open")));

    auto second = IndexWriter::open(path);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, ErrorCode::locked);
    EXPECT_EQ(second.error().path, path);

    // A reader is not blocked by the writer.
    auto searcher = Searcher::open(path);
    EXPECT_TRUE(searcher) << searcher.error().describe();
  }
  auto again = IndexWriter::open(path);
  ASSERT_TRUE(again) << again.error().describe();
  // The first writer committed its document when it was destroyed.
  auto outcome = again->add(review("r1", "held open"));
  ASSERT_TRUE(outcome);
  EXPECT_EQ(*outcome, WriteOutcome::unchanged);
}

// Xapian reports a lock file it cannot create (read-only directory or file
// system) as a DatabaseLockError too; that is an I/O problem, not another
// writer.
TEST(Database, LockErrorIsLockedOnlyWhenAnotherWriterHoldsTheLock) {
  const Error held = detail::from_xapian(
      Xapian::DatabaseLockError("Unable to get write lock on db: already locked"), "db");
  EXPECT_EQ(held.code, ErrorCode::locked);
  const Error refused = detail::from_xapian(
      Xapian::DatabaseLockError(
          "Unable to get write lock on db: Couldn't open lockfile: Permission denied"),
      "db");
  EXPECT_EQ(refused.code, ErrorCode::io_error);
  EXPECT_NE(refused.message.find("Permission denied"), std::string::npos) << refused.message;
  EXPECT_EQ(refused.path, "db");
}

// What a std::terminate handler gets when Xapian 1.4.22 lets a full disk's
// error escape from inside a commit: an Error of the same kind a caught one
// gets (a full disk is an I/O error, exit 6 in the CLI), naming the database.
TEST(Database, AnEscapedExceptionBecomesTheErrorOfItsKind) {
  const Error full = error_from_exception(
      std::make_exception_ptr(Xapian::DatabaseError("Error writing block 17", ENOSPC)), "db");
  EXPECT_EQ(full.code, ErrorCode::io_error);
  EXPECT_NE(full.message.find("No space left on device"), std::string::npos) << full.message;
  EXPECT_EQ(full.path, "db");
  const Error memory = error_from_exception(std::make_exception_ptr(std::bad_alloc()), "db");
  EXPECT_EQ(memory.code, ErrorCode::internal);
  EXPECT_EQ(memory.message, "out of memory");
  EXPECT_EQ(error_from_exception(std::make_exception_ptr(std::runtime_error("boom"))).message,
            "boom");
  EXPECT_EQ(error_from_exception(std::make_exception_ptr(42)).code, ErrorCode::internal);
  EXPECT_EQ(error_from_exception(nullptr).code, ErrorCode::internal);
}

// Overwrites every seventh byte of `file` with garbage.
void scramble(const std::string& file) {
  std::string bytes = herdex::testing::read_file(file);
  ASSERT_FALSE(bytes.empty()) << file;
  for (std::size_t i = 0; i < bytes.size(); i += 7) bytes[i] = static_cast<char>(bytes[i] * 31 + 7);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes;
}

// A damaged table makes Xapian readers see blocks "overwritten" by a commit
// that never happened; that is damage, not a writer to wait for.
TEST(Database, DamagedTableIsCorruptForReadersAndWriters) {
  for (const char* table : {"postlist.glass", "docdata.glass", "termlist.glass"}) {
    SCOPED_TRACE(table);
    TempDir dir;
    const std::string path = dir.sub("db");
    build_database(path);
    scramble(path + "/" + table);

    auto searcher = Searcher::open(path);
    if (searcher) {
      auto results = searcher->search("voice");
      ASSERT_FALSE(results);
      EXPECT_EQ(results.error().code, ErrorCode::corrupt) << results.error().describe();
      EXPECT_EQ(results.error().path, path);
    } else {
      EXPECT_EQ(searcher.error().code, ErrorCode::corrupt) << searcher.error().describe();
    }
    auto stats = database_stats(path);
    ASSERT_FALSE(stats);
    EXPECT_EQ(stats.error().code, ErrorCode::corrupt) << stats.error().describe();

    auto writer = IndexWriter::open(path);
    if (writer) {
      auto added = writer->add(review("r1", "changed text"));
      ASSERT_FALSE(added);
      EXPECT_EQ(added.error().code, ErrorCode::corrupt) << added.error().describe();
    } else {
      EXPECT_EQ(writer.error().code, ErrorCode::corrupt) << writer.error().describe();
    }
  }
}

TEST(Database, WriterThatMayNotCreateFindsNothingAndCreatesNothing) {
  TempDir dir;
  const std::string path = dir.sub("parent/db");
  IndexOptions options;
  options.create_if_missing = false;
  auto writer = IndexWriter::open(path, options);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::not_found) << writer.error().describe();
  EXPECT_EQ(writer.error().path, path);
  EXPECT_FALSE(std::filesystem::exists(dir.sub("parent")));

  build_database(path);
  auto existing = IndexWriter::open(path, options);
  ASSERT_TRUE(existing) << existing.error().describe();
  auto removed = existing->remove("r1");
  ASSERT_TRUE(removed);
  EXPECT_TRUE(*removed);
}

TEST(Database, NewEmptyDatabaseOpens) {
  TempDir dir;
  const std::string path = dir.sub("deep/parents/db");
  {
    auto writer = IndexWriter::open(path);
    ASSERT_TRUE(writer) << writer.error().describe();
  }
  auto searcher = Searcher::open(path);
  ASSERT_TRUE(searcher) << searcher.error().describe();
  auto results = searcher->search("voice");
  ASSERT_TRUE(results) << results.error().describe();
  EXPECT_TRUE(results->hits.empty());
}

// `herdex index` killed while Xapian creates the database leaves empty
// tables and a version file not yet renamed into place (v.tmp, no
// iamglass). Nothing was committed: the next writer creates the database,
// where a table with content but no iamglass stays damaged.
TEST(Database, ACreationCutShortIsCreatedAgain) {
  TempDir dir;
  for (const char* file : {"db/postlist.glass", "db/termlist.glass", "db/flintlock", "db/v.tmp"}) {
    dir.write(file, "");
  }
  const std::string path = dir.sub("db");
  {
    auto writer = IndexWriter::open(path);
    ASSERT_TRUE(writer) << writer.error().describe();
    ASSERT_TRUE(writer->commit());
  }
  EXPECT_TRUE(std::filesystem::exists(dir.sub("db/iamglass")));
  auto stats = database_stats(path);
  ASSERT_TRUE(stats) << stats.error().describe();
  EXPECT_EQ(stats->documents, 0U);

  dir.write("damaged/postlist.glass", std::string(8192, 'x'));
  auto damaged = IndexWriter::open(dir.sub("damaged"));
  ASSERT_FALSE(damaged);
  EXPECT_EQ(damaged.error().code, ErrorCode::corrupt) << damaged.error().describe();
}

TEST(Database, WriterOnRegularFileIsInvalidArgument) {
  TempDir dir;
  const std::string path = dir.write("file.db", "not a directory");
  auto writer = IndexWriter::open(path);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(writer.error().path, path);
}

TEST(Database, WrittenDocumentIsFound) {
  TempDir dir;
  const std::string path = dir.sub("db");
  ASSERT_NO_FATAL_FAILURE(build_database(path));
  auto searcher = Searcher::open(path);
  ASSERT_TRUE(searcher) << searcher.error().describe();
  auto results = searcher->search("letter");
  ASSERT_TRUE(results) << results.error().describe();
  ASSERT_EQ(results->hits.size(), 1U);
  EXPECT_EQ(results->hits[0].id, "r1");
  EXPECT_EQ(results->hits[0].title, "Title of r1");

  auto stats = database_stats(path);
  ASSERT_TRUE(stats) << stats.error().describe();
  EXPECT_EQ(stats->documents, 1U);
  EXPECT_EQ(stats->format, detail::kFormatVersion);
  EXPECT_FALSE(stats->analyzer.empty());
}

TEST(Database, RefusesMismatchedMetadata) {
  struct Case {
    const char* key;
    const char* value;
    ErrorCode code;
  };
  const Case cases[] = {
      {"herdex.analyzer", "herdex-analyzer/0 stemmer=klingon", ErrorCode::version_mismatch},
      {"herdex.format", "999", ErrorCode::version_mismatch},
      {"herdex.analyzer.options", "stemmer=english;ngram=2;unigrams=1;words=1;future=1",
       ErrorCode::version_mismatch},
      // Options that would analyze differently from the recorded fingerprint.
      {"herdex.analyzer.options", "stemmer=english;ngram=3;unigrams=1;words=1",
       ErrorCode::version_mismatch},
      {"herdex.analyzer.options", "garbage", ErrorCode::corrupt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.key) + "=" + c.value);
    TempDir dir;
    const std::string path = dir.sub("db");
    ASSERT_NO_FATAL_FAILURE(build_database(path));
    ASSERT_TRUE(Searcher::open(path));  // fine before the change

    set_metadata(path, c.key, c.value);

    auto searcher = Searcher::open(path);
    ASSERT_FALSE(searcher);
    EXPECT_EQ(searcher.error().code, c.code) << searcher.error().describe();
    EXPECT_EQ(searcher.error().path, path);

    auto writer = IndexWriter::open(path);
    ASSERT_FALSE(writer);
    EXPECT_EQ(writer.error().code, c.code) << writer.error().describe();
    EXPECT_EQ(writer.error().path, path);
  }
}

}  // namespace
}  // namespace herdex
