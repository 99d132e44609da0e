import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { backgroundColor, contrastRatio, cssRules, parseColor, rootTokens, type Rgb } from "./contrast";
import { MODULE_STYLESHEETS } from "../http/module-stylesheet";
import "../../modules/index";

// The palette's promise (WCAG 2.2 AA): body text 4.5:1 against whatever it sits on, the focus ring and other
// non-text marks 3:1. Checked two ways: the named pairs the components are built from, and every rule of
// convene.css and of every module stylesheet that sets a text colour (against its own background, or against the
// page and the soft surface when it sets none).

const convene = readFileSync(new URL("../../../public/convene.css", import.meta.url), "utf8");
const tokens = rootTokens(convene);
const token = (name: string): Rgb => {
  const colour = parseColor(`var(--${name})`, tokens);
  assert.ok(colour, `--${name} is declared on :root as a colour`);
  return colour;
};
const hex = (rgb: Rgb) => `#${rgb.map((value) => value.toString(16).padStart(2, "0")).join("")}`;

describe("the palette", () => {
  it("gives every text colour 4.5:1 on every surface", () => {
    const failures: string[] = [];
    for (const text of ["ink", "muted", "accent", "danger", "ok", "warn"]) {
      for (const surface of ["bg", "soft", "accent-soft", "danger-soft", "ok-soft", "warn-soft", "mark"]) {
        const ratio = contrastRatio(token(text), token(surface));
        if (ratio < 4.5) failures.push(`--${text} on --${surface}: ${ratio.toFixed(2)}`);
      }
    }
    assert.deepEqual(failures, []);
  });

  it("gives buttons' text 4.5:1 and the focus ring 3:1 against the ink shadow it is drawn with", () => {
    assert.ok(contrastRatio(token("accent-ink"), token("accent")) >= 4.5);
    assert.ok(contrastRatio(token("bg"), token("danger")) >= 4.5);
    assert.ok(contrastRatio(token("focus"), token("ink")) >= 3);
  });

  it("has a type scale and a spacing scale that grow step by step", () => {
    const rem = (name: string) => parseFloat(tokens.get(name) ?? "NaN");
    const steps = ["--step--1", "--step-0", "--step-1", "--step-2", "--step-3", "--step-4"].map(rem);
    const spaces = [1, 2, 3, 4, 5, 6, 7].map((index) => rem(`--space-${index}`));
    for (const scale of [steps, spaces]) {
      assert.ok(scale.every((value) => Number.isFinite(value)));
      assert.ok(scale.every((value, index) => index === 0 || value > scale[index - 1]));
    }
    assert.equal(rem("--step-0"), 1, "body text is 1rem: the reader's own size");
  });
});

describe("every stylesheet", () => {
  const sheets = [{ name: "convene.css", css: convene }, ...[...MODULE_STYLESHEETS.values()].map((sheet) => ({ name: sheet.name, css: sheet.css }))];

  it("is found: convene.css and the modules' own", () => {
    assert.ok(sheets.length >= 8, `${sheets.length} stylesheets`);
  });

  it("sets no text colour below 4.5:1 against its background", () => {
    const failures: string[] = [];
    const surfaces: Rgb[] = [token("bg"), token("soft")];
    for (const sheet of sheets) {
      for (const rule of cssRules(sheet.css)) {
        if (rule.selector.startsWith("@") || rule.selector === ":root") continue;
        const colourValue = rule.declarations.get("color");
        if (!colourValue) continue;
        const colour = parseColor(colourValue, tokens);
        if (!colour) continue;
        const backgroundValue = rule.declarations.get("background-color") ?? rule.declarations.get("background");
        const own = backgroundValue ? backgroundColor(backgroundValue, tokens) : undefined;
        for (const background of own ? [own] : surfaces) {
          const ratio = contrastRatio(colour, background);
          if (ratio < 4.5) failures.push(`${sheet.name} ${rule.selector}: ${hex(colour)} on ${hex(background)} = ${ratio.toFixed(2)}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it("uses logical properties only, so Arabic mirrors the layout (start and end, never left and right)", () => {
    const physical = /^(margin|padding|border)-(left|right)|^(left|right)$|^float$|^text-align$|^clear$/;
    const failures: string[] = [];
    for (const sheet of sheets) {
      for (const rule of cssRules(sheet.css)) {
        for (const [property, value] of rule.declarations) {
          const isPhysical =
            (physical.test(property) && (!/^(float|text-align|clear)$/.test(property) || /\b(left|right)\b/.test(value))) ||
            (/^(margin|padding)$/.test(property) && value.split(/\s+/).length === 4 && value.split(/\s+/)[1] !== value.split(/\s+/)[3]);
          if (isPhysical) failures.push(`${sheet.name} ${rule.selector} { ${property}: ${value} }`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it("reads colours the way a browser would", () => {
    assert.deepEqual(parseColor("#fff"), [255, 255, 255]);
    assert.deepEqual(parseColor("rgb(11 92 138)"), [11, 92, 138]);
    assert.equal(parseColor("rgb(0 0 0 / .12)"), undefined, "a see-through colour has no fixed contrast");
    assert.equal(parseColor("inherit"), undefined);
    assert.equal(Math.round(contrastRatio([0, 0, 0], [255, 255, 255])), 21);
    assert.equal(contrastRatio([119, 119, 119], [255, 255, 255]).toFixed(2), "4.48");
  });
});
