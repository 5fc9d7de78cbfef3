// dateline's search page. Everything shown comes from the JSON API and is untrusted: the DOM
// is built with createElement and text nodes only, never by parsing strings as HTML.
'use strict';

// URL parameter -> the facet list it filters on, and its label.
const FILTERS = [
  ['person', 'people', 'Person'],
  ['org', 'organizations', 'Organization'],
  ['place', 'places', 'Place'],
  ['dateline', null, 'Dateline'],
  ['country', 'countries', 'Country'],
];
const FACET_TITLES = { people: 'People', organizations: 'Organizations', places: 'Places', countries: 'Countries' };
const KIND_FILTER = { person: 'person', organization: 'org', place: 'place' };
const PAGE = 10;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
let generation = 0;

const $ = (id) => document.getElementById(id);

/** An element with attributes and children; strings become text nodes. */
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'onclick') node.addEventListener('click', value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** The page's state, read from the URL: a search is a URL. */
function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get('q') || '',
    filters: FILTERS.flatMap(([key]) => p.getAll(key).map((value) => [key, value])),
    from: p.get('from') || '',
    to: p.get('to') || '',
    sort: p.get('sort') || 'relevance',
    offset: Math.max(0, parseInt(p.get('offset') || '0', 10) || 0),
    article: p.get('article'),
  };
}

function searchParams(state) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  for (const [key, value] of state.filters) p.append(key, value);
  if (state.from) p.set('from', state.from);
  if (state.to) p.set('to', state.to);
  if (state.sort && state.sort !== 'relevance') p.set('sort', state.sort);
  if (state.offset) p.set('offset', String(state.offset));
  return p;
}

function pageUrl(state) {
  const p = searchParams(state);
  if (state.article) p.set('article', state.article);
  const query = p.toString();
  return query ? '/?' + query : '/';
}

/** Moves to a new state: a new history entry, then a render. */
function go(state) {
  history.pushState(null, '', pageUrl(state));
  render();
}

function withFilter(state, key, value) {
  const filters = state.filters.some(([k, v]) => k === key && v === value)
    ? state.filters
    : [...state.filters, [key, value]];
  return { ...state, filters, offset: 0, article: null };
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? body.error.message : 'HTTP ' + response.status;
    throw new Error(message);
  }
  return body;
}

/** `text` with the byte ranges `ranges` (UTF-8 offsets, as the API gives them) wrapped by `wrap`. */
function marked(text, ranges, wrap) {
  const bytes = encoder.encode(text);
  const out = document.createDocumentFragment();
  let at = 0;
  for (const range of ranges) {
    const [start, end] = range;
    if (!(start >= at && end > start && end <= bytes.length)) continue;
    if (start > at) out.append(decoder.decode(bytes.subarray(at, start)));
    out.append(wrap(decoder.decode(bytes.subarray(start, end)), range));
    at = end;
  }
  if (at < bytes.length) out.append(decoder.decode(bytes.subarray(at)));
  return out;
}

function setStatus(message) {
  $('status').textContent = message || '';
}

async function render() {
  const state = readState();
  const mine = ++generation;
  document.body.dataset.state = 'loading';
  $('q').value = state.q;
  $('sort').value = state.sort;
  renderFilters(state);
  setStatus('');
  try {
    if (state.article) await showArticle(state, mine);
    else await showResults(state, mine);
    if (mine === generation) document.body.dataset.state = 'ready';
  } catch (error) {
    if (mine !== generation) return;
    setStatus(error.message);
    document.body.dataset.state = 'error';
  }
}

function renderFilters(state) {
  const chips = [];
  for (const [key, value] of state.filters) {
    const label = FILTERS.find(([k]) => k === key)[2];
    chips.push(el('button', {
      class: 'chip', type: 'button', title: 'Remove this filter', dataset: { filter: key },
      onclick: () => go({ ...state, filters: state.filters.filter(([k, v]) => !(k === key && v === value)), offset: 0, article: null }),
    }, label + ': ' + value, el('span', { class: 'x', 'aria-hidden': 'true' }, '×')));
  }
  if (state.from || state.to) {
    const range = state.from === state.to ? state.from : (state.from || '…') + ' – ' + (state.to || '…');
    chips.push(el('button', {
      class: 'chip', type: 'button', title: 'Remove the date range', dataset: { filter: 'dates' },
      onclick: () => go({ ...state, from: '', to: '', offset: 0, article: null }),
    }, 'Dates: ' + range, el('span', { class: 'x', 'aria-hidden': 'true' }, '×')));
  }
  $('filters').replaceChildren(...chips);
}

async function showResults(state, mine) {
  $('article-view').hidden = true;
  $('results-view').hidden = false;
  const p = searchParams(state);
  p.set('limit', String(PAGE));
  p.set('facets', 'all');
  p.set('timeline', 'month');
  const results = await api('/api/search?' + p);
  if (mine !== generation) return;
  const shown = results.hits.length;
  const first = shown ? results.hits[0].rank : 0;
  const summary = results.total === 0
    ? 'No article matches.'
    : `${results.total} article${results.total === 1 ? '' : 's'}` + (shown ? ` · ${first}–${first + shown - 1}` : '');
  $('summary').replaceChildren(summary, ...results.warnings.map((w) => el('span', { class: 'warning' }, ' · ' + w)));
  renderFacets(state, results.facets || {});
  renderTimeline(state, results.timeline ? results.timeline.buckets : []);
  $('hits').replaceChildren(...results.hits.map((hit) => renderHit(state, hit)));
  renderPager(state, results.total);
  document.title = state.q ? state.q + ' · dateline' : 'dateline';
}

function renderHit(state, hit) {
  const open = { ...state, article: hit.path };
  const link = el('a', { href: pageUrl(open) }, hit.title || hit.path);
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    go(open);
  });
  const meta = [hit.date || 'undated', hit.dateline || [hit.place, hit.country].filter(Boolean).join(', '), hit.author]
    .filter(Boolean);
  const actors = [
    ...hit.people.slice(0, 4).map((name) => ['person', 'person', name]),
    ...hit.organizations.slice(0, 3).map((name) => ['org', 'organization', name]),
    ...hit.places.slice(0, 3).map((name) => ['place', 'place', name]),
  ];
  return el('li', { class: 'hit' },
    el('h2', {}, link),
    el('p', { class: 'meta' }, meta.flatMap((part, i) => (i ? [el('span', { class: 'sep' }, '·'), part] : [part]))),
    el('p', { class: 'snippet' }, marked(hit.snippet, hit.highlights, (text) => el('mark', {}, text))),
    actors.length ? el('ul', { class: 'actors', 'aria-label': 'Actors and places' }, actors.map(([key, kind, name]) =>
      el('li', {}, el('button', {
        type: 'button', class: kind, title: 'Only articles with ' + name,
        onclick: () => go(withFilter(state, key, name)),
      }, name)))) : null,
    el('p', { class: 'path' }, hit.path));
}

function renderFacets(state, facets) {
  const blocks = [];
  for (const [key, facet, label] of FILTERS) {
    const list = facet && facets[facet];
    if (!list || !list.length) continue;
    const active = new Set(state.filters.filter(([k]) => k === key).map(([, v]) => v));
    blocks.push(el('section', { class: 'facet', dataset: { facet } },
      el('h3', {}, FACET_TITLES[facet] || label),
      el('ul', {}, list.filter((e) => !active.has(e.name)).map((e) => el('li', {}, el('button', {
        type: 'button', dataset: { filter: key, value: e.name }, title: 'Only articles with ' + e.name,
        onclick: () => go(withFilter(state, key, e.name)),
      }, el('span', { class: 'name' }, e.name), el('span', { class: 'count' }, String(e.count))))))));
  }
  $('facets').replaceChildren(...blocks);
}

/** Months from the first to the last bucket, empty ones included (when the span is short). */
function allMonths(buckets) {
  if (buckets.length < 2) return buckets;
  const counts = new Map(buckets.map((b) => [b.key, b.count]));
  const [y0, m0] = buckets[0].key.split('-').map(Number);
  const [y1, m1] = buckets[buckets.length - 1].key.split('-').map(Number);
  const span = (y1 - y0) * 12 + (m1 - m0) + 1;
  if (span > 240) return buckets;
  const out = [];
  for (let i = 0; i < span; i++) {
    const y = y0 + Math.floor((m0 - 1 + i) / 12);
    const m = ((m0 - 1 + i) % 12) + 1;
    const key = `${y}-${String(m).padStart(2, '0')}`;
    out.push({ key, count: counts.get(key) || 0 });
  }
  return out;
}

function renderTimeline(state, buckets) {
  const figure = $('timeline');
  if (!buckets.length) {
    figure.replaceChildren();
    return;
  }
  const months = allMonths(buckets);
  const max = Math.max(...months.map((b) => b.count));
  const bars = months.map((b) => {
    const label = `${b.key}: ${b.count} article${b.count === 1 ? '' : 's'}`;
    const bar = el('button', {
      type: 'button', title: label, 'aria-label': label, dataset: { month: b.key },
      onclick: () => go({ ...state, from: b.key, to: b.key, offset: 0, article: null }),
    });
    bar.style.height = b.count ? Math.max(6, Math.round((b.count / max) * 100)) + '%' : '2px';
    if (!b.count) bar.disabled = true;
    return bar;
  });
  figure.replaceChildren(
    el('div', { class: 'bars' }, bars),
    el('figcaption', {}, el('span', {}, months[0].key), el('span', {}, 'articles per month · click to narrow'),
      el('span', {}, months[months.length - 1].key)));
}

function renderPager(state, total) {
  const pages = Math.ceil(total / PAGE);
  if (pages <= 1) {
    $('pager').replaceChildren();
    return;
  }
  const page = Math.floor(state.offset / PAGE) + 1;
  const to = (offset) => () => { go({ ...state, offset }); window.scrollTo(0, 0); };
  const prev = el('button', { type: 'button', rel: 'prev', onclick: to(Math.max(0, state.offset - PAGE)) }, '← Previous');
  const next = el('button', { type: 'button', rel: 'next', onclick: to(state.offset + PAGE) }, 'Next →');
  prev.disabled = page <= 1;
  next.disabled = page >= pages;
  $('pager').replaceChildren(prev, el('span', {}, `Page ${page} of ${pages}`), next);
}

async function showArticle(state, mine) {
  const a = await api('/api/articles/' + encodeURIComponent(state.article));
  if (mine !== generation) return;
  $('results-view').hidden = true;
  $('article-view').hidden = false;
  const back = $('back');
  back.href = pageUrl({ ...state, article: null });
  back.onclick = (event) => {
    event.preventDefault();
    go({ ...state, article: null });
  };
  const meta = [a.date || 'undated', a.dateline, [a.place, a.country].filter(Boolean).join(', '), a.author].filter(Boolean);
  let source = null;
  if (a.url && /^https?:\/\//i.test(a.url)) {
    source = el('a', { href: a.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, a.url);
  } else if (a.url) {
    source = a.url;
  }
  const chips = (kind, key, names) => names.map((name) => el('li', {}, el('button', {
    type: 'button', class: kind, onclick: () => go(withFilter({ ...state, q: '', from: '', to: '' }, key, name)),
    title: 'Every article with ' + name,
  }, name)));
  const body = marked(a.body, a.mentions.map((m) => [m.start, m.end, m.kind, m.canonical]),
    (text, [, , kind, canonical]) => {
      const key = KIND_FILTER[kind];
      return el('span', {
        class: 'ent ' + kind, title: kind + ': ' + canonical, role: 'button', tabindex: 0,
        onclick: () => key && go(withFilter({ ...state, q: '', from: '', to: '' }, key, canonical)),
      }, text);
    });
  const parts = [
    el('h1', {}, a.title || a.path),
    el('p', { class: 'meta' }, meta.flatMap((part, i) => (i ? [el('span', { class: 'sep' }, '·'), part] : [part]))),
    source ? el('p', { class: 'meta' }, source) : null,
    el('ul', { class: 'actors', 'aria-label': 'Entities' },
      chips('person', 'person', a.people), chips('organization', 'org', a.organizations), chips('place', 'place', a.places)),
    el('p', { class: 'legend' }, el('span', { class: 'ent person' }, 'person'), el('span', { class: 'ent organization' }, 'organization'),
      el('span', { class: 'ent place' }, 'place')),
    el('div', { class: 'body' }, body),
    el('p', { class: 'path' }, a.path),
  ];
  $('article').replaceChildren(...parts.filter(Boolean));
  document.title = (a.title || a.path) + ' · dateline';
  window.scrollTo(0, 0);
}

document.addEventListener('DOMContentLoaded', () => {
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    const state = readState();
    go({ ...state, q: $('q').value.trim(), sort: $('sort').value, offset: 0, article: null });
  });
  $('sort').addEventListener('change', () => {
    const state = readState();
    go({ ...state, sort: $('sort').value, offset: 0, article: null });
  });
  $('home').addEventListener('click', (event) => {
    event.preventDefault();
    go({ q: '', filters: [], from: '', to: '', sort: 'relevance', offset: 0, article: null });
  });
  window.addEventListener('popstate', render);
  render();
});
