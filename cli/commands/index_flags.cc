#include "commands/index_flags.h"

namespace herdex::cli {

void add_record_flags(CLI::App& app, IndexFlags& flags) {
  IngestOptions& ingest = flags.ingest;
  app.add_option("--id-field", ingest.id_field, "JSON Lines: field with the document id")
      ->capture_default_str();
  app.add_option("--title-field", ingest.title_field, "JSON Lines: field with the title")
      ->capture_default_str();
  app.add_option("--text-field", ingest.text_field, "JSON Lines: field with the text")
      ->capture_default_str();
  app.add_option("--field", ingest.extra_fields,
                 "JSON Lines: another field to store and search as NAME: (repeatable)");
  app.add_option("--max-bytes", ingest.max_bytes, "Skip files larger than this many bytes")
      ->capture_default_str();
}

void add_writer_flags(CLI::App& app, IndexFlags& flags, const char* threads_help) {
  IndexOptions& index = flags.index;
  app.add_option("--threads", index.threads, threads_help)
      ->capture_default_str()
      ->check(CLI::Range(0, 256));
  app.add_option("--memory", flags.memory_mb,
                 "Commit when the buffered changes reach about this many MB")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 20));
  app.add_option("--batch", index.batch_documents,
                 "Also commit every N changed documents (0: no limit)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--passage-words", index.passage_words,
                 "Target passage length in words (a CJK character counts half)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{5}, std::size_t{10000}));
}

IndexOptions index_options(const IndexFlags& flags) {
  IndexOptions options = flags.index;
  options.memory_bytes = flags.memory_mb << 20;
  return options;
}

}  // namespace herdex::cli
