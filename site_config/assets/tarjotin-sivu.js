/* The tray page: the collected offers as a handout to print or share as a link.
 *
 * The details come from window.tarjotinTiedot (generator/finder.py). A link made here,
 * ?valinta=id,id, shows that selection on any device; the worker can keep it as their tray.
 */
(function () {
  "use strict";

  function start() {
    var page = document.getElementById("tarjotin-sivu");
    var details = window.tarjotinTiedot;
    var tray = window.tarjotin;
    if (!page || !details || !tray) {
      return;
    }
    var siteRoot = page.getAttribute("data-root");
    var list = document.getElementById("tarjotin-lista");
    var status = document.getElementById("tarjotin-tila");
    var actions = document.getElementById("tarjotin-toiminnot");
    var linkBox = document.getElementById("tarjotin-linkki");
    var sharedNotice = document.getElementById("tarjotin-jaettu");
    var params = new URLSearchParams(window.location.search);
    var shared = params.has("valinta") ? params.get("valinta").split(",").filter(Boolean) : null;

    function same(a, b) {
      return a.length === b.length && a.every(function (id, i) { return id === b[i]; });
    }

    /* What the page shows: a shared selection until the worker keeps it, otherwise the tray. */
    function selection() {
      if (shared && !same(shared, tray.ids())) { return shared; }
      return tray.ids();
    }

    function add(parent, tag, text, className) {
      var element = document.createElement(tag);
      if (text) { element.textContent = text; }
      if (className) { element.className = className; }
      parent.appendChild(element);
      return element;
    }

    function line(parent, label, value) {
      var item = add(parent, "li");
      add(item, "strong", label + ": ");
      item.appendChild(document.createTextNode(value));
      return item;
    }

    function link(parent, label, text, href) {
      var item = add(parent, "li");
      add(item, "strong", label + ": ");
      var anchor = add(item, "a", text);
      anchor.href = href;
      return item;
    }

    function entry(id) {
      var offer = details[id];
      var item = add(list, "li", null, "tarjotin-tarjous");
      item.setAttribute("data-id", id);
      if (!offer) {
        add(item, "p", "Tätä toimintaa ei enää ole luettelossa (" + id + ").");
        return;
      }
      var title = add(item, "h2");
      var anchor = add(title, "a", offer.nimi);
      anchor.href = siteRoot + offer.url;
      add(item, "p", offer.lyhyesti);
      var facts = add(item, "ul", null, "tarjotin-tiedot");
      line(facts, "Järjestäjä", offer.jarjestaja);
      line(facts, "Milloin", offer.ajat.length ? offer.ajat.join("; ") : "kysy ajat järjestäjältä");
      if (offer.seuraavat.length) { line(facts, "Seuraavat kerrat", offer.seuraavat.join(", ")); }
      offer.paikat.forEach(function (place) {
        line(facts, "Missä", place.nimi + ", " + place.osoite + (place.esteettomyys ? " (" + place.esteettomyys + ")" : ""));
      });
      if (offer.verkossa) { line(facts, "Verkossa", "voit osallistua verkon kautta"); }
      if (offer.puhelimitse) { line(facts, "Puhelimitse", "toiminta on puhelimessa"); }
      line(facts, "Hinta", offer.hinta);
      var join = offer.ilmoittautuminen;
      line(facts, "Näin pääset mukaan", (join.tarvitaan ? "Ilmoittaudu etukäteen." : "Ennakkoilmoittautumista ei tarvita.") +
        (join.ohje ? " " + join.ohje : ""));
      if (join.linkki) { link(facts, "Ilmoittautuminen", join.linkki, join.linkki); }
      var contact = offer.yhteystiedot;
      if (contact.henkilo) { line(facts, "Yhteyshenkilö", contact.henkilo); }
      if (contact.puhelin) { link(facts, "Puhelin", contact.puhelin, "tel:" + contact.puhelin.replace(/\s/g, "")); }
      if (contact.sahkoposti) { link(facts, "Sähköposti", contact.sahkoposti, "mailto:" + contact.sahkoposti); }
      if (contact.verkkosivu) { link(facts, "Verkkosivu", contact.verkkosivu, contact.verkkosivu); }
      add(item, "p", "Tiedot tarkistettu " + offer.tarkistettu + ".", "tarjotin-tarkistettu");
      if (!shared || same(shared, tray.ids())) {
        var holder = add(item, "div", null, "tarjotin-poista");
        tray.button(holder, id, offer.nimi);
      }
    }

    function shareLink(ids) {
      var address = window.location.href.split(/[?#]/)[0];
      return ids.length ? address + "?valinta=" + ids.map(encodeURIComponent).join(",") : address;
    }

    function render() {
      var ids = selection();
      var showingShared = shared && !same(shared, tray.ids());
      sharedNotice.hidden = !showingShared;
      list.textContent = "";
      ids.forEach(entry);
      status.textContent = ids.length === 0
        ? "Tarjotin on tyhjä. Lisää toimintoja hakutuloksista tai toiminnan sivulta."
        : ids.length === 1 ? "Tarjottimella on 1 toiminta." : "Tarjottimella on " + ids.length + " toimintaa.";
      actions.hidden = ids.length === 0;
      linkBox.value = shareLink(ids);
    }

    document.getElementById("tarjotin-ota").addEventListener("click", function () {
      tray.replace(shared);
    });
    document.getElementById("tarjotin-tulosta").addEventListener("click", function () {
      window.print();
    });
    document.getElementById("tarjotin-kopioi").addEventListener("click", function () {
      linkBox.select();
      var done = function () { status.textContent = "Linkki kopioitu. Liitä se viestiin tai avaa toisella laitteella."; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(linkBox.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
    document.getElementById("tarjotin-tyhjenna").addEventListener("click", function () {
      tray.replace([]);
    });
    tray.onChange(render);

    page.hidden = false;
    document.querySelectorAll(".tarjotin-ilman-js").forEach(function (element) { element.hidden = true; });
    render();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
