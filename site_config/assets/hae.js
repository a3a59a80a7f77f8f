/* The finder ("Hae"): Finnish full text and filters over window.tarjotinHakemisto.
 *
 * The data comes from generator/finder.py: offer cards with their filter values, a lunr index
 * whose terms are Snowball stems of Voikko base forms and compound parts, and a map from the
 * stem of every word form in the catalogue to the stems of its base forms. A query word is
 * stemmed with lunr-languages' Finnish stemmer (the one the index was built with) and looked
 * up through that map; a word still not found is tried as the start of a word, then with one
 * typo, then as a compound of two indexed words. Words are ANDed; values of one filter are
 * ORed, filters ANDed. Every choice lives in the URL (?haku=…&kunta=…; not ?q=, which mkdocs-material's own search takes), so links can be shared
 * and the back button works, also from a copy opened from disk.
 */
(function () {
  "use strict";

  var MIN_PREFIX = 3;
  var MIN_TYPO = 4;
  var MIN_PART = 3;
  var PAGE = 50; /* result cards shown at a time: a long list costs more to draw than to find */
  var TYPING_PAUSE = 150; /* ms without a keystroke before the results follow the query box */

  var own = Object.prototype.hasOwnProperty;

  function start(root) {
    var data = window.tarjotinHakemisto;
    if (!data || !window.lunr || !window.tarjotinSanat) {
      return false;
    }
    var lunr = window.lunr;
    var index = lunr.Index.load(data.hakemisto);
    var vocabulary = index.invertedIndex;
    var offers = data.tarjonta;
    var siteRoot = root.getAttribute("data-root");
    var form = document.getElementById("tarjotin-hakulomake");
    var queryBox = document.getElementById("tarjotin-q");
    var status = document.getElementById("tarjotin-tila");
    var suggestions = document.getElementById("tarjotin-ehdotukset");
    var list = document.getElementById("tarjotin-tulokset");
    var boxes = Array.prototype.slice.call(root.querySelectorAll(".tarjotin-suodatin input[type=checkbox]"));
    var shown = [];
    var el = window.tarjotin.el;
    var more = el(list.parentNode, "button", "Näytä lisää tuloksia", "md-button tarjotin-lisaa-tuloksia");
    more.type = "button";
    more.addEventListener("click", function () { showMore(true); });
    var countLabels = boxes.map(function (box) { return box.parentNode.querySelector("[data-maara]"); });
    var filters = boxes.reduce(function (names, box) {
      if (names.indexOf(box.name) === -1) { names.push(box.name); }
      return names;
    }, []);

    /* ---- Full text ---- */

    var stem = window.tarjotinSanat.stem;

    function has(term) {
      return own.call(vocabulary, term);
    }

    /* The index terms a word form stands for, without guessing: its base forms' stems. */
    function exactTerms(word) {
      var key = stem(word);
      var terms = (own.call(data.vartalot, key) ? data.vartalot[key] : []).filter(has);
      if (has(key) && terms.indexOf(key) === -1) { terms.push(key); }
      return terms;
    }

    /* Scores of the offers that have any of the clauses, as {ref: score}. */
    function run(clauses) {
      var scores = {};
      if (!clauses.length) { return scores; }
      index.query(function (query) {
        clauses.forEach(function (clause) { query.term(clause.term, clause.options); });
      }).forEach(function (result) { scores[result.ref] = result.score; });
      return scores;
    }

    function exact(terms) {
      return terms.map(function (term) { return { term: term, options: { usePipeline: false } }; });
    }

    function intersect(a, b) {
      var both = {};
      Object.keys(a).forEach(function (ref) {
        if (own.call(b, ref)) { both[ref] = a[ref] + b[ref]; }
      });
      return both;
    }

    function isEmpty(scores) {
      return Object.keys(scores).length === 0;
    }

    /* A word not in the catalogue as such: a compound of two words that are ("päihdetyö"). */
    function compound(word) {
      for (var cut = word.length - MIN_PART; cut >= MIN_PART; cut -= 1) {
        var head = exactTerms(word.slice(0, cut));
        var tail = exactTerms(word.slice(cut));
        if (head.length && tail.length) {
          var found = intersect(run(exact(head)), run(exact(tail)));
          if (!isEmpty(found)) { return found; }
        }
      }
      return {};
    }

    /* The offers one query word finds, each with a score. */
    function wordScores(word, typos) {
      var key = stem(word);
      var found = run(exact(exactTerms(word)));
      if (isEmpty(found) && key.length >= MIN_PREFIX) {
        /* A word being typed, or a part of one: "vertais", "päih". */
        found = run([{ term: key, options: { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING } }]);
      }
      if (isEmpty(found) && typos && key.length >= MIN_TYPO) {
        /* One letter off, which also meets consonant gradation: päiht/päihd. */
        found = run([{ term: key, options: { usePipeline: false, editDistance: 1 } }]);
      }
      if (isEmpty(found)) {
        found = compound(word);
      }
      return found;
    }

    function words(text) {
      return window.tarjotinSanat.words(text).filter(function (word) { return !window.tarjotinSanat.isStopWord(word); });
    }

    /* {ref: score} for a whole query, or null for no query; a query with no hit is tried again allowing typos. */
    function search(text) {
      var queryWords = words(text);
      if (!queryWords.length) { return null; }
      function all(typos) {
        var scores = wordScores(queryWords[0], typos);
        for (var i = 1; i < queryWords.length && !isEmpty(scores); i += 1) {
          scores = intersect(scores, wordScores(queryWords[i], typos));
        }
        return scores;
      }
      var found = all(false);
      return isEmpty(found) ? all(true) : found;
    }

    /* ---- Filters and URL ---- */

    function readState() {
      var params = new URLSearchParams(window.location.search);
      var state = { q: params.get("haku") || "", filters: {} };
      /* Only values the form offers: an old link's or a mistyped value would filter out everything unseen. */
      filters.forEach(function (name) {
        state.filters[name] = params.getAll(name).filter(function (code) {
          return boxes.some(function (box) { return box.name === name && box.value === code; });
        });
      });
      return state;
    }

    function formState() {
      var state = { q: queryBox.value, filters: {} };
      filters.forEach(function (name) { state.filters[name] = []; });
      boxes.forEach(function (box) { if (box.checked) { state.filters[box.name].push(box.value); } });
      return state;
    }

    function showState(state) {
      queryBox.value = state.q;
      boxes.forEach(function (box) { box.checked = state.filters[box.name].indexOf(box.value) !== -1; });
    }

    function url(state) {
      var params = new URLSearchParams();
      if (state.q.trim()) { params.set("haku", state.q.trim()); }
      filters.forEach(function (name) { state.filters[name].forEach(function (code) { params.append(name, code); }); });
      var query = params.toString();
      return window.location.pathname + (query ? "?" + query : "");
    }

    function passes(offer, state, name) {
      var wanted = state.filters[name];
      return !wanted.length || wanted.some(function (code) { return offer.suodattimet[name].indexOf(code) !== -1; });
    }

    function matches(offer, state) {
      return filters.every(function (name) { return passes(offer, state, name); });
    }

    /* ---- Showing results ---- */

    function count(n) {
      return n === 1 ? "1 tulos" : n + " tulosta";
    }

    /* One result, drawn at the end of the list. */
    function card(offer) {
      var item = el(list, "li", null, "tarjotin-kortti");
      item.setAttribute("data-id", offer.id);
      el(el(item, "h2"), "a", offer.nimi).href = siteRoot + data.osoite.replace("ID", offer.id);
      el(item, "p", offer.jarjestaja + " · " + offer.kunnat);
      el(item, "p", offer.seuraava ? "Seuraavaksi: " + offer.seuraava : "Kysy ajat järjestäjältä");
      el(item, "p", offer.hinta);
      window.tarjotin.button(item, offer.id, offer.nimi);
      return item;
    }

    /* Beside each filter value, how many offers ticking it would show: those the query finds
       that pass every other filter and have the value. */
    function updateCounts(found, state) {
      var counts = {};
      filters.forEach(function (name) { counts[name] = {}; });
      found.forEach(function (ref) {
        var offer = offers[ref];
        var failed = filters.filter(function (name) { return !passes(offer, state, name); });
        filters.forEach(function (name) {
          if (failed.length > 1 || (failed.length === 1 && failed[0] !== name)) { return; }
          offer.suodattimet[name].forEach(function (code) { counts[name][code] = (counts[name][code] || 0) + 1; });
        });
      });
      boxes.forEach(function (box, i) {
        countLabels[i].textContent = "(" + (counts[box.name][box.value] || 0) + ")";
      });
    }

    /* With no results, offer to clear each filter or the query that would bring some back. */
    function suggest(scores, state) {
      suggestions.textContent = "";
      var options = [];
      filters.forEach(function (name) {
        state.filters[name].forEach(function (code) {
          var without = JSON.parse(JSON.stringify(state));
          without.filters[name] = without.filters[name].filter(function (other) { return other !== code; });
          var n = offers.filter(function (offer, ref) {
            return (scores === null || own.call(scores, String(ref))) && matches(offer, without);
          }).length;
          var box = boxes.filter(function (b) { return b.name === name && b.value === code; })[0];
          if (n) { options.push({ label: box.parentNode.querySelector("span").textContent, n: n, state: without }); }
        });
      });
      if (state.q.trim()) {
        var withoutQuery = { q: "", filters: state.filters };
        var n = offers.filter(function (offer) { return matches(offer, withoutQuery); }).length;
        if (n) { options.push({ label: "hakusana “" + state.q.trim() + "”", n: n, state: withoutQuery }); }
      }
      if (!options.length) { return; }
      el(suggestions, "p", "Ei tuloksia. Kokeile poistaa rajaus:");
      options.forEach(function (option) {
        var button = el(suggestions, "button", "Poista " + option.label + " (" + count(option.n) + ")", "md-button");
        button.type = "button";
        button.addEventListener("click", function () {
          showState(option.state);
          apply(true);
          queryBox.focus();
        });
      });
    }

    /* Show the next PAGE cards; keyboard users land on the first new one. */
    function showMore(focus) {
      var first = null;
      shown.slice(list.children.length, list.children.length + PAGE).forEach(function (ref) {
        var item = card(offers[ref]);
        first = first || item;
      });
      more.hidden = list.children.length >= shown.length;
      if (focus && first) { first.querySelector("a").focus(); }
    }

    function render(state) {
      var scores = search(state.q);
      var found = scores === null
        ? offers.map(function (offer, ref) { return ref; })
        : Object.keys(scores).map(Number).sort(function (a, b) { return scores[b] - scores[a] || a - b; });
      shown = found.filter(function (ref) { return matches(offers[ref], state); });
      list.textContent = "";
      showMore(false);
      status.textContent = count(shown.length);
      updateCounts(found, state);
      if (shown.length) { suggestions.textContent = ""; } else { suggest(scores, state); }
    }

    /* Show the form's state; `remember` adds a history entry, otherwise the current one is replaced. */
    function apply(remember) {
      var state = formState();
      var target = url(state);
      if (target !== window.location.pathname + window.location.search) {
        window.history[remember ? "pushState" : "replaceState"](null, "", target);
      }
      render(state);
    }

    /* Typing updates the results after a pause; its first keystroke opens a history entry, so that
       Back returns to the previous query, and the rest of the word replaces it. */
    var typing = null;
    function stopTyping() {
      window.clearTimeout(typing);
      typing = null;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = typing === null;
      stopTyping();
      apply(first);
    });
    queryBox.addEventListener("input", function () {
      var first = typing === null;
      window.clearTimeout(typing);
      typing = window.setTimeout(function () { apply(first); typing = null; }, TYPING_PAUSE);
    });
    boxes.forEach(function (box) {
      box.addEventListener("change", function () { stopTyping(); apply(true); });
    });
    window.addEventListener("popstate", function () {
      stopTyping();
      var state = readState();
      showState(state);
      render(state);
    });

    var initial = readState();
    showState(initial);
    /* Open the filter groups that are in use, so that a shared link shows what it filters. */
    root.querySelectorAll(".tarjotin-suodatin").forEach(function (group) {
      if (initial.filters[group.getAttribute("data-suodatin")].length) { group.open = true; }
    });
    render(initial);
    return true;
  }

  document.addEventListener("DOMContentLoaded", function () { window.tarjotin.page("tarjotin-hakija", start); });
})();
