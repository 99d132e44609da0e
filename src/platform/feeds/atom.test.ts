import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { entryUrl, parseAtom } from "../../testing/feeds";
import { atomLink, renderAtom, type AtomFeedInput } from "./atom";

const base = (entries: AtomFeedInput["entries"]): AtomFeedInput => ({
  selfUrl: "https://convene.example/spaces/agenda/news/feed.atom",
  htmlUrl: "https://convene.example/spaces/agenda/news",
  title: "News · Agenda",
  locale: "en",
  fallbackUpdated: new Date("2026-01-02T03:04:05Z"),
  entries,
});

describe("renderAtom", () => {
  it("writes a valid Atom feed with ids, self and alternate links and the newest entry's date as updated", () => {
    const feed = parseAtom(
      renderAtom(
        base([
          { url: "https://convene.example/spaces/agenda/news/one", title: "One", published: new Date("2026-03-01T00:00:00Z"), updated: new Date("2026-03-05T00:00:00Z") },
          { id: "urn:uuid:7d0c4b8e-1b7a-4c9b-9a52-0d3b8f7d1a11", url: "https://convene.example/spaces/agenda/news/two", title: "Two", published: new Date("2026-04-01T00:00:00Z"), updated: new Date("2026-04-02T00:00:00Z") },
        ]),
      ),
    );
    assert.equal(feed.id, "https://convene.example/spaces/agenda/news");
    assert.equal(feed.title, "News · Agenda");
    assert.equal(feed.updated, "2026-04-02T00:00:00.000Z");
    assert.deepEqual(
      feed.links.map((link) => [link.rel, link.href]),
      [
        ["alternate", "https://convene.example/spaces/agenda/news"],
        ["self", "https://convene.example/spaces/agenda/news/feed.atom"],
      ],
    );
    assert.deepEqual(
      feed.entries.map((entry) => [entry.id, entryUrl(entry), entry.published, entry.updated]),
      [
        ["https://convene.example/spaces/agenda/news/one", "https://convene.example/spaces/agenda/news/one", "2026-03-01T00:00:00.000Z", "2026-03-05T00:00:00.000Z"],
        ["urn:uuid:7d0c4b8e-1b7a-4c9b-9a52-0d3b8f7d1a11", "https://convene.example/spaces/agenda/news/two", "2026-04-01T00:00:00.000Z", "2026-04-02T00:00:00.000Z"],
      ],
    );
  });

  it("says when an empty feed was updated from the fallback date", () => {
    const feed = parseAtom(renderAtom(base([])));
    assert.equal(feed.updated, "2026-01-02T03:04:05.000Z");
    assert.equal(feed.entries.length, 0);
  });

  it("keeps markup in plain text as text: <b>, ]]> and quotes come back exactly as typed", () => {
    const hostile = `<b>bold</b> ]]> "quoted" & 'single' </script>`;
    const feed = parseAtom(
      renderAtom({
        ...base([
          {
            url: "https://convene.example/a?x=1&y=2",
            title: hostile,
            summary: hostile,
            contentHtml: "<p>Already &lt;escaped&gt; ]]> here</p>",
            published: new Date("2026-03-01T00:00:00Z"),
            updated: new Date("2026-03-01T00:00:00Z"),
            authors: [{ name: hostile, uri: "https://convene.example/organisations/a&b" }],
            categories: [{ term: `t<1>&"`, scheme: "https://convene.example/frameworks/gbf", label: hostile }],
          },
        ]),
        title: hostile,
      }),
    );
    assert.equal(feed.title, hostile);
    const [entry] = feed.entries;
    assert.equal(entryUrl(entry!), "https://convene.example/a?x=1&y=2");
    // Titles and summaries are type="html": what a reader shows is the HTML decoded once more.
    assert.equal(entry!.title, `&lt;b&gt;bold&lt;/b&gt; ]]&gt; &quot;quoted&quot; &amp; &#39;single&#39; &lt;/script&gt;`);
    assert.equal(entry!.summary, entry!.title);
    assert.equal(entry!.content, "<p>Already &lt;escaped&gt; ]]&gt; here</p>");
    assert.deepEqual(entry!.authors, [{ name: hostile, uri: "https://convene.example/organisations/a&b" }]);
    assert.equal(entry!.categories[0]!.term, `t＜1>&"`);
    assert.equal(entry!.categories[0]!.scheme, "https://convene.example/frameworks/gbf");
    assert.equal(entry!.categories[0]!.label, hostile.replaceAll("<", "＜"));
  });

  it("drops the control characters XML 1.0 forbids, so the document stays well-formed", () => {
    const xml = renderAtom({
      ...base([{ url: "https://convene.example/a", title: "bell\u0007 and\u0000 nul", summary: "form\u000Cfeed", contentHtml: "<p>vt\u000B</p>", published: new Date(0), updated: new Date(0), authors: [{ name: "esc\u001B" }], categories: [{ term: "t\u0001", label: "l\u0002" }] }]),
      title: "feed\u0008",
      subtitle: "sub\u0003",
    });
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    const feed = parseAtom(xml);
    assert.equal(feed.title, "feed");
    assert.equal(feed.entries[0]!.title, "bell and nul");
    assert.equal(feed.entries[0]!.summary, "formfeed");
    assert.equal(feed.entries[0]!.content, "<p>vt</p>");
    assert.equal(feed.entries[0]!.authors[0]!.name, "esc");
  });

  it("gives an untitled entry a visible placeholder (Atom requires a title)", () => {
    const feed = parseAtom(renderAtom(base([{ url: "https://convene.example/a", title: "", published: new Date(0), updated: new Date(0) }])));
    assert.equal(feed.entries[0]!.title, "—");
  });
});

describe("atomLink", () => {
  it("escapes the title and href of the head link", () => {
    assert.equal(atomLink('/spaces/a/feed.atom?x="1"', "News <b>").value, '<link rel="alternate" type="application/atom+xml" title="News &lt;b&gt;" href="/spaces/a/feed.atom?x=&quot;1&quot;">');
  });
});
