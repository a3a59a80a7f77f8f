/* The tray (tarjotin): offers a worker collects for one client, kept only in this browser.
 *
 * window.tarjotin holds the ids ("organisation/offer") in localStorage and keeps every
 * "Lisää tarjottimelle" button in step. Any element with data-tarjotin-lisaa="<id>" gets one:
 * the offer pages and the finder's result cards.
 */
(function () {
  "use strict";

  var KEY = "hyvinvointitarjotin:tarjotin";
  var listeners = [];

  function read() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(function (id) { return typeof id === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }

  function write(ids) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(ids));
    } catch (error) {
      /* Storage full or blocked (a private window may refuse it): the change is not kept. */
    }
    notify();
  }

  function notify() {
    var ids = read();
    listeners.forEach(function (listener) { listener(ids.slice()); });
  }

  var tray = {
    ids: read,
    has: function (id) { return read().indexOf(id) !== -1; },
    add: function (id) { var ids = read(); if (ids.indexOf(id) === -1) { ids.push(id); write(ids); } },
    remove: function (id) { write(read().filter(function (other) { return other !== id; })); },
    replace: function (ids) { write(ids.slice()); },
    onChange: function (listener) { listeners.push(listener); },
    /* Give `holder` a button that adds or removes the offer `id`. */
    button: function (holder, id, name) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button tarjotin-nappi";
      function update() {
        var added = tray.has(id);
        button.textContent = added ? "Poista tarjottimelta" : "Lisää tarjottimelle";
        button.setAttribute("aria-pressed", added ? "true" : "false");
        if (name) {
          button.setAttribute("aria-label", (added ? "Poista tarjottimelta: " : "Lisää tarjottimelle: ") + name);
        }
      }
      button.addEventListener("click", function () {
        if (tray.has(id)) { tray.remove(id); } else { tray.add(id); }
      });
      tray.onChange(update);
      update();
      holder.appendChild(button);
      return button;
    }
  };
  window.tarjotin = tray;

  /* Another tab changed the tray. */
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) { notify(); }
  });

  document.querySelectorAll("[data-tarjotin-lisaa]").forEach(function (holder) {
    tray.button(holder, holder.getAttribute("data-tarjotin-lisaa"), null);
  });

  /* The header search finds offers by title and summary; the finder searches all of their text
     and filters. A link above the header search's results takes the query there. */
  var output = document.querySelector(".md-search__scrollwrap");
  var input = document.querySelector(".md-search__input");
  var config = document.getElementById("__config");
  if (output && input && config) {
    var base = JSON.parse(config.textContent).base;
    var link = document.createElement("a");
    link.className = "tarjotin-hakuun";
    link.textContent = "Tarkempi haku suodattimilla: avaa Hae";
    var update = function () {
      var query = input.value.trim();
      link.href = base + "/hae/index.html" + (query ? "?haku=" + encodeURIComponent(query) : "");
    };
    input.addEventListener("input", update);
    update();
    output.insertBefore(link, output.firstChild);
  }
})();
