// Indexes two reviews into a fresh database and finds one of them.
// Usage: consumer DB_DIR   (exit status 0 when the right review is found)
#include <herdex/herdex.h>

#include <cstdio>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DB_DIR\n", argv[0]);
    return 2;
  }
  const std::string db = argv[1];
  {
    auto writer = herdex::IndexWriter::open(db);
    if (!writer) {
      std::fprintf(stderr, "open: %s\n", writer.error().describe().c_str());
      return 1;
    }
    herdex::Document first;
    first.id = "letters";
    first.title = "Beautiful handwritten letters";
    first.text = "Theodore writes letters for strangers and signs other people's names.";
    herdex::Document second;
    second.id = "voice";
    second.title = "A voice called Samantha";
    second.text = "Samantha laughs, and the operating system sounds more alive than anyone.";
    for (const herdex::Document* doc : {&first, &second}) {
      if (auto added = writer->add(*doc); !added) {
        std::fprintf(stderr, "add: %s\n", added.error().describe().c_str());
        return 1;
      }
    }
    if (auto ok = writer->commit(); !ok) {
      std::fprintf(stderr, "commit: %s\n", ok.error().describe().c_str());
      return 1;
    }
  }
  auto searcher = herdex::Searcher::open(db);
  if (!searcher) {
    std::fprintf(stderr, "open: %s\n", searcher.error().describe().c_str());
    return 1;
  }
  auto results = searcher->search("operating system");
  if (!results) {
    std::fprintf(stderr, "search: %s\n", results.error().describe().c_str());
    return 1;
  }
  if (results->hits.size() != 1 || results->hits[0].id != "voice") {
    std::fprintf(stderr, "expected exactly the 'voice' review\n");
    return 1;
  }
  std::printf("herdex %s found '%s': %s\n", herdex::version(), results->hits[0].title.c_str(),
              results->hits[0].passages.at(0).snippet.c_str());
  return 0;
}
