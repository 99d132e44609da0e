import { IntlMessageFormat } from "intl-messageformat";
import type { MessageFormatElement } from "@formatjs/icu-messageformat-parser";

// A test-only pseudo locale: English turned into accented, bracketed text ("Save changes" → "[Šàvé ćĥàñĝéš]"),
// so a browser run in it shows at a glance which interface text did not come from a catalog (it stays plain
// English). Never offered to people: it exists only while CONVENE_PSEUDO_LOCALE=1 is set (the test harness sets it).

/** The pseudo locale's code: English ("en") with a private-use region, so content falls back to English, marked. */
export const PSEUDO_LOCALE = "en-XA";

/** Whether the pseudo locale is switched on for this process (tests only). */
export function isPseudoLocaleEnabled(): boolean {
  return process.env.CONVENE_PSEUDO_LOCALE === "1";
}

const ACCENTED: Record<string, string> = {
  a: "à", b: "ƀ", c: "ć", d: "đ", e: "é", f: "ƒ", g: "ĝ", h: "ĥ", i: "î", j: "ĵ", k: "ķ", l: "ļ", m: "ɱ", n: "ñ", o: "ö",
  p: "þ", q: "ǫ", r: "ŕ", s: "š", t: "ţ", u: "ü", v: "ṽ", w: "ŵ", x: "ẋ", y: "ý", z: "ž",
  A: "À", B: "Ɓ", C: "Ć", D: "Đ", E: "É", F: "Ƒ", G: "Ĝ", H: "Ĥ", I: "Î", J: "Ĵ", K: "Ķ", L: "Ļ", M: "Ṁ", N: "Ñ", O: "Ö",
  P: "Þ", Q: "Ǫ", R: "Ŕ", S: "Š", T: "Ţ", U: "Ü", V: "Ṽ", W: "Ŵ", X: "Ẋ", Y: "Ý", Z: "Ž",
};

/** Latin letters swapped for accented look-alikes; everything else (digits, punctuation, spaces) kept. */
export function accentText(text: string): string {
  return text.replace(/[A-Za-z]/g, (letter) => ACCENTED[letter] ?? letter);
}

// Element types of the ICU AST (@formatjs/icu-messageformat-parser's TYPE enum).
const LITERAL = 0;
const SELECT = 5;
const PLURAL = 6;
const TAG = 8;

/** Accents the literal text of a parsed message; arguments, plural and select keys and tag names stay as they are. */
function accentElements(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((element) => {
    if (element.type === LITERAL) return { ...element, value: accentText(element.value) };
    if (element.type === SELECT || element.type === PLURAL) {
      const options = Object.fromEntries(Object.entries(element.options).map(([key, option]) => [key, { ...option, value: accentElements(option.value) }]));
      return { ...element, options } as MessageFormatElement;
    }
    if (element.type === TAG) return { ...element, children: accentElements(element.children) };
    return element;
  });
}

const BRACKET_OPEN = { type: LITERAL, value: "[" } as MessageFormatElement;
const BRACKET_CLOSE = { type: LITERAL, value: "]" } as MessageFormatElement;

/** An English message as a pseudo-locale formatter: the same placeholders, plurals, selects and tags, accented and bracketed. */
export function pseudoFormatter(english: string, intl: string): IntlMessageFormat {
  const ast = new IntlMessageFormat(english, intl).getAst();
  return new IntlMessageFormat([BRACKET_OPEN, ...accentElements(ast), BRACKET_CLOSE], intl);
}
