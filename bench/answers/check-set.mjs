// Checks the knowledge-hub evaluation set: corpus front matter and section sizes,
// and that every expected passage in questions.json exists. Run: node bench/answers/check-set.mjs
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const problems = [];
const docs = new Map();

for (const file of readdirSync(join(here, 'corpus')).filter((f) => f.endsWith('.md')).sort()) {
  const text = readFileSync(join(here, 'corpus', file), 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!m) { problems.push(`${file}: no front matter`); continue; }
  const meta = Object.fromEntries(m[1].split('\n').map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i).trim(), l.slice(i + 1).replace(/#.*$/, '').trim()];
  }));
  if (`${meta.id}.md` !== file) problems.push(`${file}: id ${meta.id} differs from file name`);
  if (!['en', 'ru'].includes(meta.lang)) problems.push(`${file}: bad lang ${meta.lang}`);
  const sections = [];
  let current = null;
  for (const line of m[2].split('\n')) {
    const h = /^(#{2,3}) (.+)$/.exec(line);
    if (h) { current = { heading: h[2].trim(), words: 0 }; sections.push(current); }
    else if (current) current.words += line.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  }
  if (sections.length < 3 || sections.length > 7) problems.push(`${file}: ${sections.length} sections`);
  for (const s of sections) if (s.words < 50 || s.words > 200) problems.push(`${file}: "${s.heading}" has ${s.words} words`);
  docs.set(meta.id, { ...meta, sections, headings: new Set(sections.map((s) => s.heading)) });
}
for (const d of docs.values()) {
  if (d.translation_of !== 'null') {
    const o = docs.get(d.translation_of);
    if (!o) problems.push(`${d.id}: translation_of unknown ${d.translation_of}`);
    else if (o.sections.length !== d.sections.length) problems.push(`${d.id}: section count differs from ${o.id}`);
  }
}
const translationOf = (id) => [...docs.values()].find((d) => d.translation_of === id || docs.get(id)?.translation_of === d.id)?.id;

const stop = new Set('what which when where with from that this have does about your there their they them into onto will would should could must been being than then also only just more most some such very each other after before over under these those here'.split(' ').concat('как что где когда какой какая какие каких который которые для при или если чтобы есть этот этого этом этой нужно можно ли мне меня наш наша наши ваш ваша ваши свой своей своих кто чем них него нее она они оно было быть будет после перед через под над без между'.split(' ')));
const words = (s) => new Set(s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 3 && !stop.has(w)));

const questions = JSON.parse(readFileSync(join(here, 'questions.json'), 'utf8'));
const counts = {};
const ids = new Set();
for (const q of questions) {
  if (ids.has(q.id)) problems.push(`${q.id}: duplicate id`);
  ids.add(q.id);
  counts[q.kind] ??= { en: 0, ru: 0 };
  counts[q.kind][q.lang]++;
  if (q.kind === 'unanswerable' ? q.expected.length !== 0 : q.expected.length === 0) problems.push(`${q.id}: expected does not fit kind ${q.kind}`);
  for (const e of q.expected) {
    const d = docs.get(e.document);
    if (!d) { problems.push(`${q.id}: unknown document ${e.document}`); continue; }
    if (!d.headings.has(e.heading)) problems.push(`${q.id}: ${e.document} has no heading "${e.heading}"`);
    if (q.kind === 'cross_language' && d.lang === q.lang) problems.push(`${q.id}: cross_language but ${e.document} is ${d.lang}`);
    if (q.kind === 'cross_language' && translationOf(e.document)) problems.push(`${q.id}: cross_language but ${e.document} has a translation`);
    const t = translationOf(e.document);
    if (t && !q.expected.some((x) => x.document === t)) problems.push(`${q.id}: ${e.document} listed without its translation ${t}`);
    if (q.kind === 'paraphrase') {
      // also catch other forms of the same word: equal first five letters
      const stem = (w) => (w.length >= 5 ? w.slice(0, 5) : w);
      const headingStems = new Set([...words(e.heading), ...words(d.title)].map(stem));
      const shared = [...words(q.q)].filter((w) => headingStems.has(stem(w)));
      if (shared.length) problems.push(`${q.id}: paraphrase shares ${shared.join(', ')} with ${e.document} / ${e.heading}`);
    }
  }
  const n = q.q.split(/\s+/).filter(Boolean).length;
  if (q.kind === 'short' && n > 3) problems.push(`${q.id}: short question has ${n} words`);
  if (q.kind === 'long' && (n < 40 || n > 90)) problems.push(`${q.id}: long question has ${n} words`);
}
const byLang = { en: 0, ru: 0 };
for (const d of docs.values()) byLang[d.lang]++;
console.log(`${docs.size} documents (${byLang.en} en, ${byLang.ru} ru), ${[...docs.values()].filter((d) => d.translation_of !== 'null').length} translations`);
console.log(`${questions.length} questions`);
for (const [k, c] of Object.entries(counts)) console.log(`  ${k}: ${c.en + c.ru} (en ${c.en}, ru ${c.ru})`);
// held-out halves: A = q001, q002, q005, q006, ... ((n - 1) mod 4 < 2); B = q003, q004, q007, q008, ...
const half = { A: 0, B: 0 };
for (const q of questions) half[(Number(q.id.slice(1)) - 1) % 4 < 2 ? 'A' : 'B']++;
console.log(`halves: A ${half.A}, B ${half.B}`);
for (const p of problems) console.log('PROBLEM', p);
process.exitCode = problems.length ? 1 : 0;
