/*
 * not-found.js: the root 404 page holds the text of every language of the site, each in an
 * element .fs-not-found[lang][data-fs-folder]: "" for the site's own language, shown; "es/"
 * for Spanish, hidden by the style sheet (.fs-not-found--other). A host serves that one page
 * for every missing address, so this script shows the version whose folder holds the address
 * asked for, hides the others and sets <html lang>. The site's root path (e.g. "/repo/") is
 * the script's data-fs-root. Without JavaScript, all versions show.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var root = (script && script.getAttribute("data-fs-root")) || "/";
  var versions = Array.prototype.slice.call(document.querySelectorAll(".fs-not-found[lang]"));
  if (versions.length < 2) { return; }

  var path = decodeURI(window.location.pathname);
  var chosen = versions[0];
  versions.forEach(function (el) {
    var folder = el.getAttribute("data-fs-folder");
    if (folder && path.indexOf(root + folder) === 0) { chosen = el; }
  });
  versions.forEach(function (el) {
    el.hidden = el !== chosen;
    el.classList.remove("fs-not-found--other");
  });
  var lang = chosen.getAttribute("lang");
  if (document.documentElement.lang !== lang) {
    document.documentElement.lang = lang;
    var heading = chosen.querySelector("h1");
    if (heading) { document.title = heading.textContent.replace(/\s+/g, " ").trim(); }
  }
})();
