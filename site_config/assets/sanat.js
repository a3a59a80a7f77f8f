/* Finnish words in the browser, split and stemmed as generator/finnish.py does at build time.
 *
 * Needs lunr.js, lunr.stemmer.support.js and lunr.fi.js loaded first. The agreement test
 * (tests/test_finnish.py) runs this very file in Node.js against the Python side.
 */
(function (global) {
  "use strict";

  var lunr = global.lunr;

  global.tarjotinSanat = {
    /* The lower-case words of a text: runs of letters and digits. */
    words: function (text) {
      return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
    },
    /* The Snowball stem of a word; a word with digits in it ("11", "5b") is its own stem. */
    stem: function (word) {
      return /\p{N}/u.test(word) ? word : lunr.fi.stemmer(new lunr.Token(word)).toString();
    },
    isStopWord: function (word) {
      return !lunr.fi.stopWordFilter(new lunr.Token(word));
    }
  };
})(typeof window !== "undefined" ? window : globalThis);
