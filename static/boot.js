// Starts the Yew app: Trunk's own loader is an inline <script>, which the CSP
// forbids (Trunk.toml, pattern_script). A portal's config.json is read while
// the wasm downloads (vrc-embed-glue.js, docs/embedding.md); a 404: nothing.
const tag = document.querySelector('script[data-app-js]');
const base = tag.dataset.appJs.replace(/[^/]*$/, '');
const [glue, wasm] = [import(tag.dataset.appJs), fetch(tag.dataset.appWasm)];
window.vrcPortal = await fetch('config.json', { cache: 'no-cache' })
  .then(async (r) => {
    if (r.status === 404) return null;
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    return (await import(`${base}vrc-embed-glue.js`)).start(await r.text(), base);
  })
  .catch((e) => ({ problems: [['$', `config.json could not be read (${e.message}): nothing in it is used`]] }));
const { default: init } = await glue;
const app = await init({ module_or_path: wasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: app } }));
