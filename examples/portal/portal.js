// An intranet portal's page that embeds Vendor Risk Checker from another
// origin and drives it over its postMessage protocol (docs/embedding.md).
//
//   ?app=URL   where the checker is (default http://127.0.0.1:8080/?embed)
//
// It answers the checker's `ready` with `init` and the department's context,
// sends the inventory typed here with `load-inventory`, shows the verdicts of
// every `result`, and sizes the frame from `resize`. It takes messages only
// from the checker's origin and frame, and posts only to that origin.

const appUrl = new URL(new URLSearchParams(location.search).get('app') ?? 'http://127.0.0.1:8080/?embed', location.href);
const appOrigin = appUrl.origin;
const frame = document.getElementById('checker');
const status = document.getElementById('status');
const results = document.getElementById('results');

let sent = 0;
/** Sends a request to the checker; returns its id (replies carry it as `replyTo`). */
function send(type, payload) {
  const id = `portal-${(sent += 1)}`;
  frame.contentWindow.postMessage({ protocol: 'vrc-embed', version: 1, type, id, payload }, appOrigin);
  return id;
}

/** Every message the checker sent, for whoever looks (and the browser test). */
window.portal = { received: [], send, appOrigin };

function show(report) {
  results.replaceChildren(
    ...report.items.map((item) => {
      const row = document.createElement('tr');
      for (const text of [item.input.product ?? '', item.input.publisher ?? '', item.verdict]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    }),
  );
  const counts = Object.entries(report.summary.verdicts)
    .filter(([, n]) => n > 0)
    .map(([verdict, n]) => `${n} ${verdict}`);
  status.textContent = `${report.items.length} items checked: ${counts.join(', ') || 'none'}.`;
}

addEventListener('message', (event) => {
  if (event.origin !== appOrigin || event.source !== frame.contentWindow) return;
  const message = event.data;
  if (message?.protocol !== 'vrc-embed') return;
  window.portal.received.push(message);
  switch (message.type) {
    case 'ready':
      send('init', { context: { classification: 'OFFICIAL', device: 'desktop' } });
      break;
    case 'initialized':
      status.textContent = 'The checker is ready.';
      break;
    case 'resize':
      frame.style.height = `${message.payload.height}px`;
      break;
    case 'result':
      show(message.payload);
      break;
    case 'error':
      status.textContent = `The checker refused a message: ${message.payload.message}`;
      break;
    default:
  }
});

document.getElementById('inventory-form').addEventListener('submit', (event) => {
  event.preventDefault();
  send('load-inventory', { name: 'inventory.csv', text: document.getElementById('inventory').value });
});

frame.src = appUrl.href;
