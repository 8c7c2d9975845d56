// Regenerates package.json "contributes.configuration" and schemas/quota-lint.schema.json from the one settings table
// (server/src/config/settings.ts). Run with `npx tsx scripts/sync-manifest.ts`; the unit tests
// fail when package.json and the table drift apart.
import * as fs from 'fs';
import * as path from 'path';
import { configurationContribution, projectConfigSchema } from '../server/src/config/manifest';

const file = path.join(__dirname, '..', 'package.json');
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
pkg.contributes = { ...pkg.contributes, configuration: configurationContribution() };
fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
fs.mkdirSync(path.join(__dirname, '..', 'schemas'), { recursive: true });
fs.writeFileSync(path.join(__dirname, '..', 'schemas', 'quota-lint.schema.json'), `${JSON.stringify(projectConfigSchema(), null, 2)}\n`);
console.log('package.json contributes.configuration and schemas/quota-lint.schema.json updated');
