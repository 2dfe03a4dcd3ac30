// herdex's search page. It reads the query from the address (?q=…&offset=…),
// asks /api/search (the document `herdex search --json` prints) and shows
// the hits with their passages, the matched words highlighted, the facets
// and the pages.
//
// Everything that comes from the server or the address is put into the page
// as text (textContent, text nodes, URLSearchParams), never parsed as HTML.
'use strict';

(() => {
  const PAGE_SIZE = 10;
  const FACETS = ['lang', 'year', 'rating', 'author'];
  const FACET_TITLES = {lang: 'Language', year: 'Year', rating: 'Rating', author: 'Author'};
  const LANGUAGE_NAMES = {
    'en': 'English', 'zh-Hans': '简体中文', 'zh-Hant': '繁體中文', 'ja': '日本語',
    'ko': '한국어', 'mixed': 'Mixed',
  };
  const utf8 = new TextEncoder();
  const text = new TextDecoder('utf-8');

  const byId = (id) => document.getElementById(id);

  function element(tag, content, className) {
    const node = document.createElement(tag);
    if (content !== undefined && content !== null) node.textContent = String(content);
    if (className) node.className = className;
    return node;
  }

  // A link to this page for another query or page: built with
  // URLSearchParams, so any text is encoded.
  function pageLink(label, query, offset) {
    const params = new URLSearchParams();
    params.set('q', query);
    if (offset > 0) params.set('offset', String(offset));
    const link = element('a', label);
    link.href = '?' + params.toString();
    return link;
  }

  // The snippet as text nodes with each match in a <mark>. Matches are UTF-8
  // byte ranges in the source file; the snippet's first byte is
  // snippet_range[0]. Bytes are cut on the UTF-8 encoding of the snippet, so
  // Chinese, Japanese and Korean text (three bytes a character) comes out
  // whole.
  function highlighted(snippet, snippetRange, matches) {
    const bytes = utf8.encode(snippet);
    const fragment = document.createDocumentFragment();
    let at = 0;
    for (const [begin, end] of matches) {
      const from = begin - snippetRange[0];
      const to = end - snippetRange[0];
      if (from < at || to > bytes.length || from >= to) continue;  // not inside: ignore
      fragment.append(text.decode(bytes.subarray(at, from)));
      fragment.append(element('mark', text.decode(bytes.subarray(from, to))));
      at = to;
    }
    fragment.append(text.decode(bytes.subarray(at)));
    return fragment;
  }

  function renderPassage(passage) {
    const quote = element('blockquote', null, 'passage');
    if (passage.snippet_range[0] > passage.byte_begin) quote.append('… ');
    quote.append(highlighted(passage.snippet, passage.snippet_range, passage.matches));
    if (passage.snippet_range[1] < passage.byte_end) quote.append(' …');
    const where = element('span', `bytes ${passage.byte_begin}–${passage.byte_end}`, 'where');
    quote.append(' ', where);
    return quote;
  }

  function renderHit(hit) {
    const item = element('li', null, 'hit');
    // The document's language lets the browser choose the right glyphs
    // (the same Han character is drawn differently in Chinese and Japanese).
    if (hit.lang && hit.lang !== 'mixed') item.lang = hit.lang;
    item.append(element('h2', hit.title || hit.id));
    const meta = element('p', null, 'meta');
    const parts = [hit.source || hit.id];
    if (hit.author) parts.push(hit.author);
    if (hit.date) parts.push(hit.date);
    if (hit.rating !== null && hit.rating !== undefined) parts.push(`rating ${hit.rating}`);
    parts.push(`score ${Number(hit.score).toFixed(2)}`);
    meta.textContent = parts.join(' · ');
    item.append(meta);
    for (const passage of hit.passages) item.append(renderPassage(passage));
    return item;
  }

  // The query text that restricts results to one facet value, or null when
  // the value cannot be written in the query language.
  function refinement(facet, value) {
    if (facet === 'author') return value.includes('"') ? null : `+author:"${value}"`;
    if (/\s/.test(value)) return null;
    return `${facet}:${value}`;
  }

  function renderFacets(query, facets) {
    const aside = byId('facets');
    aside.replaceChildren();
    for (const name of FACETS) {
      const values = Object.entries((facets || {})[name] || {});
      if (values.length === 0) continue;
      // Years and ratings in their own order (highest first), the others
      // by how many documents have them.
      values.sort(name === 'year' || name === 'rating'
          ? (a, b) => Number(b[0]) - Number(a[0])
          : (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const section = element('section', null, 'facet');
      section.append(element('h3', FACET_TITLES[name]));
      const list = element('ul');
      for (const [value, count] of values.slice(0, 12)) {
        const entry = element('li');
        const label = name === 'lang' ? (LANGUAGE_NAMES[value] || value) : value;
        const filter = refinement(name, value);
        entry.append(filter ? pageLink(label, `${query} ${filter}`, 0) : element('span', label));
        entry.append(' ', element('span', count, 'count'));
        list.append(entry);
      }
      section.append(list);
      aside.append(section);
    }
  }

  function renderPager(query, offset, shown, total) {
    const nav = byId('pager');
    nav.replaceChildren();
    if (offset > 0) nav.append(pageLink('← Previous', query, Math.max(0, offset - PAGE_SIZE)));
    if (offset + shown < total) nav.append(pageLink('Next →', query, offset + PAGE_SIZE));
  }

  function showError(query, error) {
    const status = byId('status');
    status.className = 'error';
    status.replaceChildren(element('span', error.message || 'the search failed'));
    if (error.code === 'query_syntax' && error.column > 0) {
      // Point at the column (bytes) under the query, as the CLI does.
      const prefix = text.decode(utf8.encode(query).subarray(0, error.column - 1));
      const caret = element('pre', null, 'caret');
      caret.append(query, '\n', ' '.repeat([...prefix].length) + '^');
      status.append(caret);
    }
    document.body.dataset.state = 'error';
  }

  async function search() {
    const params = new URLSearchParams(window.location.search);
    const query = params.get('q') || '';
    const offset = Math.max(0, Number.parseInt(params.get('offset') || '0', 10) || 0);
    byId('q').value = query;
    if (query.trim() === '') {
      document.body.dataset.state = 'idle';
      return;
    }
    document.title = `${query} – herdex`;
    const status = byId('status');
    status.className = '';
    status.textContent = 'Searching…';
    const api = new URLSearchParams({
      q: query, limit: String(PAGE_SIZE), offset: String(offset), facets: FACETS.join(','),
    });
    let response;
    let body;
    try {
      response = await fetch('/api/search?' + api.toString());
      body = await response.json();
    } catch (failure) {
      showError(query, {message: `no answer from the server (${failure.message})`});
      return;
    }
    if (!response.ok) {
      showError(query, (body && body.error) || {message: `HTTP ${response.status}`});
      return;
    }
    const hits = body.hits || [];
    status.textContent = hits.length === 0
        ? `No results for “${query}”`
        : `${offset + 1}–${offset + hits.length} of about ${body.total} results for “${query}”`;
    const suggestion = byId('suggestion');
    suggestion.hidden = !body.suggestion;
    if (body.suggestion) {
      suggestion.replaceChildren('Did you mean ', pageLink(body.suggestion, body.suggestion, 0), '?');
    }
    byId('results').replaceChildren(...hits.map(renderHit));
    byId('results').start = offset + 1;
    renderFacets(query, body.facets);
    renderPager(query, offset, hits.length, body.total);
    document.body.dataset.state = 'done';
  }

  document.addEventListener('DOMContentLoaded', search);
})();
