// Peer: the same rules as Cedar policies, in @cedar-policy/cedar-wasm.
// uDSV parses the CSV (the fastest parser of the three peers, so that the
// figure is Cedar's); a Map de-duplicates the items; each distinct item is
// tied to a supplier and category (rules.mjs `identify`) and becomes the
// resource of one authorisation request: may this organisation (principal)
// use (action) this product (resource, with `entity` and `category`
// attributes) in this context (sector, date, answers)? Every rule is a
// `forbid` policy named by its rule id, beside one `permit` of everything:
// "deny" means some rules apply, and the response's `reason` lists them.
// The policies are parsed once (`preparsePolicySet`) and every request is
// answered on them (`statefulIsAuthorized`), not parsed again per call.
// Supersedes and unknown categories are settled after (rules.mjs `decide`).
//
//   node bench/peers/cedar.mjs FILE > out.csv

import { readFileSync } from 'node:fs';
import { inferSchema, initParser } from 'udsv';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';

import { CONTEXT, Output, decide, field, identify, report } from './rules.mjs';

// rules.mjs's RULES, written as a Cedar author would write them.
const security = '["antivirus", "endpoint-security", "security-software"]';
const government = '["central-government", "national-security"]';
const huaweiZte = 'resource has entity && ["huawei", "zte"].contains(resource.entity)';
const surveillanceMakers = 'resource has entity && ["hytera", "hikvision", "dahua"].contains(resource.entity)';
const telecomsCategories = 'resource has category && ["telecoms-equipment", "mobile-device", "telecoms-service", "video-surveillance"].contains(resource.category)';
const surveillanceCategories = 'resource has category && ["video-surveillance", "two-way-radio", "telecoms-equipment"].contains(resource.category)';
const kaspersky = 'resource has entity && resource.entity == "kaspersky"';
const bytedance = 'resource has entity && resource.entity == "bytedance" && resource has category && resource.category == "social-media-app"';
const use = 'forbid (principal, action == Action::"use", resource)';
const POLICIES = {
  everything: 'permit (principal, action, resource);',
  'us-bod-17-01': `${use} when { ${kaspersky} && resource has category && ${security}.contains(resource.category) && ${government}.contains(context.sector) && context.asOf >= 20170913 };`,
  'us-ndaa-fy2018-1634': `${use} when { ${kaspersky} && ${government}.contains(context.sector) && context.asOf >= 20181001 };`,
  'us-far-52-204-23-contractors': `${use} when { ${kaspersky} && context.sector == "government-supplier" && context.asOf >= 20181001 };`,
  'us-fcc-covered-list-kaspersky': `${use} when { ${kaspersky} && resource has category && ["antivirus", "endpoint-security", "security-software", "threat-intelligence"].contains(resource.category) && context.answers["fcc-subsidy"] && context.asOf >= 20220524 };`,
  'us-commerce-icts-2024-new-agreements': `${use} when { ${kaspersky} && resource has category && ${security}.contains(resource.category) && context.asOf >= 20240720 };`,
  'us-commerce-icts-2024-no-updates': `${use} when { ${kaspersky} && resource has category && ${security}.contains(resource.category) && context.asOf >= 20240929 };`,
  'us-ndaa-fy2019-889-agencies-huawei-zte': `${use} when { ${huaweiZte} && ${telecomsCategories} && ${government}.contains(context.sector) && context.asOf >= 20190813 };`,
  'us-ndaa-fy2019-889-agencies-surveillance': `${use} when { ${surveillanceMakers} && ${surveillanceCategories} && ${government}.contains(context.sector) && context.answers["surveillance-purpose"] && context.asOf >= 20190813 };`,
  'us-ndaa-fy2019-889-contractors-huawei-zte': `${use} when { ${huaweiZte} && ${telecomsCategories} && context.sector == "government-supplier" && context.asOf >= 20200813 };`,
  'us-ndaa-fy2019-889-contractors-surveillance': `${use} when { ${surveillanceMakers} && ${surveillanceCategories} && context.sector == "government-supplier" && context.answers["surveillance-purpose"] && context.asOf >= 20200813 };`,
  'us-2cfr-200-216-grants-huawei-zte': `${use} when { ${huaweiZte} && ${telecomsCategories} && context.answers["us-federal-grant-funds"] && context.asOf >= 20200813 };`,
  'us-2cfr-200-216-grants-surveillance': `${use} when { ${surveillanceMakers} && ${surveillanceCategories} && context.answers["us-federal-grant-funds"] && context.answers["surveillance-purpose"] && context.asOf >= 20200813 };`,
  'us-no-tiktok-act-agencies': `${use} when { ${bytedance} && ${government}.contains(context.sector) && context.asOf >= 20230227 };`,
  'us-far-52-204-27-contractors': `${use} when { ${bytedance} && context.sector == "government-supplier" && context.asOf >= 20230602 };`,
};
const parsedPolicies = cedar.preparsePolicySet('vrc-bench', { staticPolicies: POLICIES });
if (parsedPolicies.type !== 'success') throw new Error(`Cedar policies: ${JSON.stringify(parsedPolicies.errors)}`);

const EVERY_ITEM = process.argv.includes('--every-item');
const principal = { type: 'Organisation', id: 'benchmark' };
const action = { type: 'Action', id: 'use' };
const context = { sector: CONTEXT.sector, asOf: CONTEXT.asOf, answers: CONTEXT.answers };

/**
 * The rules that fire for an item: the forbid policies that decided Cedar's
 * answer. Every policy names its suppliers, so an item of no listed
 * supplier is not sent to Cedar (`--every-item` sends it anyway).
 */
function fired(who, n) {
  if (who === null && !EVERY_ITEM) return new Set();
  const resource = { type: 'Product', id: String(n) };
  const attrs = who === null ? {} : who.category === null ? { entity: who.entity } : { entity: who.entity, category: who.category };
  const answer = cedar.statefulIsAuthorized({
    principal,
    action,
    resource,
    context,
    preparsedPolicySetId: 'vrc-bench',
    entities: [{ uid: resource, attrs, parents: [] }],
  });
  if (answer.type !== 'success') throw new Error(`Cedar: ${JSON.stringify(answer.errors)}`);
  const { decision, diagnostics } = answer.response;
  if (diagnostics.errors.length > 0) throw new Error(`Cedar: ${JSON.stringify(diagnostics.errors)}`);
  return new Set(decision === 'deny' ? diagnostics.reason : []);
}

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node cedar.mjs FILE [--every-item]');
const text = readFileSync(file, 'utf8');
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
const out = new Output();
out.write('row,publisher,product,version,system,verdict,rules\n');
for (let i = 0; i < rows.length; i += 1) {
  const row = rows[i];
  const publisher = row[PUBLISHER];
  const product = row[PRODUCT];
  const version = row[VERSION];
  const key = `${publisher}\u0000${product}\u0000${version}`;
  let item = items.get(key);
  if (item === undefined) {
    const who = identify(publisher, product);
    const { verdict, rules } = decide(who, fired(who, items.size));
    item = { verdict, columns: `${verdict},${field(rules)}\n` };
    items.set(key, item);
  }
  counts[item.verdict] = (counts[item.verdict] ?? 0) + 1;
  if (out.write(`${i + 1},${field(publisher)},${field(product)},${field(version)},${field(row[HOST])},${item.columns}`)) await out.flush();
}
await out.flush();
report(counts, rows.length, items.size);
