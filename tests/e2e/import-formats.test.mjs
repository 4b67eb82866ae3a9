// Browser tests of the whole flow for each format the drop zone accepts: the
// importer's own fixtures (real exports' shapes: Intune, PowerShell, osquery
// logs and snapshot events, sqlcmd, CycloneDX, SPDX JSON, tag-value and 3.0, cdxgen, Excel) chosen with the file input for a UK
// department's SECRET system, then the import report and the verdicts read
// back from the page, with no request leaving the origin and no axe
// violation. One test per file, each on a fresh page.

import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noLeaks, axe, check, expectCount } from './expect.mjs';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'crates', 'vrc-import', 'tests', 'fixtures');
const KES = 'Kaspersky Endpoint Security for Windows';

/**
 * file: under the importer's fixtures; format: the importer's name for it, and
 * label: what the import report calls it;
 * rows: rows read; product: a row of the findings table, with the entity it
 * matches and its verdict for a UK department's SECRET system; delimiter:
 * how the import report names a delimited file's delimiter.
 */
const FORMATS = [
  { file: 'intune-utf8-bom.csv', format: 'csv', label: 'Delimited text (CSV)', delimiter: 'Comma (,)', rows: 3, product: KES, entity: 'kaspersky', verdict: 'avoid' },
  { file: 'pasted.tsv', format: 'csv', label: 'Delimited text (CSV)', delimiter: 'Tab', rows: 2, product: 'Kaspersky Endpoint Security', entity: 'kaspersky', verdict: 'avoid' },
  { file: 'powershell51-utf16le.csv', format: 'csv', label: 'Delimited text (CSV)', rows: 4, product: KES, entity: 'kaspersky', verdict: 'avoid' },
  { file: 'intune-detected-apps.json', format: 'intune', label: 'Microsoft Intune export', rows: 2, product: KES, entity: 'kaspersky', verdict: 'avoid' },
  { file: 'osquery-programs.json', format: 'json', label: 'JSON rows', rows: 3, product: KES, entity: 'kaspersky', verdict: 'avoid' },
  { file: 'osquery-snapshots.log', format: 'osquery', label: 'osquery results', rows: 3, product: KES, entity: 'kaspersky', verdict: 'avoid' },
  { file: 'osquery-snapshot-events.log', format: 'osquery', label: 'osquery results', rows: 3, product: KES, entity: 'kaspersky', verdict: 'avoid' },
  { file: 'sqlcmd-sccm.csv', format: 'csv', label: 'Delimited text (CSV)', rows: 4, product: KES, entity: 'kaspersky', verdict: 'avoid', warning: 'read as sqlcmd output' },
  { file: 'cyclonedx-1.6.json', format: 'cyclonedx', label: 'CycloneDX bill of materials', rows: 6, product: 'Kaspersky Endpoint Security', entity: 'kaspersky', verdict: 'avoid' },
  { file: 'cyclonedx-1.4.xml', format: 'cyclonedx', label: 'CycloneDX bill of materials', rows: 3, product: 'DS-2CD2143G2-I', entity: 'hikvision' },
  { file: 'spdx-2.3.json', format: 'spdx', label: 'SPDX bill of materials', rows: 4, product: 'Kaspersky Endpoint Security', entity: 'kaspersky', verdict: 'avoid' },
  { file: 'syft.spdx', format: 'spdx', label: 'SPDX bill of materials', rows: 3, product: 'libssl3', entity: '', verdict: 'clear', warning: 'which the document describes' },
  { file: 'spdx-3.0.1.json', format: 'spdx', label: 'SPDX bill of materials', rows: 3, product: 'hyper', entity: '', verdict: 'clear', warning: 'which the document describes' },
  { file: 'cdxgen-obom.json', format: 'cyclonedx', label: 'CycloneDX bill of materials', rows: 4, product: KES, entity: 'kaspersky', verdict: 'avoid' },
  { file: 'xlsx/inventory.xlsx', format: 'xlsx', label: 'Excel workbook', rows: 4, product: KES, entity: 'kaspersky', verdict: 'avoid' },
];

export const tests = FORMATS.map((f) => ({
  name: `import formats: ${f.file} (${f.format}) is read and checked`,
  async run({ checkerPage, probe, server }) {
    const { page } = checkerPage;
    await checkerPage.country.selectOption('GB');
    await checkerPage.sector('Central government').check();
    await checkerPage.classification.selectOption('SECRET');
    await checkerPage.chooseFile(join(FIXTURES, f.file));
    await checkerPage.findings.waitFor({ state: 'visible' });

    await expectCount(checkerPage.errorSummary, 0, 'error summaries');
    const report = await checkerPage.importReports.first().innerText();
    check(report.includes(`How ${basename(f.file)} was read`), `the import report does not name the file:\n${report}`);
    check(report.includes(`Format\n${f.label}`) || report.includes(`Format\t${f.label}`), `the import report does not say "${f.label}":\n${report}`);
    check(new RegExp(`Rows read\\s+${f.rows}\\b`).test(report), `the import report does not say ${f.rows} rows were read:\n${report}`);
    if (f.warning) check(report.includes(f.warning), `the import report does not say "${f.warning}":\n${report}`);
    if (f.delimiter) check(new RegExp(`Delimiter\\s+${f.delimiter.replace(/[(),]/g, '\\$&')}`).test(report), `the import report does not say the delimiter is "${f.delimiter}":\n${report}`);

    const row = checkerPage.row(f.product);
    await expectCount(row, 1, `rows for ${f.product}`);
    const entity = await row.getAttribute('data-entity');
    check(entity === f.entity, `${f.product} matched ${entity}, not ${f.entity}`);
    if (f.verdict) {
      const verdict = await checkerPage.verdictOf(f.product);
      check(verdict === f.verdict, `${f.product} is ${verdict}, not ${f.verdict}`);
    }
    await axe(page, `after importing ${f.file}`);
    await noLeaks(page, probe, server);
  },
}));
