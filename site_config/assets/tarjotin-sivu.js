/* The tray page: the collected offers as a handout to print or share as a link.
 *
 * The details come from window.tarjotinTiedot (generator/finder.py). A link made here,
 * ?valinta=id,id, shows that selection on any device; the worker can add it to their tray.
 * From the offline copy the link leads to the published site (the page's canonical address).
 */
(function () {
  "use strict";

  var own = Object.prototype.hasOwnProperty;

  function same(a, b) {
    return a.length === b.length && a.every(function (id, i) { return id === b[i]; });
  }

  function finnishDate(day) {
    return day.getDate() + "." + (day.getMonth() + 1) + "." + day.getFullYear();
  }

  function start(page) {
    var data = window.tarjotinTiedot;
    var tray = window.tarjotin;
    if (!data) {
      return false;
    }
    var el = tray.el;
    var siteRoot = page.getAttribute("data-root");
    var list = document.getElementById("tarjotin-lista");
    var status = document.getElementById("tarjotin-tila");
    var actions = document.getElementById("tarjotin-toiminnot");
    var clear = document.getElementById("tarjotin-tyhjenna");
    var linkBox = document.getElementById("tarjotin-linkki");
    var sharedNotice = document.getElementById("tarjotin-jaettu");
    var othersNote = document.getElementById("tarjotin-omat");
    var intro = document.getElementById("tarjotin-ohje");
    var canonical = document.querySelector("link[rel=canonical]");
    var address = window.location.protocol === "file:" && canonical
      ? canonical.href
      : window.location.href.split(/[?#]/)[0];
    document.getElementById("tarjotin-tulostettu").textContent =
      "Tulostettu " + finnishDate(new Date()) + " osoitteesta " + new URL(siteRoot, address).href;
    var params = new URLSearchParams(window.location.search);
    var shared = params.has("valinta") ? params.get("valinta").split(",").filter(Boolean) : null;

    /* The page shows the worker's own tray again: no shared selection, none in the address. */
    function dropShared() {
      shared = null;
      window.history.replaceState(null, "", window.location.pathname);
    }

    function line(parent, label, value) {
      var item = el(parent, "li");
      el(item, "strong", label + ": ");
      item.appendChild(document.createTextNode(value));
    }

    /* A link whose text is its address: print shows it once, not again after it. */
    function link(parent, label, text, href) {
      var item = el(parent, "li");
      el(item, "strong", label + ": ");
      el(item, "a", text, "tarjotin-osoite").href = href;
    }

    function entry(id, removable) {
      var item = el(list, "li", null, "tarjotin-tarjous");
      item.setAttribute("data-id", id);
      if (!own.call(data.tarjonta, id)) {
        el(item, "p", "Tätä toimintaa ei enää ole luettelossa (" + id + ").");
        return;
      }
      var offer = data.tarjonta[id];
      el(el(item, "h2"), "a", offer.nimi).href = siteRoot + data.osoite.replace("ID", id);
      offer.huomiot.forEach(function (notice) { el(item, "p", notice, "tarjotin-huomio"); });
      el(item, "p", offer.lyhyesti);
      if (offer.selko.length) {
        var easy = el(item, "div", null, "tarjotin-selko");
        el(easy, "p", "Selkokielellä:", "tarjotin-selko-otsikko");
        offer.selko.forEach(function (text) { el(easy, "p", text); });
      }
      var facts = el(item, "ul", null, "tarjotin-tiedot");
      line(facts, "Järjestäjä", offer.jarjestaja);
      line(facts, "Milloin", offer.ajat.length ? offer.ajat.join("; ") : "kysy ajat järjestäjältä");
      if (offer.seuraavat.length) { line(facts, "Seuraavat kerrat", offer.seuraavat.join(", ")); }
      offer.paikat.forEach(function (place) {
        line(facts, "Missä", place.nimi + ", " + place.osoite + (place.esteettomyys ? " (" + place.esteettomyys + ")" : ""));
      });
      if (offer.verkossa) { line(facts, "Verkossa", "voit osallistua verkon kautta"); }
      if (offer.puhelimitse) { line(facts, "Puhelimitse", "voit osallistua puhelimitse"); }
      line(facts, "Hinta", offer.hinta);
      line(facts, "Näin pääset mukaan", offer.ilmoittautuminen);
      if (offer.ilmoittautumislinkki) { link(facts, "Ilmoittautuminen", offer.ilmoittautumislinkki, offer.ilmoittautumislinkki); }
      var contact = offer.yhteystiedot;
      if (contact.henkilo) { line(facts, "Yhteyshenkilö", contact.henkilo); }
      if (contact.puhelin) { link(facts, "Puhelin", contact.puhelin, "tel:" + contact.puhelin.replace(/\s/g, "")); }
      if (contact.sahkoposti) { link(facts, "Sähköposti", contact.sahkoposti, "mailto:" + contact.sahkoposti); }
      if (contact.verkkosivu) { link(facts, "Verkkosivu", contact.verkkosivu, contact.verkkosivu); }
      el(item, "p", "Tiedot tarkistettu " + offer.tarkistettu + ".", "tarjotin-tarkistettu");
      if (removable) {
        tray.button(el(item, "div", null, "tarjotin-poista"), id, offer.nimi);
      }
    }

    function shareLink(ids) {
      return ids.length ? address + "?valinta=" + ids.map(encodeURIComponent).join(",") : address;
    }

    /* `afterChange`: the tray changed under the worker's hand, so the focus may need a new place. */
    function render(afterChange) {
      var mine = tray.ids();
      if (shared && same(shared, mine)) { dropShared(); }
      var ids = shared || mine;
      sharedNotice.hidden = !shared;
      othersNote.hidden = !shared || !mine.some(function (id) { return shared.indexOf(id) === -1; });
      intro.hidden = Boolean(shared);
      clear.hidden = Boolean(shared);
      list.textContent = "";
      ids.forEach(function (id) { entry(id, !shared); });
      status.textContent = ids.length === 0
        ? "Tarjotin on tyhjä. Lisää toimintoja hakutuloksista tai toiminnan sivulta."
        : ids.length === 1 ? "Tarjottimella on 1 toiminta." : "Tarjottimella on " + ids.length + " toimintaa.";
      actions.hidden = ids.length === 0;
      linkBox.value = shareLink(ids);
      /* A redraw or a hidden button took the focus with it: keep keyboard users on the page, at its status. */
      var focused = document.activeElement;
      if (afterChange && (!focused || focused === document.body || !focused.isConnected || focused.closest("[hidden]"))) {
        status.focus();
      }
    }

    document.getElementById("tarjotin-ota").addEventListener("click", function () {
      var mine = tray.ids();
      var added = shared.filter(function (id) { return mine.indexOf(id) === -1; });
      dropShared();
      tray.replace(mine.concat(added));
    });
    document.getElementById("tarjotin-tulosta").addEventListener("click", function () {
      window.print();
    });
    document.getElementById("tarjotin-kopioi").addEventListener("click", function () {
      linkBox.select();
      function done() { status.textContent = "Linkki kopioitu. Liitä se viestiin tai avaa toisella laitteella."; }
      function fallback() {
        if (document.execCommand("copy")) { done(); } else { status.textContent = "Kopioi linkki kentästä."; }
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(linkBox.value).then(done, fallback);
      } else {
        fallback();
      }
    });
    clear.addEventListener("click", function () {
      var n = tray.ids().length;
      if (window.confirm("Tyhjennetäänkö tarjotin? Siltä poistetaan " + (n === 1 ? "1 toiminta." : n + " toimintaa."))) {
        tray.replace([]);
      }
    });
    tray.onChange(function () { render(true); });
    render(false);
    return true;
  }

  window.tarjotin.page("tarjotin-sivu", start);
})();
