// The embedding glue (docs/embedding.md, src/embed): loaded by boot.js only when
// a config.json is beside index.html, so the public page never loads it.
//
// It starts the embedding worker (crates/vrc-embed), which reads and checks
// config.json and every host message (JSON paths, the rule pack's words, the
// locked fields). When the page is in a frame and config.json allows origins,
// it takes messages only from the parent window at an allowed origin (anything
// else is ignored without a word), takes an inventory's text or bytes out,
// has the worker check the rest, posts the worker's reply (an `error`, or
// `initialized`) to that origin only, never to '*', and hands what a checked
// request asks to the app as a `vrc-embed` event. After `init` it tells the
// host the content's height (`resize`). The app posts its `result`s itself.

const PROTOCOL = { protocol: 'vrc-embed', version: 1 };

/** Starts the worker and has it read config.json; resolves to what it says. */
export async function start(text, base) {
  const worker = new Worker(`${base}vrc-embed_loader.js`);
  const waiting = [];
  const ready = new Promise((resolve, reject) => {
    worker.onerror = () => {
      reject(new Error('the worker that reads it did not start'));
      for (const answer of waiting.splice(0)) answer(null);
    };
    worker.onmessage = (event) => {
      const answer = JSON.parse(event.data);
      if (answer.ready) resolve();
      else waiting.shift()?.(answer);
    };
  });
  const ask = async (question) => {
    await ready;
    return new Promise((resolve) => {
      waiting.push(resolve);
      worker.postMessage(JSON.stringify(question));
    });
  };
  const portal = await ask({ config: text });
  if (portal) portal.packs = await rulePacks(portal);
  if (portal && portal.origins.length > 0 && window.parent !== window) listen(portal.origins, ask);
  return portal;
}

/**
 * The organisation's rule packs (`rule_packs`, paths on this origin, which
 * the worker checked): each as [path, text], for the app to have the rule
 * packs' worker check beside the built-in pack. One that cannot be fetched
 * is a problem at its JSON path.
 */
async function rulePacks(portal) {
  const fetched = await Promise.all(
    portal.packs.map((path) =>
      fetch(path, { cache: 'no-cache' })
        .then(async (r) => (r.ok ? r.text() : Promise.reject(new Error(`HTTP ${r.status}`))))
        .catch((e) => e),
    ),
  );
  return fetched.flatMap((text, i) => {
    if (typeof text === 'string') return [[portal.packs[i], text]];
    portal.problems.push([`$.rule_packs[${i}]`, `${portal.packs[i]} could not be read (${text.message}): its rules are not used`]);
    return [];
  });
}

function listen(origins, ask) {
  let sent = 0;
  let height = -1;
  let app = null;
  const early = [];
  const post = (origin, type, payload) =>
    window.parent.postMessage({ ...PROTOCOL, type, id: `vrc-g${(sent += 1)}`, payload }, origin);
  const tellHeight = () => {
    const now = document.body.offsetHeight;
    if (window.vrcEmbedHost && now !== height) post(window.vrcEmbedHost, 'resize', { height: (height = now) });
  };
  addEventListener('message', async (event) => {
    if (event.source !== window.parent || !origins.includes(event.origin)) return;
    const data = event.data;
    const payload = data !== null && typeof data === 'object' ? data.payload : undefined;
    let content = null;
    const taken = [null, null];
    if (payload !== null && typeof payload === 'object') {
      if (typeof payload.text === 'string') {
        content = payload.text;
        taken[0] = content.length;
        delete payload.text;
      } else if (payload.bytes instanceof ArrayBuffer || payload.bytes instanceof Uint8Array) {
        content = payload.bytes;
        taken[1] = content.byteLength;
        delete payload.bytes;
      }
    }
    let message = '';
    try {
      message = JSON.stringify(data) ?? '';
    } catch {
      // Not JSON (a cycle, a BigInt): the worker says it is not an object.
    }
    const answer = await ask({ message, taken, country: window.vrcCountry ?? '' });
    if (answer === null) return;
    if (answer.type === 'init') window.vrcEmbedHost = event.origin;
    if (answer.reply) event.source.postMessage(JSON.parse(answer.reply), event.origin);
    if (answer.type === 'init') {
      height = -1;
      tellHeight();
    }
    if (answer.type) {
      const request = new CustomEvent('vrc-embed', { detail: { ...answer, content } });
      if (app) app(request);
      else early.push(request);
    }
  });
  new ResizeObserver(tellHeight).observe(document.body);
  // The app calls this once it listens for `vrc-embed`: then `ready` goes to
  // the parent's origin when the browser says it (location.ancestorOrigins)
  // and it is allowed, else to each allowed origin, of which the browser
  // delivers it only to the parent's.
  window.vrcEmbedStart = () => {
    app = (request) => dispatchEvent(request);
    for (const request of early.splice(0)) app(request);
    const parent = window.location.ancestorOrigins?.[0];
    for (const origin of origins) {
      if (parent === undefined || parent === origin) post(origin, 'ready', { versions: [1] });
    }
  };
}
