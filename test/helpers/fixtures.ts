// Runs annotated fixtures through the engine (with a workspace over the fixture's folder, so
// cross-file fixtures work) and compares findings and, when asked, call sites.
import * as fs from 'fs';
import * as path from 'path';
import { loadCatalog } from '../../server/src/catalog';
import { mergeSettings, validateSettings } from '../../server/src/config/validate';
import { newEnv } from '../../server/src/analysis/fileContext';
import { Workspace, diskSource, type TextSource } from '../../server/src/workspace/workspace';
import type { AnalysisResult } from '../../server/src/engine';
import { parseAnnotations, rewrite, stripAnnotations, type Actual } from './annotations';

const SETTINGS_HEADER = /quota-lint-test-settings:\s*(\{.*\})/;

/** A workspace whose files are the fixtures with their annotations stripped. */
export function fixtureWorkspace(dir: string, settingsJson?: string): Workspace {
  const source: TextSource = {
    read(file) {
      try { return stripAnnotations(fs.readFileSync(file, 'utf8')); } catch { return undefined; }
    },
    exists(file) {
      try { return fs.statSync(file).isFile(); } catch { return false; }
    },
    listDirs: diskSource.listDirs,
  };
  const raw = settingsJson ? JSON.parse(settingsJson) : {};
  const settings = mergeSettings(validateSettings(raw, 'fixture').settings);
  void dir;
  return new Workspace(source, () => settings, loadCatalog(), newEnv());
}

/**
 * `// quota-lint-test-callers: ../routes/index.js`: files analysed first, as the CLI analyses the
 * whole workspace: a wrapper whose operation only its callers' arguments decide gets its call
 * sites from their analysis.
 */
const CALLERS_HEADER = /quota-lint-test-callers:\s*(.+)$/m;

export function analyzeFixture(file: string): { text: string; stripped: string; result: AnalysisResult } {
  const text = fs.readFileSync(file, 'utf8');
  const stripped = stripAnnotations(text);
  const settingsJson = SETTINGS_HEADER.exec(text)?.[1];
  const ws = fixtureWorkspace(path.dirname(file), settingsJson);
  for (const caller of CALLERS_HEADER.exec(text)?.[1].trim().split(/\s+/) ?? []) {
    const callerFile = path.resolve(path.dirname(file), caller);
    ws.analyze(callerFile, stripAnnotations(fs.readFileSync(callerFile, 'utf8')));
  }
  return { text, stripped, result: ws.analyze(file, stripped) };
}

export function actualsOf(text: string, result: AnalysisResult, withSites: boolean): Actual[] {
  const out: Actual[] = result.findings.map((f) => ({
    line: f.loc.start.line, start: f.loc.start.character,
    end: f.loc.start.line === f.loc.end.line ? f.loc.end.character : f.loc.start.character + 1,
    kind: f.severity, what: f.ruleId, message: f.message,
  }));
  if (withSites) {
    for (const c of result.callSites) {
      out.push({
        line: c.loc.start.line, start: c.loc.start.character, end: c.loc.end.character, kind: 'site',
        what: `${c.provider} ${c.operation} ${c.httpMethod} ${c.via}${c.viaWrapper ? ` via ${c.viaWrapper}` : ''}`,
      });
    }
  }
  void text;
  return out;
}

export interface FixtureComparison {
  missing: string[];
  unexpected: string[];
}

function key(a: { line: number; start: number; end: number; kind: string; what: string }): string {
  return `${a.line + 1}:${a.start + 1}-${a.end + 1} ${a.kind} ${a.what}`;
}

export function compareFixture(file: string): FixtureComparison & { updated?: boolean } {
  const { text, stripped, result } = analyzeFixture(file);
  const withSites = /^\/\/ quota-lint-test: sites/m.test(text);
  const actuals = actualsOf(stripped, result, withSites);
  if (process.env.UPDATE_FIXTURES) {
    const next = rewrite(text, actuals);
    if (next !== text) fs.writeFileSync(file, next);
    return { missing: [], unexpected: [], updated: next !== text };
  }
  const expected = parseAnnotations(text);
  const missing: string[] = [];
  const unexpected: string[] = [];
  const pool = [...actuals];
  for (const e of expected) {
    const i = pool.findIndex((a) => key(a) === key(e) && (e.message === undefined || a.message === e.message));
    if (i >= 0) { pool.splice(i, 1); continue; }
    const near = pool.find((a) => key(a) === key(e));
    missing.push(`${key(e)}${e.message !== undefined ? `: ${e.message}` : ''}${near ? `\n      actual message: ${near.message}` : ''}`);
  }
  for (const a of pool) unexpected.push(`${key(a)}${a.message ? `: ${a.message}` : ''}`);
  for (const err of result.errors.filter((x) => x.kind === 'internal')) unexpected.push(`internal error: ${err.message}`);
  return { missing, unexpected };
}

export function listFixtures(root: string): string[] {
  const out: string[] = [];
  const visit = (p: string) => {
    for (const e of fs.readdirSync(p, { withFileTypes: true })) {
      const full = path.join(p, e.name);
      if (e.isDirectory()) visit(full);
      else if (/\.(ts|tsx|js|jsx|mjs|cjs)$/.test(e.name) && !/\.(before|after)\./.test(e.name)) out.push(full);
    }
  };
  visit(root);
  return out.sort();
}
