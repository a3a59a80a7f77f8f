/* The tray (tarjotin): offers a worker collects for one client, kept only in this browser.
 *
 * window.tarjotin holds the ids ("organisation/offer") in localStorage and keeps every
 * "Lisää tarjottimelle" button in step. Any element with data-tarjotin-lisaa="<id>" gets one:
 * the offer pages and the finder's result cards. It also carries the two helpers the finder's
 * and the tray's page scripts share: `el` to build an element, `page` to start a page's script.
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

  function notify() {
    var ids = read();
    listeners.forEach(function (listener) { listener(ids.slice()); });
  }

  function write(ids) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(ids));
    } catch (error) {
      /* Storage full or blocked (a private window may refuse it): the change is not kept. */
    }
    notify();
  }

  /* A button's label says what pressing it does, with the offer's name for screen readers. */
  function paint(button, ids) {
    var added = ids.indexOf(button.getAttribute("data-id")) !== -1;
    var name = button.getAttribute("data-name");
    button.textContent = added ? "Poista tarjottimelta" : "Lisää tarjottimelle";
    if (name) {
      button.setAttribute("aria-label", button.textContent + ": " + name);
    }
  }

  /* One listener keeps every button on the page in step, however many are drawn and dropped. */
  listeners.push(function (ids) {
    document.querySelectorAll("button.tarjotin-nappi").forEach(function (button) { paint(button, ids); });
  });

  function el(parent, tag, text, className) {
    var element = document.createElement(tag);
    if (text) { element.textContent = text; }
    if (className) { element.className = className; }
    parent.appendChild(element);
    return element;
  }

  var tray = {
    ids: read,
    add: function (id) { var ids = read(); if (ids.indexOf(id) === -1) { ids.push(id); write(ids); } },
    remove: function (id) { write(read().filter(function (other) { return other !== id; })); },
    replace: function (ids) { write(ids.slice()); },
    onChange: function (listener) { listeners.push(listener); },
    /* Give `holder` a button that adds or removes the offer `id`. */
    button: function (holder, id, name) {
      var button = el(holder, "button", null, "md-button tarjotin-nappi");
      button.type = "button";
      button.setAttribute("data-id", id);
      if (name) { button.setAttribute("data-name", name); }
      button.addEventListener("click", function () {
        if (read().indexOf(id) === -1) { tray.add(id); } else { tray.remove(id); }
      });
      paint(button, read());
      return button;
    },
    el: el,
    /* Run a page's script on its element `rootId`; unless it returns false, show the element and
       hide the note for browsers without JavaScript. This file is loaded in the head, so a page
       script placed after its element and the note calls this at once, before the theme's scripts. */
    page: function (rootId, run) {
      var root = document.getElementById(rootId);
      if (root && run(root) !== false) {
        root.hidden = false;
        document.querySelectorAll(".tarjotin-ilman-js").forEach(function (note) { note.hidden = true; });
      }
    }
  };
  window.tarjotin = tray;

  /* Another tab changed the tray. */
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) { notify(); }
  });

  /* The page's own elements, once the page is parsed: this file runs in the head. */
  document.addEventListener("DOMContentLoaded", function () {
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
  });
})();
