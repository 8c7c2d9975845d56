// Finding the files to lint: TypeScript and JavaScript sources (and vercel.json, GitHub Actions
// workflows, Cloudflare's wrangler.toml and crontabs, whose crons schedule routes, scripts and Workers) under the given paths, skipping
// node_modules, .git and whatever the .gitignore files (at every level) and quota-lint.json's
// "ignore" patterns exclude.
import * as fs from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import { isGithubWorkflow } from '../analysis/githubWorkflows';
import { isVercelConfig } from '../analysis/vercelCrons';
import { isWranglerConfig } from '../analysis/cloudflareCrons';
import { isCrontab } from '../analysis/crontabs';

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.hg', '.svn']);

export function isSourceFile(file: string): boolean {
  return SOURCE_EXTENSIONS.includes(path.extname(file).toLowerCase()) && !file.endsWith('.d.ts');
}

/** Files that only schedule code elsewhere: Vercel Cron Jobs, GitHub Actions workflows, Cloudflare Workers and crontabs. */
export function isScheduleConfig(file: string): boolean {
  return isVercelConfig(file) || isGithubWorkflow(file) || isWranglerConfig(file) || isCrontab(file);
}

/** Files the linter reads: sources, and the schedule configurations. */
export function isLintedFile(file: string): boolean {
  return isSourceFile(file) || isScheduleConfig(file);
}

interface IgnoreLayer { dir: string; ig: Ignore }

function readGitignore(dir: string): Ignore | undefined {
  try {
    const text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
    return ignore().add(text);
  } catch {
    return undefined;
  }
}

function ignored(file: string, isDir: boolean, layers: IgnoreLayer[]): boolean {
  for (const { dir, ig } of layers) {
    const rel = path.relative(dir, file).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (ig.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/**
 * All lintable files under `root` (a file or a folder). `extraIgnore` patterns are relative to `base`.
 * With `limit`, the walk stops once it has found more than that many (the caller gives up there).
 */
export function listSourceFiles(root: string, base: string, extraIgnore: string[] = [], limit = Infinity): string[] {
  const out: string[] = [];
  const layers: IgnoreLayer[] = [];
  const extra = extraIgnore.length ? ignore().add(extraIgnore) : undefined;
  if (extra) layers.push({ dir: base, ig: extra });
  // .gitignore files above the root still apply (a CLI run on a subfolder of a repository).
  const ancestors: string[] = [];
  for (let d = path.dirname(path.resolve(root)); ; d = path.dirname(d)) {
    ancestors.unshift(d);
    if (fs.existsSync(path.join(d, '.git')) || path.dirname(d) === d) break;
  }
  for (const d of ancestors) {
    const ig = readGitignore(d);
    if (ig) layers.push({ dir: d, ig });
  }
  const visit = (p: string, isRoot: boolean): void => {
    if (out.length > limit) return;
    let stat: fs.Stats;
    try { stat = fs.statSync(p); } catch { return; }
    if (stat.isDirectory()) {
      if (!isRoot && (ALWAYS_SKIPPED.has(path.basename(p)) || ignored(p, true, layers))) return;
      const own = readGitignore(p);
      if (own) layers.push({ dir: p, ig: own });
      let entries: string[] = [];
      try { entries = fs.readdirSync(p).sort(); } catch { /* unreadable folder: nothing to lint in it */ }
      for (const e of entries) visit(path.join(p, e), false);
      if (own) layers.pop();
    } else if (stat.isFile() && (isRoot || (isLintedFile(p) && !ignored(p, false, layers)))) {
      out.push(p);
    }
  };
  visit(path.resolve(root), true);
  return out;
}
