// dossier's search, for search.html only. It reads the query from the
// page's address (?q=), folds it as the build folded the index
// (assets/search-index.js, which set window.dossierSearch), and lists what
// matches as links. It makes no request, so it works from file:// too, and
// it never builds markup from text: every node is made with the DOM.
(function () {
  "use strict";

  var data = window.dossierSearch;
  var letters = new Map(Object.entries((data && data.l) || {}));
  // The words the page shows, in its language (the index's "w", from the
  // dossier's labels), and its numbers, in ASCII digits as the pages have them.
  var words = (data && data.w) || {};
  var spelt = (words.numbers || "").split(",").map(function (w) { return w.trim(); });
  var lang = document.documentElement.lang || "en";
  var numberFormat;
  try {
    numberFormat = new Intl.NumberFormat(lang, { numberingSystem: "latn" });
  } catch (err) {
    numberFormat = new Intl.NumberFormat("en");
  }
  var marks = /\p{M}/gu;
  var space = /\s+/;
  var wordChar = /[\p{L}\p{N}]/u;

  // fold is render.Fold, step by step: NFD, combining marks dropped, each
  // character lower-cased on its own, and the letters of the table "l"
  // replaced. A test in e2e/ runs both on one list of strings.
  function fold(s) {
    s = s.normalize("NFD").replace(marks, "");
    var out = "";
    for (var c of s) {
      var l = c.toLowerCase();
      var f = letters.get(l);
      out += f === undefined ? l : f;
    }
    return out;
  }
  window.dossierFold = fold;

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var results = document.getElementById("results");
  if (!form || !input || !status || !results) {
    return;
  }
  if (!data) {
    // The page says it in its own words; a page that does not names the file.
    status.textContent = status.getAttribute("data-no-index") || "assets/search-index.js";
    return;
  }

  // say lays out the label key with args, as labels.Format does: the form
  // for the count n, then each {name} or {name:modifier} filled in.
  function say(key, args) {
    var t = words[key];
    if (t === undefined) {
      return key;
    }
    if (typeof t !== "string") {
      t = (args.n === 1 && t.one) || (args.n === 2 && t.two) || t.other;
    }
    return t.replace(/\{([a-z][a-z_]*)(?::([a-z]+))?\}/g, function (m, name, mod) {
      var v = args[name];
      if (v === undefined) {
        return m;
      }
      if (typeof v === "number") {
        return mod === "word" && spelt[v] ? spelt[v] : numberFormat.format(v);
      }
      return mod === "lower" ? v.charAt(0).toLowerCase() + v.slice(1) : v;
    });
  }

  // Every entry, in the order results are listed: questions, claims,
  // sources, people and organisations, quotes. Addresses and the lines
  // under a result are made only for the results shown.
  var kinds = ["question", "claim", "source", "origin", "quote"];
  var entries = [];
  function url(kind, id) {
    return data.u[kind][0] + id + data.u[kind][1];
  }
  function byline(s) {
    return s[2] >= 0 ? data.n[s[2]] : "";
  }
  // sourceLine: the byline, then the names of what the source relays.
  function sourceLine(s) {
    var names = s[3].map(function (i) { return data.o[i][1]; }).join(", ");
    return [byline(s), names].filter(Boolean).join(" · ");
  }
  var shape = [
    // list, index of the text, of the folded text; address; line under it
    [data.q, 1, 2, function (e) { return url("q", e[0]); }, function () { return ""; }],
    [data.c, 1, 2, function (e) { return url("c", e[0]); }, function () { return ""; }],
    [data.s, 1, 4, function (e) { return url("s", e[0]); }, sourceLine],
    [data.o, 1, 3, function (e) { return url("o", e[0]); }, function (e) { return e[2] || ""; }],
    [data.t, 2, 3, function (e) { return url("c", data.c[e[0]][0]) + "#row-" + data.s[e[1]][0]; },
      function (e) { var s = data.s[e[1]]; return say("search.quote.line", { source: byline(s) || s[1], claim: data.c[e[0]][1] }); }],
  ];
  shape.forEach(function (sh, kind) {
    sh[0].forEach(function (e) {
      entries.push({ kind: kind, e: e, text: e[sh[1]], folded: e.length > sh[2] ? e[sh[2]] : e[sh[1]] });
    });
  });

  // isWordChar: a letter or digit, quickly for ASCII.
  function isWordChar(c) {
    var n = c.charCodeAt(0);
    if (n < 128) {
      return n >= 97 && n <= 122 || n >= 48 && n <= 57 || n >= 65 && n <= 90;
    }
    return wordChar.test(c);
  }

  var shown = 100; // results listed at first, and added by "Show more"
  var last = null; // the previous search: its folded query and matches

  // find returns the entries whose folded text holds every term, those
  // where the first term starts a word first within each kind. A query
  // that extends the previous one looks only among its matches, kept in
  // the index's order, so the order of results never depends on how the
  // query was typed.
  function find(q) {
    var terms = q.split(space).filter(Boolean);
    var pool = null;
    if (last && last.terms.length && q.startsWith(last.q)) {
      pool = last.matches;
    }
    var buckets = [];
    for (var k = 0; k < kinds.length * 2; k++) {
      buckets.push([]);
    }
    var hits = [];
    var n = pool ? pool.length : entries.length;
    for (var i = 0; i < n; i++) {
      var e = pool ? pool[i] : entries[i];
      var f = e.folded;
      var at = f.indexOf(terms[0]);
      if (at < 0) {
        continue;
      }
      var all = true;
      for (var t = 1; t < terms.length; t++) {
        if (f.indexOf(terms[t]) < 0) {
          all = false;
          break;
        }
      }
      if (!all) {
        continue;
      }
      var starts = at === 0 || !isWordChar(f[at - 1]);
      buckets[e.kind * 2 + (starts ? 0 : 1)].push(e);
      hits.push(e);
    }
    last = { q: q, terms: terms, matches: hits };
    return [].concat.apply([], buckets);
  }

  // marked appends text to el with every place a term matches in <mark>.
  // Folding can change lengths (ß is ss, a combining accent is nothing),
  // so each folded character remembers the character it came from.
  function marked(el, text, terms) {
    var folded = "", from = [], to = [];
    for (var i = 0; i < text.length; ) {
      var ch = String.fromCodePoint(text.codePointAt(i));
      var f = ch.length === 1 && ch < "\u0080" ? ch.toLowerCase() : fold(ch);
      for (var j = 0; j < f.length; j++) {
        from.push(i);
        to.push(i + ch.length);
      }
      folded += f;
      i += ch.length;
    }
    var ranges = [];
    terms.forEach(function (t) {
      // A single letter or digit is in nearly every text: it is marked
      // only where it starts a word.
      var wordStart = t.length === 1 && wordChar.test(t) && t < "\u0080";
      for (var at = folded.indexOf(t); at >= 0; at = folded.indexOf(t, at + t.length)) {
        if (!wordStart || at === 0 || !isWordChar(folded[at - 1])) {
          ranges.push([from[at], to[at + t.length - 1]]);
        }
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    ranges.forEach(function (r) {
      if (r[1] <= pos) {
        return;
      }
      var start = Math.max(r[0], pos);
      if (start > pos) {
        el.appendChild(document.createTextNode(text.slice(pos, start)));
      }
      var m = document.createElement("mark");
      m.textContent = text.slice(start, r[1]);
      el.appendChild(m);
      pos = r[1];
    });
    if (pos < text.length) {
      el.appendChild(document.createTextNode(text.slice(pos)));
    }
  }

  function item(e, terms) {
    var li = document.createElement("li");
    li.className = "result result-" + kinds[e.kind];
    var a = document.createElement("a");
    a.href = shape[e.kind][3](e.e);
    var kind = document.createElement("span");
    kind.className = "result-kind";
    kind.textContent = say("search.kind." + kinds[e.kind], {}) + ": ";
    a.appendChild(kind);
    var text = document.createElement("span");
    text.className = "result-text";
    marked(text, e.text, terms);
    a.appendChild(text);
    li.appendChild(a);
    var line = shape[e.kind][4](e.e);
    if (line) {
      var meta = document.createElement("span");
      meta.className = "result-meta";
      marked(meta, line, terms);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(meta);
    }
    return li;
  }

  function show(query, limit) {
    var q = fold(query).trim();
    var list = document.createElement("ol");
    list.className = "results";
    var more = null;
    if (!q) {
      last = null;
      status.textContent = say("search.prompt", {});
      results.replaceChildren();
      return;
    }
    var matches = find(q);
    var terms = last.terms;
    var n = Math.min(limit, matches.length);
    for (var i = 0; i < n; i++) {
      list.appendChild(item(matches[i], terms));
    }
    var said = say("search.results", { n: matches.length, query: query.trim() });
    if (matches.length === 0) {
      said = say("search.no-results", { query: query.trim() });
    }
    if (n < matches.length) {
      said = say("search.results.listed", { n: matches.length, query: query.trim(), shown: n });
      more = document.createElement("button");
      more.type = "button";
      more.className = "more";
      more.textContent = say("search.more", {});
      more.addEventListener("click", function () {
        var first = n;
        show(input.value, limit + 100);
        var next = results.querySelectorAll("li a")[first];
        if (next) {
          next.focus();
        }
      });
    }
    status.textContent = said;
    if (n > 0) {
      results.replaceChildren(list);
    } else {
      results.replaceChildren();
    }
    if (more) {
      results.appendChild(more);
    }
  }

  function remember(query) {
    // The address keeps the query, for the back button and for a link to
    // the results. A browser may refuse it for a file:// page: results
    // are shown all the same.
    try {
      history.replaceState(null, "", "?q=" + encodeURIComponent(query));
    } catch (err) {
      // nothing to do
    }
  }

  input.addEventListener("input", function () {
    show(input.value, shown);
  });
  input.addEventListener("change", function () {
    remember(input.value);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    remember(input.value);
    show(input.value, shown);
    var first = results.querySelector("a");
    if (first) {
      first.focus();
    }
  });
  // Arrow keys move between the field and the results, as Tab does.
  form.parentNode.addEventListener("keydown", function (ev) {
    if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") {
      return;
    }
    var links = Array.prototype.slice.call(results.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (document.activeElement === input && ev.key === "ArrowDown" && links.length) {
      links[0].focus();
    } else if (at >= 0) {
      var next = ev.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) {
        input.focus();
      } else if (next < links.length) {
        links[next].focus();
      }
    } else {
      return;
    }
    ev.preventDefault();
  });

  input.value = new URLSearchParams(location.search).get("q") || "";
  show(input.value, shown);
  if (!input.value && window.requestIdleCallback) {
    // A search nobody sees, while the page is idle, readies the engine's
    // compiled code, so that the first keystroke is as quick as the next.
    requestIdleCallback(function () {
      if (!input.value) {
        find("e").slice(0, shown).forEach(function (e) {
          item(e, ["e"]); // laid out, never shown
        });
        last = null;
      }
    });
  }
})();
