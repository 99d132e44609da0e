/** One line of a comparison: kept in both, only in the older text, or only in the newer. */
export type DiffLine = { kind: "same" | "removed" | "added"; text: string };

/** Above this many lines on either side the comparison lists the texts whole instead of aligning them. */
const MAX_LINES = 4000;

/**
 * A line diff of two texts by longest common subsequence (no npm diff library is installed; documents are a
 * few hundred lines, so the quadratic table is small). Common leading and trailing lines are kept out of it.
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.replace(/\r\n?/g, "\n").split("\n");
  const b = after.replace(/\r\n?/g, "\n").split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const head: DiffLine[] = a.slice(0, start).map((text) => ({ kind: "same", text }));
  const tail: DiffLine[] = a.slice(endA).map((text) => ({ kind: "same", text }));
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  if (middleA.length > MAX_LINES || middleB.length > MAX_LINES) {
    return [...head, ...middleA.map((text): DiffLine => ({ kind: "removed", text })), ...middleB.map((text): DiffLine => ({ kind: "added", text })), ...tail];
  }
  const columns = middleB.length + 1;
  const table = new Uint32Array((middleA.length + 1) * columns);
  for (let i = middleA.length - 1; i >= 0; i -= 1) {
    for (let j = middleB.length - 1; j >= 0; j -= 1) {
      table[i * columns + j] = middleA[i] === middleB[j] ? table[(i + 1) * columns + j + 1]! + 1 : Math.max(table[(i + 1) * columns + j]!, table[i * columns + j + 1]!);
    }
  }
  const middle: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < middleA.length && j < middleB.length) {
    if (middleA[i] === middleB[j]) {
      middle.push({ kind: "same", text: middleA[i]! });
      i += 1;
      j += 1;
    } else if (table[(i + 1) * columns + j]! >= table[i * columns + j + 1]!) {
      middle.push({ kind: "removed", text: middleA[i]! });
      i += 1;
    } else {
      middle.push({ kind: "added", text: middleB[j]! });
      j += 1;
    }
  }
  while (i < middleA.length) middle.push({ kind: "removed", text: middleA[i++]! });
  while (j < middleB.length) middle.push({ kind: "added", text: middleB[j++]! });
  return [...head, ...middle, ...tail];
}
