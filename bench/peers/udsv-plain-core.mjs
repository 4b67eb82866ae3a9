// The uDSV + plain JavaScript peer's work, apart from where its input comes
// from and its output goes, so that it runs the same in Node
// (udsv-plain.mjs: a file, standard output) and in a page
// (bench/peer-page.html: the file chosen, a Blob to download).
//
// uDSV parses the CSV into arrays of strings; a Map de-duplicates the items
// (publisher, product, version); each distinct item is tied to a supplier
// and category (rules.mjs `identify`) and the rules are plain JavaScript
// predicates over the rules' data, filtered once to those that can apply in
// the context; each row is then written as CSV with its item's verdict,
// encoded once per item.

import { inferSchema, initParser } from 'udsv';

import { IN_CONTEXT, decide, field, identify } from './rules.mjs';

/** The rules that fire for an item: supplier, then category, as the rule's data says. */
function fired(who) {
  const ids = new Set();
  if (who === null) return ids;
  for (const rule of IN_CONTEXT) {
    if (!rule.entities.includes(who.entity)) continue;
    if (rule.categories !== undefined && !rule.categories.includes(who.category)) continue;
    ids.add(rule.id);
  }
  return ids;
}

/**
 * Checks the CSV `text` (named `file` in errors), handing the output CSV to
 * `write` in pieces of about a MiB (awaited when it returns a promise), and
 * returns { counts: rows by verdict, rows, distinct }.
 */
export async function check(text, file, write) {
  const schema = inferSchema(text);
  const names = schema.cols.map((c) => c.name);
  const column = (name) => {
    const at = names.indexOf(name);
    if (at < 0) throw new Error(`${file}: no column "${name}" in ${names.join(', ')}`);
    return at;
  };
  const [HOST, PRODUCT, VERSION, PUBLISHER] = ['Hostname', 'DisplayName', 'DisplayVersion', 'Publisher'].map(column);
  const rows = initParser(schema).stringArrs(text);

  const items = new Map();
  const counts = {};
  let parts = ['row,publisher,product,version,system,verdict,rules\n'];
  let length = 0;
  for (let i = 0; i < rows.length; i += 1) {
    const row = rows[i];
    const publisher = row[PUBLISHER];
    const product = row[PRODUCT];
    const version = row[VERSION];
    const key = `${publisher}\u0000${product}\u0000${version}`;
    let item = items.get(key);
    if (item === undefined) {
      const who = identify(publisher, product);
      const { verdict, rules } = decide(who, fired(who));
      item = { verdict, columns: `${verdict},${field(rules)}\n` };
      items.set(key, item);
    }
    counts[item.verdict] = (counts[item.verdict] ?? 0) + 1;
    const line = `${i + 1},${field(publisher)},${field(product)},${field(version)},${field(row[HOST])},${item.columns}`;
    parts.push(line);
    length += line.length;
    if (length > 1 << 20) {
      await write(parts.join(''));
      parts = [];
      length = 0;
    }
  }
  await write(parts.join(''));
  return { counts, rows: rows.length, distinct: items.size };
}
