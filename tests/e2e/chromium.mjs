// Launching Debian's Chromium for the browser tests and the first-render
// measurement, the same way in both.

import { execFileSync } from 'node:child_process';

import { chromium } from 'playwright-core';

// The flags keep Chromium from calling home: without them it floods a closed
// network with requests. Playwright adds --headless and gives every launch a
// fresh, temporary user-data-dir.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Chromium's path: $CHROMIUM, or `chromium` on PATH. */
export function findChromium() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('`chromium` is not on PATH: run `cargo xtask setup` (it installs Debian\'s chromium)');
  }
}

/** A headless Chromium with the flags above. */
export function launchChromium() {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: CHROMIUM_ARGS });
}
