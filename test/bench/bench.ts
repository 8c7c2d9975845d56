// `npm run bench`: how long analysis takes on the example workspace, on a large generated file
// and on a file with many schedules (cron enumeration). Speed is measured here, never asserted
// in unit tests. Prints a table of median times over several runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze } from '../../server/src/engine';
import { loadCatalog } from '../../server/src/catalog';
import { mergeSettings } from '../../server/src/config/validate';
import { newEnv } from '../../server/src/analysis/fileContext';

const catalog = loadCatalog();
const settings = mergeSettings();
const root = path.join(__dirname, '..', '..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(name: string, files: { file: string; text: string }[], runs = 7, sharedEnv = true): void {
  const samples: number[] = [];
  let findings = 0;
  const shared = newEnv();
  for (let i = 0; i < runs; i++) {
    const env = sharedEnv ? shared : newEnv();
    const t0 = performance.now();
    for (const f of files) findings = analyze(f.text, f.file, settings, catalog, { env }).findings.length;
    samples.push(performance.now() - t0);
  }
  const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
  console.log(`${name.padEnd(34)} ${String(files.length).padStart(5)} files ${String(lines).padStart(7)} lines  median ${median(samples).toFixed(1).padStart(8)} ms  (${(lines / (median(samples) / 1000)).toFixed(0)} lines/s)  last findings ${findings}`);
}

const examples: { file: string; text: string }[] = [];
const walk = (d: string) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p); else if (/\.(ts|js)$/.test(e.name)) examples.push({ file: p, text: fs.readFileSync(p, 'utf8') });
  }
};
walk(path.join(root, 'examples'));

const header = "import { google } from 'googleapis';\nimport axios from 'axios';\nconst chat = google.chat({ version: 'v1' });\n";
let big = header;
for (let i = 0; i < 1500; i++) {
  big += `export async function job${i}(items: string[]) {\n  for (const item of items) {\n    await chat.spaces.messages.create({ parent: 'spaces/${i}', requestBody: { text: item } });\n  }\n  await Promise.all(items.map((u) => axios.post('https://realtime.oxylabs.io/v1/queries', { url: u })));\n}\n`;
}
// One long function: many loops, each awaiting other work before its call (every call's pass is
// checked against the same function's other awaits; see iterationWork.ts).
let longFunction = "import axios from 'axios';\nconst W = 'https://chat.googleapis.com/v1/spaces/A/messages?key=k&token=t';\nexport async function digest(xs: string[], db: any) {\n";
for (let i = 0; i < 2000; i++) longFunction += `  await db.load${i}(1);\n  for (const x of xs) { await db.row${i}(x); await axios.post(W, { text: x }); }\n`;
longFunction += '}\n';
let crons = "import cron from 'node-cron';\nimport Yida from '@alicloud/dingtalk/yida_1_0';\nconst yida = new Yida({});\n";
for (let i = 0; i < 60; i++) crons += `cron.schedule('${i} */2 * * *', async () => { await yida.searchFormDatasWithOptions({}, {}, {}); });\n`;
crons += "cron.schedule('* * * * * *', async () => { await yida.getFormDataByIDWithOptions('x', {}, {}, {}); });\n";

time('examples/', examples);
time('generated, 1500 functions', [{ file: 'big.ts', text: big }], 3);
time('one function, 2000 awaited loops', [{ file: 'long.ts', text: longFunction }], 3);
time('61 cron schedules (cold cron cache)', [{ file: 'crons.ts', text: crons }], 3, false);
time('61 cron schedules (warm cron cache)', [{ file: 'crons.ts', text: crons }], 3, true);
