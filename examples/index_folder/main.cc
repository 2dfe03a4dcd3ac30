// index_folder: indexes files and folders into a herdex database, the way
// `herdex index` does, and prints what happened.
//
//   index_folder DB_DIR PATH...
//
// Text (.txt, .md), HTML and JSON Lines files are read recursively. A
// document whose content is unchanged since the last run is left alone, so
// running it twice reports everything `unchanged` the second time.
// Exit status: 0 success, 1 some inputs could not be read, 2 usage, 3 the
// database could not be opened or written.
#include <herdex/herdex.h>

#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s DB_DIR PATH...\n", argv[0]);
    return 2;
  }
  herdex::IndexOptions options;  // Defaults: English stemming, CJK characters and bigrams.
  auto writer = herdex::IndexWriter::open(argv[1], options);
  if (!writer) {
    // locked: another process is writing this database right now.
    std::fprintf(stderr, "index_folder: %s [%s]\n", writer.error().describe().c_str(),
                 herdex::to_string(writer.error().code));
    return 3;
  }

  const std::vector<std::string> paths(argv + 2, argv + argc);
  std::size_t reported = 0;
  auto progress = [&reported](const herdex::IndexProgress& p) {
    // Called after every document; print every 100th.
    if (p.documents / 100 > reported) {
      reported = p.documents / 100;
      std::fprintf(stderr, "  %zu documents, %zu bytes\n", p.documents, p.bytes);
    }
  };
  // add_paths commits at the end; problems with single files are reported,
  // not returned as errors.
  auto report = writer->add_paths(paths, herdex::IngestOptions{}, progress);
  if (!report) {
    std::fprintf(stderr, "index_folder: %s\n", report.error().describe().c_str());
    return 3;
  }
  for (const herdex::Error& problem : report->problems) {
    std::fprintf(stderr, "index_folder: %s\n", problem.describe().c_str());
  }
  std::printf("%zu added, %zu updated, %zu unchanged, %zu skipped, %zu errors, %zu bytes\n",
              report->added, report->updated, report->unchanged, report->skipped, report->errors,
              report->bytes);

  auto stats = herdex::database_stats(argv[1]);
  if (stats) {
    std::printf("%s: %zu documents, %zu passages, %zu terms\n", stats->path.c_str(),
                stats->documents, stats->passages, stats->terms);
    for (const auto& [lang, count] : stats->languages)
      std::printf("  %s: %zu\n", lang.c_str(), count);
  }
  return report->errors > 0 ? 1 : 0;
}
