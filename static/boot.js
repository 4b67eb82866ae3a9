// Starts the Yew app. Trunk's default loader is an inline <script>, which the
// page's Content-Security-Policy (script-src 'self') forbids. Trunk.toml's
// `pattern_script` replaces it with <script type="module" src="boot.js"> whose
// data attributes carry the hashed names of the wasm-bindgen glue and the wasm.
const tag = document.querySelector('script[data-app-js]');
const { default: init } = await import(tag.dataset.appJs);
const wasm = await init({ module_or_path: tag.dataset.appWasm });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
