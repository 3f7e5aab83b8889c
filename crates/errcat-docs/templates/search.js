// The static site's search: a line-by-line port of the ranking in
// crates/errcat-docs/src/search.rs (the portal's and `errcat search`'s), run
// over the same index, which `errcat docs` writes beside the pages as
// search-index.js. Change the two together:
// crates/errcat-portal/tests/search_parity.rs runs one table of queries
// through both and asserts identical ordered results. No server is needed,
// so it works from file:// too.
(function (root) {
  "use strict";

  var NOT_WORD = /[^\p{Alphabetic}\p{N}]/u;
  var SPACE = /\p{White_Space}/u;
  var EDGE_SPACE = /^\p{White_Space}+|\p{White_Space}+$/gu;
  var DIGITS = /^[0-9]+$/;

  // Runs of alphabetic or numeric characters (Rust: `char::is_alphanumeric`).
  function words(text) {
    return text.split(NOT_WORD).filter(function (w) { return w.length > 0; });
  }

  function chars(text) { return Array.from(text); }

  // Letters read as plain Latin ones (Rust: `FOLDED_LETTERS`).
  var FOLDED_LETTERS = { "ł": "l", "đ": "d", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i" };
  var MARK = /[\u0300-\u036f]/g;
  var ASCII = /^[\x00-\x7f]*$/;

  // Lower case without accents (Rust: `fold`): NFD, the combining diacritical
  // marks (U+0300-U+036F) dropped, the letters above replaced, then NFC.
  function fold(text) {
    var lowered = text.toLowerCase();
    if (ASCII.test(lowered)) return lowered;
    return lowered.normalize("NFD").replace(MARK, "").replace(/[łđøßæœı]/g, function (c) { return FOLDED_LETTERS[c]; }).normalize("NFC");
  }

  function utf8Length(text) {
    var bytes = 0;
    for (var c of text) {
      var cp = c.codePointAt(0);
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
    return bytes;
  }

  // `AllowlistIdentifierNotFound` -> the whole word, `Allowlist`, `Identifier`, `Not`, `Found`.
  function splitCamel(word) {
    var parts = [word], pieces = [], start = 0;
    for (var i = 1; i < word.length; i++) {
      var c = word.charCodeAt(i), before = word.charCodeAt(i - 1);
      if (c >= 65 && c <= 90 && before >= 97 && before <= 122) {
        pieces.push(word.slice(start, i));
        start = i;
      }
    }
    if (pieces.length) {
      pieces.push(word.slice(start));
      parts = parts.concat(pieces);
    }
    return parts;
  }

  // Code point order (Rust's order of strings), from UTF-16 code units.
  function unit(u) { return u >= 0xe000 ? u - 0x800 : u >= 0xd800 ? u + 0x2000 : u; }
  function compare(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) return unit(x) - unit(y);
    }
    return a.length - b.length;
  }

  // Whether the optimal-string-alignment distance between `a` and `b` is at most `max`.
  function withinDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return false;
    var before = new Array(b.length + 1).fill(0);
    var previous = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    var current = new Array(b.length + 1).fill(0);
    for (var i = 1; i <= a.length; i++) {
      current[0] = i;
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] !== b[j - 1] ? 1 : 0;
        var value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, before[j - 2] + 1);
        }
        current[j] = value;
        best = Math.min(best, value);
      }
      if (best > max) return false;
      var spare = before;
      before = previous;
      previous = current;
      current = spare;
    }
    return previous[b.length] <= max;
  }

  // The index as written (`StaticIndex` in search.rs), with what search.rs derives at build time.
  function prepare(data) {
    var exact = new Map();
    data.keys.forEach(function (keys, doc) {
      keys.forEach(function (key) {
        var list = exact.get(key);
        if (!list) exact.set(key, (list = []));
        if (list[list.length - 1] !== doc) list.push(doc);
      });
    });
    var byLength = [];
    var vocabulary = data.vocabulary.map(function (row, position) {
      var token = row[0], flat = row[1], postings = [];
      for (var k = 0; k < flat.length; k += 2) postings.push([flat[k], flat[k + 1]]);
      if (!DIGITS.test(token)) {
        var length = chars(token).length;
        (byLength[length] = byLength[length] || []).push(position);
      }
      return [token, postings];
    });
    // Each doc's entry, as the number of its first doc (a translation follows its entry).
    var entryOf = null, sameEntry = data.same_entry || [];
    if (sameEntry.length) {
      entryOf = [];
      for (var d = 0, s = 0; d < data.docs.length; d++) {
        if (s < sameEntry.length && sameEntry[s] === d) {
          entryOf.push(entryOf[d - 1]);
          s++;
        } else {
          entryOf.push(d);
        }
      }
    }
    return {
      limit: data.limit, limits: data.limits, scores: data.scores,
      docs: data.docs, keys: data.keys, exact: exact, vocabulary: vocabulary, byLength: byLength,
      entryOf: entryOf
    };
  }

  // Docs matching one term with their best weight x factor, sorted by doc.
  function termMatches(ix, term, work) {
    work.terms += 1;
    var vocabulary = ix.vocabulary, limits = ix.limits, scores = ix.scores;
    var lo = 0, hi = vocabulary.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (compare(vocabulary[mid][0], term) < 0) lo = mid + 1; else hi = mid;
    }
    var lists = [];
    for (var p = lo; p < vocabulary.length && lists.length < limits.max_token_matches; p++) {
      var token = vocabulary[p][0];
      if (!token.startsWith(term)) break;
      lists.push([vocabulary[p][1], token === term ? scores.exact : scores.prefix]);
    }
    var termChars = chars(term);
    if (lists.length === 0 && termChars.length >= 4 && termChars.length <= limits.max_fuzzy_chars &&
        work.fuzzy_terms < limits.max_fuzzy_terms) {
      work.fuzzy_terms += 1;
      var allowed = termChars.length >= 7 ? 2 : 1;
      scan:
      for (var length = termChars.length - allowed; length <= termChars.length + allowed; length++) {
        var bucket = ix.byLength[length] || [];
        for (var b = 0; b < bucket.length; b++) {
          var row = vocabulary[bucket[b]];
          work.distances += 1;
          if (withinDistance(chars(row[0]), termChars, allowed)) {
            lists.push([row[1], scores.fuzzy]);
            if (lists.length === limits.max_token_matches) break scan;
          }
        }
      }
    }
    var best = new Map();
    lists.forEach(function (list) {
      list[0].forEach(function (posting) {
        var score = posting[1] * list[1], seen = best.get(posting[0]);
        if (seen === undefined || score > seen) best.set(posting[0], score);
      });
    });
    return Array.from(best.entries()).sort(function (a, b) { return a[0] - b[0]; });
  }

  // The docs of `candidates` also in `matches`, scores added; both sorted by doc.
  function intersect(candidates, matches) {
    var kept = [], j = 0;
    for (var i = 0; i < candidates.length; i++) {
      while (j < matches.length && matches[j][0] < candidates[i][0]) j++;
      if (j < matches.length && matches[j][0] === candidates[i][0]) {
        kept.push([candidates[i][0], candidates[i][1] + matches[j][1]]);
        j++;
      }
    }
    return kept;
  }

  // Of each entry's docs (adjacent, sorted by doc), the best-scoring; the first on a tie.
  function bestPerEntry(ix, candidates) {
    if (!ix.entryOf) return candidates;
    var kept = [];
    candidates.forEach(function (candidate) {
      var last = kept[kept.length - 1];
      if (last && ix.entryOf[last[0]] === ix.entryOf[candidate[0]]) {
        if (candidate[1] > last[1]) kept[kept.length - 1] = candidate;
      } else {
        kept.push(candidate);
      }
    });
    return kept;
  }

  // The best `limit`, best first (ties: catalog order).
  function top(candidates, limit) {
    return candidates.slice().sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; }).slice(0, limit);
  }

  // The best `limit` hits for `query` ({doc, score}), or the limit it breaks.
  function search(ix, query, limit) {
    var work = { terms: 0, fuzzy_terms: 0, distances: 0 };
    var limits = ix.limits, scores = ix.scores;
    var trimmed = query.replace(EDGE_SPACE, "");
    var bytes = utf8Length(trimmed);
    if (bytes > limits.max_query_bytes) {
      return { hits: [], work: work, error: { kind: "too_long", bytes: bytes, max: limits.max_query_bytes } };
    }
    var queryWords = words(trimmed);
    if (queryWords.length > limits.max_query_terms) {
      return { hits: [], work: work, error: { kind: "too_many_terms", terms: queryWords.length, max: limits.max_query_terms } };
    }
    if (!trimmed || limit === 0) return { hits: [], work: work };
    var lowered = fold(trimmed);
    var perTerm = [];
    queryWords.forEach(function (word) {
      // A camel-case word is matched whole first, typos included; only when
      // that finds nothing are its parts required.
      var whole = termMatches(ix, fold(word), work);
      var parts = splitCamel(word);
      if (whole.length > 0 || parts.length === 1) {
        perTerm.push(whole);
      } else {
        for (var i = 1; i < parts.length; i++) perTerm.push(termMatches(ix, fold(parts[i]), work));
      }
    });
    perTerm.sort(function (a, b) { return a.length - b.length; });
    var common = Math.floor(ix.docs.length / 4);
    if (perTerm.length && perTerm[0].length <= common) {
      perTerm = perTerm.filter(function (m) { return m.length <= common; });
    }
    var candidates = perTerm.length ? perTerm[0] : [];
    for (var t = 1; t < perTerm.length && candidates.length; t++) candidates = intersect(candidates, perTerm[t]);
    (ix.exact.get(lowered) || []).forEach(function (doc) {
      var lo = 0, hi = candidates.length;
      while (lo < hi) {
        var mid = (lo + hi) >>> 1;
        if (candidates[mid][0] < doc) lo = mid + 1; else hi = mid;
      }
      if (lo < candidates.length && candidates[lo][0] === doc) {
        candidates[lo] = [doc, candidates[lo][1] + scores.exact_code];
      } else {
        candidates.splice(lo, 0, [doc, scores.exact_code]);
      }
    });
    candidates = bestPerEntry(ix, candidates);
    candidates = top(candidates, limit * 4);
    var queryChars = chars(lowered);
    if (!SPACE.test(lowered) && queryChars.length >= 4 && queryChars.length <= limits.max_fuzzy_chars) {
      var allowed = queryChars.length >= 8 ? 2 : 1;
      candidates.forEach(function (candidate) {
        var near = ix.keys[candidate[0]].some(function (key) {
          var keyChars = chars(key);
          if (Math.abs(keyChars.length - queryChars.length) > allowed) return false;
          work.distances += 1;
          return withinDistance(keyChars, queryChars, allowed);
        });
        if (near) candidate[1] += scores.near_code;
      });
    }
    return {
      hits: top(candidates, limit).map(function (c) { return { doc: c[0], score: c[1] }; }),
      work: work
    };
  }

  // The portal's messages for a refused query (portal.toml).
  function refusal(error) {
    return error.kind === "too_long"
      ? "A search query is at most " + error.max + " bytes; this one has " + error.bytes + "."
      : "A search query has at most " + error.max + " words; this one has " + error.terms + ".";
  }

  var api = { prepare: prepare, search: search, refusal: refusal };
  root.errcatSearch = api;
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  var input = document.getElementById("q");
  var out = document.getElementById("static-results");
  if (!input || !out || !root.ERRCAT_INDEX) return;
  var index = prepare(root.ERRCAT_INDEX);
  function render(query) {
    out.textContent = "";
    if (!query.replace(EDGE_SPACE, "")) return;
    var result = search(index, query, index.limit);
    if (result.error) {
      var message = document.createElement("p");
      message.setAttribute("role", "alert");
      message.textContent = refusal(result.error);
      out.appendChild(message);
      return;
    }
    var hits = result.hits;
    var heading = document.createElement("h2");
    heading.textContent = hits.length + " result" + (hits.length === 1 ? "" : "s") + " for “" + query + "”";
    out.appendChild(heading);
    var list = document.createElement("ol");
    list.className = "results";
    hits.forEach(function (hit) {
      var doc = index.docs[hit.doc], li = document.createElement("li"), a = document.createElement("a");
      a.href = doc[0];
      a.textContent = doc[1] + " — " + doc[2];
      li.appendChild(a);
      list.appendChild(li);
    });
    out.appendChild(list);
  }
  input.form.addEventListener("submit", function (event) { event.preventDefault(); render(input.value); });
  input.addEventListener("input", function () { render(input.value); });
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; render(initial); }
})(typeof window !== "undefined" ? window : globalThis);
