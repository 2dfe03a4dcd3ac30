// Tests for reading files and folders into Documents (herdex/ingest.h):
// which inputs are read, in what order, under which ids, and how the
// problems with single inputs are reported.
#include "herdex/ingest.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "support/temp_dir.h"

namespace herdex {
namespace {

namespace fs = std::filesystem;
using herdex::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

struct Problem {
  Error error;
  ProblemKind kind;
};

// Collects everything read_documents() hands out.
struct Collected {
  std::vector<Document> documents;
  std::vector<Problem> problems;
  Result<void> result;
  fs::path base;  // the canonical folder read, or the folder of the file read

  // Ids are canonical paths; relative to `base` they are short to compare.
  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const Document& d : documents) {
      out.push_back(fs::path(d.id).lexically_relative(base).generic_string());
    }
    return out;
  }
};

Collected read(const std::string& path, const IngestOptions& options = {}) {
  Collected c;
  std::error_code ec;
  c.base = fs::canonical(path, ec);
  if (!ec && !fs::is_directory(c.base)) c.base = c.base.parent_path();
  IngestSink sink;
  sink.on_document = [&c](Document&& d) -> Result<void> {
    c.documents.push_back(std::move(d));
    return {};
  };
  sink.on_problem = [&c](const Error& e, ProblemKind kind) { c.problems.push_back({e, kind}); };
  c.result = read_documents(path, options, sink);
  return c;
}

std::string describe(const std::vector<Problem>& problems) {
  std::string out;
  for (const Problem& p : problems) out += p.error.describe() + "\n";
  return out;
}

TEST(Reader, ReadsFolderRecursivelyInSortedOrder) {
  TempDir dir;
  // Written out of order on purpose.
  dir.write("ja/01.txt", "title: 代筆屋の恋\n\n本文です。\n");
  dir.write("en/02.md", "# Heading\nMarkdown body\n");
  dir.write("en/01.txt", "title: One\n\nBody one.\n");
  dir.write("a.txt", "Top level\n");
  dir.write("b/c/deep.TXT", "Upper-case extension\n");

  const Collected c = read(dir.path().string());
  ASSERT_TRUE(c.result);
  EXPECT_TRUE(c.problems.empty()) << describe(c.problems);
  EXPECT_THAT(c.ids(), ElementsAre("a.txt", "b/c/deep.TXT", "en/01.txt", "en/02.md", "ja/01.txt"));
  for (const Document& d : c.documents) {
    SCOPED_TRACE(d.id);
    EXPECT_EQ(d.source, d.id);
    EXPECT_EQ(d.id, fs::canonical(d.id).generic_string());
  }
  EXPECT_EQ(c.documents[2].title, "One");
  EXPECT_EQ(c.documents[2].text, "Body one.\n");
  EXPECT_EQ(c.documents[2].source_offset, 12U);
  EXPECT_EQ(c.documents[4].title, "代筆屋の恋");
}

// Issue 16: the id of a file is its canonical path, however the path to it
// was typed: with a trailing slash, "." and "..", relative or absolute,
// through a symlink, as the folder or a sub-folder or the file itself.
TEST(Reader, IdIsTheCanonicalPathHoweverTyped) {
  TempDir dir;
  dir.write("corpus/en/01.txt", "Body\n");
  const std::string expected = fs::canonical(dir.sub("corpus/en/01.txt")).generic_string();
  fs::create_directory_symlink(dir.path() / "corpus", dir.path() / "alias");
  const fs::path cwd = fs::current_path();
  fs::current_path(dir.path());
  const std::string root = dir.sub("corpus");
  for (const std::string& given :
       {root, root + "/", root + "/./en/..", std::string("corpus"), std::string("./corpus/"),
        std::string("alias"), std::string("corpus/en"), std::string("corpus/en/01.txt"),
        std::string("alias/en/../en/01.txt")}) {
    SCOPED_TRACE(given);
    const Collected c = read(given);
    ASSERT_TRUE(c.result);
    ASSERT_EQ(c.documents.size(), 1U);
    EXPECT_EQ(c.documents[0].id, expected);
    EXPECT_EQ(c.documents[0].source, expected);
  }
  fs::current_path(cwd);
}

// Issue 16: colA/review.txt and colB/review.txt are two documents.
TEST(Reader, SameNamedFilesInTwoFoldersHaveDifferentIds) {
  TempDir dir;
  dir.write("colA/review.txt", "Review A\n");
  dir.write("colB/review.txt", "Review B\n");
  const Collected a = read(dir.sub("colA"));
  const Collected b = read(dir.sub("colB"));
  ASSERT_EQ(a.documents.size(), 1U);
  ASSERT_EQ(b.documents.size(), 1U);
  EXPECT_NE(a.documents[0].id, b.documents[0].id);
}

TEST(Reader, DisplayPathIsRelativeWhenShorter) {
  TempDir dir;
  const std::string file = fs::canonical(dir.write("sub/a.txt", "A\n")).generic_string();
  const fs::path cwd = fs::current_path();
  fs::current_path(dir.path());
  EXPECT_EQ(display_path(file), "sub/a.txt");
  EXPECT_EQ(display_path("/"), "/");
  EXPECT_EQ(display_path("record-17"), "record-17");
  EXPECT_EQ(display_path("-"), "-");
  fs::current_path(dir.path() / "sub");
  EXPECT_EQ(display_path(file), "a.txt");
  fs::current_path(cwd);
}

TEST(Reader, SingleFileIdIsItsCanonicalPath) {
  TempDir dir;
  const std::string path = dir.write("en/07.txt", "title: Seven\n\nBody\n");
  const Collected c = read(path);
  ASSERT_TRUE(c.result);
  ASSERT_EQ(c.documents.size(), 1U);
  EXPECT_EQ(c.documents[0].id, fs::canonical(path).generic_string());
  EXPECT_EQ(c.documents[0].source, c.documents[0].id);
  EXPECT_EQ(c.documents[0].title, "Seven");
}

TEST(Reader, SkipsHiddenEntries) {
  TempDir dir;
  dir.write("visible.txt", "Yes\n");
  dir.write(".hidden.txt", "No\n");
  dir.write(".git/notes.txt", "No\n");
  dir.write("sub/.cache/x.md", "No\n");
  dir.write("sub/shown.md", "Yes\n");
  const Collected c = read(dir.path().string());
  ASSERT_TRUE(c.result);
  EXPECT_TRUE(c.problems.empty()) << describe(c.problems);
  EXPECT_THAT(c.ids(), ElementsAre("sub/shown.md", "visible.txt"));
}

TEST(Reader, IgnoresUnsupportedFilesInFolders) {
  TempDir dir;
  dir.write("review.txt", "Yes\n");
  dir.write("poster.png", "\x89PNG");
  dir.write("notes.pdf", "%PDF");
  dir.write("README", "no extension\n");
  dir.write("text.txt.bak", "backup\n");
  const Collected c = read(dir.path().string());
  ASSERT_TRUE(c.result);
  EXPECT_THAT(c.ids(), ElementsAre("review.txt"));
  EXPECT_TRUE(c.problems.empty()) << describe(c.problems);
}

TEST(Reader, ReportsExplicitUnsupportedFile) {
  TempDir dir;
  const std::string path = dir.write("notes.pdf", "%PDF-1.4\n");
  const Collected c = read(path);
  ASSERT_TRUE(c.result);
  EXPECT_TRUE(c.documents.empty());
  ASSERT_EQ(c.problems.size(), 1U);
  EXPECT_EQ(c.problems[0].kind, ProblemKind::skipped);
  EXPECT_EQ(c.problems[0].error.code, ErrorCode::unsupported);
  EXPECT_EQ(c.problems[0].error.path, fs::canonical(path).generic_string());
}

TEST(Reader, SkipsFilesThatAreNoText) {
  struct Case {
    const char* name;
    std::string content;
    const char* message;
  };
  const Case cases[] = {
      {"empty.txt", "", "empty"},
      {"nul.txt", std::string("text\0with a NUL", 15), "binary"},
      {"garbage.md", std::string(64, '\x01') + "abc", "binary"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    const std::string path = dir.write(c.name, c.content);
    dir.write("ok.txt", "fine\n");
    const Collected got = read(dir.path().string());
    ASSERT_TRUE(got.result);
    EXPECT_THAT(got.ids(), ElementsAre("ok.txt"));
    ASSERT_EQ(got.problems.size(), 1U) << describe(got.problems);
    EXPECT_EQ(got.problems[0].kind, ProblemKind::skipped);
    EXPECT_EQ(got.problems[0].error.path, fs::canonical(path).generic_string());
    EXPECT_THAT(got.problems[0].error.message, HasSubstr(c.message));
  }
}

TEST(Reader, SkipsFilesOverMaxBytes) {
  TempDir dir;
  dir.write("at-limit.txt", std::string(10, 'a'));
  const std::string big = dir.write("over-limit.txt", std::string(11, 'b'));
  IngestOptions options;
  options.max_bytes = 10;
  const Collected c = read(dir.path().string(), options);
  ASSERT_TRUE(c.result);
  EXPECT_THAT(c.ids(), ElementsAre("at-limit.txt"));
  ASSERT_EQ(c.problems.size(), 1U);
  EXPECT_EQ(c.problems[0].kind, ProblemKind::skipped);
  EXPECT_EQ(c.problems[0].error.path, fs::canonical(big).generic_string());
  EXPECT_THAT(c.problems[0].error.message, HasSubstr("11"));
  EXPECT_THAT(c.problems[0].error.message, HasSubstr("10"));
}

TEST(Reader, MissingPathIsNotFound) {
  TempDir dir;
  const std::string missing = dir.sub("no/such/place");
  const Collected c = read(missing);
  ASSERT_FALSE(c.result);
  EXPECT_EQ(c.result.error().code, ErrorCode::not_found);
  EXPECT_EQ(c.result.error().path, missing);
  EXPECT_TRUE(c.documents.empty());
}

TEST(Reader, NeedsDocumentCallback) {
  TempDir dir;
  dir.write("a.txt", "x\n");
  const Result<void> r = read_documents(dir.path().string(), {}, IngestSink{});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_argument);
}

TEST(Reader, StopsWhenCallbackFails) {
  TempDir dir;
  dir.write("1.txt", "one\n");
  dir.write("2.txt", "two\n");
  dir.write("3.txt", "three\n");
  std::vector<std::string> seen;
  IngestSink sink;
  sink.on_document = [&seen](Document&& d) -> Result<void> {
    seen.push_back(fs::path(d.id).filename().string());
    if (seen.back() == "2.txt") return Error{ErrorCode::io_error, "disk full"};
    return {};
  };
  const Result<void> r = read_documents(dir.path().string(), {}, sink);  // no on_problem: fine
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::io_error);
  EXPECT_EQ(r.error().message, "disk full");
  EXPECT_THAT(seen, ElementsAre("1.txt", "2.txt"));
}

TEST(Reader, WarningsCarryPathAndLine) {
  TempDir dir;
  const std::string path = dir.write("r.txt", "title: T\nrating: ten\n\nBody\n");
  const Collected c = read(dir.path().string());
  ASSERT_TRUE(c.result);
  ASSERT_EQ(c.documents.size(), 1U);
  EXPECT_FALSE(c.documents[0].rating.has_value());
  ASSERT_EQ(c.problems.size(), 1U);
  EXPECT_EQ(c.problems[0].kind, ProblemKind::warning);
  EXPECT_EQ(c.problems[0].error.path, fs::canonical(path).generic_string());
  EXPECT_EQ(c.problems[0].error.line, 2U);
}

TEST(Reader, SurvivesSymlinkLoop) {
  TempDir dir;
  dir.write("root/a.txt", "A\n");
  dir.write("root/sub/b.txt", "B\n");
  fs::create_directory_symlink("..", dir.path() / "root/sub/loop");
  fs::create_directory_symlink(".", dir.path() / "root/self");

  const Collected c = read(dir.sub("root"));
  ASSERT_TRUE(c.result);
  EXPECT_THAT(c.ids(), ElementsAre("a.txt", "sub/b.txt"));
  EXPECT_EQ(input_bytes(dir.sub("root")), 4U);
}

TEST(Reader, FollowsSymlinkedFolderOnce) {
  TempDir dir;
  dir.write("root/elsewhere/x.txt", "X\n");
  dir.write("root/own.txt", "own\n");
  fs::create_directory_symlink(dir.path() / "root/elsewhere", dir.path() / "root/linked");
  fs::create_directory_symlink(dir.path() / "root/elsewhere", dir.path() / "root/linked-again");
  const Collected c = read(dir.sub("root"));
  ASSERT_TRUE(c.result);
  EXPECT_TRUE(c.problems.empty()) << describe(c.problems);
  // The document is the file linked to, under its own path, read once.
  EXPECT_THAT(c.ids(), ElementsAre("elsewhere/x.txt", "own.txt"));
}

// Issue 16: a symlink to "/" inside an indexed folder must not index the
// filesystem. Links leaving the root are reported and not followed.
TEST(Reader, DoesNotFollowLinksOutOfTheRoot) {
  TempDir dir;
  dir.write("outside/secret.txt", "Not part of the collection\n");
  dir.write("root/own.txt", "own\n");
  fs::create_directory_symlink("/", dir.path() / "root/everything");
  fs::create_directory_symlink(dir.path() / "outside", dir.path() / "root/out");
  fs::create_symlink(dir.path() / "outside/secret.txt", dir.path() / "root/secret.txt");
  const Collected c = read(dir.sub("root"));
  ASSERT_TRUE(c.result);
  EXPECT_THAT(c.ids(), ElementsAre("own.txt"));
  ASSERT_EQ(c.problems.size(), 3U) << describe(c.problems);
  for (const Problem& p : c.problems) {
    EXPECT_EQ(p.kind, ProblemKind::skipped);
    EXPECT_EQ(p.error.option, "follow_links");
    EXPECT_THAT(p.error.message, Not(HasSubstr("--")));
  }
  EXPECT_EQ(input_bytes(dir.sub("root")), 4U);

  // Asked to, they are followed (the link to "/" is left out of this test).
  fs::remove(dir.path() / "root/everything");
  IngestOptions follow;
  follow.follow_links = true;
  const Collected f = read(dir.sub("root"), follow);
  ASSERT_TRUE(f.result);
  EXPECT_TRUE(f.problems.empty()) << describe(f.problems);
  EXPECT_THAT(f.ids(), ElementsAre("../outside/secret.txt", "own.txt", "../outside/secret.txt"));
  EXPECT_EQ(input_bytes(dir.sub("root"), follow), 4U + 27U + 27U);
}

TEST(Reader, EmptyFolderReadsNothing) {
  TempDir dir;
  const Collected c = read(dir.path().string());
  ASSERT_TRUE(c.result);
  EXPECT_TRUE(c.documents.empty());
  EXPECT_TRUE(c.problems.empty());
}

TEST(Reader, InputBytesSumsSupportedFiles) {
  TempDir dir;
  dir.write("a.txt", std::string(100, 'a'));
  dir.write("sub/b.md", std::string(20, 'b'));
  dir.write("sub/c.TXT", std::string(3, 'c'));
  dir.write("ignored.pdf", std::string(1000, 'p'));
  dir.write(".hidden.txt", std::string(1000, 'h'));
  dir.write(".git/objects.txt", std::string(1000, 'g'));
  EXPECT_EQ(input_bytes(dir.path().string()), 123U);
  EXPECT_EQ(input_bytes(dir.sub("sub")), 23U);
  EXPECT_EQ(input_bytes(dir.sub("a.txt")), 100U);
  EXPECT_EQ(input_bytes(dir.sub("missing")), 0U);
}

// input_bytes() is documented as the size of what read_documents() would
// read, so it must agree with it on the inputs read_documents() leaves out
// or follows.
TEST(Reader, InputBytesOfExplicitUnsupportedFileIsZero) {
  TempDir dir;
  const std::string pdf = dir.write("notes.pdf", std::string(1000, 'p'));
  EXPECT_TRUE(read(pdf).documents.empty());
  EXPECT_EQ(input_bytes(pdf), 0U);
}

TEST(Reader, InputBytesCountsSymlinkedFolders) {
  TempDir dir;
  dir.write("root/elsewhere/x.txt", std::string(50, 'x'));
  dir.write("root/own.txt", std::string(7, 'o'));
  fs::create_directory_symlink(dir.path() / "root/elsewhere", dir.path() / "root/linked");
  std::uint64_t read_bytes = 0;
  for (const Document& d : read(dir.sub("root")).documents)
    read_bytes += d.source_offset + d.text.size();
  EXPECT_EQ(read_bytes, 57U);
  EXPECT_EQ(input_bytes(dir.sub("root")), read_bytes);
}

}  // namespace
}  // namespace herdex
