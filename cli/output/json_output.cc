#include "output/json_output.h"

#include <nlohmann/json.hpp>

#include "output/hints.h"

namespace herdex::cli {
namespace {

using nlohmann::json;

// Text from the index is repaired UTF-8, but a query typed by a user may
// not be; replace rather than throw.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json ranges(const std::vector<ByteRange>& rs) {
  json out = json::array();
  for (const ByteRange& r : rs) out.push_back({r.byte_begin, r.byte_end});
  return out;
}

json passage_json(const Passage& p) {
  return json{{"ordinal", p.ordinal},
              {"byte_begin", p.byte_begin},
              {"byte_end", p.byte_end},
              {"score", p.score},
              {"snippet", p.snippet},
              {"snippet_range", {p.snippet_range.byte_begin, p.snippet_range.byte_end}},
              {"matches", ranges(p.matches)}};
}

json failed_shards_json(const std::vector<Error>& failed) {
  json out = json::array();
  for (const Error& e : failed) {
    out.push_back(
        {{"shard", e.path}, {"code", to_string(e.code)}, {"message", message_with_hint(e)}});
  }
  return out;
}

json space_json(const DatabaseSpace& s) {
  json tables = json::object();
  json entries = json::object();
  for (const TableSpace& t : s.tables) {
    tables[t.name] = t.bytes;
    if (t.entry_bytes != 0) entries[t.name] = t.entry_bytes;
  }
  json terms = json::object();
  for (const TermClassSpace& c : s.classes) {
    terms[c.name] = {{"terms", c.terms},
                     {"term_bytes", c.term_bytes},
                     {"postings", c.postings},
                     {"wdf", c.wdf},
                     {"positions_estimate", c.positions},
                     {"position_bytes_estimate", c.position_bytes},
                     {"postlist_bytes_estimate", c.postlist_bytes},
                     {"termlist_bytes_estimate", c.termlist_bytes}};
  }
  json values = json::object();
  for (const ValueSpace& v : s.values) {
    values[v.name] = {{"documents", v.documents}, {"bytes", v.bytes}};
  }
  const RecordSpace& r = s.records;
  json records{{"records", r.records},
               {"bytes", r.bytes},
               {"average_bytes", r.records == 0 ? 0 : r.bytes / r.records},
               {"raw_bytes", r.raw_bytes},
               {"text_bytes_estimate", r.text_bytes},
               {"passage_bytes_estimate", r.passage_bytes},
               {"extent_bytes_estimate", r.extent_bytes},
               {"other_bytes_estimate", r.other_bytes}};
  return json{{"tables", std::move(tables)},
              {"table_bytes", s.table_bytes},
              {"table_entries_estimate", std::move(entries)},
              {"unknown_shards", s.unknown_shards},
              {"terms", std::move(terms)},
              {"term_count", s.terms},
              {"ngram_size", s.ngram_size},
              {"values", std::move(values)},
              {"records", std::move(records)},
              {"documents", s.documents},
              {"sampled_documents", s.sampled_documents}};
}

}  // namespace

std::string results_json(const SearchResults& results) {
  json hits = json::array();
  for (const Hit& h : results.hits) {
    json hit{{"rank", h.rank},   {"id", h.id},         {"title", h.title}, {"source", h.source},
             {"score", h.score}, {"author", h.author}, {"date", h.date},   {"lang", h.lang}};
    hit["rating"] = h.rating ? json(*h.rating) : json(nullptr);
    hit["lang_confidence"] = h.lang_confidence ? json(*h.lang_confidence) : json(nullptr);
    hit["line"] = h.source_line > 0 ? json(h.source_line) : json(nullptr);
    json fields = json::object();
    for (const auto& [name, value] : h.fields) fields[name] = value;
    hit["fields"] = std::move(fields);
    if (!h.passages.empty()) {
      const Passage& best = h.passages.front();
      hit["passage"] = {
          {"ordinal", best.ordinal}, {"byte_begin", best.byte_begin}, {"byte_end", best.byte_end}};
      hit["snippet"] = best.snippet;
      hit["snippet_range"] = {best.snippet_range.byte_begin, best.snippet_range.byte_end};
      hit["matches"] = ranges(best.matches);
    }
    json passages = json::array();
    for (const Passage& p : h.passages) passages.push_back(passage_json(p));
    hit["passages"] = std::move(passages);
    hits.push_back(std::move(hit));
  }
  json out{{"query", results.query},
           {"total", results.total},
           {"total_min", results.total_min},
           {"total_max", results.total_max},
           {"hits", std::move(hits)}};
  if (results.passages > 0) out["passages"] = results.passages;
  if (!results.suggestion.empty()) out["suggestion"] = results.suggestion;
  if (!results.facets.empty()) {
    json facets = json::object();
    for (const Facet& f : results.facets) {
      json values = json::object();
      for (const FacetValue& v : f.values) values[v.value] = v.count;
      facets[f.name] = std::move(values);
    }
    out["facets"] = std::move(facets);
  }
  if (!results.explanation.empty()) out["explain"] = results.explanation;
  const SearchTimings& t = results.timings;
  out["timings_us"] = {{"parse", t.parse_us},
                       {"match", t.match_us},
                       {"passages", t.passages_us},
                       {"snippets", t.snippets_us}};
  out["partial"] = results.partial;
  if (!results.failed_shards.empty()) {
    out["failed_shards"] = failed_shards_json(results.failed_shards);
  }
  return dump(out);
}

std::string stats_json(const DatabaseStats& s, const DatabaseSpace* space) {
  json langs = json::object();
  for (const auto& [lang, count] : s.languages) langs[lang] = count;
  json shards = json::array();
  for (const ShardStats& shard : s.shards) {
    shards.push_back({{"name", shard.name},
                      {"documents", shard.documents},
                      {"passages", shard.passages},
                      {"terms", shard.terms},
                      {"size_bytes", shard.size_bytes}});
  }
  json out{{"path", s.path},
           {"documents", s.documents},
           {"passages", s.passages},
           {"terms", s.terms},
           {"size_bytes", s.size_bytes},
           {"format", s.format},
           {"analyzer", s.analyzer},
           {"extractor", s.extractor},
           {"boilerplate_bytes", s.boilerplate_bytes},
           {"boilerplate_documents", s.boilerplate_documents},
           {"languages", std::move(langs)},
           {"shards", std::move(shards)}};
  if (!s.failed_shards.empty()) out["failed_shards"] = failed_shards_json(s.failed_shards);
  if (space != nullptr) out["space"] = space_json(*space);
  return dump(out);
}

namespace {

const char* problem_kind_name(ProblemKind kind) {
  switch (kind) {
    case ProblemKind::skipped:
      return "skipped";
    case ProblemKind::warning:
      return "warning";
    case ProblemKind::error:
      break;
  }
  return "error";
}

json stages_json(const IndexStageTimes& t) {
  return json{{"bulk", t.bulk},   {"read", t.read},     {"build", t.build},
              {"write", t.write}, {"commit", t.commit}, {"compact", t.compact}};
}

}  // namespace

std::string index_report_json(const IndexReport& r, double seconds) {
  json problems = json::array();
  for (std::size_t i = 0; i < r.problems.size(); ++i) {
    const Error& e = r.problems[i];
    // A file-level problem has no line (null, not 0), a record-level one
    // may have a column.
    problems.push_back(
        {{"kind",
          problem_kind_name(i < r.problem_kinds.size() ? r.problem_kinds[i] : ProblemKind::error)},
         {"path", e.path},
         {"line", e.line == 0 ? json(nullptr) : json(e.line)},
         {"column", e.column == 0 ? json(nullptr) : json(e.column)},
         {"code", to_string(e.code)},
         {"message", message_with_hint(e)}});
  }
  json boilerplate = json::array();
  for (const auto& [id, bytes] : r.boilerplate)
    boilerplate.push_back({{"id", id}, {"bytes", bytes}});
  return dump(json{{"added", r.added},
                   {"updated", r.updated},
                   {"unchanged", r.unchanged},
                   {"deleted", r.deleted},
                   {"skipped", r.skipped},
                   {"errors", r.errors},
                   {"duplicates", r.duplicates},
                   {"repaired_bytes", r.repaired_bytes},
                   {"bytes", r.bytes},
                   {"boilerplate_bytes", r.boilerplate_bytes},
                   {"boilerplate", std::move(boilerplate)},
                   {"seconds", seconds},
                   {"problems", std::move(problems)},
                   {"problems_not_listed", r.problems_not_listed},
                   {"stages", stages_json(r.stages)}});
}

std::string error_json(const Error& e) {
  // As the CLI's --json errors: a location that does not apply is null.
  auto or_null = [](std::size_t n) { return n == 0 ? json(nullptr) : json(n); };
  return dump(json{{"error",
                    {{"code", to_string(e.code)},
                     {"message", message_with_hint(e)},
                     {"path", e.path.empty() ? json(nullptr) : json(e.path)},
                     {"line", or_null(e.line)},
                     {"column", or_null(e.column)}}}});
}

}  // namespace herdex::cli
