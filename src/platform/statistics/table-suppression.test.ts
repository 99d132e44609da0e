import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { leaksByLine, suppressTable, type CountTable } from "./table-suppression";

/** A cross-tab of one single-choice question: options × groups, each column summing to its total, totals to the overall. */
function crossTab(counts: number[][]): CountTable {
  const cells = new Map<string, number>();
  const lines: string[][] = [];
  const groups = counts[0]!.length;
  counts.forEach((row, option) => {
    row.forEach((value, group) => cells.set(`o${option}g${group}`, value));
    const rowTotal = row.reduce((sum, value) => sum + value, 0);
    cells.set(`o${option}`, rowTotal);
    lines.push([...row.map((_, group) => `o${option}g${group}`), `o${option}`]);
  });
  let overall = 0;
  for (let group = 0; group < groups; group += 1) {
    const size = counts.reduce((sum, row) => sum + row[group]!, 0);
    overall += size;
    cells.set(`g${group}`, size);
    lines.push([...counts.map((_, option) => `o${option}g${group}`), `g${group}`]);
  }
  cells.set("all", overall);
  lines.push([...counts.map((_, option) => `o${option}`), "all"]);
  lines.push([...Array.from({ length: groups }, (_, group) => `g${group}`), "all"]);
  const dependents = new Map(Array.from({ length: groups }, (_, group) => [`g${group}`, counts.map((_, option) => `o${option}g${group}`)] as const));
  return { counts: cells, lines, dependents };
}

/**
 * Whether a hidden cell's value follows from the shown cells and the published sums: true when its unit vector lies
 * in the row space of the sums' equations restricted to the hidden cells (Gaussian elimination over the rationals,
 * exact enough in floating point for these small integer matrices).
 */
function determinable(table: CountTable, hidden: ReadonlySet<string>): string[] {
  const unknowns = [...hidden];
  const index = new Map(unknowns.map((key, position) => [key, position]));
  const equations = table.lines.map((line) => {
    const rowVector = new Array<number>(unknowns.length).fill(0);
    line.forEach((key, position) => {
      const at = index.get(key);
      // the sum's own cell is the last of its line and enters with the opposite sign
      if (at !== undefined) rowVector[at] += position === line.length - 1 ? -1 : 1;
    });
    return rowVector;
  });
  const rank = (matrix: number[][]): number => {
    const rows = matrix.map((row) => [...row]);
    let found = 0;
    for (let column = 0; column < unknowns.length && found < rows.length; column += 1) {
      const pivot = rows.findIndex((row, at) => at >= found && Math.abs(row[column]!) > 1e-9);
      if (pivot < 0) continue;
      [rows[found], rows[pivot]] = [rows[pivot]!, rows[found]!];
      for (let at = 0; at < rows.length; at += 1) {
        if (at === found) continue;
        const factor = rows[at]![column]! / rows[found]![column]!;
        if (factor) rows[at] = rows[at]!.map((value, position) => value - factor * rows[found]![position]!);
      }
      found += 1;
    }
    return found;
  };
  const base = rank(equations);
  return unknowns.filter((key, at) => {
    const unit = new Array<number>(unknowns.length).fill(0);
    unit[at] = 1;
    return rank([...equations, unit]) === base;
  });
}

/** A small deterministic generator (mulberry32), so the random tables are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

describe("small cells in a table with published sums", () => {
  test("a cell of 1 or 2 is hidden and so is the smallest other cell of each sum it is in", () => {
    const table = crossTab([
      [10, 2, 7],
      [5, 9, 4],
    ]);
    const hidden = suppressTable(table);
    assert.ok(hidden.has("o0g1"), "the 2 is hidden");
    assert.ok(!hidden.has("o1g0"), "a large cell elsewhere stays");
    assert.deepEqual(leaksByLine(table, hidden), []);
    assert.deepEqual(determinable(table, hidden), []);
  });

  test("zeros are shown and a table without small cells hides nothing", () => {
    const table = crossTab([
      [10, 0, 7],
      [5, 9, 4],
    ]);
    assert.deepEqual([...suppressTable(table)], []);
  });

  test("a group of two people hides its size and all its answers, and another group so its size cannot be subtracted", () => {
    const table = crossTab([
      [10, 1, 7],
      [5, 1, 4],
    ]);
    const hidden = suppressTable(table);
    for (const key of ["g1", "o0g1", "o1g1"]) assert.ok(hidden.has(key), key);
    assert.ok(hidden.has("g0") || hidden.has("g2"), "a complementary group");
    assert.deepEqual(leaksByLine(table, hidden), []);
    assert.deepEqual(determinable(table, hidden), []);
  });

  test("a multiple-choice question: each option's groups sum to its total, the groups' sizes to the respondents", () => {
    // options are counted per option: a column does not sum to anything published, so only rows and sizes are lines
    const counts = new Map<string, number>([
      ["a:ngo", 12], ["a:biz", 2], ["a:gov", 6], ["a", 20],
      ["b:ngo", 8], ["b:biz", 5], ["b:gov", 1], ["b", 14],
      ["n:ngo", 15], ["n:biz", 6], ["n:gov", 7], ["n", 28],
    ]);
    const table: CountTable = {
      counts,
      lines: [["a:ngo", "a:biz", "a:gov", "a"], ["b:ngo", "b:biz", "b:gov", "b"], ["n:ngo", "n:biz", "n:gov", "n"]],
    };
    const hidden = suppressTable(table);
    assert.ok(hidden.has("a:biz") && hidden.has("b:gov"));
    assert.ok(hidden.has("a:gov"), "the smallest other cell of option a");
    assert.ok(hidden.has("b:biz"), "the smallest other cell of option b");
    assert.ok(!hidden.has("n:ngo") && !hidden.has("n"), "group sizes of 3 or more stay");
    assert.deepEqual(determinable(table, hidden), []);
  });

  test("on 300 random cross-tabs no small cell can be worked out from what is shown", () => {
    const next = random(20261207);
    for (let run = 0; run < 300; run += 1) {
      const options = 2 + Math.floor(next() * 4);
      const groups = 2 + Math.floor(next() * 4);
      const counts = Array.from({ length: options }, () => Array.from({ length: groups }, () => (next() < 0.35 ? Math.floor(next() * 3) : Math.floor(next() * 15))));
      const table = crossTab(counts);
      const hidden = suppressTable(table);
      for (const [key, value] of table.counts) if (value > 0 && value < 3) assert.ok(hidden.has(key), `run ${run}: ${key}=${value} shown`);
      assert.deepEqual(leaksByLine(table, hidden), [], `run ${run}`);
      const found = determinable(table, hidden).filter((key) => (table.counts.get(key) ?? 0) > 0 && (table.counts.get(key) ?? 0) < 3);
      assert.deepEqual(found, [], `run ${run}: ${JSON.stringify(counts)}`);
    }
  });
});
