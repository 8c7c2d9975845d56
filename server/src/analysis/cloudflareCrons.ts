// Cloudflare Workers Cron Triggers: `wrangler.toml` lists `[triggers] crons = ["0 9 * * fri"]`,
// and Cloudflare calls the Worker's `scheduled` handler on each (5-field cron, UTC). The schedule
// lives in the Wrangler configuration and the job in the module its `main` names, so neither file
// shows the whole picture: this module reads the configuration (TOML or JSON, never executed) and
// hands the handler's API calls to the rules with the schedule as their trigger.
import * as path from 'path';
import ts from 'typescript';
import { parseTOML, ParseError, type AST } from 'toml-eslint-parser';
import type { Loc, Span } from '../model';
import type { AnalysisEnv } from './fileContext';
import type { RootedEffect } from './fileModel';
import type { WorkspaceIndex } from './workspaceIndex';
import { cronScheduleFact, type ConfigScheduleFacts, type ScheduleFact } from './facts/schedules';
import type { TriggerStep } from './facts/steps';
import { ROUTE_EXTENSIONS } from './vercelCrons';

export interface WranglerCron {
  expression: string;
  /** The string, quotes included. */
  span: Span;
  /** The `[env.<name>]` the trigger belongs to; undefined for the top level. */
  envName?: string;
}

export interface WranglerConfig {
  crons: WranglerCron[];
  /** `main` of the top level and of each environment (an environment without one inherits the top level's). */
  mains: Map<string | undefined, string>;
  problems: { span: Span; message: string }[];
  /** Line starts of the text, for positions. */
  lines: ts.SourceFile;
}

/** `wrangler.toml`, `wrangler.json`, `wrangler.jsonc`, and per-purpose copies deployed with `-c` (`wrangler.cron.toml`). */
export function isWranglerConfig(fileName: string): boolean {
  return /^wrangler(\.[\w-]+)*\.(toml|json|jsonc)$/.test(path.basename(fileName));
}

export function readWranglerConfig(text: string, fileName: string): WranglerConfig {
  // The text parsed as JSON serves only for its line starts when the file is TOML.
  const lines = ts.parseJsonText(fileName, text);
  const entries = fileName.endsWith('.toml') ? tomlEntries(text, fileName) : jsonEntries(lines, fileName);
  const crons: WranglerCron[] = [];
  const mains = new Map<string | undefined, string>();
  for (const e of entries.values) {
    // `[triggers] crons = […]` at the top level, `[env.production.triggers] crons = […]` for an environment.
    const envName = e.key[0] === 'env' && e.key.length > 2 ? e.key[1] : undefined;
    const rest = envName === undefined ? e.key : e.key.slice(2);
    if (rest.length === 1 && rest[0] === 'main' && typeof e.value === 'string') mains.set(envName, e.value);
    if (rest.length === 2 && rest[0] === 'triggers' && rest[1] === 'crons') {
      if (!Array.isArray(e.items)) {
        entries.problems.push({ span: e.span, message: `${path.basename(fileName)}: "crons" should be a list of cron strings such as "10 9 * * mon-fri"` });
        continue;
      }
      for (const item of e.items) {
        if (typeof item.value === 'string') crons.push({ expression: item.value, span: item.span, envName });
        else entries.problems.push({ span: item.span, message: `${path.basename(fileName)}: a cron trigger should be a string such as "10 9 * * mon-fri"` });
      }
    }
  }
  return { crons, mains, problems: entries.problems, lines };
}

interface Entry {
  key: string[];
  value?: unknown;
  span: Span;
  items?: { value: unknown; span: Span }[];
}

interface Entries { values: Entry[]; problems: WranglerConfig['problems'] }

function tomlEntries(text: string, fileName: string): Entries {
  const problems: WranglerConfig['problems'] = [];
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(text);
  } catch (e) {
    const at = e instanceof ParseError ? e.index : 0;
    problems.push({ span: { start: at, end: Math.min(at + 1, text.length) }, message: `${path.basename(fileName)}: ${(e as Error).message}` });
    return { values: [], problems };
  }
  const values: Entry[] = [];
  const addPairs = (prefix: string[], pairs: AST.TOMLKeyValue[]): void => {
    for (const kv of pairs) {
      const key = [...prefix, ...kv.key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value))];
      const v = kv.value;
      if (v.type === 'TOMLInlineTable') { addPairs(key, v.body); continue; }
      const span = { start: v.range[0], end: v.range[1] };
      if (v.type === 'TOMLArray') {
        values.push({ key, span, items: v.elements.map((el) => ({ value: el.type === 'TOMLValue' ? el.value : undefined, span: { start: el.range[0], end: el.range[1] } })) });
      } else {
        values.push({ key, span, value: v.type === 'TOMLValue' ? v.value : undefined });
      }
    }
  };
  for (const top of program.body) {
    for (const node of top.body) {
      if (node.type === 'TOMLKeyValue') addPairs([], [node]);
      else addPairs(node.resolvedKey.map(String), node.body);
    }
  }
  return { values, problems };
}

function jsonEntries(sourceFile: ts.JsonSourceFile, fileName: string): Entries {
  const problems: WranglerConfig['problems'] = [];
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  for (const d of diagnostics) {
    problems.push({ span: { start: d.start, end: d.start + (d.length || 1) }, message: `${path.basename(fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}` });
  }
  const values: Entry[] = [];
  // JSON nodes have no parent pointers: positions come from the file's text.
  const spanOf = (n: ts.Node): Span => ({ start: n.getStart(sourceFile), end: n.getEnd() });
  const walk = (obj: ts.ObjectLiteralExpression, prefix: string[]): void => {
    for (const p of obj.properties) {
      if (!ts.isPropertyAssignment(p) || !(ts.isStringLiteral(p.name) || ts.isIdentifier(p.name))) continue;
      const key = [...prefix, p.name.text];
      const v = p.initializer;
      if (ts.isObjectLiteralExpression(v)) { walk(v, key); continue; }
      if (ts.isArrayLiteralExpression(v)) {
        values.push({ key, span: spanOf(v), items: v.elements.map((el) => ({ value: ts.isStringLiteral(el) ? el.text : undefined, span: spanOf(el) })) });
      } else {
        values.push({ key, span: spanOf(v), value: ts.isStringLiteral(v) ? v.text : undefined });
      }
    }
  };
  const root = sourceFile.statements[0]?.expression;
  if (root && ts.isObjectLiteralExpression(root)) walk(root, []);
  return { values, problems };
}

/**
 * The Worker's entry module: `main` (of the trigger's environment, else of the top level), else the
 * places Worker templates put it (`src/index.ts`, `index.js`, `worker.js`).
 */
export function workerEntryCandidates(config: WranglerConfig, file: string, envName: string | undefined): string[] {
  const dir = path.dirname(file);
  const main = config.mains.get(envName) ?? config.mains.get(undefined);
  if (main !== undefined) {
    const full = path.resolve(dir, main);
    return path.extname(full) ? [full] : ROUTE_EXTENSIONS.map((e) => full + e);
  }
  return ['src/index', 'src/worker', 'index', 'worker'].flatMap((stem) => ROUTE_EXTENSIONS.map((e) => path.join(dir, stem + e)));
}

export function wranglerScheduleFacts(config: WranglerConfig, file: string, index: WorkspaceIndex, env: AnalysisEnv, locOf: (span: Span) => Loc): ConfigScheduleFacts {
  const schedules: ScheduleFact[] = [];
  const rooted: RootedEffect[] = [];
  for (const cron of config.crons) {
    const exprLoc = locOf(cron.span);
    schedules.push(cronScheduleFact(exprLoc, exprLoc, 'cloudflare', cron.expression, env));
    const trigger: TriggerStep = { kind: 'trigger', loc: exprLoc, trigger: { type: 'cron', library: 'cloudflare', expression: cron.expression, exprLoc } };
    const entry = workerEntryCandidates(config, file, cron.envName).find((c) => index.model(c));
    const model = entry ? index.model(entry) : undefined;
    for (const effect of model?.scheduledHandlerEffects?.() ?? []) {
      // The handler counts as run by an outside event; here that event is the cron's.
      const chain = effect.chain.filter((s) => s.kind !== 'trigger' || s.trigger.type !== 'external');
      rooted.push({ effect: { ...effect, chain: [...chain, trigger] }, ownerName: 'scheduled' });
    }
  }
  return { schedules, rooted };
}
