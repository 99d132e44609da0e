/* The shared runtime of Convene's widgets for partner sites (<convene-commitments>, <convene-events>,
 * <convene-showcase>…). bundle.ts puts it and one element's file into one framework-free ES2019 script, so a
 * partner loads one file per widget and every widget keeps the same rules: data is written with textContent only,
 * styles live in the element's shadow root (a constructed stylesheet, so a strict CSP on the partner page allows
 * it), only http(s) links from the data are followed, requests carry no cookies, and the element's own children
 * (e.g. a link to the list) are the fallback shown when JavaScript is off or the data cannot be loaded.
 */
/* global window, document, HTMLElement, fetch, CSSStyleSheet */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
var Convene = (function () {
  var script = document.currentScript;
  // Default base: the origin this script was loaded from (the Convene that serves it).
  var scriptOrigin = script && script.src ? new URL(script.src, document.baseURI).origin : window.location.origin;

  var BASE_CSS =
    ":host{display:block;font:inherit;color:inherit}" +
    ":host([hidden]){display:none}" +
    ".cv{border:1px solid #d0d7de;border-radius:6px;padding:.75rem 1rem}" +
    ".cv-list{list-style:none;margin:0;padding:0}" +
    ".cv-item{padding:.5rem 0;border-bottom:1px solid #eaeef2}" +
    ".cv-item:last-child{border-bottom:0}" +
    ".cv-title{font-weight:600;color:#0b5394}" +
    ".cv-meta{display:block;font-size:.875em;color:#57606a}" +
    ".cv-more{display:inline-block;margin-top:.5rem}" +
    ".cv-note{color:#57606a;margin:0}";

  var sheets = {};
  function styleInto(root, css) {
    if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function") {
      try {
        if (!sheets[css]) {
          sheets[css] = new CSSStyleSheet();
          sheets[css].replaceSync(css);
        }
        root.adoptedStyleSheets = [sheets[css]];
        return;
      } catch (_error) {
        // fall back to a style element below
      }
    }
    var style = document.createElement("style");
    style.textContent = css;
    root.appendChild(style);
  }

  /** The text of a multilingual value ({en, ru}) in lang, else English, else any. */
  function pick(value, lang) {
    if (!value) return "";
    if (value[lang]) return value[lang];
    if (value.en) return value.en;
    for (var key in value) if (Object.prototype.hasOwnProperty.call(value, key) && value[key]) return value[key];
    return "";
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
    return (element.getAttribute("base") || scriptOrigin).replace(/\/+$/, "");
  }

  /** The element's language among those `labels` has (its lang attribute, else the page's, else English). */
  function langOf(element, labels) {
    var asked = (element.getAttribute("lang") || document.documentElement.lang || "en").toLowerCase().slice(0, 2);
    return labels[asked] ? asked : "en";
  }

  /** An integer attribute within [min, max], else the default. */
  function limitOf(element, fallback, max) {
    return Math.max(1, Math.min(max, parseInt(element.getAttribute("limit") || String(fallback), 10) || fallback));
  }

  function getJson(url) {
    return fetch(url, { headers: { accept: "application/json" }, credentials: "omit", mode: "cors" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  /**
   * Shared life cycle: a shadow root with the styles, a body, and a <slot> that shows the fallback on failure.
   * A subclass defines _start() (which calls _fetch), _labels() ({loading, failed, …} in the element's language)
   * and, for styles of its own, _css().
   */
  class ConveneElement extends HTMLElement {
    connectedCallback() {
      if (!this.shadowRoot) {
        var root = this.attachShadow({ mode: "open" });
        styleInto(root, BASE_CSS + (this._css ? this._css() : ""));
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
      var labels = this._labels();
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

  return { Element: ConveneElement, pick: pick, el: el, safeHref: safeHref, baseOf: baseOf, langOf: langOf, limitOf: limitOf };
})();
