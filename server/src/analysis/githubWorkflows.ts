// GitHub Actions scheduled workflows: `on: schedule: - cron: '0 1 * * *'` runs the workflow's jobs,
// and their `run:` steps start the project's scripts (`node scripts/notify.js`, `npm run report`)
// or request the app's own routes (`curl "$APP_URL/api/cron/reminders"`, the usual stand-in for a
// hosting plan's cron).
// The schedule lives in YAML and the API calls in the script, so neither file shows the whole
// picture: this module reads the workflow (YAML, never executed), finds the scripts its steps run,
// and hands their top-level API calls to the rules with the schedule as their trigger.
import * as path from 'path';
import { parseDocument, isMap, isScalar, isSeq, type Document } from 'yaml';
import type { Loc, Span } from '../model';
import type { AnalysisEnv } from './fileContext';
import type { RootedEffect } from './fileModel';
import type { WorkspaceIndex } from './workspaceIndex';
import { cronScheduleFact, type ConfigScheduleFacts, type ScheduleFact } from './facts/schedules';
import type { TriggerStep } from './facts/steps';
import type { Effect } from './facts/summaries';
import { routeFileEffects } from './vercelCrons';

export interface WorkflowCron {
  /** The cron expression, when the entry has a string `cron`. */
  expression?: string;
  /** The expression's scalar, quotes included (the entry when `cron` is missing). */
  span: Span;
}

export interface WorkflowRun {
  /** The step's shell script (`npm ci && node index.js`). */
  script: string;
  /** `working-directory` of the step, else of the job's or the workflow's `defaults.run`. */
  workingDirectory?: string;
  // The schedules the step's job runs on, when its `if:` picks them (`github.event.schedule ==
  // '*/15 * * * *'`); undefined when it runs on every one.
  schedules?: string[];
}

export interface Workflow {
  crons: WorkflowCron[];
  runs: WorkflowRun[];
  /** What is wrong with the file, for a clear message (what could be read still counts). */
  problems: { span: Span; message: string }[];
}

const WORKFLOW_DIR = /(^|[\\/])\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/i;

export function isGithubWorkflow(fileName: string): boolean {
  return WORKFLOW_DIR.test(fileName);
}

export function readWorkflow(text: string): Workflow {
  const problems: Workflow['problems'] = [];
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  } catch (e) {
    return { crons: [], runs: [], problems: [{ span: { start: 0, end: 0 }, message: `workflow: ${(e as Error).message}` }] };
  }
  for (const err of doc.errors) {
    const [start, end] = err.pos;
    problems.push({ span: { start, end: Math.max(end, start + 1) }, message: `workflow YAML: ${firstLine(err.message)}` });
  }
  const crons: WorkflowCron[] = [];
  const schedule = doc.getIn(['on', 'schedule'], true);
  if (isSeq(schedule)) {
    for (const entry of schedule.items) {
      if (!isMap(entry)) continue;
      const cron = entry.get('cron', true);
      if (isScalar(cron) && typeof cron.value === 'string' && cron.range) {
        crons.push({ expression: cron.value, span: { start: cron.range[0], end: cron.range[1] } });
      } else if (entry.range) {
        problems.push({ span: { start: entry.range[0], end: entry.range[1] }, message: 'workflow: a schedule entry should be `- cron: \'10 8 * * *\'`' });
      }
    }
  }
  const runs: WorkflowRun[] = [];
  const workflowDir = stringAt(doc.getIn(['defaults', 'run', 'working-directory']));
  const jobs = doc.get('jobs', true);
  if (isMap(jobs)) {
    for (const pair of jobs.items) {
      const job = pair.value;
      if (!isMap(job)) continue;
      const jobDir = stringAt(job.getIn(['defaults', 'run', 'working-directory'])) ?? workflowDir;
      const schedules = schedulesPicked(stringAt(job.get('if')));
      const steps = job.get('steps', true);
      if (!isSeq(steps)) continue;
      for (const step of steps.items) {
        if (!isMap(step)) continue;
        const script = stringAt(step.get('run'));
        if (script) runs.push({ script, workingDirectory: stringAt(step.get('working-directory')) ?? jobDir, schedules });
      }
    }
  }
  return { crons, runs, problems };
}

/**
 * `if: github.event.schedule == '0 * * * *' || github.event_name == 'workflow_dispatch'`: the
 * schedules a job is limited to. A condition that also tests anything else of the schedule
 * (`!=`, `contains`) is not read: the job may run on any of them.
 */
function schedulesPicked(condition: string | undefined): string[] | undefined {
  if (!condition || !/github\.event\.schedule/.test(condition)) return undefined;
  const picked = [...condition.matchAll(/github\.event\.schedule\s*==\s*'([^']*)'/g)].map((m) => m[1]);
  const tests = condition.match(/github\.event\.schedule/g)?.length ?? 0;
  return picked.length && picked.length === tests && !/&&|!/.test(condition) ? picked : undefined;
}

function stringAt(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

/** What the project's package.json says: its scripts and its `main`. */
export interface PackageScripts {
  scripts: Record<string, string>;
  main?: string;
}

/** Output folders of a build step: `dist/index.js` is compiled from `src/index.ts` (or `index.ts`). */
const COMPILED_DIRS = new Set(['dist', 'build', 'out', 'lib']);
const SCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
/** Runners that take the script file as their first operand. */
const FILE_RUNNERS = new Set(['node', 'tsx', 'ts-node', 'ts-node-esm', 'esno', 'esr', 'vite-node', 'bun', 'deno', 'babel-node', 'nodemon']);
/** Node options that take a separate value (`-r dotenv/config`). */
const OPTIONS_WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-e', '--eval', '-p', '--print', '--env-file', '--conditions', '-C']);

/**
 * The script files a step's shell script starts, as paths relative to the project root: `node
 * scripts/notify.js`, `npx tsx src/report.ts`, `cd bot && node index.js`, `npm run notify` through
 * package.json's scripts (at most a few levels deep), `npm start`.
 */
export function scriptFilesOf(script: string, workingDirectory: string | undefined, packageAt: (dir: string) => PackageScripts | undefined): string[] {
  const out: string[] = [];
  const visit = (text: string, cwd: string, depth: number): void => {
    let dir = cwd;
    for (const command of text.split(/\r?\n|&&|\|\||;/)) {
      const words = command.trim().split(/\s+/).filter(Boolean);
      // `FOO=1 node x.js`: environment assignments before the command.
      while (words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) words.shift();
      if (!words.length) continue;
      const [head, ...rest] = words;
      if (head === 'cd' && rest[0]) { dir = path.posix.join(dir, rest[0]); continue; }
      const file = runnerFile(head, rest, () => packageAt(dir)?.main);
      if (file) { out.push(path.posix.join(dir, file)); continue; }
      const name = packageScriptName(head, rest);
      const pkg = name && depth < 3 ? packageAt(dir) : undefined;
      if (!name || !pkg) continue;
      const body = pkg.scripts[name] ?? (name === 'start' ? 'node server.js' : undefined);
      if (body) visit(body, dir, depth + 1);
    }
  };
  visit(script, path.posix.normalize(workingDirectory ?? '.'), 0);
  return [...new Set(out)];
}

/** `node -r dotenv/config scripts/send.js`, `npx tsx src/main.ts`, `bun run bot.ts`, `deno run -A main.ts`. */
function runnerFile(head: string, rest: string[], main: () => string | undefined): string | undefined {
  let words = rest;
  // `node_modules/.bin/tsx src/index.ts`: the locally installed runner called by its path.
  let runner = binRunner(head) ?? head;
  if ((runner === 'npx' || runner === 'pnpx' || runner === 'bunx' || (runner === 'yarn' && FILE_RUNNERS.has(words[0] ?? '')) || (runner === 'pnpm' && words[0] === 'exec')) && words.length) {
    if (runner === 'pnpm') words = words.slice(1);
    words = words.filter((w) => w !== '--yes' && w !== '-y');
    runner = words[0];
    words = words.slice(1);
  }
  if (!FILE_RUNNERS.has(runner)) return undefined;
  if ((runner === 'bun' || runner === 'deno') && words[0] === 'run') words = words.slice(1);
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w.startsWith('-')) {
      if (OPTIONS_WITH_VALUE.has(w)) i++;
      continue;
    }
    // `node node_modules/.bin/tsx src/index.ts`: node runs the runner, which runs the script.
    if (binRunner(w)) continue;
    // `node .` runs the package's main; package.json is read only then.
    if (w === '.' || w === './') return main() ?? 'index.js';
    const clean = w.replace(/^['"]|['"]$/g, '');
    // A package script name after `bun run` is not a file.
    if (!/[./]/.test(clean)) return undefined;
    return clean;
  }
  return undefined;
}

function binRunner(word: string): string | undefined {
  const m = /^(?:\.\/)?node_modules\/\.bin\/([\w-]+)$/.exec(word);
  return m && FILE_RUNNERS.has(m[1]) ? m[1] : undefined;
}

/** `npm run notify`, `npm start`, `yarn notify`, `pnpm run notify`, `bun run notify`. */
function packageScriptName(head: string, rest: string[]): string | undefined {
  if (head === 'npm') {
    if (rest[0] === 'start') return 'start';
    if ((rest[0] === 'run' || rest[0] === 'run-script') && rest[1]) return rest[1];
    return undefined;
  }
  if (head === 'yarn' || head === 'pnpm' || head === 'bun') {
    const args = rest.filter((w) => !w.startsWith('-'));
    if (args[0] === 'run' && args[1]) return args[1];
    if (head !== 'bun' && args[0] && !['install', 'add', 'ci', 'build', 'exec', 'dlx', 'test'].includes(args[0])) return args[0];
  }
  return undefined;
}

/** A request a step makes to the app's own route: its path and method. */
export interface RequestedRoute { path: string; method: string }

const REQUESTERS = new Set(['curl', 'wget', 'http', 'https', 'xh']);

/**
 * The app's own routes a step's script requests: `curl -fsS "$APP_URL/api/cron/daily"`,
 * `curl -X POST "${{ secrets.BASE_URL }}/api/jobs/run"`, `wget -qO- https://app.example.com/api/x`.
 * The host is a setting or the deployed app; the path says which route file handles the request.
 */
export function requestedRoutesOf(script: string): RequestedRoute[] {
  const out: RequestedRoute[] = [];
  // Continued lines (`\` at the end) belong to one command.
  for (const command of script.replace(/\\\r?\n/g, ' ').split(/\r?\n|&&|\|\||;/)) {
    // `${{ secrets.APP_URL }}` holds spaces: one word, as the shell sees it once Actions fills it in.
    const words = command.replace(/\$\{\{[^}]*\}\}/g, '$EXPR').trim().split(/\s+/).filter(Boolean);
    if (!REQUESTERS.has(words[0] ?? '')) continue;
    // curl and wget default to GET; HTTPie (`http POST url`) names the method first.
    let method = words[0] === 'curl' || words[0] === 'wget' ? 'GET' : (words[1] ?? '').toUpperCase();
    for (let i = 1; i < words.length; i++) {
      const w = words[i];
      if ((w === '-X' || w === '--request') && words[i + 1]) method = words[i + 1].replace(/['"]/g, '').toUpperCase();
      else if (/^-X[A-Z]+$/.test(w)) method = w.slice(2);
      // wget's `--method=PUT`; a body (`--post-data=""`, `-d '{}'`, `--data=@file`) makes it a POST.
      else if (/^--(method|request)=/.test(w)) method = w.slice(w.indexOf('=') + 1).replace(/['"]/g, '').toUpperCase();
      else if ((/^(--data(-raw|-binary|-urlencode)?|--json|--form|--post-data|--post-file)(=|$)/.test(w) || (words[0] === 'curl' && /^-[dF]/.test(w))) && method === 'GET') method = 'POST';
    }
    if (!/^[A-Z]+$/.test(method)) method = 'GET';
    for (const w of words.slice(1)) {
      const m = /^['"]?(?:\$\{?\w+\}?|https?:\/\/[^/\s'"]+)(\/[^\s'"?#]*)/.exec(w);
      if (m && m[1].length > 1) out.push({ path: m[1], method });
    }
  }
  return out;
}

/**
 * Workspace files a script path may be: as written, with a source extension, as a folder's index,
 * and the source of a compiled output (`node dist/index.js` after `npm run build` runs
 * `src/index.ts`, which is what the workspace holds).
 */
export function scriptFileCandidates(projectDir: string, rel: string): string[] {
  const out: string[] = [];
  const add = (p: string) => {
    const full = path.join(projectDir, p);
    const ext = path.extname(p);
    if (SCRIPT_EXTENSIONS.includes(ext)) {
      out.push(full);
      const stem = full.slice(0, -ext.length);
      SCRIPT_EXTENSIONS.filter((e) => e !== ext).forEach((e) => out.push(stem + e));
    } else {
      SCRIPT_EXTENSIONS.forEach((e) => out.push(full + e));
      SCRIPT_EXTENSIONS.forEach((e) => out.push(path.join(full, `index${e}`)));
    }
  };
  add(rel);
  const parts = rel.split('/').filter((p) => p && p !== '.');
  const built = parts.findIndex((p) => COMPILED_DIRS.has(p));
  if (built >= 0 && built < parts.length - 1) {
    add([...parts.slice(0, built), 'src', ...parts.slice(built + 1)].join('/'));
    add([...parts.slice(0, built), ...parts.slice(built + 1)].join('/'));
  }
  return out;
}

/** The repository root: `.github/workflows/x.yml` sits two folders below it. */
export function workflowProjectDir(file: string): string {
  return path.resolve(path.dirname(file), '..', '..');
}

export function workflowScheduleFacts(workflow: Workflow, file: string, index: WorkspaceIndex, env: AnalysisEnv, locOf: (span: Span) => Loc): ConfigScheduleFacts {
  const schedules: ScheduleFact[] = [];
  const rooted: RootedEffect[] = [];
  const projectDir = workflowProjectDir(file);
  const readPackage = (rel: string) => index.packageScripts?.(path.join(projectDir, rel));
  // What each step calls: the effects of each script it starts and each route it requests, found once.
  const found = new Map<string, Effect[]>();
  const stepEffects = workflow.runs.map((run) => {
    const out: { owner: string; effects: Effect[] }[] = [];
    for (const rel of scriptFilesOf(run.script, run.workingDirectory, readPackage)) {
      if (!found.has(rel)) {
        const model = scriptFileCandidates(projectDir, rel).map((c) => index.model(c)).find((m) => m);
        found.set(rel, model?.scriptEffects?.() ?? []);
      }
      out.push({ owner: rel, effects: found.get(rel)! });
    }
    for (const route of requestedRoutesOf(run.script)) {
      const key = `${route.method} ${route.path}`;
      if (!found.has(key)) {
        const dirs = [...new Set([run.workingDirectory ? path.join(projectDir, run.workingDirectory) : projectDir, projectDir])];
        found.set(key, dirs.map((d) => routeFileEffects(d, route.path, index, route.method)).find((e) => e) ?? []);
      }
      out.push({ owner: route.path, effects: found.get(key)! });
    }
    return { run, out };
  });
  for (const cron of workflow.crons) {
    if (cron.expression === undefined) continue;
    const exprLoc = locOf(cron.span);
    schedules.push(cronScheduleFact(exprLoc, exprLoc, 'github-actions', cron.expression, env));
    const trigger: TriggerStep = { kind: 'trigger', loc: exprLoc, trigger: { type: 'cron', library: 'github-actions', expression: cron.expression, exprLoc } };
    const seen = new Set<Effect[]>();
    for (const { run, out } of stepEffects) {
      if (run.schedules && !run.schedules.includes(cron.expression)) continue;
      for (const { owner, effects } of out) {
        if (seen.has(effects)) continue;
        seen.add(effects);
        for (const effect of effects) rooted.push({ effect: { ...effect, chain: [...effect.chain, trigger] }, ownerName: owner });
      }
    }
  }
  return { schedules, rooted };
}
