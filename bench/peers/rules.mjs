// What every peer in this folder shares: the benchmark's context, the part of
// the built-in catalogue (rules/catalogue.toml) that the benchmark's rules
// name, how an item is tied to a supplier and a category, the rules
// themselves as data, and the per-row CSV the peers write. Each peer differs
// only in how it reads the file and how it evaluates the rules; this part is
// the same data the engine is given, written as a JavaScript team would.
//
// The context (also in bench/phases/src/lib.rs and
// xtask/src/bench.rs): a US government supplier, on 2026-12-01, that said
// yes to the surveillance-purpose question and no to the FCC-subsidy, federal
// grant and DoD-contract ones, so that no rule waits on an answer:
//
//   vrc check -j US -s government-supplier --as-of 2026-12-01 \
//     --answer surveillance-purpose=yes --answer fcc-subsidy=no \
//     --answer us-federal-grant-funds=no --answer us-dod-contract=no
//
// The rules are the built-in pack's US rules on Kaspersky (rules/kaspersky.toml),
// section 889 of the NDAA FY2019 and its grant rule (2 CFR 200.216), and
// the FAR clause on TikTok, which the generated inventories
// (xtask/src/inventory.rs: Kaspersky Endpoint Security, Hikvision iVMS-4200,
// Huawei HiSuite and TikTok, about one row in 2,000) also call on
// (rules/telecoms-surveillance-apps.toml). The pack's other US rules on these
// suppliers turn on answers this context gives as no (the FCC's, the DoD's);
// they are left out, which changes no verdict here. `xtask bench` checks
// each peer's verdict counts against `vrc check`'s and fails if they differ.

export const CONTEXT = {
  jurisdiction: 'US',
  sector: 'government-supplier',
  // A number, YYYYMMDD: json-rules-engine compares numbers only.
  asOf: 20261201,
  answers: {
    'surveillance-purpose': true,
    'fcc-subsidy': false,
    'us-federal-grant-funds': false,
    'us-dod-contract': false,
  },
};

/** Lower case, every run of anything but letters and digits one space, padded: `' ao kaspersky lab '`. */
export function normalise(name) {
  return ` ${name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

// The catalogue's entries for the suppliers these rules name: legal names
// and aliases (matched whole), keywords (matched as words anywhere in the
// publisher) and product lines with their category. Copied from
// rules/catalogue.toml, Latin-script and CJK names alike.
const CATALOGUE = [
  {
    id: 'kaspersky',
    names: ['AO Kaspersky Lab', 'Kaspersky Lab ZAO', 'OOO Kaspersky Group', 'Kaspersky Labs Limited', 'Kaspersky Lab, Inc.', 'Kaspersky Lab', 'Kaspersky Labs', 'Лаборатория Касперского', 'Касперский'],
    keywords: ['kaspersky', 'kasperskylab', 'касперского', 'касперский', '卡巴斯基'],
    products: {
      'endpoint-security': ['Kaspersky Endpoint Security', 'Kaspersky Endpoint Security for Windows', 'Kaspersky Endpoint Security for Business', 'Kaspersky Endpoint Security Cloud', 'Kaspersky Endpoint Agent', 'Kaspersky EDR', 'Kaspersky Security Center', 'Kaspersky Security Center Network Agent', 'Kaspersky Network Agent', 'Kaspersky Small Office Security', 'Kaspersky Security for Windows Server'],
      antivirus: ['Kaspersky Anti-Virus', 'Kaspersky Antivirus', 'Kaspersky Free', 'Kaspersky Internet Security', 'Kaspersky Total Security', 'Kaspersky Security Cloud', 'Kaspersky Standard', 'Kaspersky Plus', 'Kaspersky Premium'],
      'security-software': ['Kaspersky VPN Secure Connection', 'Kaspersky Password Manager', 'Kaspersky Safe Kids'],
      'threat-intelligence': ['Kaspersky Threat Intelligence'],
    },
  },
  {
    id: 'huawei',
    names: ['Huawei Technologies Co., Ltd.', 'Huawei Device Co., Ltd.', 'Huawei Technologies', 'HUAWEI', '华为技术有限公司', '华为'],
    keywords: ['huawei', 'hisilicon', '华为'],
    products: {
      'telecoms-equipment': ['Huawei router', 'Huawei switch', 'Huawei NetEngine', 'NetEngine', 'CloudEngine', 'Huawei OptiX', 'OptiX', 'Huawei eSight', 'EchoLife'],
      'mobile-device': ['Huawei Mate', 'Huawei nova', 'Huawei MatePad', 'MatePad', 'HUAWEI Mobile Partner', 'Mobile Partner', 'HarmonyOS'],
      other: ['Huawei MateBook', 'MateBook', 'Huawei PC Manager', 'HiSuite', 'Huawei HiSuite', 'Huawei Share'],
      'software-library': ['HMS Core', 'HMS Core SDK', 'Huawei Mobile Services'],
      'cloud-service': ['Huawei Cloud', 'HuaweiCloud', 'OBS Browser'],
    },
  },
  {
    id: 'zte',
    names: ['ZTE Corporation', 'ZTE Corp', '中兴通讯股份有限公司', '中兴通讯', '中兴'],
    keywords: ['zte'],
    products: {
      'telecoms-equipment': ['ZXR10', 'ZTE ZXR10', 'ZXHN', 'ZTE OLT', 'ZTE ONT', 'ZTE router', 'ZTE switch'],
      'mobile-device': ['ZTE Blade', 'ZTE Axon', 'ZTE Mobile Broadband', 'ZTE modem', 'ZTE MiFi'],
    },
  },
  {
    id: 'hytera',
    names: ['Hytera Communications Corporation Limited', 'Hytera Communications Corporation', 'Hytera Communications', 'Hytera Communications Co., Ltd.', '海能达'],
    keywords: ['hytera'],
    products: {
      'two-way-radio': ['Hytera radio', 'Hytera DMR', 'Hytera TETRA', 'Hytera CPS', 'Hytera Customer Programming Software', 'Hytera SmartDispatch', 'SmartDispatch'],
      'video-surveillance': ['Hytera body worn camera', 'Hytera body camera', 'Hytera BWC'],
    },
  },
  {
    id: 'hikvision',
    names: ['Hangzhou Hikvision Digital Technology Co., Ltd.', 'Hangzhou Hikvision Digital Technology Company', 'Hikvision Digital Technology', 'HIKVISION', '海康威视'],
    keywords: ['hikvision', 'hilook', 'ezviz', 'hikmicro', 'hikrobot', 'hikcentral', 'hik connect', '海康威视'],
    products: {
      'video-surveillance': ['Hikvision camera', 'Hikvision NVR', 'Hikvision DVR', 'iVMS-4200', 'iVMS', 'iVMS-4500', 'Hikvision iVMS-4200', 'HikCentral', 'HikCentral Professional', 'Hik-Connect', 'SADP', 'Hikmicro Analyzer'],
    },
  },
  {
    id: 'dahua',
    names: ['Zhejiang Dahua Technology Co., Ltd.', 'Dahua Technology Company', 'Dahua Technology', 'Dahua Security', 'DAHUA', 'SmartPSS', 'SmartPSS Lite', '大华'],
    keywords: ['dahua', 'imou'],
    products: {
      'video-surveillance': ['SmartPSS', 'SmartPSS Lite', 'DSS Pro', 'Dahua camera', 'Dahua NVR', 'Imou Life'],
    },
  },
  {
    id: 'bytedance',
    names: ['ByteDance Ltd.', 'ByteDance Pte. Ltd.', 'Beijing ByteDance Technology Co., Ltd.', 'ByteDance', 'Bytedance Inc', 'TikTok', 'TikTok Pte. Ltd.', 'TikTok Inc.', '字节跳动'],
    keywords: ['tiktok', 'bytedance', 'douyin', 'capcut', '字节跳动'],
    products: {
      'social-media-app': ['TikTok', 'TikTok for Windows', 'TikTok Lite', 'TikTok LIVE Studio', 'TikTok Studio'],
    },
  },
];

const BY_NAME = new Map();
const KEYWORDS = [];
const CATEGORIES = new Map();
for (const entity of CATALOGUE) {
  for (const name of entity.names) BY_NAME.set(normalise(name), entity.id);
  for (const keyword of entity.keywords) KEYWORDS.push([normalise(keyword), entity.id]);
  for (const [category, products] of Object.entries(entity.products)) {
    for (const product of products) CATEGORIES.set(`${entity.id}${normalise(product)}`, category);
  }
}

/**
 * The supplier and category of an item, or null. The supplier is found from
 * the publisher, as the engine does: a legal name or alias (normalised), else
 * a keyword as a word in it. A keyword in the product name alone, under
 * another publisher, sets no verdict in the engine ("uncorroborated"), so it
 * is not matched here; a row with no publisher is matched on its product.
 * The category is the product line the product name is, or `null` (unknown).
 */
export function identify(publisher, product) {
  const name = normalise(publisher || product || '');
  let entity = BY_NAME.get(name);
  if (entity === undefined) {
    for (const [keyword, id] of KEYWORDS) {
      if (name.includes(keyword)) {
        entity = id;
        break;
      }
    }
  }
  if (entity === undefined) return null;
  return { entity, category: CATEGORIES.get(`${entity}${normalise(product || '')}`) ?? null };
}

const SECURITY = ['antivirus', 'endpoint-security', 'security-software'];
const GOVERNMENT = ['central-government', 'national-security'];

// The rules, as data: who (`entities`), what (`categories`; none means any
// product of the supplier), for whom (`sectors`), from when (`from`,
// YYYYMMDD) and on which answers. `supersededBy`: not applied when that rule
// applies (the pack's `supersedes`).
export const RULES = [
  // Kaspersky (rules/kaspersky.toml, United States).
  { id: 'us-bod-17-01', verdict: 'prohibited', from: 20170913, entities: ['kaspersky'], categories: SECURITY, sectors: GOVERNMENT },
  { id: 'us-ndaa-fy2018-1634', verdict: 'prohibited', from: 20181001, entities: ['kaspersky'], sectors: GOVERNMENT },
  { id: 'us-far-52-204-23-contractors', verdict: 'prohibited', from: 20181001, entities: ['kaspersky'], sectors: ['government-supplier'] },
  { id: 'us-fcc-covered-list-kaspersky', verdict: 'prohibited', from: 20220524, entities: ['kaspersky'], categories: [...SECURITY, 'threat-intelligence'], answers: { 'fcc-subsidy': true } },
  { id: 'us-commerce-icts-2024-new-agreements', verdict: 'prohibited', from: 20240720, entities: ['kaspersky'], categories: SECURITY, supersededBy: 'us-commerce-icts-2024-no-updates' },
  { id: 'us-commerce-icts-2024-no-updates', verdict: 'avoid', from: 20240929, entities: ['kaspersky'], categories: SECURITY },
  // NDAA FY2019 section 889 and 2 CFR 200.216 (rules/telecoms-surveillance-apps.toml).
  { id: 'us-ndaa-fy2019-889-agencies-huawei-zte', verdict: 'prohibited', from: 20190813, entities: ['huawei', 'zte'], categories: ['telecoms-equipment', 'mobile-device', 'telecoms-service', 'video-surveillance'], sectors: GOVERNMENT },
  { id: 'us-ndaa-fy2019-889-agencies-surveillance', verdict: 'prohibited', from: 20190813, entities: ['hytera', 'hikvision', 'dahua'], categories: ['video-surveillance', 'two-way-radio', 'telecoms-equipment'], sectors: GOVERNMENT, answers: { 'surveillance-purpose': true } },
  { id: 'us-ndaa-fy2019-889-contractors-huawei-zte', verdict: 'prohibited', from: 20200813, entities: ['huawei', 'zte'], categories: ['telecoms-equipment', 'mobile-device', 'telecoms-service', 'video-surveillance'], sectors: ['government-supplier'] },
  { id: 'us-ndaa-fy2019-889-contractors-surveillance', verdict: 'prohibited', from: 20200813, entities: ['hytera', 'hikvision', 'dahua'], categories: ['video-surveillance', 'two-way-radio', 'telecoms-equipment'], sectors: ['government-supplier'], answers: { 'surveillance-purpose': true } },
  { id: 'us-2cfr-200-216-grants-huawei-zte', verdict: 'prohibited', from: 20200813, entities: ['huawei', 'zte'], categories: ['telecoms-equipment', 'mobile-device', 'telecoms-service', 'video-surveillance'], answers: { 'us-federal-grant-funds': true } },
  { id: 'us-2cfr-200-216-grants-surveillance', verdict: 'prohibited', from: 20200813, entities: ['hytera', 'hikvision', 'dahua'], categories: ['video-surveillance', 'two-way-radio', 'telecoms-equipment'], answers: { 'us-federal-grant-funds': true, 'surveillance-purpose': true } },
  // TikTok (rules/telecoms-surveillance-apps.toml).
  { id: 'us-no-tiktok-act-agencies', verdict: 'prohibited', from: 20230227, entities: ['bytedance'], categories: ['social-media-app'], sectors: GOVERNMENT },
  { id: 'us-far-52-204-27-contractors', verdict: 'prohibited', from: 20230602, entities: ['bytedance'], categories: ['social-media-app'], sectors: ['government-supplier'] },
];

/** Verdicts, least severe first: an item's verdict is its most severe rule's. */
export const SEVERITY = ['clear', 'no-action', 'review', 'avoid', 'prohibited'];

/** The most severe of the verdicts (`clear` for none). */
export function worst(verdicts) {
  let at = 0;
  for (const v of verdicts) at = Math.max(at, SEVERITY.indexOf(v));
  return SEVERITY[at];
}

/** The rules that can apply in the context at all: in force, for its sector, on its answers. */
export const IN_CONTEXT = RULES.filter(
  (r) =>
    r.from <= CONTEXT.asOf &&
    (r.sectors === undefined || r.sectors.includes(CONTEXT.sector)) &&
    Object.entries(r.answers ?? {}).every(([question, answer]) => CONTEXT.answers[question] === answer),
);

/**
 * An item's verdict and the ids of the rules behind it, from the rules that
 * fired for it (`fired`, a Set of ids, however the peer evaluated them): a
 * superseded rule is dropped when the one superseding it fired, and, as the
 * engine never clears an item for want of an answer, a supplier's rule that
 * turns on a category the item's name does not give makes it `review`.
 */
export function decide(who, fired) {
  const ids = [];
  const verdicts = [];
  for (const rule of IN_CONTEXT) {
    if (!fired.has(rule.id)) continue;
    if (rule.supersededBy !== undefined && fired.has(rule.supersededBy)) continue;
    ids.push(rule.id);
    verdicts.push(rule.verdict);
  }
  if (who !== null && who.category === null) {
    const waiting = IN_CONTEXT.some((r) => r.categories !== undefined && r.entities.includes(who.entity) && SEVERITY.indexOf(r.verdict) > SEVERITY.indexOf(worst(verdicts)));
    if (waiting) {
      ids.push('answer-needed');
      verdicts.push('review');
    }
  }
  return { verdict: worst(verdicts), rules: ids.join(' | ') };
}

/** A CSV field, quoted where it must be. */
export function field(text) {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Standard output in large pieces: `write` keeps the text and says when a
 * piece is ready, then `await flush()` writes it, waiting when the pipe is
 * full (no promise per row).
 */
export class Output {
  constructor() {
    this.parts = [];
    this.length = 0;
  }
  /** Keeps `text`; true when it is time to `flush`. */
  write(text) {
    this.parts.push(text);
    this.length += text.length;
    return this.length > 1 << 20;
  }
  async flush() {
    const text = this.parts.join('');
    this.parts = [];
    this.length = 0;
    if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}

/**
 * Says on standard error what the peer found, for `cargo xtask bench` to
 * compare with `vrc check`: `verdicts clear=N ... rows=N distinct=N`.
 */
export function report(counts, rows, distinct) {
  const parts = SEVERITY.map((v) => `${v}=${counts[v] ?? 0}`);
  process.stderr.write(`verdicts ${parts.join(' ')} rows=${rows} distinct=${distinct}\n`);
}
