/* Convene widgets for partner sites: <convene-commitments> and <convene-stats>.
 * One framework-free ES2019 file, served at /widgets/convene.js. Data is written with textContent only,
 * styles live in each element's shadow root, and the element's own children (e.g. a link) are the
 * fallback shown when JavaScript is off or the data cannot be loaded.
 */
/* global window, document, customElements, HTMLElement, fetch, CSSStyleSheet */
(function () {
  "use strict";
  if (typeof window === "undefined" || !window.customElements || window.customElements.get("convene-commitments")) return;

  var script = document.currentScript;
  // Default base: the origin this script was loaded from (the Convene that serves it).
  var scriptOrigin = script && script.src ? new URL(script.src, document.baseURI).origin : window.location.origin;

  var LABELS = {
    en: {
      loading: "Loading…",
      empty: "No commitments yet.",
      failed: "Commitments could not be loaded.",
      all: "All commitments",
      by: "by",
      commitments: "Commitments",
      actors: "Actors",
      countries: "Countries",
      planning: "Planning",
      development: "Development",
      implementation: "Implementation",
      evaluation: "Evaluation",
      completed: "Completed",
    },
    ru: {
      loading: "Загрузка…",
      empty: "Обязательств пока нет.",
      failed: "Не удалось загрузить обязательства.",
      all: "Все обязательства",
      by: "автор:",
      commitments: "Обязательства",
      actors: "Участники",
      countries: "Страны",
      planning: "Планирование",
      development: "Разработка",
      implementation: "Реализация",
      evaluation: "Оценка",
      completed: "Завершено",
    },
  };

  // wording="memorandum": a memorandum's programme activities and signatories instead of commitments and actors.
  var MEMORANDUM_LABELS = {
    en: {
      empty: "No programme activities yet.",
      failed: "Programme activities could not be loaded.",
      all: "All programme activities",
      commitments: "Programme activities",
      actors: "Signatories",
    },
    ru: {
      empty: "Мероприятий программы пока нет.",
      failed: "Не удалось загрузить мероприятия программы.",
      all: "Все мероприятия программы",
      commitments: "Мероприятия программы",
      actors: "Подписанты",
    },
  };

  var CSS =
    ":host{display:block;font:inherit;color:inherit}" +
    ":host([hidden]){display:none}" +
    ".cv{border:1px solid #d0d7de;border-radius:6px;padding:.75rem 1rem}" +
    ".cv-list{list-style:none;margin:0;padding:0}" +
    ".cv-item{padding:.5rem 0;border-bottom:1px solid #eaeef2}" +
    ".cv-item:last-child{border-bottom:0}" +
    ".cv-title{font-weight:600;color:#0b5394}" +
    ".cv-meta{display:block;font-size:.875em;color:#57606a}" +
    ".cv-more{display:inline-block;margin-top:.5rem}" +
    ".cv-stats{display:flex;flex-wrap:wrap;gap:1rem;margin:0}" +
    ".cv-stat{display:flex;flex-direction:column-reverse;min-width:6rem}" +
    ".cv-stat dd{margin:0;font-size:1.75em;font-weight:700}" +
    ".cv-stat dt{font-size:.875em;color:#57606a}" +
    ".cv-note{color:#57606a;margin:0}";

  var sheet = null;
  function styleInto(root) {
    // A constructed stylesheet is not inline style, so a strict CSP on the partner page still allows it.
    if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function") {
      try {
        if (!sheet) {
          sheet = new CSSStyleSheet();
          sheet.replaceSync(CSS);
        }
        root.adoptedStyleSheets = [sheet];
        return;
      } catch (_error) {
        // fall back to a style element below
      }
    }
    var style = document.createElement("style");
    style.textContent = CSS;
    root.appendChild(style);
  }

  function labelsFor(element) {
    var asked = (element.getAttribute("lang") || document.documentElement.lang || "en").toLowerCase().slice(0, 2);
    var lang = LABELS[asked] ? asked : "en";
    var text = element.getAttribute("wording") === "memorandum" ? Object.assign({}, LABELS[lang], MEMORANDUM_LABELS[lang]) : LABELS[lang];
    return { lang: lang, text: text };
  }

  function pick(value, lang) {
    if (!value) return "";
    if (value[lang]) return value[lang];
    if (value.en) return value.en;
    for (var key in value) if (Object.prototype.hasOwnProperty.call(value, key) && value[key]) return value[key];
    return "";
  }

  var regionNames = {};
  // Country names in the widget's language from the browser's own data (Intl.DisplayNames): nothing to
  // download for any language; a browser without it shows the ISO codes the API sends.
  function countryNames(codes, lang) {
    if (!(lang in regionNames)) {
      try {
        regionNames[lang] = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames([lang], { type: "region" }) : null;
      } catch (_error) {
        regionNames[lang] = null;
      }
    }
    var names = regionNames[lang];
    return (codes || [])
      .map(function (code) {
        try {
          return (names && names.of(code)) || code;
        } catch (_error) {
          return code;
        }
      })
      .join(", ");
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = String(text);
    return node;
  }

  // Only http(s) links from the data are followed: a "javascript:" URL would run on the partner's page.
  function safeHref(href) {
    try {
      var url = new URL(href);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (_error) {
      return null;
    }
  }

  function baseOf(element) {
    var base = element.getAttribute("base") || scriptOrigin;
    return base.replace(/\/+$/, "");
  }

  function apiUrl(element, path, query) {
    var url = new URL(baseOf(element) + "/api/v1/spaces/" + encodeURIComponent(element.getAttribute("space") || "") + "/commitments" + path);
    for (var name in query) if (Object.prototype.hasOwnProperty.call(query, name) && query[name]) url.searchParams.set(name, query[name]);
    return url.href;
  }

  function getJson(url) {
    return fetch(url, { headers: { accept: "application/json" }, credentials: "omit", mode: "cors" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  /** Shared life cycle: a shadow root with the styles, a body, and a <slot> that shows the fallback on failure. */
  class ConveneElement extends HTMLElement {
    connectedCallback() {
      if (!this.shadowRoot) {
        var root = this.attachShadow({ mode: "open" });
        styleInto(root);
        this._body = el("div", "cv");
        this._body.setAttribute("part", "body");
        root.appendChild(this._body);
      }
      this._start();
    }

    attributeChangedCallback(_name, oldValue, newValue) {
      if (this._body && oldValue !== newValue) this._start();
    }

    _status(text, isFailure) {
      this._body.textContent = "";
      var note = el("p", "cv-note", text);
      note.setAttribute("role", "status");
      this._body.appendChild(note);
      // On failure the light-DOM fallback (e.g. a link to the list) is shown again.
      if (isFailure) this._body.appendChild(document.createElement("slot"));
    }

    /** Loads url and hands the JSON to render, ignoring answers to requests an attribute change superseded. */
    _fetch(url, render) {
      var labels = labelsFor(this);
      var request = (this._request = {});
      this._status(labels.text.loading, false);
      getJson(url)
        .then((data) => {
          if (request === this._request) {
            this._body.textContent = "";
            render.call(this, data, labels);
          }
        })
        .catch(() => {
          if (request === this._request) this._status(labels.text.failed, true);
        });
    }
  }

  class ConveneCommitments extends ConveneElement {
    static get observedAttributes() {
      return ["space", "target", "country", "lang", "limit", "base", "wording"];
    }

    _start() {
      var limit = Math.min(Math.max(parseInt(this.getAttribute("limit") || "5", 10) || 5, 1), 50);
      // Only commitments whose owners agreed to be shown on partner platforms appear in widgets.
      var query = { limit: String(limit), target: this.getAttribute("target"), country: this.getAttribute("country"), partner_display: "true" };
      this._fetch(apiUrl(this, "", query), this._render);
    }

    _render(page, labels) {
      var body = this._body;
      var items = page.data || [];
      if (!items.length) {
        body.appendChild(el("p", "cv-note", labels.text.empty));
      } else {
        var list = el("ul", "cv-list");
        for (var index = 0; index < items.length; index++) {
          var item = items[index];
          var row = el("li", "cv-item");
          var href = safeHref(item.url);
          var title = el(href ? "a" : "span", "cv-title", pick(item.title, labels.lang));
          if (href) title.setAttribute("href", href);
          row.appendChild(title);
          var meta = [pick(item.owner && item.owner.name, labels.lang), labels.text[item.stage] || "", countryNames(item.countries, labels.lang)];
          row.appendChild(el("span", "cv-meta", meta.filter(Boolean).join(" · ")));
          list.appendChild(row);
        }
        body.appendChild(list);
      }
      var allHref = safeHref(baseOf(this) + "/spaces/" + encodeURIComponent(this.getAttribute("space") || "") + "/commitments");
      if (allHref) {
        var more = el("a", "cv-more", labels.text.all);
        more.setAttribute("href", allHref);
        body.appendChild(more);
      }
    }
  }

  class ConveneStats extends ConveneElement {
    static get observedAttributes() {
      return ["space", "lang", "base", "wording"];
    }

    _start() {
      this._fetch(apiUrl(this, "/stats", {}), this._render);
    }

    _render(stats, labels) {
      var list = el("dl", "cv-stats");
      var names = ["commitments", "actors", "countries"];
      var format = new Intl.NumberFormat(labels.lang);
      for (var index = 0; index < names.length; index++) {
        var group = el("div", "cv-stat");
        group.appendChild(el("dt", "", labels.text[names[index]]));
        var value = el("dd", "", format.format(Number(stats[names[index]]) || 0));
        value.setAttribute("data-stat", names[index]);
        group.appendChild(value);
        list.appendChild(group);
      }
      this._body.appendChild(list);
    }
  }

  customElements.define("convene-commitments", ConveneCommitments);
  customElements.define("convene-stats", ConveneStats);
})();
