// Crontab files committed with the project (`docker/crontab` mounted at /etc/crontabs/root,
// `deploy/app.crontab`, `cron.d/sync`): each line is five schedule fields (or a nickname such as
// `@daily`) and a shell command, which here usually requests the app's own route
// (`wget --post-data="" "$APP_URL/api/admin/sync"`) or starts one of its scripts
// (`cd /app && node scripts/report.js`). The schedule lives in the crontab and the API calls in the
// route or script, so neither file shows the whole picture: this module reads the crontab (never
// executed) and hands those calls to the rules with the line's schedule as their trigger.
import * as path from 'path';
import type { Loc, Span } from '../model';
import type { AnalysisEnv } from './fileContext';
import type { RootedEffect } from './fileModel';
import { foldersUpToProjectRoot, type WorkspaceIndex } from './workspaceIndex';
import { cronScheduleFact, type ConfigScheduleFacts, type ScheduleFact } from './facts/schedules';
import type { TriggerStep } from './facts/steps';
import type { Effect } from './facts/summaries';
import { requestedRoutesOf, scriptFileCandidates, scriptFilesOf } from './githubWorkflows';
import { routeFileEffects } from './vercelCrons';

export interface CrontabEntry {
  /** The schedule as written: five fields, or a nickname (`@hourly`). */
  expression: string;
  /** The schedule's text in the file. */
  span: Span;
  /** The command the line runs. */
  command: string;
}

export interface Crontab {
  entries: CrontabEntry[];
  problems: { span: Span; message: string }[];
}

/**
 * `crontab`, `app.crontab`, `jobs.cron`, and the files of a `cron.d` folder (only those without a
 * dot, which are the ones cron reads there: `README.md` beside them is not a crontab).
 */
export function isCrontab(fileName: string): boolean {
  const base = path.basename(fileName);
  return base === 'crontab' || /\.(crontab|cron)$/.test(base) || (path.basename(path.dirname(fileName)) === 'cron.d' && !base.includes('.'));
}

/** Nicknames that repeat; `@reboot` runs once at start-up and is no schedule to check. */
const NICKNAMES = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

export function readCrontab(text: string): Crontab {
  const entries: CrontabEntry[] = [];
  const problems: Crontab['problems'] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trim();
    // Comments, blank lines and settings (`MAILTO=ops@example.com`, `SHELL=/bin/bash`).
    if (!trimmed || trimmed.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(trimmed)) continue;
    const start = lineStart + line.indexOf(trimmed);
    const words = trimmed.split(/\s+/);
    if (words[0].startsWith('@')) {
      if (words[0] === '@reboot') continue;
      if (!NICKNAMES.has(words[0])) {
        problems.push({ span: { start, end: start + words[0].length }, message: `crontab: unknown schedule '${words[0]}'; use five fields or one of ${[...NICKNAMES].join(', ')}, @reboot` });
        continue;
      }
      const command = trimmed.slice(words[0].length).trim();
      if (!command) problems.push({ span: { start, end: start + trimmed.length }, message: `crontab: '${words[0]}' needs a command after it` });
      else entries.push({ expression: words[0], span: { start, end: start + words[0].length }, command });
      continue;
    }
    const fields = /^(\S+\s+){4}\S+/.exec(trimmed);
    const command = fields ? trimmed.slice(fields[0].length).trim() : '';
    if (!fields || !command) {
      problems.push({ span: { start, end: start + trimmed.length }, message: 'crontab: a line needs five schedule fields (minute hour day month weekday) and a command' });
      continue;
    }
    entries.push({ expression: fields[0].replace(/\s+/g, ' '), span: { start, end: start + fields[0].length }, command });
  }
  return { entries, problems };
}

/**
 * What one command calls: the routes it requests and the scripts it starts. A system crontab
 * (`/etc/crontab`, `cron.d`) names the user before the command (`root curl …`): the user is skipped.
 */
function commandEffects(command: string, dirs: string[], index: WorkspaceIndex): { owner: string; effects: Effect[] }[] {
  const out: { owner: string; effects: Effect[] }[] = [];
  // `cd /app && npm run report`: the folder the project is deployed to is the project's root.
  command = command.replace(/\bcd\s+\/\S*/g, 'cd .');
  const withoutUser = command.replace(/^[a-z_][a-z0-9_-]*\s+/, '');
  for (const text of command === withoutUser ? [command] : [command, withoutUser]) {
    for (const route of requestedRoutesOf(text)) {
      const effects = dirs.map((d) => routeFileEffects(d, route.path, index, route.method)).find((e) => e);
      if (effects) out.push({ owner: route.path, effects });
    }
    for (const dir of dirs) {
      const scripts = scriptFilesOf(text, undefined, (rel) => index.packageScripts?.(path.join(dir, rel)));
      const found = scripts.flatMap((rel) => {
        const model = scriptFileCandidates(dir, rel).map((c) => index.model(c)).find((m) => m);
        return model ? [{ owner: rel, effects: model.scriptEffects?.() ?? [] }] : [];
      });
      if (found.length) { out.push(...found); break; }
    }
    if (out.length) break;
  }
  return out;
}

export function crontabScheduleFacts(crontab: Crontab, file: string, index: WorkspaceIndex, env: AnalysisEnv, locOf: (span: Span) => Loc): ConfigScheduleFacts {
  const schedules: ScheduleFact[] = [];
  const rooted: RootedEffect[] = [];
  // `docker/crontab` requests routes of the app one level up.
  const dirs = foldersUpToProjectRoot(file, index, 4);
  for (const entry of crontab.entries) {
    const exprLoc = locOf(entry.span);
    schedules.push(cronScheduleFact(exprLoc, exprLoc, 'crontab', entry.expression, env));
    const trigger: TriggerStep = { kind: 'trigger', loc: exprLoc, trigger: { type: 'cron', library: 'crontab', expression: entry.expression, exprLoc } };
    for (const { owner, effects } of commandEffects(entry.command, dirs, index)) {
      for (const effect of effects) rooted.push({ effect: { ...effect, chain: [...effect.chain, trigger] }, ownerName: owner });
    }
  }
  return { schedules, rooted };
}
