/* Convene widgets for partner sites: <convene-commitments> and <convene-stats>.
 * Built on the shared widget runtime (src/platform/widgets/runtime.js, `Convene`), which bundle.ts puts in front of
 * this file in one ES2019 script served at /widgets/convene.js: data is written with textContent only, styles live
 * in each element's shadow root, and the element's own children (e.g. a link) are the fallback shown when
 * JavaScript is off or the data cannot be loaded.
 */
/* global Convene, customElements */
var COMMITMENT_LABELS = {
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

var COMMITMENT_CSS =
  ".cv-stats{display:flex;flex-wrap:wrap;gap:1rem;margin:0}" +
  ".cv-stat{display:flex;flex-direction:column-reverse;min-width:6rem}" +
  ".cv-stat dd{margin:0;font-size:1.75em;font-weight:700}" +
  ".cv-stat dt{font-size:.875em;color:#57606a}";

function commitmentLabels(element) {
  var lang = Convene.langOf(element, COMMITMENT_LABELS);
  var text = element.getAttribute("wording") === "memorandum" ? Object.assign({}, COMMITMENT_LABELS[lang], MEMORANDUM_LABELS[lang]) : COMMITMENT_LABELS[lang];
  return { lang: lang, text: text };
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

function apiUrl(element, path, query) {
  var url = new URL(Convene.baseOf(element) + "/api/v1/spaces/" + encodeURIComponent(element.getAttribute("space") || "") + "/commitments" + path);
  for (var name in query) if (Object.prototype.hasOwnProperty.call(query, name) && query[name]) url.searchParams.set(name, query[name]);
  return url.href;
}

/** Both elements: the shared life cycle, the commitments' labels (and memorandum wording) and the counters' styles. */
class CommitmentElement extends Convene.Element {
  _labels() {
    return commitmentLabels(this);
  }

  _css() {
    return COMMITMENT_CSS;
  }
}

class ConveneCommitments extends CommitmentElement {
  static get observedAttributes() {
    return ["space", "target", "country", "lang", "limit", "base", "wording"];
  }

  _start() {
    var limit = Convene.limitOf(this, 5, 50);
    // Only commitments whose owners agreed to be shown on partner platforms appear in widgets.
    var query = { limit: String(limit), target: this.getAttribute("target"), country: this.getAttribute("country"), partner_display: "true" };
    this._fetch(apiUrl(this, "", query), this._render);
  }

  _render(page, labels) {
    var body = this._body;
    var items = page.data || [];
    if (!items.length) {
      body.appendChild(Convene.el("p", "cv-note", labels.text.empty));
    } else {
      var list = Convene.el("ul", "cv-list");
      for (var index = 0; index < items.length; index++) {
        var item = items[index];
        var row = Convene.el("li", "cv-item");
        var href = Convene.safeHref(item.url);
        var title = Convene.el(href ? "a" : "span", "cv-title", Convene.pick(item.title, labels.lang));
        if (href) title.setAttribute("href", href);
        row.appendChild(title);
        var meta = [Convene.pick(item.owner && item.owner.name, labels.lang), labels.text[item.stage] || "", countryNames(item.countries, labels.lang)];
        row.appendChild(Convene.el("span", "cv-meta", meta.filter(Boolean).join(" · ")));
        list.appendChild(row);
      }
      body.appendChild(list);
    }
    var allHref = Convene.safeHref(Convene.baseOf(this) + "/spaces/" + encodeURIComponent(this.getAttribute("space") || "") + "/commitments");
    if (allHref) {
      var more = Convene.el("a", "cv-more", labels.text.all);
      more.setAttribute("href", allHref);
      body.appendChild(more);
    }
  }
}

class ConveneStats extends CommitmentElement {
  static get observedAttributes() {
    return ["space", "lang", "base", "wording"];
  }

  _start() {
    this._fetch(apiUrl(this, "/stats", {}), this._render);
  }

  _render(stats, labels) {
    var list = Convene.el("dl", "cv-stats");
    var names = ["commitments", "actors", "countries"];
    var format = new Intl.NumberFormat(labels.lang);
    for (var index = 0; index < names.length; index++) {
      var group = Convene.el("div", "cv-stat");
      group.appendChild(Convene.el("dt", "", labels.text[names[index]]));
      var value = Convene.el("dd", "", format.format(Number(stats[names[index]]) || 0));
      value.setAttribute("data-stat", names[index]);
      group.appendChild(value);
      list.appendChild(group);
    }
    this._body.appendChild(list);
  }
}

customElements.define("convene-commitments", ConveneCommitments);
customElements.define("convene-stats", ConveneStats);
