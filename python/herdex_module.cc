// herdex._herdex: the Python extension module over herdex's public C++ API
// (the package python/herdex/ wraps it). Errors come back as the exception
// classes of herdex/errors.py; the GIL is released while the library works,
// so threads index and search in parallel.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "herdex/herdex.h"

namespace py = pybind11;
using namespace pybind11::literals;

namespace herdex::python {
namespace {

const char* exception_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_argument:
      return "InvalidArgumentError";
    case ErrorCode::not_found:
      return "NotFoundError";
    case ErrorCode::already_exists:
      return "AlreadyExistsError";
    case ErrorCode::locked:
      return "DatabaseLockedError";
    case ErrorCode::corrupt:
      return "CorruptError";
    case ErrorCode::version_mismatch:
      return "VersionMismatchError";
    case ErrorCode::io_error:
      return "IoError";
    case ErrorCode::query_syntax:
      return "QuerySyntaxError";
    case ErrorCode::unsupported:
      return "UnsupportedError";
    case ErrorCode::internal:
      return "InternalError";
  }
  return "Error";
}

// The herdex.errors exception for `error`, as a value (for reports).
py::object to_exception(const Error& error) {
  py::object type = py::module_::import("herdex.errors").attr(exception_name(error.code));
  return type(error.describe(), "code"_a = to_string(error.code), "message"_a = error.message,
              "path"_a = error.path, "line"_a = error.line, "column"_a = error.column);
}

[[noreturn]] void raise(const Error& error) {
  py::object exception = to_exception(error);
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exception.ptr())), exception.ptr());
  throw py::error_already_set();
}

template <typename T>
T unwrap(Result<T>&& result) {
  if (!result) raise(result.error());
  return std::move(result).value();
}

void unwrap(Result<void>&& result) {
  if (!result) raise(result.error());
}

[[noreturn]] void raise_closed(const char* what) {
  raise(Error(ErrorCode::invalid_argument, std::string(what) + " is closed"));
}

py::list ranges(const std::vector<ByteRange>& list) {
  py::list out(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    out[i] = py::make_tuple(list[i].byte_begin, list[i].byte_end);
  }
  return out;
}

py::dict fields_of(const Hit& hit) {
  py::dict out;
  if (!hit.author.empty()) out["author"] = hit.author;
  if (!hit.date.empty()) out["date"] = hit.date;
  if (!hit.lang.empty()) out["lang"] = hit.lang;
  if (hit.rating) out["rating"] = *hit.rating;
  // Named fields: JSON Lines --field, header lines, credits read from a page.
  for (const auto& [name, value] : hit.fields) out[py::str(name)] = value;
  return out;
}

std::string py_repr(const std::string& text) { return py::repr(py::str(text)).cast<std::string>(); }

// Index: an IndexWriter behind a mutex, so that two Python threads sharing
// one cannot race in it once the GIL is released.
class Index {
  // Runs `f` on the writer without the GIL and returns its value or raises.
  template <typename F>
  auto call(F&& f) {
    if (!writer_) raise_closed("the index");
    std::optional<decltype(f(*writer_))> result;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex_);
      result.emplace(f(*writer_));
    }
    return unwrap(std::move(*result));
  }

 public:
  Index(const std::string& path, bool create, bool prune, std::size_t shards,
        std::size_t passage_words, bool keep_boilerplate, std::size_t batch_documents,
        std::size_t threads) {
    IndexOptions options;
    options.create_if_missing = create;
    options.prune = prune;
    options.shards = shards;
    options.passage_words = passage_words;
    options.keep_boilerplate = keep_boilerplate;
    options.batch_documents = batch_documents;
    options.threads = threads;
    std::optional<Result<IndexWriter>> opened;
    {
      py::gil_scoped_release release;
      opened.emplace(IndexWriter::open(path, options));
    }
    writer_.emplace(unwrap(std::move(*opened)));
    path_ = path;
  }

  std::string add(std::string id, std::string text, std::string title, std::string source,
                  std::string author, std::string date, std::string lang,
                  std::optional<double> rating,
                  std::vector<std::pair<std::string, std::string>> fields) {
    Document document;
    document.id = std::move(id);
    document.text = std::move(text);
    document.title = std::move(title);
    document.source = std::move(source);
    document.author = std::move(author);
    document.date = std::move(date);
    document.lang = std::move(lang);
    document.rating = rating;
    document.fields = std::move(fields);
    const WriteOutcome outcome = call([&](IndexWriter& w) { return w.add(document); });
    switch (outcome) {
      case WriteOutcome::added:
        return "added";
      case WriteOutcome::updated:
        return "updated";
      case WriteOutcome::unchanged:
        return "unchanged";
    }
    return "unchanged";
  }

  IndexReport add_files(const std::vector<std::string>& paths, const IngestOptions& ingest) {
    return call([&](IndexWriter& w) { return w.add_paths(paths, ingest); });
  }

  bool remove(const std::string& id) {
    return call([&](IndexWriter& w) { return w.remove(id); });
  }

  void commit() {
    call([](IndexWriter& w) { return w.commit(); });
  }

  // Commits and releases the lock; the destructor's commit drops errors, so
  // this one commits first to report them.
  void close() {
    if (!writer_) return;
    std::optional<Result<void>> result;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex_);
      result.emplace(writer_->commit());
      writer_.reset();
    }
    unwrap(std::move(*result));
  }

  bool closed() const { return !writer_; }
  const std::string& path() const { return path_; }

 private:
  std::optional<IndexWriter> writer_;
  std::mutex mutex_;
  std::string path_;
};

SortOrder parse_sort(const std::string& sort) {
  if (sort == "score") return SortOrder::score;
  if (sort == "date") return SortOrder::date;
  if (sort == "rating") return SortOrder::rating;
  raise(Error(ErrorCode::invalid_argument,
              "sort must be 'score', 'date' or 'rating', not '" + sort + "'"));
}

// Searcher: a herdex::Searcher behind a mutex (see Index).
class PySearcher {
  template <typename F>
  auto call(F&& f) {
    if (!searcher_) raise_closed("the searcher");
    std::optional<decltype(f(*searcher_))> result;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex_);
      result.emplace(f(*searcher_));
    }
    return unwrap(std::move(*result));
  }

 public:
  PySearcher(const std::string& path, std::uint32_t timeout_ms, bool allow_partial) : path_(path) {
    OpenOptions options;
    options.timeout_ms = timeout_ms;
    options.allow_partial = allow_partial;
    std::optional<Result<Searcher>> opened;
    {
      py::gil_scoped_release release;
      opened.emplace(Searcher::open(path, options));
    }
    searcher_.emplace(unwrap(std::move(*opened)));
  }

  SearchResults search(const std::string& query, std::size_t limit, std::size_t offset,
                       std::size_t passages, std::size_t snippet_bytes, const std::string& sort,
                       std::optional<std::vector<std::string>> facets, bool literal,
                       bool all_passages) {
    SearchOptions options;
    options.limit = limit;
    options.offset = offset;
    options.passages_per_document = passages;
    options.snippet_bytes = snippet_bytes;
    options.sort = parse_sort(sort);
    if (facets) options.facets = std::move(*facets);
    options.literal = literal;
    options.all_passages = all_passages;
    return call([&](Searcher& s) {
      const auto begin = std::chrono::steady_clock::now();
      Result<SearchResults> results = s.search(query, options);
      last_search_ns_ = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now() - begin)
                            .count();
      return results;
    });
  }

  // For benchmarks/python_overhead.py: the wall time of each of `repeat`
  // C++ Searcher::search() calls with search()'s default options, in
  // nanoseconds, timed in C++ (no Python in between).
  std::vector<std::int64_t> time_search(const std::string& query, std::size_t repeat) {
    if (!searcher_) raise_closed("the searcher");
    std::vector<std::int64_t> times;
    std::optional<Error> failure;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex_);
      const SearchOptions options;
      for (std::size_t i = 0; i < repeat && !failure; ++i) {
        const auto begin = std::chrono::steady_clock::now();
        Result<SearchResults> results = searcher_->search(query, options);
        const auto end = std::chrono::steady_clock::now();
        if (!results) failure = results.error();
        times.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(end - begin).count());
      }
    }
    if (failure) raise(*failure);
    return times;
  }

  void reopen() {
    call([](Searcher& s) { return s.reopen(); });
  }

  void load_synonyms(const std::string& file) {
    call([&](Searcher& s) { return s.load_synonyms(file); });
  }

  void close() {
    py::gil_scoped_release release;
    std::lock_guard<std::mutex> lock(mutex_);
    searcher_.reset();
  }

  bool closed() const { return !searcher_; }
  const std::string& path() const { return path_; }

 private:
  std::optional<Searcher> searcher_;
  std::mutex mutex_;
  std::string path_;

 public:
  // The wall time of the C++ Searcher::search() inside the last search(),
  // for benchmarks/python_overhead.py: the rest of the call is the binding.
  std::int64_t last_search_ns_ = 0;
};

// The snippet with `before` and `after` around each match.
std::string highlight(const Passage& p, const std::string& before, const std::string& after) {
  const std::size_t base = p.snippet_range.byte_begin;
  std::string out;
  std::size_t at = base;
  for (const ByteRange& m : p.matches) {
    if (m.byte_begin < at || m.byte_end > base + p.snippet.size()) continue;
    out.append(p.snippet, at - base, m.byte_begin - at);
    out += before;
    out.append(p.snippet, m.byte_begin - base, m.byte_end - m.byte_begin);
    out += after;
    at = m.byte_end;
  }
  out.append(p.snippet, at - base, std::string::npos);
  return out;
}

std::string passage_repr(const Passage& p) {
  return "Passage(ordinal=" + std::to_string(p.ordinal) +
         ", bytes=" + std::to_string(p.byte_begin) + ".." + std::to_string(p.byte_end) +
         ", score=" + py::repr(py::float_(p.score)).cast<std::string>() +
         ", snippet=" + py_repr(p.snippet) + ")";
}

std::string hit_repr(const Hit& h) {
  return "Hit(rank=" + std::to_string(h.rank) + ", id=" + py_repr(h.id) +
         ", title=" + py_repr(h.title) +
         ", score=" + py::repr(py::float_(h.score)).cast<std::string>() + ")";
}

}  // namespace
}  // namespace herdex::python

PYBIND11_MODULE(_herdex, m) {
  using namespace herdex;
  using namespace herdex::python;
  m.doc() = "herdex's C++ library, wrapped; use the package `herdex`.";

  m.def("version", [] { return std::string(version()); });
  m.def("versions", [] {
    const Versions v = versions();
    py::dict out;
    out["herdex"] = v.herdex;
    out["xapian"] = v.xapian;
    out["icu"] = v.icu;
    out["unicode"] = v.unicode;
    out["database_format"] = v.database_format;
    return out;
  });

  py::class_<Passage>(m, "Passage")
      .def_readonly("ordinal", &Passage::ordinal)
      .def_readonly("byte_begin", &Passage::byte_begin)
      .def_readonly("byte_end", &Passage::byte_end)
      .def_readonly("score", &Passage::score)
      .def_readonly("snippet", &Passage::snippet)
      .def_property_readonly("snippet_range",
                             [](const Passage& p) {
                               return py::make_tuple(p.snippet_range.byte_begin,
                                                     p.snippet_range.byte_end);
                             })
      .def_readonly("snippet_cut_before", &Passage::snippet_cut_before)
      .def_readonly("snippet_cut_after", &Passage::snippet_cut_after)
      .def_property_readonly("matches", [](const Passage& p) { return ranges(p.matches); })
      .def("highlight", &highlight, "before"_a = "[", "after"_a = "]")
      .def("__repr__", &passage_repr);

  py::class_<Hit>(m, "Hit")
      .def_readonly("rank", &Hit::rank)
      .def_readonly("id", &Hit::id)
      .def_readonly("title", &Hit::title)
      .def_readonly("source", &Hit::source)
      .def_readonly("source_line", &Hit::source_line)
      .def_readonly("score", &Hit::score)
      .def_readonly("author", &Hit::author)
      .def_readonly("date", &Hit::date)
      .def_readonly("lang", &Hit::lang)
      .def_readonly("rating", &Hit::rating)
      .def_property_readonly("passages", [](const Hit& h) { return h.passages; })
      .def_property_readonly("passage", [](const Hit& h) { return h.passages.front(); })
      .def_property_readonly("snippet", [](const Hit& h) { return h.passages.front().snippet; })
      .def_property_readonly("matches",
                             [](const Hit& h) { return ranges(h.passages.front().matches); })
      .def_property_readonly("fields", &fields_of)
      .def(
          "highlight",
          [](const Hit& h, const std::string& before, const std::string& after) {
            return highlight(h.passages.front(), before, after);
          },
          "before"_a = "[", "after"_a = "]")
      .def("__repr__", &hit_repr);

  py::class_<SearchResults>(m, "Results")
      .def_readonly("query", &SearchResults::query)
      .def_readonly("total", &SearchResults::total)
      .def_readonly("suggestion", &SearchResults::suggestion)
      .def_readonly("partial", &SearchResults::partial)
      .def_property_readonly("hits", [](const SearchResults& r) { return r.hits; })
      .def_property_readonly("facets",
                             [](const SearchResults& r) {
                               py::dict out;
                               for (const Facet& facet : r.facets) {
                                 py::dict values;
                                 for (const FacetValue& v : facet.values)
                                   values[py::str(v.value)] = v.count;
                                 out[py::str(facet.name)] = values;
                               }
                               return out;
                             })
      .def_property_readonly("failed_shards",
                             [](const SearchResults& r) {
                               py::list out;
                               for (const Error& e : r.failed_shards) out.append(to_exception(e));
                               return out;
                             })
      .def_property_readonly("timings_us",
                             [](const SearchResults& r) {
                               return py::dict("parse"_a = r.timings.parse_us,
                                               "match"_a = r.timings.match_us,
                                               "passages"_a = r.timings.passages_us,
                                               "snippets"_a = r.timings.snippets_us);
                             })
      .def("__len__", [](const SearchResults& r) { return r.hits.size(); })
      .def(
          "__getitem__",
          [](const SearchResults& r, std::ptrdiff_t i) -> const Hit& {
            const auto n = static_cast<std::ptrdiff_t>(r.hits.size());
            if (i < 0) i += n;
            if (i < 0 || i >= n) throw py::index_error("hit index out of range");
            return r.hits[static_cast<std::size_t>(i)];
          },
          py::return_value_policy::reference_internal)
      .def(
          "__iter__",
          [](const SearchResults& r) { return py::make_iterator(r.hits.begin(), r.hits.end()); },
          py::keep_alive<0, 1>())
      .def("__repr__", [](const SearchResults& r) {
        return "Results(query=" + py_repr(r.query) + ", total=" + std::to_string(r.total) +
               ", hits=" + std::to_string(r.hits.size()) + ")";
      });

  py::class_<IndexReport>(m, "IndexReport")
      .def_readonly("added", &IndexReport::added)
      .def_readonly("updated", &IndexReport::updated)
      .def_readonly("unchanged", &IndexReport::unchanged)
      .def_readonly("deleted", &IndexReport::deleted)
      .def_readonly("skipped", &IndexReport::skipped)
      .def_readonly("errors", &IndexReport::errors)
      .def_readonly("repaired_bytes", &IndexReport::repaired_bytes)
      .def_readonly("bytes", &IndexReport::bytes)
      .def_property_readonly("problems",
                             [](const IndexReport& r) {
                               py::list out;
                               for (const Error& e : r.problems) out.append(to_exception(e));
                               return out;
                             })
      .def("__repr__", [](const IndexReport& r) {
        return "IndexReport(added=" + std::to_string(r.added) +
               ", updated=" + std::to_string(r.updated) +
               ", unchanged=" + std::to_string(r.unchanged) +
               ", deleted=" + std::to_string(r.deleted) + ", skipped=" + std::to_string(r.skipped) +
               ", errors=" + std::to_string(r.errors) + ")";
      });

  py::class_<Index>(m, "Index")
      .def(py::init<const std::string&, bool, bool, std::size_t, std::size_t, bool, std::size_t,
                    std::size_t>(),
           "path"_a, py::kw_only(), "create"_a = true, "prune"_a = false, "shards"_a = 0,
           "passage_words"_a = 60, "keep_boilerplate"_a = false, "batch_documents"_a = 0,
           "threads"_a = 0)
      .def("add", &Index::add, "id"_a, "text"_a, py::kw_only(), "title"_a = "", "source"_a = "",
           "author"_a = "", "date"_a = "", "lang"_a = "", "rating"_a = py::none(),
           "fields"_a = std::vector<std::pair<std::string, std::string>>{})
      .def(
          "add_files",
          [](Index& index, const std::vector<std::string>& paths, const std::string& id_field,
             const std::string& title_field, const std::string& text_field,
             const std::vector<std::string>& fields, std::size_t max_bytes, bool strict) {
            IngestOptions ingest;
            ingest.id_field = id_field;
            ingest.title_field = title_field;
            ingest.text_field = text_field;
            ingest.extra_fields = fields;
            ingest.max_bytes = max_bytes;
            ingest.strict = strict;
            return index.add_files(paths, ingest);
          },
          "paths"_a, py::kw_only(), "id_field"_a = "_id", "title_field"_a = "title",
          "text_field"_a = "text", "fields"_a = std::vector<std::string>{},
          "max_bytes"_a = IngestOptions{}.max_bytes, "strict"_a = false)
      .def("delete", &Index::remove, "id"_a)
      .def("commit", &Index::commit)
      .def("close", &Index::close)
      .def_property_readonly("closed", &Index::closed)
      .def_property_readonly("path", &Index::path);

  py::class_<PySearcher>(m, "Searcher")
      .def(py::init<const std::string&, std::uint32_t, bool>(), "path"_a, py::kw_only(),
           "timeout_ms"_a = OpenOptions{}.timeout_ms, "allow_partial"_a = false)
      .def("search", &PySearcher::search, "query"_a, "limit"_a = 10, "offset"_a = 0,
           "passages"_a = 1, "snippet_bytes"_a = SearchOptions{}.snippet_bytes, "sort"_a = "score",
           "facets"_a = py::none(), "literal"_a = false, "all_passages"_a = false)
      .def("_time_search", &PySearcher::time_search, "query"_a, "repeat"_a = 1)
      .def_readonly("_last_search_ns", &PySearcher::last_search_ns_)
      .def("reopen", &PySearcher::reopen)
      .def("load_synonyms", &PySearcher::load_synonyms, "path"_a)
      .def("close", &PySearcher::close)
      .def_property_readonly("closed", &PySearcher::closed)
      .def_property_readonly("path", &PySearcher::path);
}
