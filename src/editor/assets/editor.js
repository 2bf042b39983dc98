// The Haven editor in the browser: live preview with problems next to their fields, saving
// without leaving the page, a copy of unsaved work kept in this browser, and the text tools.
// Everything also works without this script (the form posts and the server answers), except
// the live preview and the tools.
(function () {
  'use strict';
  var PREFIX = '/__haven/edit';
  // The words come from the catalog (words.toml), like every word of the editor.
  var holder = document.getElementById('editor-words');
  var W = holder ? JSON.parse(holder.getAttribute('data-words')) : {};
  document.querySelectorAll('.js-only').forEach(function (e) { e.hidden = false; });

  // In person / online: the table's fields show when its box is ticked.
  function syncSwitch(box) {
    var target = document.getElementById(box.getAttribute('data-switch'));
    if (target) target.hidden = !box.checked;
  }
  document.querySelectorAll('[data-switch]').forEach(syncSwitch);
  document.addEventListener('change', function (e) {
    if (e.target.matches('[data-switch]')) syncSwitch(e.target);
  });

  var form = document.getElementById('page-form');
  if (!form) return;
  var body = document.getElementById('body');
  var frame = document.getElementById('preview-frame');
  var mode = form.getAttribute('data-mode');
  var path = form.getAttribute('data-path');
  var kind = form.getAttribute('data-kind');
  var query = mode === 'new' ? 'kind=' + encodeURIComponent(kind) : 'path=' + encodeURIComponent(path);
  var status = document.getElementById('save-status');
  var storeKey = 'haven-edit:' + (mode === 'new' ? 'new-' + kind : path);
  var dirty = false;
  var sequence = 0;
  var timer = null;

  function fields() {
    var data = new URLSearchParams();
    new FormData(form).forEach(function (v, k) { if (typeof v === 'string') data.append(k, v); });
    return data;
  }

  // ---- preview
  function fieldId(field) { return 'fld-' + field.split('.').join('-'); }
  function showProblems(problems, count) {
    document.querySelectorAll('[data-problems-for]').forEach(function (ul) { ul.textContent = ''; });
    form.querySelectorAll('[aria-invalid]').forEach(function (el) { el.removeAttribute('aria-invalid'); });
    var list = document.getElementById('problem-list');
    list.textContent = '';
    problems.forEach(function (p) {
      var li = document.createElement('li');
      li.className = p.error ? 'error' : 'warning';
      var a = document.createElement('a');
      a.href = '#' + (p.field === 'body' ? 'body' : p.field ? fieldId(p.field) : 'page-form');
      a.textContent = (p.body_line ? W.js_line + ' ' + p.body_line + ': ' : '') + p.message;
      li.appendChild(a);
      if (p.hint) { var h = document.createElement('span'); h.className = 'hint'; h.textContent = p.hint; li.appendChild(h); }
      list.appendChild(li);
      if (!p.field) return;
      var ul = document.querySelector('[data-problems-for="' + p.field + '"]');
      if (!ul) return;
      var item = document.createElement('li');
      item.className = p.error ? 'error' : 'warning';
      if (p.field === 'body' && p.body_line) {
        var b = document.createElement('button');
        b.type = 'button'; b.className = 'linklike'; b.setAttribute('data-line', p.body_line);
        b.textContent = W.js_line + ' ' + p.body_line;
        item.appendChild(b);
        item.appendChild(document.createTextNode(': '));
      }
      item.appendChild(document.createTextNode(p.message));
      if (p.hint) { var s = document.createElement('span'); s.className = 'hint'; s.textContent = p.hint; item.appendChild(s); }
      ul.appendChild(item);
      var holder = document.querySelector('[data-field="' + p.field + '"]') || document.getElementById(fieldId(p.field));
      if (holder && p.error) {
        holder.querySelectorAll('input:not([type=hidden]), select, textarea').forEach(function (el) { el.setAttribute('aria-invalid', 'true'); });
        if (holder.matches('input, select, textarea')) holder.setAttribute('aria-invalid', 'true');
      }
    });
    document.getElementById('problem-count').textContent = count;
  }

  function showPage(html, note) {
    document.getElementById('preview-note').textContent = note || '';
    // A page not built yet shows why; an existing page keeps its last good preview.
    if (!html && mode === 'new') html = '<!doctype html><html lang="en"><title>-</title><p>' + (note || '').replace(/[<&]/g, '') + '</p>';
    if (!html) return;
    var y = 0;
    try { y = frame.contentWindow.scrollY; } catch (e) { y = 0; }
    frame.addEventListener('load', function restore() {
      frame.removeEventListener('load', restore);
      try { frame.contentWindow.scrollTo(0, y); } catch (e) { /* nothing to restore */ }
      document.dispatchEvent(new CustomEvent('haven:preview'));
    });
    frame.srcdoc = html;
  }

  function refresh() {
    var mine = ++sequence;
    fetch(PREFIX + '/api/preview?' + query, { method: 'POST', body: fields(), credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        if (mine !== sequence) return; // an older answer that arrived late
        if (d.problems) showProblems(d.problems, d.count);
        showPage(d.html, d.note);
      })
      .catch(function () { /* the preview stops until the next change */ });
  }

  function changed() {
    dirty = true;
    try {
      localStorage.setItem(storeKey, JSON.stringify({ at: Date.now(), fields: Array.from(fields().entries()).filter(function (e) { return e[0] !== 'base'; }) }));
    } catch (e) { /* private mode: nothing kept */ }
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);

  // ---- a copy of unsaved work in this browser
  function restore(saved) {
    var byName = {};
    saved.fields.forEach(function (e) { (byName[e[0]] = byName[e[0]] || []).push(e[1]); });
    Object.keys(byName).forEach(function (name) {
      form.querySelectorAll('[name="' + CSS.escape(name) + '"]').forEach(function (el) {
        if (el.type === 'hidden') return;
        if (el.type === 'checkbox') el.checked = byName[name].indexOf(el.value) >= 0;
        else el.value = byName[name][byName[name].length - 1];
      });
    });
    form.querySelectorAll('[data-switch]').forEach(syncSwitch);
    changed();
  }
  try {
    var kept = JSON.parse(localStorage.getItem(storeKey) || 'null');
    var now = Array.from(fields().entries()).filter(function (e) { return e[0] !== 'base'; });
    if (kept && JSON.stringify(kept.fields) !== JSON.stringify(now)) {
      var p = document.createElement('div');
      p.className = 'note';
      p.setAttribute('role', 'status');
      var when = new Date(kept.at).toLocaleString();
      p.appendChild(document.createTextNode(W.js_kept.replace('{when}', when) + ' '));
      var yes = document.createElement('button'); yes.type = 'button'; yes.textContent = W.js_restore;
      var no = document.createElement('button'); no.type = 'button'; no.textContent = W.js_discard;
      yes.addEventListener('click', function () { restore(kept); p.remove(); body.focus(); });
      no.addEventListener('click', function () { localStorage.removeItem(storeKey); p.remove(); });
      p.appendChild(yes); p.appendChild(document.createTextNode(' ')); p.appendChild(no);
      form.insertBefore(p, form.firstChild);
    }
  } catch (e) { /* no storage */ }

  window.addEventListener('beforeunload', function (e) {
    if (dirty) { e.preventDefault(); e.returnValue = ''; }
  });

  // ---- saving
  var native = false;
  form.addEventListener('submit', function (e) {
    if (native || mode !== 'edit' || (e.submitter && e.submitter.hasAttribute('formaction'))) { dirty = false; return; }
    e.preventDefault();
    status.textContent = W.js_saving;
    fetch(PREFIX + '/api/save?' + query, { method: 'POST', body: fields(), credentials: 'same-origin' })
      .then(function (r) { return r.json().then(function (d) { return [r.status, d]; }); })
      .then(function (x) {
        var code = x[0], d = x[1];
        if (code === 200 && d.saved) {
          form.querySelector('[name=base]').value = d.base;
          dirty = false;
          try { localStorage.removeItem(storeKey); } catch (err) { /* nothing kept */ }
          status.textContent = d.message + ' ' + new Date().toLocaleTimeString();
        } else if (code === 409) {
          // The file changed on disk: the server shows both versions.
          native = true; dirty = false; form.submit();
        } else {
          status.textContent = d.message || W.js_not_saved;
        }
      })
      .catch(function () { status.textContent = W.js_offline; });
  });

  // ---- text tools
  function insert(before, after, placeholder) {
    var start = body.selectionStart, end = body.selectionEnd;
    var picked = body.value.slice(start, end) || placeholder;
    body.setRangeText(before + picked + after, start, end, 'end');
    body.setSelectionRange(start + before.length, start + before.length + picked.length);
    body.focus();
    changed();
  }
  function lineStart(text) {
    var start = body.selectionStart;
    var at = body.value.lastIndexOf('\n', start - 1) + 1;
    body.setRangeText(text, at, at, 'end');
    body.focus();
    changed();
  }
  document.addEventListener('click', function (e) {
    var t = e.target.closest('button');
    if (!t) return;
    var what = t.getAttribute('data-insert');
    if (what === 'heading') lineStart('## ');
    else if (what === 'bold') insert('**', '**', W.js_bold_placeholder);
    else if (what === 'list') lineStart('- ');
    else if (what === 'link') {
      var sel = document.getElementById('link-target');
      var title = sel.options[sel.selectedIndex] ? sel.options[sel.selectedIndex].text.replace(/ \([^)]*\)$/, '') : '';
      insert('[', '](@/' + sel.value + ')', title);
      toggle(document.querySelector('[data-open="link-tool"]'), false);
    }
    var open = t.getAttribute('data-open');
    if (open) toggle(t);
    var line = t.getAttribute('data-line');
    if (line) goToLine(parseInt(line, 10));
    var today = t.getAttribute('data-today');
    if (today) {
      var d = new Date();
      var v = d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
      var input = document.getElementById(today);
      input.value = v; changed(); input.focus();
    }
    if (t.hasAttribute('data-add-phone')) addPhone(t);
    if (t.hasAttribute('data-upload')) upload();
  });
  function toggle(button, force) {
    var panel = document.getElementById(button.getAttribute('data-open'));
    var show = force === undefined ? panel.hidden : force;
    panel.hidden = !show;
    button.setAttribute('aria-expanded', String(show));
    if (show) { var f = panel.querySelector('input, select'); if (f) f.focus(); } else button.focus();
  }
  function goToLine(n) {
    var lines = body.value.split('\n');
    var at = 0;
    for (var i = 0; i < n - 1 && i < lines.length; i++) at += lines[i].length + 1;
    body.focus();
    body.setSelectionRange(at, at + (lines[n - 1] || '').length);
  }
  function addPhone(button) {
    var rows = button.closest('fieldset').querySelector('[data-phone-rows]');
    var last = rows.querySelector('[data-phone-row]:last-child');
    var copy = last.cloneNode(true);
    var n = rows.querySelectorAll('[data-phone-row]').length;
    copy.querySelectorAll('input').forEach(function (el) {
      el.name = el.name.replace(/\.(\d+)\./, '.' + n + '.');
      el.id = el.id.replace(/-(\d+)-/, '-' + n + '-');
      el.value = '';
    });
    copy.querySelectorAll('label').forEach(function (l) {
      l.htmlFor = l.htmlFor.replace(/-(\d+)-/, '-' + n + '-');
      l.textContent = l.textContent.replace(/\d+\)$/, (n + 1) + ')');
    });
    rows.appendChild(copy);
    copy.querySelector('input').focus();
  }
  function upload() {
    var file = document.getElementById('image-file').files[0];
    var alt = document.getElementById('image-alt').value;
    var decorative = document.getElementById('image-decorative').checked;
    var out = document.getElementById('image-status');
    if (!file) { out.textContent = W.js_choose_picture; return; }
    if (mode !== 'edit') { out.textContent = W.js_create_first; return; }
    out.textContent = W.js_uploading;
    var q = query + '&name=' + encodeURIComponent(file.name) + '&alt=' + encodeURIComponent(alt) + '&decorative=' + decorative;
    fetch(PREFIX + '/api/image?' + q, { method: 'POST', body: file, credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        out.textContent = d.message;
        if (d.markdown) {
          var at = body.selectionEnd;
          body.setRangeText('\n' + d.markdown + '\n', at, at, 'end');
          changed();
        }
      })
      .catch(function () { out.textContent = W.js_upload_failed; });
  }
})();
