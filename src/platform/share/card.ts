import type Sharp from "sharp";
import { lazyPackage } from "../lazy-package";

const loadSharp = lazyPackage<typeof Sharp>("sharp");

/** What a share card shows: all plain text (escaped here), already in the page's language. */
export type ShareCard = {
  title: string;
  /** The translated kind of page: "Commitment", "Событие"… */
  kindLabel: string;
  /** The space or convention the page belongs to, or the site name. */
  context: string;
  locale: string;
  dir: "ltr" | "rtl";
};

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
const MARGIN = 80;
const TITLE_SIZE = 64;
const TITLE_LINES = 3;
const BRAND = "#0b5c8a";
const INK = "#1b1f24";
const MUTED = "#4d5661";
// DejaVu and Liberation cover Latin, Cyrillic and Arabic; Noto CJK (fonts-noto-cjk) Chinese. Fontconfig picks the
// first family that has a glyph, so one list serves every language.
const FONTS = "DejaVu Sans, Liberation Sans, Noto Sans CJK SC, sans-serif";

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Roughly how wide a character is, in ems: wide for CJK and full-width forms, narrow otherwise. */
function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if ((code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60)) return 1;
  if (/[A-ZМШЩЖЮФ@%WmwМ]/u.test(char)) return 0.78;
  if (/[ilI.,:;'’|!]/u.test(char)) return 0.32;
  // Arabic letters join and run narrower than Latin ones in DejaVu Sans Bold.
  if (code >= 0x0600 && code <= 0x06ff) return 0.5;
  return 0.6;
}

const textWidth = (text: string): number => [...text].reduce((sum, char) => sum + charWidth(char), 0);
const isWide = (char: string): boolean => charWidth(char) === 1;

/**
 * The title broken into at most `maxLines` lines of at most `maxEms` ems (estimated: there is no text measuring in
 * sharp), between words, or between any two characters of Chinese; the last line ends with "…" when text is left.
 */
export function wrapTitle(title: string, maxEms: number, maxLines = TITLE_LINES): string[] {
  // Words, with each CJK character a word of its own (Chinese has no spaces to break at).
  const tokens = title.replace(/\s+/g, " ").trim().match(/[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60][\u3000-\u303f\uff00-\uff60]?|[^\s\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]+/gu) ?? [];
  const lines: string[] = [];
  let line = "";
  let index = 0;
  for (; index < tokens.length; index++) {
    const token = tokens[index];
    const joiner = line && !(isWide([...token][0]) || isWide([...line].at(-1) ?? "")) ? " " : "";
    if (textWidth(line + joiner + token) <= maxEms) {
      line += joiner + token;
      continue;
    }
    if (line) lines.push(line);
    if (lines.length === maxLines) break;
    // A single word longer than a line is cut.
    line = textWidth(token) <= maxEms ? token : cutToWidth(token, maxEms);
  }
  if (lines.length < maxLines && line) lines.push(line);
  if (index < tokens.length || lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[kept.length - 1] = `${cutToWidth(kept[kept.length - 1], maxEms - 1)}…`;
    return kept;
  }
  return lines;
}

function cutToWidth(text: string, maxEms: number): string {
  let out = "";
  for (const char of text) {
    if (textWidth(out + char) > maxEms) break;
    out += char;
  }
  return out.trimEnd();
}

/** The card as SVG: brand bar on the starting side, kind label, title (≤ 3 lines) and context, mirrored for RTL. */
export function shareCardSvg(card: ShareCard): string {
  const isRtl = card.dir === "rtl";
  const x = isRtl ? CARD_WIDTH - MARGIN : MARGIN;
  // In an RTL SVG text's "start" is its right end; naming the anchor "end" with direction rtl would flip it back.
  const anchor = "start";
  // A little short of the full width: the widths are estimates.
  const lines = wrapTitle(card.title, ((CARD_WIDTH - 2 * MARGIN) / TITLE_SIZE) * 0.95);
  const titleTop = 235;
  const text = (y: number, size: number, weight: string, fill: string, content: string): string =>
    `<text x="${x}" y="${y}" font-family="${FONTS}" font-size="${size}" font-weight="${weight}" fill="${fill}" text-anchor="${anchor}" direction="${card.dir}" xml:lang="${escapeXml(card.locale)}">${escapeXml(content)}</text>`;
  const barX = isRtl ? CARD_WIDTH - 24 : 0;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}">
<rect width="${CARD_WIDTH}" height="${CARD_HEIGHT}" fill="#ffffff"/>
<rect x="${barX}" width="24" height="${CARD_HEIGHT}" fill="${BRAND}"/>
<rect y="${CARD_HEIGHT - 12}" width="${CARD_WIDTH}" height="12" fill="${BRAND}"/>
${text(125, 34, "bold", BRAND, card.kindLabel.toLocaleUpperCase(card.locale))}
${lines.map((line, index) => text(Math.round(titleTop + index * TITLE_SIZE * 1.2), TITLE_SIZE, "bold", INK, line)).join("\n")}
${text(CARD_HEIGHT - 140, 32, "normal", MUTED, cutToWidth(card.context, (CARD_WIDTH - 2 * MARGIN) / 32 - 1))}
${text(CARD_HEIGHT - 70, 30, "bold", BRAND, "Convene")}
</svg>`;
}

/** The card as a 1200×630 PNG (tens of milliseconds: cache it). */
export async function renderShareCard(card: ShareCard): Promise<Buffer> {
  return loadSharp()(Buffer.from(shareCardSvg(card))).png({ compressionLevel: 7 }).toBuffer();
}
