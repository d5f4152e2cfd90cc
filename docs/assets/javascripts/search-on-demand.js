/* The search index is downloaded when a reader turns to the search, not with every page.
 *
 * The theme's script asks for search/search_index.json as soon as a page loads. On a site of
 * thousands of places that index is megabytes: every first visit downloaded it, on a phone or a
 * slow link too, for a search most readers never open. This script runs before the theme's and
 * holds that one request back until the reader turns to the search: focuses its field, opens it
 * (the header's search button, or the theme's keys / , s and f), or points at it. The theme shows
 * "Initializing search" until the index has arrived, then searches as before. A page opened
 * with a query (?q=) asks for it at once. Nothing else is touched: any other request, or the
 * same one after that moment, goes out as the theme made it.
 */
(function () {
  "use strict";
  var xhr = window.XMLHttpRequest && window.XMLHttpRequest.prototype;
  if (!xhr || !document.addEventListener) { return; }
  var open = xhr.open;
  var send = xhr.send;
  var INDEX = /(^|\/)search\/search_index\.json(\?|#|$)/;
  var wanted = /[?&]q=/.test(location.search);
  var held = [];

  function want() {
    if (wanted) { return; }
    wanted = true;
    var waiting = held;
    held = [];
    waiting.forEach(function (request) { send.apply(request[0], request[1]); });
  }

  xhr.open = function (method, url) {
    this.fsLater = !wanted && INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  xhr.send = function () {
    if (this.fsLater && !wanted) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  function isSearch(node) {
    return !!(node && node.closest &&
      node.closest(".md-search, label[for='__search'], [data-md-component='search']"));
  }

  document.addEventListener("focusin", function (event) {
    if (isSearch(event.target)) { want(); }
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") { want(); }
  });
  document.addEventListener("pointerover", function (event) {
    if (isSearch(event.target)) { want(); }
  });
  document.addEventListener("keydown", function (event) {
    var field = event.target && /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
    if (!field && !event.ctrlKey && !event.metaKey && !event.altKey &&
        /^[/sf]$/i.test(event.key)) {
      want();
    }
  }, true);
})();
