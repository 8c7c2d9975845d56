// Vercel Cron Jobs: `vercel.json` lists `{ "path": "/api/cron/digest", "schedule": "0 1 * * *" }`,
// and Vercel sends a GET request to that route on the schedule (5-field cron, UTC). The schedule
// lives in JSON and the job in the route's handler, so neither file shows the whole picture: this
// module reads the JSON (never executing anything) and finds the route file each path serves.
import * as path from 'path';
import ts from 'typescript';
import type { Loc, Span } from '../model';
import type { AnalysisEnv } from './fileContext';
import type { RootedEffect } from './fileModel';
import { propertyValue } from './binder';
import { unwrapValue } from './unwrap';
import type { WorkspaceIndex } from './workspaceIndex';
import { cronScheduleFact, type ConfigScheduleFacts, type ScheduleFact } from './facts/schedules';
import type { TriggerStep } from './facts/steps';
import type { Effect } from './facts/summaries';
import { str, type Val } from './values';

export interface VercelCron {
  /** The route as written (`/api/cron/digest?job=x`). */
  path: string;
  /** The cron expression, when the entry has a string schedule. */
  schedule?: string;
  /** The schedule's string literal, quotes included (the entry's object when the schedule is missing). */
  scheduleSpan: Span;
}

/** A `routes` (`src` → `dest`) or `rewrites` (`source` → `destination`) entry that hands requests to a file. */
export interface VercelForward {
  pattern: RegExp;
  destination: string;
}

export interface VercelConfig {
  crons: VercelCron[];
  forwards: VercelForward[];
  /** What is wrong with the file, for a clear message (the crons that could be read still count). */
  problems: { span: Span; message: string }[];
  sourceFile: ts.SourceFile;
}

export function isVercelConfig(fileName: string): boolean {
  return path.basename(fileName) === 'vercel.json';
}

export function readVercelConfig(text: string, fileName: string): VercelConfig {
  const sourceFile = ts.parseJsonText(fileName, text);
  const problems: VercelConfig['problems'] = [];
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  for (const d of diagnostics) {
    problems.push({ span: { start: d.start, end: d.start + (d.length || 1) }, message: `vercel.json: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}` });
  }
  const root = sourceFile.statements[0]?.expression;
  return readConfigObject(root && ts.isObjectLiteralExpression(root) ? root : undefined, sourceFile, problems, 'vercel.json');
}

/** `vercel.ts` (Vercel's programmatic project configuration): the object literal that lists `crons`. */
export function isVercelTsConfig(fileName: string): boolean {
  return /^vercel\.(ts|mts|js|mjs|cjs)$/.test(path.basename(fileName));
}

/**
 * The crons of `vercel.ts`, read from its object literal (`export const config: VercelConfig = { crons: [...] }`)
 * without running it; entries whose path or schedule is not written out as a string are left out.
 */
export function readVercelTsConfig(sourceFile: ts.SourceFile): VercelConfig | undefined {
  let found: ts.ObjectLiteralExpression | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isObjectLiteralExpression(n) && propertyValue(n, 'crons')) { found = n; return; }
    ts.forEachChild(n, visit);
  };
  visit(sourceFile);
  return found && readConfigObject(found, sourceFile, [], path.basename(sourceFile.fileName));
}

function readConfigObject(root: ts.ObjectLiteralExpression | undefined, sourceFile: ts.SourceFile, problems: VercelConfig['problems'], label: string): VercelConfig {
  const crons: VercelCron[] = [];
  const cronsValue = root ? propertyValue(root, 'crons') : undefined;
  const cronsNode = cronsValue && unwrapValue(cronsValue);
  if (cronsNode && !ts.isArrayLiteralExpression(cronsNode)) {
    problems.push({ span: spanOf(cronsNode, sourceFile), message: `${label}: "crons" should be an array of { "path", "schedule" } objects` });
  }
  if (cronsNode && ts.isArrayLiteralExpression(cronsNode)) {
    for (const entry of cronsNode.elements) {
      if (!ts.isObjectLiteralExpression(entry)) continue;
      const routePath = propertyValue(entry, 'path');
      const schedule = propertyValue(entry, 'schedule');
      if (!routePath || !ts.isStringLiteralLike(routePath)) continue;
      if (schedule && !ts.isStringLiteralLike(schedule)) {
        problems.push({ span: spanOf(schedule, sourceFile), message: `${label}: a cron's "schedule" should be a string such as "10 8 * * *"` });
      }
      crons.push({
        path: routePath.text,
        schedule: schedule && ts.isStringLiteralLike(schedule) ? schedule.text : undefined,
        scheduleSpan: spanOf(schedule ?? entry, sourceFile),
      });
    }
  }
  const forwards: VercelForward[] = [];
  const addForwards = (list: ts.Expression | undefined, from: string, to: string, isRegex: boolean) => {
    if (!list || !ts.isArrayLiteralExpression(list)) return;
    for (const entry of list.elements) {
      if (!ts.isObjectLiteralExpression(entry)) continue;
      const source = propertyValue(entry, from);
      const destination = propertyValue(entry, to);
      if (!source || !destination || !ts.isStringLiteral(source) || !ts.isStringLiteral(destination)) continue;
      const pattern = routePattern(source.text, isRegex);
      if (pattern) forwards.push({ pattern, destination: destination.text });
    }
  };
  if (root && ts.isObjectLiteralExpression(root)) {
    addForwards(propertyValue(root, 'routes'), 'src', 'dest', true);
    addForwards(propertyValue(root, 'rewrites'), 'source', 'destination', false);
  }
  return { crons, forwards, problems, sourceFile };
}

/**
 * `routes[].src` is a regular expression; `rewrites[].source` a path pattern (`/api/(.*)`,
 * `/:path*`). Either is matched against a cron's path only, never evaluated as code.
 */
function routePattern(source: string, isRegex: boolean): RegExp | undefined {
  const text = isRegex ? source : source.replace(/:\w+[*+]/g, '.*').replace(/:\w+\??/g, '[^/]*');
  try {
    return new RegExp(`^${text.replace(/^\^/, '').replace(/\$$/, '')}$`);
  } catch {
    return undefined;
  }
}

function spanOf(node: ts.Node, sourceFile: ts.SourceFile): Span {
  // JSON nodes have no parent pointers: the start is found from the file's text.
  return { start: node.getStart(sourceFile), end: node.getEnd() };
}

export const ROUTE_EXTENSIONS = ['.ts', '.js', '.tsx', '.jsx', '.mts', '.mjs', '.cts', '.cjs'];

/**
 * The files that may serve `routePath` in a project rooted at `projectDir`, most specific first:
 * Next.js App Router (`app/…/route.ts`) and Pages Router (`pages/api/….ts`), Vercel Functions
 * (`api/….ts`), SvelteKit (`src/routes/…/+server.ts`), Nuxt/Nitro (`server/api/….ts`) and Cloudflare
 * Pages Functions (`functions/api/….js`).
 */
export function routeFileCandidates(projectDir: string, routePath: string): string[] {
  const clean = routePath.split(/[?#]/)[0].replace(/\/+$/, '');
  if (!clean.startsWith('/')) return [];
  const segments = clean.slice(1).split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || s === '.')) return [];
  const rel = segments.join('/');
  const out: string[] = [];
  const add = (stem: string) => ROUTE_EXTENSIONS.forEach((e) => out.push(path.join(projectDir, stem + e)));
  for (const base of ['app', 'src/app']) add(path.join(base, rel, 'route'));
  for (const base of ['pages', 'src/pages']) { add(path.join(base, rel)); add(path.join(base, rel, 'index')); }
  // Vercel Functions: the path already starts with `api/`.
  add(rel);
  add(path.join(rel, 'index'));
  add(path.join('src/routes', rel, '+server'));
  add(path.join('server', rel));
  // Cloudflare Pages Functions: `functions/api/notify.js` serves `/api/notify`.
  add(path.join('functions', rel));
  add(path.join('functions', rel, 'index'));
  return out;
}

/**
 * Files a `routes`/`rewrites` entry hands the cron's path to (an Express app in `server.js`, a
 * catch-all `api/index.js`): the destination as a file, with a source extension, or as a folder.
 */
export function forwardedFileCandidates(projectDir: string, routePath: string, forwards: VercelForward[]): string[] {
  const clean = routePath.split(/[?#]/)[0];
  const out: string[] = [];
  for (const f of forwards) {
    if (!f.pattern.test(clean)) continue;
    const dest = f.destination.split(/[?#]/)[0];
    // A destination built from the match (`/public/$1`) or another site is not one file of this project.
    if (!dest.startsWith('/') || /[$:]/.test(dest) || dest.split('/').includes('..')) continue;
    const stem = path.join(projectDir, dest.slice(1));
    const ext = path.extname(stem);
    // `/index.html`, `/public/app.css`: static files, not handlers.
    if (ext && !ROUTE_EXTENSIONS.includes(ext)) continue;
    if (ext) { out.push(stem); continue; }
    ROUTE_EXTENSIONS.forEach((e) => out.push(stem + e));
    ROUTE_EXTENSIONS.forEach((e) => out.push(path.join(stem, `index${e}`)));
  }
  return out;
}

/**
 * The exports that handle the cron's request: Vercel sends a GET, which App Router, SvelteKit and
 * Astro files export by name; Pages Router, Vercel Functions and Nitro export a default handler;
 * Cloudflare Pages Functions (under the project's `functions/`) export `onRequestGet` or `onRequest`.
 */
export function handlerExportNames(routeFile: string, method = 'GET', projectDir?: string): string[] {
  const base = path.basename(routeFile).replace(/\.[^.]+$/, '');
  // A Pages Function exports `onRequestGet` (`onRequestPost`, …) or `onRequest` for every method.
  if (projectDir !== undefined && path.relative(projectDir, routeFile).split(/[\\/]/)[0] === 'functions') {
    return [`onRequest${method.charAt(0)}${method.slice(1).toLowerCase()}`, 'onRequest'];
  }
  return base === 'route' || base === '+server' ? [method] : ['default', method];
}

/**
 * Schedules of `vercel.json` and what each one reaches: the route file is looked up among the
 * workspace files the index can read (a candidate that does not exist has no model).
 */
export function vercelScheduleFacts(config: VercelConfig, file: string, index: WorkspaceIndex, env: AnalysisEnv, locOf: (span: Span) => Loc): ConfigScheduleFacts {
  const schedules: ScheduleFact[] = [];
  const rooted: RootedEffect[] = [];
  for (const cron of config.crons) {
    if (cron.schedule === undefined) continue;
    const exprLoc = locOf(cron.scheduleSpan);
    schedules.push(cronScheduleFact(exprLoc, exprLoc, 'vercel', cron.schedule, env));
    const trigger: TriggerStep = { kind: 'trigger', loc: exprLoc, trigger: { type: 'cron', library: 'vercel', expression: cron.schedule, exprLoc } };
    for (const effect of routeEffects(config, file, cron.path, index)) {
      // A route callback counts as run by an outside request; here that request is the cron's.
      const chain = effect.chain.filter((s) => s.kind !== 'trigger' || s.trigger.type !== 'external');
      rooted.push({ effect: { ...effect, chain: [...chain, trigger] }, ownerName: cron.path });
    }
  }
  return { schedules, rooted };
}

/**
 * The API calls one `method` request to `routePath` makes in the route file that serves it, with
 * the outside request the route stands for taken off the chain: the caller supplies the trigger.
 * Undefined when no route file of the project serves the path.
 */
export function routeFileEffects(projectDir: string, routePath: string, index: WorkspaceIndex, method = 'GET'): Effect[] | undefined {
  const request = requestOf(routePath, method);
  for (const candidate of routeFileCandidates(projectDir, routePath)) {
    const model = index.model(candidate);
    if (!model) continue;
    const names = handlerExportNames(candidate, method, projectDir);
    const effects = names.map((n) => model.handlerEffects?.(n, request) ?? []).find((e) => e.length) ?? [];
    return effects.map((effect) => ({ ...effect, chain: effect.chain.filter((s) => s.kind !== 'trigger' || s.trigger.type !== 'external') }));
  }
  return undefined;
}

/**
 * The request a path with a query stands for (`/api/cron/weekly?step=cadence`): its handler's
 * `searchParams.get('step')` is 'cadence'. Undefined without a query: the handler runs as for any request.
 */
function requestOf(routePath: string, method: string): Val | undefined {
  const search = routePath.split('#')[0].split('?')[1];
  if (!search) return undefined;
  const props: Record<string, Val> = {};
  for (const [name, value] of new URLSearchParams(search)) props[name] ??= str(value);
  return { k: 'obj', open: true, props: { query: { k: 'obj', open: true, props }, method: str(method) } };
}

/** The API calls one request to `routePath` makes: its route file's handler, else the app a rewrite hands it to. */
function routeEffects(config: VercelConfig, file: string, routePath: string, index: WorkspaceIndex): Effect[] {
  const projectDir = path.dirname(file);
  const served = routeFileEffects(projectDir, routePath, index);
  if (served) return served;
  for (const candidate of forwardedFileCandidates(projectDir, routePath, config.forwards)) {
    const model = index.model(candidate);
    if (!model) continue;
    const routed = model.routeEffects?.(routePath.split(/[?#]/)[0]) ?? [];
    return routed.length ? routed : model.handlerEffects?.('default') ?? [];
  }
  return [];
}
