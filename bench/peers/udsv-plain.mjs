// Peer: the fastest hand-written page, in Node (udsv-plain-core.mjs says
// what it does; bench/peer-page.html runs the same in Chromium).
//
//   node bench/peers/udsv-plain.mjs FILE > out.csv

import { readFileSync } from 'node:fs';

import { check } from './udsv-plain-core.mjs';
import { report } from './rules.mjs';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node udsv-plain.mjs FILE');
const text = readFileSync(file, 'utf8');
const { counts, rows, distinct } = await check(text, file, (piece) => {
  // Waits only when the pipe is full.
  if (!process.stdout.write(piece)) return new Promise((resolve) => process.stdout.once('drain', resolve));
  return undefined;
});
report(counts, rows, distinct);
