// Peer: PapaParse and json-rules-engine, as a careful team would use them.
// PapaParse parses the CSV into objects by header; a Map de-duplicates the
// items (publisher, product, version) before evaluation, so that the rules
// engine runs once per distinct item, not once per row; each distinct item
// is tied to a supplier and category (rules.mjs `identify`) and given to
// json-rules-engine as facts, with the context. The rules are rules.mjs's
// data turned into json-rules-engine rules once, at start: every condition
// on a fact of its own (json-rules-engine compares numbers, so dates are
// YYYYMMDD numbers; the answers are flat facts rather than JSONPath into an
// object, which is slower); the supplier condition goes first, with a
// higher priority, so that a rule stops there for the items it is not
// about (json-rules-engine's advice for selective conditions). Each fired event is a rule; supersedes and
// unknown categories are settled after (rules.mjs `decide`).
//
//   node bench/peers/papaparse-json-rules-engine.mjs FILE > out.csv

import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { Engine } from 'json-rules-engine';

import { CONTEXT, Output, RULES, decide, field, identify, report } from './rules.mjs';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node papaparse-json-rules-engine.mjs FILE [--every-item]');
// Every rule here names its suppliers, so an item of no listed supplier
// fires none: a careful team does not ask the engine about it (each
// `engine.run` costs about 0.2 ms here, most of it the engine's own
// promises). `--every-item` asks it anyway, to measure that.
const EVERY_ITEM = process.argv.includes('--every-item');

const engine = new Engine([], { allowUndefinedFacts: true });
for (const rule of RULES) {
  const all = [
    // Checked first (a higher priority), so that for the many items of no
    // listed supplier the other conditions are never evaluated: without it
    // json-rules-engine evaluates all of a rule's conditions together.
    { fact: 'entity', operator: 'in', value: rule.entities, priority: 2 },
    { fact: 'asOf', operator: 'greaterThanInclusive', value: rule.from },
  ];
  if (rule.categories !== undefined) all.push({ fact: 'category', operator: 'in', value: rule.categories });
  if (rule.sectors !== undefined) all.push({ fact: 'sector', operator: 'in', value: rule.sectors });
  for (const [question, answer] of Object.entries(rule.answers ?? {})) {
    all.push({ fact: `answer:${question}`, operator: 'equal', value: answer });
  }
  engine.addRule({ name: rule.id, conditions: { all }, event: { type: rule.verdict, params: { id: rule.id } } });
}
const contextFacts = { sector: CONTEXT.sector, asOf: CONTEXT.asOf };
for (const [question, answer] of Object.entries(CONTEXT.answers)) contextFacts[`answer:${question}`] = answer;

const text = readFileSync(file, 'utf8');
const parsed = Papa.parse(text, { header: true, skipEmptyLines: true });
if (parsed.errors.length > 0) throw new Error(`${file}: ${parsed.errors[0].message} (row ${parsed.errors[0].row})`);
const rows = parsed.data;

// De-duplicate first: one evaluation per distinct item.
const items = new Map();
const keys = new Array(rows.length);
for (let i = 0; i < rows.length; i += 1) {
  const row = rows[i];
  const key = `${row.Publisher}\u0000${row.DisplayName}\u0000${row.DisplayVersion}`;
  keys[i] = key;
  if (!items.has(key)) items.set(key, { publisher: row.Publisher, product: row.DisplayName });
}
for (const item of items.values()) {
  const who = identify(item.publisher, item.product);
  if (who === null && !EVERY_ITEM) {
    item.verdict = 'clear';
    item.columns = 'clear,\n';
    continue;
  }
  const facts = { ...contextFacts, entity: who?.entity ?? null, category: who?.category ?? null };
  const { events } = await engine.run(facts);
  const { verdict, rules } = decide(who, new Set(events.map((e) => e.params.id)));
  item.verdict = verdict;
  item.columns = `${verdict},${field(rules)}\n`;
}

const counts = {};
const out = new Output();
out.write('row,publisher,product,version,system,verdict,rules\n');
for (let i = 0; i < rows.length; i += 1) {
  const row = rows[i];
  const item = items.get(keys[i]);
  counts[item.verdict] = (counts[item.verdict] ?? 0) + 1;
  if (out.write(`${i + 1},${field(row.Publisher)},${field(row.DisplayName)},${field(row.DisplayVersion)},${field(row.Hostname)},${item.columns}`)) await out.flush();
}
await out.flush();
report(counts, rows.length, items.size);
