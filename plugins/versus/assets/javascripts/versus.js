/* versus: small progressive enhancements, no framework, no network.
 * - Weights panel on the matrix page: weigh factors 0-3 (or start from a scenario), see the
 *   subjects re-ranked with a breakdown; the address (#weights=...) keeps the view.
 * - Pick page: choose any subjects and see only their columns; the address (#subjects=...) keeps it.
 * - Compact grid (a large base): a cell leads to its note on the factor's page.
 * Both read data embedded in the page at build time, so they work from file:// too. Without
 * JavaScript the static tables stay as they are. */
(function () {
  "use strict";

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) {
      if (key === "text") node.textContent = attributes[key];
      else node.setAttribute(key, attributes[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function readHash(name) {
    var match = new RegExp("(?:^#|&)" + name + "=([^&]*)").exec(window.location.hash);
    return match ? decodeURIComponent(match[1]) : null;
  }

  /* Write several name=value pairs into the address; empty values are left out. */
  function writeHash(pairs) {
    var parts = [];
    Object.keys(pairs).forEach(function (name) {
      if (pairs[name]) parts.push(name + "=" + encodeURIComponent(pairs[name]).replace(/%2C/g, ",").replace(/%3A/g, ":"));
    });
    var hash = parts.length ? "#" + parts.join("&") : "";
    window.history.replaceState(null, "", hash || window.location.pathname + window.location.search);
  }

  /* The JSON text of the element whose id the mount point's attribute names. */
  function readData(root, attribute) {
    return JSON.parse(document.getElementById(root.getAttribute(attribute)).textContent);
  }

  /* ---- weights ---------------------------------------------------------------------------- */

  /* The page carries arrays in subject and factor order, each rating once in the `ratings` legend
   * (referred to by position) and only what each scenario sets (views.interactive_data); the
   * panel looks values up by id. */
  function expand(compact) {
    var legend = compact.ratings, subjects = compact.subjects, factors = compact.factors;
    function bySubject(positions, field) {
      var out = {};
      positions.forEach(function (rating, i) {
        if (rating !== null) out[subjects[i].id] = legend[rating][field];
      });
      return out;
    }
    return {
      subjects: subjects, weights: compact.weights, defaultWeight: compact.defaultWeight,
      factors: factors.map(function (f) {
        return { id: f.id, name: f.name, scores: bySubject(f.ratings, "score"), ratings: bySubject(f.ratings, "title") };
      }),
      presets: compact.presets.map(function (p) {
        var weights = {}, scores = {}, titles = {};
        factors.forEach(function (f) { weights[f.id] = 0; });
        p.weights.forEach(function (pair) { weights[factors[pair[0]].id] = pair[1]; });
        p.own.forEach(function (triple) {
          var factorId = factors[triple[0]].id, subjectId = subjects[triple[1]].id, rating = legend[triple[2]];
          (scores[factorId] = scores[factorId] || {})[subjectId] = rating.score;
          (titles[factorId] = titles[factorId] || {})[subjectId] = rating.title;
        });
        return { id: p.id, name: p.name, weights: weights, scores: scores, ratings: titles };
      })
    };
  }

  /* A scenario's own rating of a subject on a factor replaces the general one while that scenario
   * is selected, exactly as the engine computes the scenario's ranking (views.scenario_ranking). */
  function rated(factor, subjectId, preset) {
    var own = preset && preset.scores[factor.id];
    if (own && own[subjectId] !== undefined) {
      return { value: own[subjectId], label: preset.ratings[factor.id][subjectId], own: true };
    }
    return { value: factor.scores[subjectId], label: factor.ratings[subjectId], own: false };
  }

  function ranking(data, weights, preset) {
    var rows = data.subjects.map(function (subject) {
      var total = 0, weightSum = 0, parts = [];
      data.factors.forEach(function (factor) {
        var weight = weights[factor.id], rating = rated(factor, subject.id, preset), value = rating.value;
        parts.push({ factor: factor, weight: weight, value: value, rating: rating });
        if (weight && value !== null && value !== undefined) {
          total += weight * value;
          weightSum += weight;
        }
      });
      var score = weightSum ? Math.round((total / weightSum) * 10000) / 10000 : 0;
      return { subject: subject, score: score, parts: parts };
    });
    rows.sort(function (a, b) {
      return b.score - a.score || (a.subject.name.toLowerCase() < b.subject.name.toLowerCase() ? -1 : 1);
    });
    return rows;
  }

  /* The panel is built when it is first opened, or at once when it is open or the address carries
   * a view, so that a large base costs nothing here while the page loads. A click on the summary
   * comes before the panel opens; `toggle` covers any other way of opening it. */
  function setUpWeights(root) {
    var panel = root.closest("details"), built = false;
    function build() {
      if (!built) { built = true; buildWeights(root); }
    }
    if (!panel || panel.open || readHash("weights") || readHash("scenario")) return build();
    panel.addEventListener("click", function (event) {
      if (event.target.closest("summary") && event.target.closest("details") === panel) build();
    });
    panel.addEventListener("toggle", function () { if (panel.open) build(); });
  }

  function buildWeights(root) {
    var data = expand(readData(root, "data-versus-weights"));
    var presets = {};
    data.presets.forEach(function (p) { presets[p.id] = p; });
    var active = presets[readHash("scenario")] || null;
    var weights = {};

    function baseWeight(factorId) {
      return active ? active.weights[factorId] : data.defaultWeight;
    }
    data.factors.forEach(function (f) { weights[f.id] = baseWeight(f.id); });
    var fromHash = readHash("weights");
    var panel = root.closest("details");
    if ((fromHash || active) && panel) panel.open = true; /* a shared view opens the panel it was set in */
    if (fromHash) {
      fromHash.split(",").forEach(function (pair) {
        var bits = pair.split(":"), value = parseInt(bits[1], 10);
        if (bits[0] in weights && data.weights.indexOf(value) >= 0) weights[bits[0]] = value;
      });
    }

    var preset = el("select", { id: "versus-preset", "class": "versus-weights__preset" },
      [el("option", { value: "", text: "Equal weights" })].concat(data.presets.map(function (p) {
        return el("option", { value: p.id, text: p.name });
      })));
    var selects = {};
    var factorRows = data.factors.map(function (factor) {
      var id = "versus-weight-" + factor.id;
      var select = el("select", { id: id, "data-factor": factor.id },
        data.weights.map(function (w) {
          var labels = ["0 (ignore)", "1", "2", "3 (decisive)"];
          return el("option", { value: String(w), text: labels[w] || String(w) });
        }));
      select.value = String(weights[factor.id]);
      selects[factor.id] = select;
      return el("tr", {}, [el("th", { scope: "row" }, [el("label", { "for": id, text: factor.name })]), el("td", {}, [select])]);
    });
    var factorTable = el("table", {}, [
      el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: "Factor" }), el("th", { scope: "col", text: "Weight" })])]),
      el("tbody", {}, factorRows)]);
    if (active) preset.value = active.id;
    var result = el("ol", { "class": "versus-weights__ranking", "aria-live": "polite", id: "versus-ranking" });

    /* A subject's breakdown, one row per weighed factor: made when its disclosure is first opened,
     * so a large base (thousands of ratings) costs nothing here until someone asks. */
    function breakdown(row) {
      return el("table", {}, [
        el("thead", {}, [el("tr", {}, ["Factor", "Weight", "Rating", "Points"].map(function (t) { return el("th", { scope: "col", text: t }); }))]),
        el("tbody", {}, row.parts.filter(function (p) { return p.weight; }).map(function (p) {
          var known = p.value !== null && p.value !== undefined;
          return el("tr", {}, [el("td", { text: p.factor.name }), el("td", { text: String(p.weight) }),
            el("td", { text: p.rating.label + (p.rating.own ? " (for this scenario)" : "") }),
            el("td", { text: known ? String(p.weight * p.value) : "not counted" })]);
        }))]);
    }
    var shown = [];
    function fill(details) {
      var index = Array.prototype.indexOf.call(result.children, details.parentNode);
      if (index >= 0 && !details.querySelector("table")) details.appendChild(breakdown(shown[index]));
    }
    /* A click on a summary comes before the disclosure opens; `toggle` covers any other way of opening. */
    result.addEventListener("click", function (event) {
      var summary = event.target.closest("summary");
      if (summary) fill(summary.parentNode);
    });
    result.addEventListener("toggle", function (event) { if (event.target.open) fill(event.target); }, true);

    function render() {
      result.textContent = "";
      shown = ranking(data, weights, active);
      shown.forEach(function (row) {
        result.appendChild(el("li", { "data-subject": row.subject.id }, [
          el("strong", { text: row.subject.name }), document.createTextNode(" score " + row.score.toFixed(2) + " of 4 "),
          el("details", {}, [el("summary", { text: "How " + row.subject.name + " scores" })])]));
      });
      var changed = data.factors.filter(function (f) { return weights[f.id] !== baseWeight(f.id); })
        .map(function (f) { return f.id + ":" + weights[f.id]; });
      writeHash({ scenario: active ? active.id : "", weights: changed.join(",") });
    }

    preset.addEventListener("change", function () {
      active = presets[preset.value] || null;
      data.factors.forEach(function (f) {
        weights[f.id] = baseWeight(f.id);
        selects[f.id].value = String(weights[f.id]);
      });
      render();
    });
    data.factors.forEach(function (f) {
      selects[f.id].addEventListener("change", function () {
        weights[f.id] = parseInt(selects[f.id].value, 10);
        render();
      });
    });

    root.textContent = "";
    root.appendChild(el("div", { "class": "versus-weights__controls" }, [
      el("p", {}, [el("label", { "for": "versus-preset", text: "Start from a scenario: " }), preset]),
      el("p", { "class": "versus-weights__note", text: "A scenario sets the weights its page uses, and its own ratings " +
        "(where it has any) replace the general ones while it is selected. Factors it does not list weigh 0." }),
      factorTable]));
    root.appendChild(el("h3", { text: "Ranking" }));
    root.appendChild(result);
    render();
  }

  /* ---- pick subjects ---------------------------------------------------------------------- */

  function setUpPick(root) {
    var subjects = readData(root, "data-versus-pick");
    var chosen = {};
    var fromHash = readHash("subjects");
    var wanted = fromHash ? fromHash.split(",") : subjects.map(function (s) { return s.id; });
    subjects.forEach(function (s) { chosen[s.id] = wanted.indexOf(s.id) >= 0; });
    var tables = document.querySelectorAll("[data-versus-columns]");
    var empty = el("p", { "class": "versus-pick__empty", text: "Pick at least one subject to compare." });

    function apply() {
      Array.prototype.forEach.call(tables, function (table) {
        Array.prototype.forEach.call(table.querySelectorAll("[data-subject]"), function (cell) {
          cell.hidden = !chosen[cell.getAttribute("data-subject")];
        });
      });
      var ids = subjects.filter(function (s) { return chosen[s.id]; }).map(function (s) { return s.id; });
      empty.hidden = ids.length > 0;
      writeHash({ subjects: ids.length === subjects.length ? "" : ids.join(",") });
    }

    var boxes = subjects.map(function (s) {
      var id = "versus-pick-" + s.id;
      var box = el("input", { type: "checkbox", id: id, value: s.id });
      box.checked = chosen[s.id];
      box.addEventListener("change", function () { chosen[s.id] = box.checked; apply(); });
      return el("label", { "for": id, "class": "versus-pick__choice" }, [box, document.createTextNode(" " + s.name)]);
    });
    root.textContent = "";
    root.appendChild(el("fieldset", { "class": "versus-pick__form" }, [el("legend", { text: "Subjects to compare" })].concat(boxes)));
    root.appendChild(empty);
    apply();
  }

  /* ---- compact grid ----------------------------------------------------------------------- */

  /* A compact grid (gridview.py: no notes in place) comes in blocks of rows; until it is marked
   * ready, the blocks after the first are not drawn (versus.css), so that the theme's start-up
   * work does not style thousands of cells. Ready, they are drawn as they come into view, and a
   * cell leads to that subject's note on the factor's page (anchor "rating-" + subject id,
   * gridview.note_anchor). One listener per grid; nothing is done per cell. Without JavaScript
   * every block is drawn and the factor's name is the link. */
  function setUpCompactGrid(wrap) {
    wrap.classList.add("versus-grid-wrap--ready");
    wrap.addEventListener("click", function (event) {
      var cell = event.target.closest("td"), table = cell && cell.closest("table");
      if (!cell || event.target.closest("a") || cell.parentNode.parentNode.tagName !== "TBODY" || !table.tHead) return;
      var head = table.tHead.rows[0].cells[cell.cellIndex];
      var subject = head && head.getAttribute("data-subject");
      var link = cell.parentNode.querySelector("th a");
      if (!subject || !link) return;
      var target = link.href.split("#")[0] + "#rating-" + subject;
      if (event.ctrlKey || event.metaKey) window.open(target);
      else window.location.href = target;
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".versus-grid-wrap--compact"), setUpCompactGrid);
    Array.prototype.forEach.call(document.querySelectorAll("[data-versus-weights]"), setUpWeights);
    Array.prototype.forEach.call(document.querySelectorAll("[data-versus-pick]"), setUpPick);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
