/* Convene widget for partner sites: <convene-events space="slug" limit="5" lang="ru" when="upcoming" kind="online">.
 * Built on the shared widget runtime (src/platform/widgets/runtime.js, `Convene`), which bundle.ts puts in front of
 * this file in one ES2019 script served at /widgets/convene-events.js: data is written with textContent only, styles
 * live in the shadow root, only http(s) links are followed, and the element's own children (e.g. a link to the
 * calendar) are the fallback shown when JavaScript is off or loading fails. It reads the public events API, which
 * never carries a meeting link. Without `space` it lists every public space.
 */
/* global Convene, customElements */
var EVENT_LABELS = {
  en: { loading: "Loading…", empty: "No upcoming events.", failed: "Events could not be loaded.", all: "All events", online: "online", cancelled: "Cancelled" },
  ru: { loading: "Загрузка…", empty: "Предстоящих мероприятий нет.", failed: "Не удалось загрузить мероприятия.", all: "Все мероприятия", online: "онлайн", cancelled: "Отменено" },
};

// When, in the event's own zone, in the widget's language; a browser without formatRange shows the start only.
function eventWhen(event, lang) {
  try {
    var format = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "short", timeZone: event.time_zone });
    var start = new Date(event.starts_at);
    var end = new Date(event.ends_at);
    return (typeof format.formatRange === "function" ? format.formatRange(start, end) : format.format(start)) + " (" + event.time_zone + ")";
  } catch (_error) {
    return event.starts_at;
  }
}

class ConveneEvents extends Convene.Element {
  static get observedAttributes() {
    return ["space", "limit", "lang", "when", "kind", "base"];
  }

  _labels() {
    var lang = Convene.langOf(this, EVENT_LABELS);
    return { lang: lang, text: EVENT_LABELS[lang] };
  }

  _start() {
    var base = Convene.baseOf(this);
    var space = this.getAttribute("space");
    var url = new URL(base + (space ? "/api/v1/spaces/" + encodeURIComponent(space) + "/events" : "/api/v1/events"));
    url.searchParams.set("limit", String(Convene.limitOf(this, 5, 20)));
    url.searchParams.set("lang", this._labels().lang);
    if (this.getAttribute("when") === "past") url.searchParams.set("when", "past");
    if (this.getAttribute("kind")) url.searchParams.set("kind", this.getAttribute("kind"));
    this._listHref = base + (space ? "/spaces/" + encodeURIComponent(space) + "/events" : "/events");
    this._fetch(url.href, this._render);
  }

  _render(page, labels) {
    var el = Convene.el;
    var text = labels.text;
    var events = (page && page.data) || [];
    if (!events.length) this._body.appendChild(el("p", "cv-note", text.empty));
    else {
      var list = el("ul", "cv-list");
      events.forEach(function (event) {
        var item = el("li", "cv-item");
        var href = Convene.safeHref(event.url);
        var title = el(href ? "a" : "span", "cv-title", Convene.pick(event.title, labels.lang));
        if (href) title.href = href;
        item.appendChild(title);
        var place = [event.venue_name, event.is_online ? text.online : ""].filter(Boolean).join(" · ");
        item.appendChild(el("span", "cv-meta", (event.status === "cancelled" ? text.cancelled + " · " : "") + eventWhen(event, labels.lang) + (place ? " · " + place : "")));
        list.appendChild(item);
      });
      this._body.appendChild(list);
    }
    var more = el("a", "cv-more", text.all);
    more.href = this._listHref;
    this._body.appendChild(more);
  }
}

customElements.define("convene-events", ConveneEvents);
