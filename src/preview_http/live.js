// Haven preview only (never in built sites): reloads the page when it changes, and shows
// build errors over the page until they are fixed.
(function () {
  var overlay = null;
  function clear() { if (overlay) { overlay.remove(); overlay = null; } }
  function show(errors) {
    clear();
    overlay = document.createElement('div');
    overlay.id = 'haven-error-overlay';
    overlay.setAttribute('role', 'alert');
    overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;overflow:auto;background:#fff;color:#1a1a1a;' +
      'border:6px solid #b00020;padding:1.5rem;font:16px/1.5 system-ui,sans-serif';
    var h = document.createElement('h2');
    h.textContent = errors.length === 1 ? 'The site has 1 error' : 'The site has ' + errors.length + ' errors';
    h.style.color = '#b00020';
    overlay.appendChild(h);
    var p = document.createElement('p');
    p.textContent = 'The preview shows the last good version until this is fixed. Save the file again after fixing it.';
    overlay.appendChild(p);
    errors.forEach(function (e) {
      var box = document.createElement('section');
      box.className = 'haven-error';
      var where = document.createElement('p');
      where.style.fontWeight = 'bold';
      where.textContent = e.path + ':' + e.line + ':' + e.col;
      var msg = document.createElement('p');
      msg.textContent = e.message;
      box.appendChild(where);
      box.appendChild(msg);
      if (e.hint) { var hint = document.createElement('p'); hint.textContent = 'How to fix it: ' + e.hint; box.appendChild(hint); }
      if (e.text) { var pre = document.createElement('pre'); pre.textContent = e.text; pre.style.cssText = 'white-space:pre-wrap;background:#f4f4f4;padding:.5rem'; box.appendChild(pre); }
      overlay.appendChild(box);
    });
    document.body.appendChild(overlay);
  }
  var stale = false;
  var source = new EventSource('/__haven/events');
  source.addEventListener('reload', function (ev) {
    var d = JSON.parse(ev.data);
    if (d.all || d.urls.indexOf(location.pathname) !== -1) { location.reload(); }
  });
  source.addEventListener('errors', function (ev) { stale = true; show(JSON.parse(ev.data)); });
  source.addEventListener('ok', function () { if (overlay) { clear(); if (stale) { location.reload(); } } });
})();
