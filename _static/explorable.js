/* Cramp Lab: explorable figures in the static book (no kernel, no network beyond this site).

   Each <figure class="cramp-explorable"> carries its controls (disabled until this script runs)
   and, in <script class="cx-spec">, what the script needs: every control's kind, range, step or
   options and initial value, the sweep contexts and the named scenarios.

   Pictures: one control differs from its starting value at a time. Moving a control puts the
   others back to their starting values (or to the values that go with it, the "context"), and
   shows <root><key>.webp with the description <root><key>.txt, where key is "initial",
   "<control>-<index on its grid>" or "scenario-<k>". Both are fetched when needed (only the
   newest request is shown), and the neighbours of the new state are fetched ahead.

   The specialist finder (figure.cx-in-page) instead evaluates the triage rules, read from the
   same JSON file as Python's widgets.clinical.specialists.recommend, for any set of findings,
   and writes the same list as the live widget's to_html.

   Events: after a new picture and description are shown the figure gets data-cx-state=<key> and
   dispatches "cx-shown" (detail: {key, painted}), which the tests and benchmarks listen to. */
(function () {
  "use strict";

  var images = new Map();   /* url -> Promise<url> (decoded) */
  var texts = new Map();    /* url -> Promise<string> */

  /* The promise CACHE holds for URL, made by LOAD(url) the first time; one that fails is
     forgotten, so the next call tries again. */
  function once(cache, url, load) {
    if (!cache.has(url)) {
      var done = load(url);
      done.catch(function () { cache.delete(url); });
      cache.set(url, done);
    }
    return cache.get(url);
  }

  /* fetch(url) read with READ ("text" or "json"); an HTTP error status rejects. */
  function fetchAs(read) {
    return function (url) {
      return fetch(url).then(function (response) {
        if (!response.ok) { throw new Error(url + ": " + response.status); }
        return response[read]();
      });
    };
  }

  function loadImage(url, low) {
    return once(images, url, function () {
      var image = new Image();
      if (low) { image.fetchPriority = "low"; }
      image.decoding = "async";
      image.src = url;
      /* decode() may reject although the picture loads (a busy page may drop a decode): then
         the load events decide */
      return image.decode().catch(function () {
        return new Promise(function (resolve, reject) {
          if (image.complete) {
            if (image.naturalWidth > 0) { resolve(); } else { reject(new Error(url)); }
            return;
          }
          image.onload = function () { resolve(); };
          image.onerror = function () { reject(new Error(url)); };
        });
      }).then(function () { return url; });
    });
  }

  function loadText(url) {
    return once(texts, url, fetchAs("text"));
  }

  function afterPaint(callback) {
    requestAnimationFrame(function () { setTimeout(callback, 0); });
  }

  function same(a, b) {
    if (typeof a === "number" && typeof b === "number") {
      return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    }
    return a === b;
  }

  /* --- pictures -------------------------------------------------------------------------- */

  function Explorable(figure, spec) {
    var self = this;
    this.figure = figure;
    this.spec = spec;
    this.root = figure.getAttribute("data-cx-root");
    this.image = figure.querySelector("img.cx-image");
    this.description = figure.querySelector(".cx-description");
    this.status = figure.querySelector(".cx-status");
    this.scenario = figure.querySelector("select[name='__scenario']");
    this.reset = figure.querySelector(".cx-reset");
    this.enlarge = figure.querySelector("a.cramp-enlarge");
    this.controls = {};
    this.wanted = null;
    this.busy = false;
    this.key = "initial";
    /* the phone layout of the pictures (panels stacked) on narrow screens, where there is one */
    this.phone = (spec.layouts || []).indexOf("phone") >= 0 && window.matchMedia ?
      window.matchMedia(spec.phone_media) : null;
    var source = figure.querySelector("picture > source");
    if (source) {   /* from here on the script picks the file for each state (see urls) */
      this.image.src = this.urls("initial")[0];
      source.remove();
    }
    if (this.phone) {
      this.phone.addEventListener("change", function () {
        self.show(self.key, self.status.textContent);
      });
    }
    spec.controls.forEach(function (control) {
      control.input = figure.querySelector("[name='" + control.name + "']");
      control.note = control.input.closest(".cx-control").querySelector(".cx-note");
      self.controls[control.name] = control;
      var event = control.kind === "range" ? "input" : "change";
      control.input.addEventListener(event, function () { self.moved(control); });
      control.input.addEventListener("focus", function () {
        self.prefetch(control, self.indexOf(control));
      });
      control.input.closest(".cx-control").querySelectorAll("button.cx-step").forEach(function (button) {
        button.addEventListener("click", function () {
          self.step(control, Number(button.getAttribute("data-step")));
        });
        button.addEventListener("focus", function () {
          self.prefetch(control, self.indexOf(control));
        });
      });
    });
    if (this.scenario) {
      this.scenario.addEventListener("change", function () { self.chooseScenario(self.scenario.value); });
    }
    this.reset.addEventListener("click", function () { self.chooseScenario(""); });
    figure.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); });
    figure.querySelectorAll("input, select, button").forEach(function (el) { el.disabled = false; });
    figure.setAttribute("data-cx-state", "initial");
    figure.setAttribute("data-cx-ready", "true");
  }

  Explorable.prototype.valueAt = function (control, index) {
    if (control.kind === "checkbox") { return index === 1; }
    if (control.kind === "select") { return control.values[index]; }
    var v = control.min + index * control.step;
    return control.integer ? Math.round(v) : Number(v.toFixed(10));
  };

  Explorable.prototype.indexOf = function (control) {
    var input = control.input;
    if (control.kind === "checkbox") { return input.checked ? 1 : 0; }
    if (control.kind === "select") { return Number(input.value); }
    return Math.round((Number(input.value) - control.min) / control.step);
  };

  Explorable.prototype.indexOfValue = function (control, value) {
    if (control.kind === "checkbox") { return value ? 1 : 0; }
    if (control.kind === "select") {
      for (var i = 0; i < control.values.length; i++) {
        if (same(control.values[i], value)) { return i; }
      }
      return 0;
    }
    return Math.round((value - control.min) / control.step);
  };

  Explorable.prototype.text = function (control, index) {
    if (control.kind === "checkbox") { return control.label + (index ? ": ticked" : ": not ticked"); }
    if (control.kind === "select") {
      return control.label + ": " + control.input.options[index].textContent;
    }
    return control.label + " " + this.valueText(control, this.valueAt(control, index));
  };

  Explorable.prototype.valueText = function (control, value) {
    return (value.toFixed(control.decimals) + " " + (control.unit || "")).trim();
  };

  /* One step of a range (the - and + buttons), as an arrow key would move it. */
  Explorable.prototype.step = function (control, sign) {
    var index = this.indexOf(control) + sign;
    if (index < 0 || index >= control.n) { return; }
    this.put(control, this.valueAt(control, index));
    this.moved(control);
  };

  /* Put a control to a value (no event): the input and the visible value. */
  Explorable.prototype.put = function (control, value) {
    var input = control.input;
    if (control.kind === "checkbox") {
      input.checked = !!value;
    } else if (control.kind === "select") {
      input.value = String(this.indexOfValue(control, value));
    } else {
      input.value = String(value);
      var shown = this.valueText(control, value);
      input.setAttribute("aria-valuetext", shown);
      input.parentNode.querySelector(".cx-value").textContent = shown;
    }
  };

  Explorable.prototype.putAll = function (values) {
    var self = this;
    this.spec.controls.forEach(function (control) {
      var value = control.name in values ? values[control.name] : self.spec.initial[control.name];
      self.put(control, value);
    });
  };

  Explorable.prototype.keyFor = function (control, index) {
    var context = this.spec.context[control.name];
    if (!context && index === control.initial_index) { return "initial"; }
    return control.name + "-" + index;
  };

  Explorable.prototype.moved = function (control) {
    var self = this;
    var index = this.indexOf(control);
    var others = Object.assign({}, this.spec.initial, this.spec.context[control.name] || {});
    others[control.name] = this.valueAt(control, index);
    var before = {};
    this.spec.controls.forEach(function (c) { before[c.name] = self.indexOf(c); });
    this.putAll(others);
    if (this.scenario) { this.scenario.value = ""; }
    /* say which other controls this move set back (one control at a time), there and in the status */
    var setBack = [];
    this.spec.controls.forEach(function (c) {
      c.note.textContent = "";
      var now = self.indexOf(c);
      if (c !== control && now !== before[c.name]) {
        c.note.textContent = "Set to " + self.shownValue(c, now) + " (one control at a time)";
        setBack.push(self.text(c, now));
      }
    });
    var key = this.keyFor(control, index);
    var status = key === "initial" ? "Showing the starting values." :
      "Showing " + this.text(control, index) + "; every other control at its starting value" +
      (this.spec.context[control.name] ? " or the setting it acts on." : ".");
    if (setBack.length) { status += " Set back: " + setBack.join(", ") + "."; }
    this.show(key, status);
    this.prefetch(control, index);
  };

  /* The value of CONTROL at INDEX as shown beside it ("4.0 mmol/L", "ticked", an option). */
  Explorable.prototype.shownValue = function (control, index) {
    if (control.kind === "checkbox") { return index ? "ticked" : "not ticked"; }
    if (control.kind === "select") { return control.input.options[index].textContent; }
    return this.valueText(control, this.valueAt(control, index));
  };

  Explorable.prototype.clearNotes = function () {
    this.spec.controls.forEach(function (c) { c.note.textContent = ""; });
  };

  Explorable.prototype.chooseScenario = function (value) {
    if (this.scenario) { this.scenario.value = value; }
    this.clearNotes();
    if (value === "") {
      this.putAll({});
      this.show("initial", "Showing the starting values.");
      return;
    }
    var k = Number(value);
    this.putAll(this.spec.scenarios[k]);
    var name = this.scenario.options[this.scenario.selectedIndex].textContent;
    this.show("scenario-" + k, "Showing the example \u201c" + name + "\u201d.");
  };

  /* [picture for this screen, its description, wide picture (what Enlarge opens)] of state KEY */
  Explorable.prototype.urls = function (key) {
    var name = this.root + key + (this.phone && this.phone.matches ? ".phone" : "");
    return [name + ".webp", name + ".txt", this.root + key + ".webp"];
  };

  /* Show KEY: the newest wish wins; one load at a time, intermediate wishes are skipped. */
  Explorable.prototype.show = function (key, status) {
    this.wanted = {key: key, status: status};
    if (!this.busy) { this.pump(); }
  };

  Explorable.prototype.pump = function () {
    var self = this;
    var wish = this.wanted;
    this.wanted = null;
    this.busy = true;
    this.figure.setAttribute("aria-busy", "true");
    var urls = this.urls(wish.key);
    Promise.all([loadImage(urls[0]), loadText(urls[1])]).then(function (loaded) {
      /* shown even if a newer wish is waiting: it is newer than what is on the screen */
      self.image.src = loaded[0];
      self.key = wish.key;
      if (self.enlarge) { self.enlarge.href = urls[2]; }
      self.description.textContent = loaded[1];
      self.status.textContent = wish.status;
      self.figure.setAttribute("data-cx-state", wish.key);
      if (!self.wanted) {
        afterPaint(function () {
          self.figure.dispatchEvent(new CustomEvent("cx-shown", {
            detail: {key: wish.key, painted: performance.now()}}));
        });
      }
    }, function () {
      if (self.wanted) { return; }
      self.status.textContent = "This picture could not be loaded; run the chapter live instead.";
    }).then(function () {
      self.busy = false;
      if (self.wanted) {
        self.pump();
      } else {
        self.figure.removeAttribute("aria-busy");
      }
    });
  };

  /* Fetch ahead the states next to INDEX on CONTROL (two steps each way, or the other options). */
  Explorable.prototype.prefetch = function (control, index) {
    var n = control.kind === "range" ? control.n : control.kind === "select" ? control.values.length : 2;
    var self = this;
    [1, -1, 2, -2].forEach(function (d) {
      var j = index + d;
      if (j < 0 || j >= n) { return; }
      var urls = self.urls(self.keyFor(control, j));
      loadImage(urls[0], true).catch(function () {});
      loadText(urls[1]).catch(function () {});
    });
  };

  /* --- the specialist finder: the triage rules evaluated in the page --------------------- */

  function escapeHtml(text) {   /* as Python's html.escape(text, quote=True) */
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
  }

  function byCodePoint(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  /* recommend(data, findings): as widgets.clinical.specialists.recommend, on the rules' JSON. */
  function recommend(data, findings) {
    var labels = {};
    data.findings.forEach(function (group) {
      group.items.forEach(function (item) { labels[item.id] = item.label; });
    });
    var chosen = new Set(findings);
    chosen.forEach(function (id) {
      if (!(id in labels)) { throw new Error("unknown finding id " + id); }
    });
    var clause = function (entry) { return typeof entry === "string" ? [entry] : entry; };
    var has = function (ids) { return ids.some(function (id) { return chosen.has(id); }); };
    var fired = data.rules.filter(function (rule) {
      if (has(rule.unless || [])) { return false; }
      if (!(rule.all || []).every(function (entry) { return has(clause(entry)); })) { return false; }
      /* an entry of "any" that is a list is one case: met when all of its ids are present */
      return !(rule.any || []).length || (rule.any).some(function (entry) {
        return clause(entry).every(function (id) { return chosen.has(id); });
      });
    });
    var order = data.urgency_order;
    fired = fired.map(function (rule, i) { return [rule, i]; }).sort(function (a, b) {
      return (order.indexOf(a[0].urgency) - order.indexOf(b[0].urgency)) || (a[1] - b[1]);
    }).map(function (pair) { return pair[0]; });
    var out = fired.map(function (rule) {
      var ids = new Set();
      (rule.all || []).forEach(function (entry) { clause(entry).forEach(function (id) { ids.add(id); }); });
      (rule.any || []).forEach(function (entry) { clause(entry).forEach(function (id) { ids.add(id); }); });
      var triggered = Array.from(ids).filter(function (id) { return chosen.has(id); }).sort(byCodePoint);
      return {rule_id: rule.id, urgency: rule.urgency, urgency_label: data.urgency_labels[rule.urgency],
              specialist: rule.specialist, reason: rule.reason, source: rule.source,
              guideline: data.guidelines[rule.source],
              red_flag: rule.urgency !== "routine", triggered_by: triggered};
    });
    var d = data["default"];
    out.push({rule_id: d.id, urgency: d.urgency, urgency_label: data.urgency_labels[d.urgency],
              specialist: d.specialist, reason: d.reason, source: d.source,
              guideline: data.guidelines[d.source], red_flag: false, triggered_by: []});
    out.labels = labels;
    return out;
  }

  /* The summary line as the live widget's SpecialistFinder.summary_html writes it. */
  function summaryHtml(recs) {
    var n = recs.length;
    var same = recs.filter(function (rec) { return rec.urgency === recs[0].urgency; }).length;
    return "<strong>Most urgent: " + escapeHtml(recs[0].urgency_label) + "</strong> (" +
      (n === 1 ? "the only recommendation" : "first of " + n + " recommendations" +
        (same > 1 ? ", " + same + " at this level" : "")) + ")";
  }

  /* The list as the live widget's SpecialistFinder.list_html writes it. */
  function listHtml(recs, colours) {
    var items = recs.map(function (rec) {
      var flag = rec.red_flag ? " (red flag)" : "";
      var because = rec.triggered_by.length ? "<br><small>because: " + escapeHtml(
        rec.triggered_by.map(function (id) { return recs.labels[id]; }).join(", ")) + "</small>" : "";
      return '<li style="border-left: 6px solid ' + colours[rec.urgency] +
        '; padding-left: 8px; margin-bottom: 8px"><strong>' + escapeHtml(rec.urgency_label) + flag +
        "</strong><br>" + escapeHtml(rec.specialist) + "<br>" + escapeHtml(rec.reason) +
        " <small>(guideline: " + escapeHtml(rec.guideline) + ")</small>" + because + "</li>";
    });
    return '<ol style="padding-left: 1.2em">' + items.join("") + "</ol>";
  }

  var rulesCache = new Map();
  function loadRules(url) {
    return once(rulesCache, url, fetchAs("json"));
  }

  function Finder(figure, spec) {
    var self = this;
    this.figure = figure;
    this.spec = spec;
    this.url = figure.getAttribute("data-cx-rules");
    this.boxes = Array.from(figure.querySelectorAll(".cx-group input[type='checkbox']"));
    this.list = figure.querySelector(".cx-list");
    this.summary = figure.querySelector(".cx-summary");
    this.scenario = figure.querySelector("select[name='__scenario']");
    this.count = 0;
    var warm = function () { loadRules(self.url).catch(function () {}); };
    figure.addEventListener("focusin", warm);
    figure.addEventListener("pointerdown", warm);
    this.boxes.forEach(function (box) {
      box.addEventListener("change", function () {
        if (self.scenario) { self.scenario.value = ""; }
        self.update();
      });
    });
    if (this.scenario) {
      this.scenario.addEventListener("change", function () { self.choose(self.scenario.value); });
    }
    figure.querySelector(".cx-reset").addEventListener("click", function () { self.choose(""); });
    figure.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); });
    figure.querySelectorAll("input, select, button").forEach(function (el) { el.disabled = false; });
    figure.setAttribute("data-cx-ready", "true");
  }

  Finder.prototype.choose = function (value) {
    if (this.scenario) { this.scenario.value = value; }
    var values = Object.assign({}, this.spec.initial, value === "" ? {} : this.spec.scenarios[Number(value)]);
    this.boxes.forEach(function (box) { box.checked = !!values[box.name]; });
    this.update();
  };

  Finder.prototype.findings = function () {
    return this.boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.name; });
  };

  Finder.prototype.update = function () {
    var self = this;
    var count = ++this.count;
    var findings = this.findings();
    loadRules(this.url).then(function (data) {
      if (count !== self.count) { return; }
      var recs = recommend(data, findings);
      self.list.innerHTML = listHtml(recs, self.spec.colours);
      self.summary.innerHTML = summaryHtml(recs);
      var key = findings.slice().sort(byCodePoint).join(",");
      self.figure.setAttribute("data-cx-state", key);
      afterPaint(function () {
        self.figure.dispatchEvent(new CustomEvent("cx-shown", {detail: {key: key, painted: performance.now()}}));
      });
    }, function () {
      self.summary.textContent = "The rules could not be loaded; run the chapter live instead.";
    });
  };

  /* --- start ------------------------------------------------------------------------------- */

  function start() {
    document.querySelectorAll("figure.cramp-explorable").forEach(function (figure) {
      if (figure.getAttribute("data-cx-ready")) { return; }
      var spec = JSON.parse(figure.querySelector("script.cx-spec").textContent);
      if (spec.evaluator === "specialist_rules") {
        figure.cxFinder = new Finder(figure, spec);
      } else {
        figure.cxExplorable = new Explorable(figure, spec);
      }
    });
  }

  window.CrampExplorable = {
    recommend: recommend,
    listHtml: listHtml,
    summaryHtml: summaryHtml,
    loadRules: loadRules,
    /* recommend() for many sets of findings at once (tests): [[rule ids], ...] and the HTML */
    check: function (url, sets, colours) {
      return loadRules(url).then(function (data) {
        return sets.map(function (findings) {
          var recs = recommend(data, findings);
          return {recs: recs.map(function (r) {
            return [r.rule_id, r.urgency, r.source, r.red_flag, r.triggered_by];
          }), html: '<p class="cx-summary" role="status" aria-live="polite" aria-atomic="true">' +
            summaryHtml(recs) + "</p>" + listHtml(recs, colours)};
        });
      });
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
