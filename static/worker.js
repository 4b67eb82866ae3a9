// The checker's Web Worker: it runs the page's own wasm, whose `main` sees no
// window and serves jobs (src/worker.rs). The page names the wasm-bindgen glue
// and the wasm in the query string (their names carry a content hash); only
// files of this origin are loaded.
const params = new URL(self.location.href).searchParams;
const sameOrigin = (name) => {
  const url = new URL(params.get(name) ?? '', self.location.href);
  if (url.origin !== self.location.origin) throw new Error(`worker.js: ${name} is not on this origin`);
  return url.href;
};
const { default: init } = await import(sameOrigin('js'));
await init({ module_or_path: sameOrigin('wasm') });
