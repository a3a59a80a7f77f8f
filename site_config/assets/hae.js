/* The finder ("Hae"): Finnish full text and filters over window.tarjotinHakemisto.
 *
 * The data comes from generator/finder.py: offer cards as columns with a bit set of offers per
 * filter value, and the full text (generator/fulltext.py): the vocabulary of index terms (Snowball
 * stems of Voikko base forms and compound parts), a map from the stem of every word form in the
 * catalogue to the stems of its base forms, and the names of the index's parts, each a lunr index
 * over a run of the vocabulary. A query word is stemmed with lunr-languages' Finnish stemmer (the
 * one the index was built with) and looked up through that map; a word still not found is tried
 * as the start of a word, then with one typo, then as a compound of two indexed words. The
 * vocabulary decides which terms a query needs; only the parts that hold them are loaded, as
 * scripts, which also works from disk. Words are ANDed; values of one filter are ORed, filters
 * ANDed. Every choice lives in the URL (?haku=…&kunta=…; not ?q=, which mkdocs-material's own
 * search takes), so links can be shared and the back button works, also from a copy opened from disk.
 */
(function () {
  "use strict";

  var MIN_PREFIX = 3;
  var MIN_TYPO = 4;
  var MIN_PART = 3;
  var PAGE = 50; /* result cards shown at a time: a long list costs more to draw than to find */
  var TYPING_PAUSE = 150; /* ms without a keystroke before the results follow the query box */

  var own = Object.prototype.hasOwnProperty;

  /* The filter values' bit sets, {filter: {value: bytes}}, decoded: bit i is on when offer i (its
     row in the card columns) has the value. A value no offer has has no set. */
  function readSets(encoded) {
    var sets = {};
    Object.keys(encoded).forEach(function (name) {
      sets[name] = {};
      Object.keys(encoded[name]).forEach(function (code) {
        var bits = window.atob(encoded[name][code]);
        var set = new Uint8Array(bits.length);
        for (var i = 0; i < bits.length; i += 1) { set[i] = bits.charCodeAt(i); }
        sets[name][code] = set;
      });
    });
    return sets;
  }

  /* The set of a value no offer has: empty, and a byte read past a set's end is undefined, which shifts to 0. */
  var NO_OFFERS = new Uint8Array(0);

  /* Whether offer `ref` is in a value's bit set. */
  function inSet(set, ref) {
    return ((set[ref >> 3] >> (ref & 7)) & 1) === 1;
  }

  /* Whether two terms are one insertion, deletion, substitution or swap of neighbours apart, as lunr's edit distance 1. */
  function oneEditApart(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) { return false; }
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) { i += 1; }
    if (a.length > b.length) { return a.slice(i + 1) === b.slice(i); }
    if (a.length < b.length) { return a.slice(i) === b.slice(i + 1); }
    return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }

  /* ---- Full text ---- */

  /* The full-text search over the finder's data: `search(text, done)`, and `onFailure`, called when
     a part of the index does not load. */
  function FullText(data, siteRoot) {
    var fullText = this;
    var lunr = window.lunr;
    var stem = window.tarjotinSanat.stem;
    var vocabulary = data.sanasto;
    var partOf = Object.create(null); /* term -> number of the part that holds it */
    var parts = []; /* the parts loaded so far, as lunr indexes */
    var arriving = {}; /* part number -> what waits for it */
    data.osat.reduce(function (first, part, number) {
      vocabulary.slice(first, first + part[1]).forEach(function (term) { partOf[term] = number; });
      return first + part[1];
    }, 0);

    function has(term) {
      return term in partOf;
    }

    /* The index terms a word form stands for, without guessing: its base forms' stems. */
    function exactTerms(word) {
      var key = stem(word);
      var terms = (own.call(data.vartalot, key) ? data.vartalot[key] : []).filter(has);
      if (has(key) && terms.indexOf(key) === -1) { terms.push(key); }
      return terms;
    }

    /* The terms a word finds as it is written, or as the start of a word ("vertais", "päih"). */
    function directTerms(word) {
      var key = stem(word);
      var terms = exactTerms(word);
      if (!terms.length && key.length >= MIN_PREFIX) {
        terms = vocabulary.filter(function (term) { return term.lastIndexOf(key, 0) === 0; });
      }
      return terms;
    }

    /* What one query word may find, given its direct terms, as alternatives tried in turn: each a list
       of term groups an offer must all have (a compound's two words), each group scored as one lunr query. */
    function alternatives(word, direct, typos) {
      var key = stem(word);
      var terms = direct;
      if (!terms.length && typos && key.length >= MIN_TYPO) {
        /* One letter off, which also meets consonant gradation: päiht/päihd. */
        terms = vocabulary.filter(function (term) { return oneEditApart(key, term); });
      }
      if (terms.length) { return [[terms]]; }
      /* A word not in the catalogue as such: a compound of two words that are ("päihdetyö"). */
      var compounds = [];
      for (var cut = word.length - MIN_PART; cut >= MIN_PART; cut -= 1) {
        var head = exactTerms(word.slice(0, cut));
        var tail = exactTerms(word.slice(cut));
        if (head.length && tail.length) { compounds.push([head, tail]); }
      }
      return compounds;
    }

    /* Load the parts with these numbers, then call done; a part already loaded is not loaded again. */
    function load(numbers, done) {
      var missing = numbers.filter(function (number) { return !parts[number]; });
      var left = missing.length;
      if (!left) { done(); return; }
      function arrived() {
        left -= 1;
        if (!left) { done(); }
      }
      missing.forEach(function (number) {
        if (arriving[number]) { arriving[number].push(arrived); return; }
        arriving[number] = [arrived];
        var path = data.osat[number][0];
        var script = document.createElement("script");
        script.src = siteRoot + path;
        /* A part that does not come, or comes as something else, stops this search with a message;
           a later search asks for it again. */
        function failed() {
          delete arriving[number];
          fullText.onFailure();
        }
        script.onload = function () {
          if (!own.call(window.tarjotinOsat, path)) { failed(); return; }
          parts[number] = lunr.Index.load(window.tarjotinOsat[path]);
          delete window.tarjotinOsat[path];
          var waiting = arriving[number];
          delete arriving[number];
          waiting.forEach(function (callback) { callback(); });
        };
        script.onerror = failed;
        document.head.appendChild(script);
      });
    }

    /* Scores of the offers that have any of the terms, as {ref: score}, as the whole index would
       give them: lunr.js divides a part's score by the square root of its query's terms. */
    function run(terms) {
      var byPart = {};
      terms.forEach(function (term) { (byPart[partOf[term]] = byPart[partOf[term]] || []).push(term); });
      var scores = {};
      Object.keys(byPart).forEach(function (number) {
        var weight = Math.sqrt(byPart[number].length / terms.length);
        parts[number].query(function (query) {
          byPart[number].forEach(function (term) { query.term(term, { usePipeline: false }); });
        }).forEach(function (result) { scores[result.ref] = (scores[result.ref] || 0) + result.score * weight; });
      });
      return scores;
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

    /* The offers one query word finds, each with a score: the first alternative that finds any. */
    function wordScores(options) {
      for (var i = 0; i < options.length; i += 1) {
        var found = options[i].map(run).reduce(intersect);
        if (!isEmpty(found)) { return found; }
      }
      return {};
    }

    function words(text) {
      return window.tarjotinSanat.words(text).filter(function (word) { return !window.tarjotinSanat.isStopWord(word); });
    }

    /* Call done with {ref: score} for a whole query, or null for no query, once the parts it needs
       are loaded; a query with no hit is tried again allowing typos. */
    var last = { text: null, scores: null }; /* the last search's scores: a filter change repeats the query's search */
    function search(text, done) {
      if (text === last.text) { done(last.scores); return; }
      var queryWords = words(text);
      if (!queryWords.length) { done(null); return; }
      var direct = queryWords.map(directTerms);
      function attempt(typos, next) {
        var options = queryWords.map(function (word, i) { return alternatives(word, direct[i], typos); });
        if (options.some(function (option) { return !option.length; })) { next({}); return; }
        var needed = {};
        options.forEach(function (option) {
          option.forEach(function (groups) {
            groups.forEach(function (terms) { terms.forEach(function (term) { needed[partOf[term]] = true; }); });
          });
        });
        load(Object.keys(needed).map(Number), function () {
          var scores = wordScores(options[0]);
          for (var i = 1; i < options.length && !isEmpty(scores); i += 1) {
            scores = intersect(scores, wordScores(options[i]));
          }
          next(scores);
        });
      }
      /* Typos change only what a word without direct terms finds, so only such a query is tried again. */
      var typoCouldHelp = direct.some(function (terms) { return !terms.length; });
      function finish(scores) {
        last = { text: text, scores: scores };
        done(scores);
      }
      attempt(false, function (found) {
        if (isEmpty(found) && typoCouldHelp) { attempt(true, finish); } else { finish(found); }
      });
    }

    this.search = search;
    this.onFailure = function () {};
  }

  function start(root) {
    if (!fullText) {
      return false;
    }
    var siteRoot = root.getAttribute("data-root");
    var search = fullText.search;
    var form = document.getElementById("tarjotin-hakulomake");
    var queryBox = document.getElementById("tarjotin-q");
    var status = document.getElementById("tarjotin-tila");
    var suggestions = document.getElementById("tarjotin-ehdotukset");
    var list = document.getElementById("tarjotin-tulokset");
    var results = list.parentNode;
    var shown = [];
    var el = window.tarjotin.el;
    var more = el(results, "button", "Näytä lisää tuloksia", "md-button tarjotin-lisaa-tuloksia");
    more.type = "button";
    more.addEventListener("click", function () { showMore(true); });
    var countLabels = boxes.map(function (box) { return box.parentNode.querySelector("[data-maara]"); });
    var boxNames = boxes.map(function (box) { return box.name; });
    var boxSets = boxes.map(function (box) { return setOf(box.name, box.value); });
    var groups = Array.prototype.slice.call(root.querySelectorAll(".tarjotin-suodatin"));
    fullText.onFailure = function () {
      results.removeAttribute("aria-busy");
      status.textContent = "Hakua ei voitu ladata. Sivusto on ehkä juuri päivittynyt: lataa sivu hetken päästä uudelleen.";
    };

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

    function setOf(name, code) {
      return own.call(sets, name) && own.call(sets[name], code) ? sets[name][code] : NO_OFFERS;
    }

    function passes(ref, state, name) {
      var wanted = state.filters[name];
      return !wanted.length || wanted.some(function (code) { return inSet(setOf(name, code), ref); });
    }

    function matches(ref, state) {
      return filters.every(function (name) { return passes(ref, state, name); });
    }

    function allOffers() {
      return cards.id.map(function (id, ref) { return ref; });
    }

    /* ---- Showing results ---- */

    function count(n) {
      return n === 1 ? "1 tulos" : n + " tulosta";
    }

    /* One result, drawn at the end of the list. */
    function card(ref) {
      var id = cards.id[ref];
      var item = el(list, "li", null, "tarjotin-kortti");
      item.setAttribute("data-id", id);
      el(el(item, "h2"), "a", cards.nimi[ref]).href = siteRoot + data.osoite.replace("ID", id);
      el(item, "p", cards.jarjestaja[ref] + " · " + cards.kunnat[ref]);
      el(item, "p", cards.seuraava[ref]);
      el(item, "p", cards.hinta[ref]);
      window.tarjotin.button(item, id, cards.nimi[ref]);
      return item;
    }

    /* Beside each filter value, how many offers ticking it would show: those the query finds
       that pass every other filter and have the value. */
    function updateCounts(found, state) {
      var counts = boxes.map(function () { return 0; });
      found.forEach(function (ref) {
        var failed = filters.filter(function (name) { return !passes(ref, state, name); });
        if (failed.length > 1) { return; }
        /* A plain loop: this runs for every value of every offer found. */
        for (var i = 0; i < boxSets.length; i += 1) {
          if ((!failed.length || failed[0] === boxNames[i]) && inSet(boxSets[i], ref)) { counts[i] += 1; }
        }
      });
      countLabels.forEach(function (label, i) { label.textContent = "(" + counts[i] + ")"; });
    }

    /* Beside each filter's name, how many of its values are ticked: a closed group shows it too. */
    function showChosen(state) {
      groups.forEach(function (group) {
        var n = state.filters[group.getAttribute("data-suodatin")].length;
        group.querySelector("[data-valittu]").textContent = n === 0 ? "" : n === 1 ? "(1 valittu)" : "(" + n + " valittua)";
      });
    }

    /* With no results, offer to clear each filter, all of them or the query, whichever would bring some back. */
    function suggest(scores, state) {
      suggestions.textContent = "";
      var options = [];
      filters.forEach(function (name) {
        state.filters[name].forEach(function (code) {
          var without = JSON.parse(JSON.stringify(state));
          without.filters[name] = without.filters[name].filter(function (other) { return other !== code; });
          var n = allOffers().filter(function (ref) {
            return (scores === null || own.call(scores, String(ref))) && matches(ref, without);
          }).length;
          var box = boxes.filter(function (b) { return b.name === name && b.value === code; })[0];
          if (n) { options.push({ label: "Poista " + box.parentNode.querySelector("span").textContent, n: n, state: without }); }
        });
      });
      if (state.q.trim()) {
        var withoutQuery = { q: "", filters: state.filters };
        var n = allOffers().filter(function (ref) { return matches(ref, withoutQuery); }).length;
        if (n) { options.push({ label: "Poista hakusana ”" + state.q.trim() + "”", n: n, state: withoutQuery }); }
      }
      var ticked = filters.filter(function (name) { return state.filters[name].length; });
      if (ticked.length > 1) {
        var unfiltered = { q: state.q, filters: {} };
        filters.forEach(function (name) { unfiltered.filters[name] = []; });
        var all = scores === null ? allOffers().length : Object.keys(scores).length;
        if (all) { options.push({ label: "Poista kaikki rajaukset", n: all, state: unfiltered }); }
      }
      if (!options.length) {
        el(suggestions, "p", "Ei tuloksia. Kokeile toista hakusanaa.");
        return;
      }
      el(suggestions, "p", "Ei tuloksia. Kokeile poistaa rajaus:");
      options.forEach(function (option) {
        var button = el(suggestions, "button", option.label + " (" + count(option.n) + ")", "md-button");
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
        var item = card(ref);
        first = first || item;
      });
      more.hidden = list.children.length >= shown.length;
      if (focus && first) { first.querySelector("a").focus(); }
    }

    /* Show the results for a state once its search is done, unless a newer state has come meanwhile.
       With `reveal` (the form was sent) results below the screen are scrolled into view: on a
       phone they start under the filters. */
    var latest = 0;
    function render(state, reveal) {
      var ticket = latest += 1;
      /* Busy until the results are drawn: at once, or when the parts of the index the query needs have loaded. */
      results.setAttribute("aria-busy", "true");
      search(state.q, function (scores) {
        if (ticket !== latest) { return; }
        results.removeAttribute("aria-busy");
        var found = scores === null
          ? allOffers()
          : Object.keys(scores).map(Number).sort(function (a, b) { return scores[b] - scores[a] || a - b; });
        shown = found.filter(function (ref) { return matches(ref, state); });
        list.textContent = "";
        showMore(false);
        status.textContent = count(shown.length);
        updateCounts(found, state);
        showChosen(state);
        if (shown.length) { suggestions.textContent = ""; } else { suggest(scores, state); }
        if (reveal && status.getBoundingClientRect().top > window.innerHeight) { status.scrollIntoView(); }
      });
    }

    /* Show the form's state; `remember` adds a history entry, otherwise the current one is replaced. */
    function apply(remember, reveal) {
      var state = formState();
      var target = url(state);
      if (target !== window.location.pathname + window.location.search) {
        window.history[remember ? "pushState" : "replaceState"](null, "", target);
      }
      render(state, reveal);
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
      apply(first, true);
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

  /* The finder starts as soon as this script runs, right after its form: the tray's script
     (window.tarjotin) is in the head, so the first results need not wait for the theme's scripts. */
  var holder = document.getElementById("tarjotin-hakija");
  var data = window.tarjotinHakemisto;
  var fullText = data && window.lunr && window.tarjotinSanat && holder
    ? new FullText(data, holder.getAttribute("data-root"))
    : null;
  /* The form's filter boxes, the names of its filters in their order, the offers' result cards as
     columns and their filter values' bit sets. */
  var boxes = holder ? Array.prototype.slice.call(holder.querySelectorAll(".tarjotin-suodatin input[type=checkbox]")) : [];
  var filters = boxes.reduce(function (names, box) {
    if (names.indexOf(box.name) === -1) { names.push(box.name); }
    return names;
  }, []);
  var cards = fullText ? data.tarjonta : null;
  var sets = fullText ? readSets(data.tarjonta.suodattimet) : {};

  window.tarjotin.page("tarjotin-hakija", start);
})();
