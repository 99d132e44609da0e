import MarkdownIt from "markdown-it";
import { raw, type SafeHtml } from "../html";

// The safe subset for text that participants, coordinators and partners write (contributions, event and
// session descriptions, news posts, newsletter issues, programmes, showcases): paragraphs, line breaks, emphasis and strong, inline code, code blocks,
// block quotes, lists and links. Everything else is plain text: raw HTML is escaped (html: false), images,
// headings, tables and rules are switched off, so a contribution cannot shout above the page or load anything.
const markdown = new MarkdownIt("zero", { html: false, linkify: true, breaks: true, typographer: false });
markdown.enable(["code", "fence", "blockquote", "list", "reference", "backticks", "emphasis", "link", "autolink", "linkify", "newline", "escape", "entity"]);
// a pasted address becomes a link only when written out with its scheme ("https://…"), never "example.org"
markdown.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
// zero preset: at most 20 nested blocks, so "> > > …" or deep lists cannot make a pathological page
markdown.set({ maxNesting: 20 });

const ALLOWED_LINK = /^(?:https?:\/\/[^\s/?#]+|mailto:[^\s]+@)/i;

/** Only web and mail links survive: never javascript:, data:, vbscript:, file: or relative addresses. */
export function isAllowedLink(url: string): boolean {
  return ALLOWED_LINK.test(url);
}

markdown.validateLink = (url: string) => isAllowedLink(url);

// A link whose address was refused ([x](javascript:…)) is kept as its text only, without an empty <a>.
// Code block info strings ("```js") are dropped so participants cannot set classes on our markup.
markdown.core.ruler.push("convene_safe_subset", (state) => {
  for (const block of state.tokens) {
    if (block.type === "fence") block.info = "";
    if (block.type !== "inline" || !block.children) continue;
    const kept = [];
    let isSkippingLink = false;
    for (const token of block.children) {
      if (token.type === "link_open") {
        const href = String(token.attrGet("href") ?? "");
        if (!isAllowedLink(href)) {
          isSkippingLink = true;
          continue;
        }
        // nofollow/ugc: links from participants carry no endorsement; noopener in case a reader opens a new tab
        token.attrSet("rel", "nofollow ugc noopener");
      }
      if (token.type === "link_close" && isSkippingLink) {
        isSkippingLink = false;
        continue;
      }
      kept.push(token);
    }
    block.children = kept;
  }
});

/**
 * Markdown in the safe subset as HTML that is safe to put on a page: the subset above, every character of
 * raw HTML escaped, links limited to http/https/mailto with rel="nofollow ugc noopener", no images and no
 * link previews (nothing is fetched).
 */
export function renderMarkdown(text: string): SafeHtml {
  // trusted: markdown-it with html disabled escapes all text and attribute values it writes
  return raw(markdown.render(text));
}

/**
 * Markdown in the safe subset as plain text, for fields that are edited as text (a good practice's title and
 * description): emphasis, code marks, quote marks and link syntax go, the words stay; paragraphs are separated
 * by a blank line, line breaks kept, list items start with "- ". Parsed with the same subset as the page, so
 * what is text on the page is text here.
 */
export function markdownToPlainText(text: string): string {
  const blocks: string[] = [];
  let listDepth = 0;
  let isItemStart = false;
  for (const token of markdown.parse(text, {})) {
    if (token.type === "bullet_list_open" || token.type === "ordered_list_open") listDepth += 1;
    else if (token.type === "bullet_list_close" || token.type === "ordered_list_close") listDepth -= 1;
    else if (token.type === "list_item_open") isItemStart = true;
    else if (token.type === "code_block" || token.type === "fence") blocks.push(token.content.replace(/\n$/, ""));
    else if (token.type === "inline") {
      const line = (token.children ?? [])
        .map((child) => (child.type === "softbreak" || child.type === "hardbreak" ? "\n" : child.type === "text" || child.type === "code_inline" ? child.content : ""))
        .join("");
      blocks.push(listDepth > 0 && isItemStart ? `${"  ".repeat(listDepth - 1)}- ${line}` : line);
      isItemStart = false;
    }
  }
  // list items sit on consecutive lines; other blocks are paragraphs
  return blocks
    .reduce((out, block, index) => (index === 0 ? block : `${out}${/^\s*- /.test(block) && /(^|\n)\s*- [^\n]*$/.test(out) ? "\n" : "\n\n"}${block}`), "")
    .trim();
}
