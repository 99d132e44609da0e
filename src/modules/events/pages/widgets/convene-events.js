/* Convene widget for partner sites: <convene-events space="slug" limit="5" lang="ru" when="upcoming" kind="online">.
 * One framework-free ES2019 file, served at /widgets/convene-events.js, built like <convene-commitments>: data is
 * written with textContent only, styles live in the shadow root, only http(s) links are followed, and the element's
 * own children (e.g. a link to the calendar) are the fallback shown when JavaScript is off or loading fails. It
 * reads the public events API, which never carries a meeting link. Without `space` it lists every public space.
 */
/* global window, document, customElements, HTMLElement, fetch, CSSStyleSheet */
(function () {
  "use strict";
  if (typeof window === "undefined" || !window.customElements || window.customElements.get("convene-events")) return;

  var script = document.currentScript;
  var scriptOrigin = script && script.src ? new URL(script.src, document.baseURI).origin : window.location.origin;

  var LABELS = {
    en: { loading: "Loading…", empty: "No upcoming events.", failed: "Events could not be loaded.", all: "All events", online: "online", cancelled: "Cancelled" },
    ru: { loading: "Загрузка…", empty: "Предстоящих мероприятий нет.", failed: "Не удалось загрузить мероприятия.", all: "Все мероприятия", online: "онлайн", cancelled: "Отменено" },
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
    ".cv-note{color:#57606a;margin:0}";

  var sheet = null;
  function styleInto(root) {
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

  function safeHref(href) {
    try {
      var url = new URL(href);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (_error) {
      return null;
    }
  }

  // When, in the event's own zone, in the widget's language; a browser without formatRange shows the start only.
  function when(event, lang) {
    try {
      var format = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: event.time_zone });
      var start = new Date(event.starts_at);
      var end = new Date(event.ends_at);
      return (typeof format.formatRange === "function" ? format.formatRange(start, end) : format.format(start)) + " (" + event.time_zone + ")";
    } catch (_error) {
      return event.starts_at;
    }
  }

  class ConveneEvents extends HTMLElement {
    static get observedAttributes() {
      return ["space", "limit", "lang", "when", "kind", "base"];
    }

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
      if (isFailure) this._body.appendChild(document.createElement("slot"));
    }

    _start() {
      var asked = (this.getAttribute("lang") || document.documentElement.lang || "en").toLowerCase().slice(0, 2);
      var lang = LABELS[asked] ? asked : "en";
      var text = LABELS[lang];
      var base = (this.getAttribute("base") || scriptOrigin).replace(/\/+$/, "");
      var space = this.getAttribute("space");
      var limit = Math.max(1, Math.min(20, parseInt(this.getAttribute("limit") || "5", 10) || 5));
      var url = new URL(base + (space ? "/api/v1/spaces/" + encodeURIComponent(space) + "/events" : "/api/v1/events"));
      url.searchParams.set("limit", String(limit));
      url.searchParams.set("lang", lang);
      if (this.getAttribute("when") === "past") url.searchParams.set("when", "past");
      if (this.getAttribute("kind")) url.searchParams.set("kind", this.getAttribute("kind"));
      var listHref = base + (space ? "/spaces/" + encodeURIComponent(space) + "/events" : "/events");
      var ticket = (this._ticket = {});
      this._status(text.loading, false);
      fetch(url.href, { headers: { accept: "application/json" }, credentials: "omit", mode: "cors" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then((page) => {
          if (ticket !== this._ticket) return;
          this._body.textContent = "";
          var events = (page && page.data) || [];
          if (!events.length) this._body.appendChild(el("p", "cv-note", text.empty));
          else {
            var list = el("ul", "cv-list");
            events.forEach(function (event) {
              var item = el("li", "cv-item");
              var href = safeHref(event.url);
              var title = el(href ? "a" : "span", "cv-title", pick(event.title, lang));
              if (href) title.href = href;
              item.appendChild(title);
              var place = [event.venue_name, event.is_online ? text.online : ""].filter(Boolean).join(" · ");
              item.appendChild(el("span", "cv-meta", (event.status === "cancelled" ? text.cancelled + " · " : "") + when(event, lang) + (place ? " · " + place : "")));
              list.appendChild(item);
            });
            this._body.appendChild(list);
          }
          var more = el("a", "cv-more", text.all);
          more.href = listHref;
          this._body.appendChild(more);
        })
        .catch(() => {
          if (ticket === this._ticket) this._status(text.failed, true);
        });
    }
  }

  customElements.define("convene-events", ConveneEvents);
})();
