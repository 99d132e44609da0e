/* <convene-showcase space="slug" showcase="slug" limit="12" lang="ru">: a curated showcase on a partner site.
 * Built on the shared widget runtime (src/platform/widgets/runtime.js, `Convene`), which bundle.ts puts in front of
 * this file. It reads the public showcase API with partner_display=true, so only public items whose owners agreed to
 * be shown on partner sites come back; every text goes in with textContent.
 */
/* global Convene, customElements */
var SHOWCASE_LABELS = {
  en: { loading: "Loading…", empty: "Nothing to show yet.", failed: "The showcase could not be loaded.", all: "The whole showcase" },
  ru: { loading: "Загрузка…", empty: "Здесь пока нечего показать.", failed: "Не удалось загрузить подборку.", all: "Вся подборка" },
};

class ConveneShowcase extends Convene.Element {
  static get observedAttributes() {
    return ["space", "showcase", "limit", "lang", "base"];
  }

  _labels() {
    var lang = Convene.langOf(this, SHOWCASE_LABELS);
    return { lang: lang, text: SHOWCASE_LABELS[lang] };
  }

  _css() {
    return ".cv-section{font-weight:700;margin:.75rem 0 .25rem}.cv-summary{display:block;margin-top:.25rem}";
  }

  _start() {
    var base = Convene.baseOf(this);
    var path = "/spaces/" + encodeURIComponent(this.getAttribute("space") || "") + "/showcases/" + encodeURIComponent(this.getAttribute("showcase") || "");
    this._pageHref = Convene.safeHref(base + path);
    var url = new URL(base + "/api/v1" + path);
    url.searchParams.set("partner_display", "true");
    this._fetch(url.href, this._render);
  }

  _render(showcase, labels) {
    var el = Convene.el;
    var body = this._body;
    var limit = Convene.limitOf(this, 12, 50);
    var items = ((showcase && showcase.items) || []).slice(0, limit);
    if (!items.length) body.appendChild(el("p", "cv-note", labels.text.empty));
    var list = null;
    var section = null;
    for (var index = 0; index < items.length; index++) {
      var item = items[index];
      var heading = Convene.pick(item.section, labels.lang);
      if (!list || heading !== section) {
        if (heading) body.appendChild(el("p", "cv-section", heading));
        list = el("ul", "cv-list");
        body.appendChild(list);
        section = heading;
      }
      var row = el("li", "cv-item");
      var href = Convene.safeHref(item.url);
      var title = el(href ? "a" : "span", "cv-title", Convene.pick(item.title, labels.lang));
      if (href) title.setAttribute("href", href);
      row.appendChild(title);
      var meta = [Convene.pick(item.kind_label, labels.lang), Convene.pick(item.meta, labels.lang)].filter(Boolean).join(" · ");
      if (meta) row.appendChild(el("span", "cv-meta", meta));
      var summary = Convene.pick(item.note, labels.lang) || Convene.pick(item.summary, labels.lang);
      if (summary) row.appendChild(el("span", "cv-summary", summary));
      list.appendChild(row);
    }
    if (this._pageHref) {
      var more = el("a", "cv-more", labels.text.all);
      more.setAttribute("href", this._pageHref);
      body.appendChild(more);
    }
  }
}

customElements.define("convene-showcase", ConveneShowcase);
