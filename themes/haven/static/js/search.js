/* Search as you type on the search page (templates/search.html).
   Everything happens in this browser: pagefind's script (/pagefind/pagefind.js, built by
   `haven build`) downloads the parts of this site's index it needs and searches them here.
   Nothing typed is sent anywhere and nothing is kept: the address bar shows ?q=… (so a
   reload or a shared link gives the same results) through history.replaceState, which
   sends no request and adds no history entry per keystroke.
   Settings and interface words come from the form's data-search-config (the theme's
   strings, in the page's language). Synonyms: pagefind has none, so each query is also run with a group's
   other words in place of the one typed, and the results are merged (see README, "Search"). */
const form = document.querySelector('[data-search-form]');
if (form && form.dataset.searchConfig) start(JSON.parse(form.dataset.searchConfig), form);

function start(cfg, form) {
  const ui = cfg.ui;
  const input = form.querySelector('input[name="q"]');
  const status = document.querySelector('[data-search-status]');
  const box = document.querySelector('[data-search-results]');
  const list = box.querySelector('ol');
  document.querySelector('[data-search-nojs]').hidden = true;
  // True only with this script: without it the form sends the words to this site's server.
  const note = document.querySelector('[data-search-private]');
  note.hidden = false;
  input.setAttribute('aria-describedby', note.id);

  let loading = null;
  const load = () => loading ??= import(cfg.bundle + 'pagefind.js').then(async (pf) => {
    // On the page, not in a web worker: the worker is a second copy of the search code, more
    // to download on a slow connection for little gain on an index this size.
    await pf.options({ noWorker: true, baseUrl: cfg.base, excerptLength: 24 });
    return pf;
  });
  const lang = document.documentElement.lang;
  // The theme's plural forms (found_one, found_other…), chosen by the language's CLDR rules.
  const counted = (family, query, n) => {
    let form = 'other';
    try { form = new Intl.PluralRules(lang).select(n); } catch (e) { /* keep 'other' */ }
    const text = ui[family + '_' + form] ?? ui[family + '_other'];
    return text.replace('{query}', query).replace('{n}', n.toLocaleString(lang));
  };

  let latest = 0;
  async function run(raw) {
    const query = raw.trim().replace(/\s+/g, ' ');
    const n = ++latest;
    showAddress(query);
    if (!query) {
      status.textContent = '';
      box.hidden = true;
      list.replaceChildren();
      return;
    }
    if (!list.childElementCount) status.textContent = ui.loading;
    try {
      const pf = await load();
      const found = await searchAll(pf, query);
      const shown = await Promise.all(found.slice(0, 30).map((r) => r.data()));
      if (n !== latest) return; // the reader typed on: a newer search owns the page
      list.replaceChildren(...shown.map(item));
      box.hidden = shown.length === 0;
      status.textContent = found.length === 0 ? ui.none.replace('{query}', query)
        : counted('found', query, found.length);
    } catch (e) {
      if (n !== latest) return;
      box.hidden = true;
      status.textContent = ui.failed;
    }
  }

  /* The query and its synonym variants, merged: each page once, at its best score, where a
     page found only through a synonym counts a little less than one found by the reader's own
     words. (Scores, not "own words first": when a word is on no page, pagefind answers with
     pages that share its first letters, and a synonym's real matches must beat those.) */
  async function searchAll(pf, query) {
    const variants = expand(query);
    const answers = await Promise.all(variants.map((v) => pf.search(v)));
    const best = new Map();
    answers.forEach((answer, i) => {
      for (const r of answer?.results ?? []) {
        const score = r.score * (i === 0 ? 1 : 0.9);
        if (!(best.get(r.id)?.score >= score)) best.set(r.id, { score, r });
      }
    });
    return [...best.values()].sort((a, b) => b.score - a.score).map((x) => x.r);
  }

  function expand(query) {
    const norm = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
    const padded = ` ${norm(query)} `;
    const out = [query];
    for (const group of cfg.synonyms) {
      const words = group.map(norm);
      for (const w of words) {
        if (!padded.includes(` ${w} `)) continue;
        for (const other of words) {
          if (other !== w) out.push(padded.replace(` ${w} `, ` ${other} `).trim());
        }
      }
    }
    return [...new Set(out)].slice(0, 8);
  }

  function item(d) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = d.url;
    a.textContent = d.meta?.title || d.url;
    const h = document.createElement('h3');
    h.append(a);
    const p = document.createElement('p');
    p.append(...excerpt(d.excerpt || ''));
    li.append(h, p);
    return li;
  }

  /* pagefind's excerpt is page text with <mark> around the words found: keep the text and the
     marks, and nothing else, whatever the text holds. */
  function excerpt(html) {
    const body = new DOMParser().parseFromString(`<body>${html}`, 'text/html').body;
    return [...body.childNodes].map((node) => {
      if (node.nodeName !== 'MARK') return document.createTextNode(node.textContent);
      const mark = document.createElement('mark');
      mark.textContent = node.textContent;
      return mark;
    });
  }

  function showAddress(query) {
    const url = new URL(location.href);
    if (query) url.searchParams.set('q', query);
    else url.searchParams.delete('q');
    if (url.href !== location.href) history.replaceState(history.state, '', url);
  }

  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), 150);
  });
  input.addEventListener('focus', () => { load().catch(() => {}); }, { once: true });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  const initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    input.value = initial;
    run(initial);
  }
}
