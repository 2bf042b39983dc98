// "Edit this page" on the preview's pages (added as they are sent, never written to public/).
(function () {
  var a = document.createElement('a');
  a.href = '/__haven/edit/open?url=' + encodeURIComponent(location.pathname);
  a.textContent = 'EDIT_LABEL';
  a.setAttribute('data-haven-edit', '');
  var s = a.style;
  s.position = 'fixed'; s.right = '1rem'; s.bottom = '1rem'; s.zIndex = '2147483647';
  s.background = '#0b4f9c'; s.color = '#fff'; s.padding = '.6rem 1rem'; s.borderRadius = '.3rem';
  s.font = '600 1rem system-ui, sans-serif'; s.textDecoration = 'none'; s.boxShadow = '0 1px 4px rgba(0,0,0,.4)';
  document.body.appendChild(a);
})();
