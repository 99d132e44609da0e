/**
 * Colour arithmetic for the design checks: WCAG 2 relative luminance and contrast ratio, and a small reader of the
 * colours our stylesheets write (#rgb, #rrggbb, rgb(), the few names we use, var(--token) from :root).
 */

export type Rgb = [number, number, number];

const NAMED: Record<string, Rgb> = { white: [255, 255, 255], black: [0, 0, 0] };

/** A colour value as the stylesheet writes it, or undefined for what has no fixed colour (inherit, transparent, currentColor, gradients). */
export function parseColor(value: string, tokens: Map<string, string> = new Map(), depth = 0): Rgb | undefined {
  const text = value.trim().toLowerCase();
  const variable = /^var\(\s*(--[\w-]+)\s*(?:,\s*([^)]+))?\)/.exec(text);
  if (variable) {
    const resolved = tokens.get(variable[1]) ?? variable[2];
    return resolved && depth < 8 ? parseColor(resolved, tokens, depth + 1) : undefined;
  }
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})\b/.exec(text);
  if (hex) {
    const digits = hex[1].length === 3 ? [...hex[1]].map((digit) => digit + digit).join("") : hex[1];
    return [0, 2, 4].map((start) => parseInt(digits.slice(start, start + 2), 16)) as Rgb;
  }
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)\s*(?:[,/]\s*([\d.]+%?))?\s*\)/.exec(text);
  if (rgb) {
    if (rgb[4] !== undefined && parseFloat(rgb[4]) < (rgb[4].endsWith("%") ? 100 : 1)) return undefined;
    return [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])];
  }
  return NAMED[text.split(/\s+/)[0]];
}

/** The first colour in a `background` shorthand ("#fff url(...) no-repeat" → #fff). */
export function backgroundColor(value: string, tokens: Map<string, string>): Rgb | undefined {
  const first = /(var\([^)]*\)|#[0-9a-fA-F]{3,6}\b|rgba?\([^)]*\)|\bwhite\b|\bblack\b)/.exec(value);
  return first ? parseColor(first[1], tokens) : undefined;
}

function channel(value: number): number {
  const fraction = value / 255;
  return fraction <= 0.03928 ? fraction / 12.92 : ((fraction + 0.055) / 1.055) ** 2.4;
}

export function luminance([red, green, blue]: Rgb): number {
  return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue);
}

/** WCAG 2 contrast ratio, 1 to 21. */
export function contrastRatio(first: Rgb, second: Rgb): number {
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

export type CssRule = { selector: string; declarations: Map<string, string> };

/** The innermost rules of a stylesheet (those inside @media and @supports too), comments removed. */
export function cssRules(css: string): CssRule[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  const rules: CssRule[] = [];
  for (const match of text.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const declarations = new Map<string, string>();
    for (const declaration of match[2].split(";")) {
      const colon = declaration.indexOf(":");
      if (colon > 0) declarations.set(declaration.slice(0, colon).trim().toLowerCase(), declaration.slice(colon + 1).replace(/!important/, "").trim());
    }
    rules.push({ selector: match[1].trim(), declarations });
  }
  return rules;
}

/** The custom properties declared on :root. */
export function rootTokens(css: string): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const rule of cssRules(css)) {
    if (rule.selector !== ":root") continue;
    for (const [name, value] of rule.declarations) if (name.startsWith("--")) tokens.set(name, value);
  }
  return tokens;
}
