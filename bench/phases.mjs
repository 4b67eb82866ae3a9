#!/usr/bin/env node
// The engine's phases as wasm in headless Chromium: the code of
// bench/phases/src/lib.rs (the same Rust `vrc-phases` runs natively), built
// for wasm32 and through wasm-bindgen `--target web` by `cargo xtask bench`.
//
//   node bench/phases.mjs SAMPLES NAME=DIR... -- FILE...
//
// DIR holds vrc_phases.js and vrc_phases_bg.wasm; NAME is what the lines call
// that build. For each file and each build, a fresh Chromium loads a blank
// page from 127.0.0.1, fetches the file's bytes, hands them to the wasm
// (wasm-bindgen copies them into its memory) and runs every phase SAMPLES
// times on the page's main thread, timed with performance.now(). It prints
// the wasm's lines:
//
//   phases file=NAME engine=BUILD phase=import ms=…,…
//   phases file=NAME engine=BUILD distinct=… verdicts clear=… …
//
// The page is cross-origin isolated (COOP and COEP headers), so that
// performance.now() is coarsened to 5 µs rather than 100 µs.
//
// With PHASES_CPUPROFILE=OUT set, each run also takes a CPU profile of the
// page (CDP's sampling profiler, every 100 µs), writes it to OUT (the last
// run's: open it in DevTools' Performance panel) and prints, for each phase,
// the functions with the most self time in it (a sample belongs to the
// phase whose function is on its stack), for wasm built with its names
// (BENCHMARKS.md, "Wasm against native by phase", has the commands).

import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, join } from 'node:path';

import { launchChromium } from '../tests/e2e/chromium.mjs';

const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm' };

/** Serves `/` (a blank page), `/wasm/NAME/FILE` from each build and `/inv/FILE` from the inventories. */
async function serve(builds, files) {
  const server = createServer((req, res) => {
    const headers = {
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    };
    const url = decodeURIComponent(req.url ?? '/');
    let path;
    let type = 'application/octet-stream';
    const wasm = /^\/wasm\/([^/]+)\/(vrc_phases(?:\.js|_bg\.wasm))$/.exec(url);
    if (url === '/') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><meta charset="utf-8"><title>phases</title>');
      return;
    } else if (wasm && builds.has(wasm[1])) {
      path = join(builds.get(wasm[1]), wasm[2]);
      type = TYPES[wasm[2].slice(wasm[2].lastIndexOf('.'))];
    } else if (url.startsWith('/inv/')) {
      path = files.find((f) => basename(f) === url.slice('/inv/'.length));
    }
    if (path === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': statSync(path).size });
    createReadStream(path).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}

/**
 * Each phase's functions on the stack, most specific first: the whole pass
 * calls the importer and the CSV writer too, and the phases' own functions
 * may be inlined at opt-level z.
 */
const PHASE_FRAMES = [
  ['whole', /vrc_phases::whole/],
  ['output', /vrc_phases::output|CsvWriter<W>::write_item/],
  ['evaluate', /vrc_phases::evaluate|evaluate_while/],
  ['match', /vrc_phases::matched|Matches::match_all/],
  ['sort', /vrc_phases::sort|Inventory::add\b/],
  ['import', /vrc_phases::import|Importer|for_each_ref|read_record/],
];

/** Self time by phase, then by function (hash suffixes dropped), most first. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n) => (n.callFrame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}.*/, '');
  const phases = new Map();
  profile.samples.forEach((id, i) => {
    const stack = [];
    for (let at = id; at !== undefined; at = parent.get(at)) stack.push(name(byId.get(at)));
    const phase = PHASE_FRAMES.find(([, frame]) => stack.some((f) => frame.test(f)))?.[0] ?? '(outside the phases)';
    const spent = phases.get(phase) ?? { ms: 0, fns: new Map() };
    const ms = profile.timeDeltas[i] / 1000;
    spent.ms += ms;
    spent.fns.set(stack[0], (spent.fns.get(stack[0]) ?? 0) + ms);
    phases.set(phase, spent);
  });
  return [...phases].sort((a, b) => b[1].ms - a[1].ms);
}

async function once(origin, build, file, samples) {
  const browser = await launchChromium();
  try {
    const page = await (await browser.newContext()).newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    const profileTo = process.env.PHASES_CPUPROFILE;
    const cdp = profileTo ? await page.context().newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    const out = await page.evaluate(
      async ({ build, file, samples }) => {
        if (!crossOriginIsolated) throw new Error('the page is not cross-origin isolated');
        const wasm = await import(`/wasm/${build}/vrc_phases.js`);
        await wasm.default({ module_or_path: `/wasm/${build}/vrc_phases_bg.wasm` });
        const bytes = new Uint8Array(await (await fetch(`/inv/${file}`)).arrayBuffer());
        return wasm.phases(file, build, bytes, samples);
      },
      { build, file: basename(file), samples },
    );
    if (errors.length > 0) throw new Error(`the page failed: ${errors.join('; ')}`);
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(profileTo, JSON.stringify(profile));
      for (const [phase, spent] of selfTimes(profile)) {
        console.error(`${build} on ${basename(file)}, ${phase}: ${Math.round(spent.ms)} ms sampled; self time, most first:`);
        for (const [fn, ms] of [...spent.fns].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
          console.error(`${ms.toFixed(1).padStart(8)} ms ${((100 * ms) / spent.ms).toFixed(1).padStart(5)}%  ${fn.slice(0, 150)}`);
        }
      }
    }
    return out;
  } finally {
    await browser.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const split = args.indexOf('--');
  const samples = Number(args[0]);
  const builds = new Map(args.slice(1, split).map((b) => b.split('=', 2)));
  const files = args.slice(split + 1);
  if (!(samples > 0) || split < 0 || builds.size === 0 || files.length === 0 || [...builds.values()].some((d) => d === undefined)) {
    throw new Error('usage: node bench/phases.mjs SAMPLES NAME=DIR... -- FILE...');
  }
  const server = await serve(builds, files);
  try {
    for (const file of files) {
      for (const build of builds.keys()) {
        process.stdout.write(await once(server.origin, build, file, samples));
      }
    }
  } finally {
    await server.close();
  }
}

main().catch((error) => {
  console.error(`bench/phases.mjs: ${error.stack ?? error}`);
  process.exit(1);
});
