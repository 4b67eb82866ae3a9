// What the page benchmarks share (bench/browser.mjs, bench/profile.mjs):
// the benchmark's context, which a portal's config.json presets (US, a
// government supplier that answered the pack's questions: bench/peers/rules.mjs),
// the assessment date a user types in, and what the page is watched for.

export const CONFIG = JSON.stringify({
  context: {
    jurisdiction: 'US',
    sectors: ['government-supplier'],
    answers: { 'surveillance-purpose': true, 'fcc-subsidy': false, 'us-federal-grant-funds': false, 'us-dod-contract': false },
  },
});

export const AS_OF = '2026-12-01';

/**
 * Long tasks (`window.__vrcLongTasks`), the file input's `change`
 * (`window.__vrcChosen`) and the page's wasm memory (`window.__vrcMemory`,
 * from static/boot.js's `TrunkApplicationStarted`), recorded from before
 * the page's scripts run.
 */
export async function watch(page) {
  await page.addInitScript(() => {
    window.__vrcLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__vrcLongTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
    addEventListener('TrunkApplicationStarted', (event) => {
      window.__vrcMemory = event.detail?.wasm?.memory;
    });
    document.addEventListener('change', (event) => {
      if (event.target instanceof HTMLInputElement && event.target.type === 'file') window.__vrcChosen = performance.now();
    }, true);
  });
}
