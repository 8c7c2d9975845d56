// `quota-lint [report] [paths...]`: the same engine as the language server, headless, for CI.
import * as fs from 'fs';
import * as path from 'path';
import { loadCatalog } from './catalog';
import { mergeSettings } from './config/validate';
import { newEnv } from './analysis/fileContext';
import { isScheduleConfig, listSourceFiles } from './workspace/files';
import { loadProjectConfig, parseProjectConfig, type ProjectConfig } from './workspace/projectConfig';
import { diskSource, Workspace } from './workspace/workspace';
import { parseArgs, USAGE, UsageError, type CliOptions } from './cli/args';
import { formatSarif, formatStylish, toEslint, type FileResult } from './cli/formatters';
import { buildReport } from './cli/report';
import { projectInfoFor } from './workspace/packageInfo';

declare const QUOTA_LINT_VERSION: string;
const VERSION = typeof QUOTA_LINT_VERSION === 'string' ? QUOTA_LINT_VERSION : '0.0.0-dev';

function fail(message: string): number {
  process.stderr.write(`quota-lint: ${message}\n`);
  return 2;
}

function readConfig(opts: CliOptions, cwd: string): ProjectConfig | string {
  // The nearest quota-lint.json at or above the first path (a file's folder, or the folder itself).
  if (!opts.config) return loadProjectConfig(path.resolve(cwd, opts.paths[0]));
  const file = path.resolve(cwd, opts.config);
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch (e) { return `cannot read config ${opts.config}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`; }
  return parseProjectConfig(text, file);
}

export function run(argv: string[], cwd = process.cwd(), out: (s: string) => void = (s) => process.stdout.write(s)): number {
  let opts: CliOptions;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return fail(`${e.message}\n\n${USAGE}`);
    throw e;
  }
  if (opts.help) { out(`${USAGE}\n`); return 0; }
  if (opts.version) { out(`${VERSION}\n`); return 0; }

  const config = readConfig(opts, cwd);
  if (typeof config === 'string') return fail(config);
  for (const p of config.problems) {
    process.stderr.write(`quota-lint: ${path.relative(cwd, p.origin) || p.origin}${p.line !== undefined ? `:${p.line + 1}` : ''}: ${p.key}: ${p.message}\n`);
  }
  const settings = mergeSettings(config.settings);
  const configDir = config.file ? path.dirname(config.file) : cwd;

  const files: string[] = [];
  for (const p of opts.paths) {
    const abs = path.resolve(cwd, p);
    if (!fs.existsSync(abs)) return fail(`cannot read ${p}: no such file or directory`);
    try { fs.accessSync(abs, fs.constants.R_OK); } catch { return fail(`cannot read ${p}: permission denied`); }
    files.push(...listSourceFiles(abs, configDir, settings.ignore));
  }
  const unique = [...new Set(files)];

  const env = newEnv();
  const workspace = new Workspace(diskSource, () => settings, loadCatalog(), env, projectInfoFor);
  const results: FileResult[] = [];
  const analyses = [];
  for (const file of unique) {
    let text: string;
    try { text = fs.readFileSync(file, 'utf8'); } catch (e) { return fail(`cannot read ${path.relative(cwd, file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`); }
    const result = workspace.analyze(file, text);
    for (const err of result.errors.filter((x) => x.kind === 'internal')) process.stderr.write(`quota-lint: internal error in ${file}: ${err.message}\n`);
    // A schedule file's own problems (a crontab line without a command, broken YAML or TOML): what
    // could be read is linted, and the rest is said where it is.
    if (isScheduleConfig(file)) {
      for (const err of result.errors.filter((x) => x.kind === 'syntax' && x.loc)) {
        process.stderr.write(`quota-lint: ${path.relative(cwd, file)}:${err.loc!.start.line + 1}:${err.loc!.start.character + 1}: ${err.message}\n`);
      }
    }
    const skipped = result.errors.find((x) => x.kind === 'skipped')?.message;
    const findings = opts.quiet ? result.findings.filter((f) => f.severity === 'error') : result.findings;
    results.push({ filePath: file, findings, skipped });
    analyses.push({ file, result });
  }

  if (opts.command === 'report') {
    // Files analysed later may have found call sites in files analysed earlier.
    const complete = analyses.map((a) => ({ ...a, result: { ...a.result, callSites: workspace.withContributedSites(a.file, a.result.callSites) } }));
    out(`${JSON.stringify(buildReport(complete, cwd), null, 2)}\n`);
    return 0;
  }
  const eslint = toEslint(results);
  if (opts.format === 'json') out(`${JSON.stringify(eslint)}\n`);
  else if (opts.format === 'sarif') out(`${formatSarif(results, cwd, VERSION)}\n`);
  else {
    const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
    const text = formatStylish(eslint, color);
    out(text ? `${text}\n` : `No quota risks found in ${unique.length} file${unique.length === 1 ? '' : 's'}.\n`);
  }
  const errors = eslint.reduce((n, r) => n + r.errorCount, 0);
  const warnings = eslint.reduce((n, r) => n + r.warningCount, 0);
  if (opts.exitZero) return 0;
  if (errors > 0) return 1;
  if (opts.maxWarnings !== undefined && warnings > opts.maxWarnings) return 1;
  return 0;
}

/** Runs the CLI with the process's arguments and sets its exit code; `bin/quota-lint.js` calls this. */
export function main(argv = process.argv.slice(2)): void {
  try {
    process.exitCode = run(argv);
  } catch (e) {
    process.stderr.write(`quota-lint: unexpected failure: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 2;
  }
}

if (require.main === module) main();
