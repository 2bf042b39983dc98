/* Quick exit ("Leave this site"), loaded with defer only on pages that ask for it.
   Without JS the link still works; this makes leaving faster and harder to undo by accident:
   location.replace() drops this page from history, so Back does not return to it.
   Triggers: clicking the link, Esc, or Shift pressed three times within a second. */
(function () {
  'use strict';
  var link = document.querySelector('[data-quick-exit]');
  if (!link) return;
  var url = link.href;
  var shifts = [];

  function leave(event) {
    if (event) event.preventDefault();
    // Hide the page at once so it can't be read while the next one loads.
    document.body.style.visibility = 'hidden';
    window.location.replace(url);
  }

  link.addEventListener('click', leave);
  document.addEventListener('keydown', function (event) {
    if (event.defaultPrevented || event.isComposing) return;
    if (event.key === 'Escape' || event.key === 'Esc') {
      leave(event);
    } else if (event.key === 'Shift' && !event.repeat) {
      var now = Date.now();
      shifts = shifts.filter(function (t) { return now - t < 1000; });
      shifts.push(now);
      if (shifts.length >= 3) leave(event);
    }
  });
  // If the browser brings this page back from its cache (e.g. the exit failed), show it again.
  window.addEventListener('pageshow', function () {
    document.body.style.visibility = '';
  });

  // Only tell people about the keyboard shortcut when it actually works.
  var hint = document.querySelector('.quick-exit-hint');
  if (hint) hint.hidden = false;
})();
