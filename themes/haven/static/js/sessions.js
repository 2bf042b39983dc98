/* Sessions: past entries (data-ends passed) move to the past list, past notices go; filters work in place. */
(function () {
  'use strict';
  var d = document, now = Date.now(), past = d.querySelector('[data-past-list]');
  function $$(s, r) { return [].slice.call((r || d).querySelectorAll(s)); }
  function show(e, on) { e.hidden = !on; }
  $$('[data-ends]').forEach(function (el) {
    if (!(Date.parse(el.getAttribute('data-ends')) <= now)) return;
    $$('[data-when-past],[data-when-upcoming]', el).forEach(function (x) { show(x, x.hasAttribute('data-when-past')); });
    if (el.closest('[data-sessions-upcoming]')) past ? past.insertBefore(el, past.firstChild) : el.remove();
  });
  $$('[data-sessions-upcoming]').forEach(function (box) {
    $$('[data-month]', box).forEach(function (m) { if (!m.querySelector('li')) m.remove(); });
    var li = $$('li[data-ends]', box), n = +box.getAttribute('data-show') || 99;
    li.forEach(function (x, i) { show(x, i < n); });
    show(box.querySelector('[data-empty]'), !li.length);
  });
  if (past && past.querySelector('li')) show(past.parentNode.querySelector('[data-empty]'), 0);
  var nav = d.querySelector('[data-session-filter]'), out = nav && nav.querySelector('[data-text]');
  if (nav) nav.addEventListener('click', function (e) {
    var a = e.target.closest('a[data-filter]'), f = a && a.getAttribute('data-filter'), n = 0;
    if (!f) return;
    e.preventDefault();
    $$('li[data-mode]').forEach(function (x) {
      var m = x.getAttribute('data-mode'), ok = f == 'all' || f == m || m == 'mixed' && f[1] != ':' ||
        f == 'n:' + x.getAttribute('data-neighborhood');
      show(x, ok);
      n += !!ok;
    });
    $$('[data-month]').forEach(function (m) { show(m, m.querySelector('li:not([hidden])')); });
    $$('a[data-filter]', nav).forEach(function (x) { x.removeAttribute('aria-current'); });
    a.setAttribute('aria-current', 'page');
    var k = 'other';
    try { k = new Intl.PluralRules(d.documentElement.lang).select(n); } catch (x) {}
    out.textContent = (out.getAttribute('data-text-' + k) || out.getAttribute('data-text-other')).replace('{n}', n);
    history.replaceState(null, '', a.href);
  });
})();
