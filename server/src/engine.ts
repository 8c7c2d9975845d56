// The analysis entry point: text in, findings and facts out. A pure function of its inputs
// (text, file name, settings, catalog, and the workspace index it may read); it never throws:
// broken input yields errors next to whatever findings could still be computed.
import type { Settings } from './config/settings';
import type { Catalog } from './catalog';
import ts from 'typescript';
import type { AnalysisError, Finding, Fix, Loc, Severity, Span } from './model';
import { parse } from './analysis/parse';
import { FileContext, newEnv, type AnalysisEnv } from './analysis/fileContext';
import { FileModel, type CallSiteFact } from './analysis/fileModel';
import { EMPTY_INDEX, type WorkspaceIndex } from './analysis/workspaceIndex';
import { collectSchedules, scheduleFactsOfTriggers, type ConfigScheduleFacts, type ScheduleFact } from './analysis/facts/schedules';
import { isSuppressed, parseDirectives } from './rules/directives';
import { RULES } from './rules';
import type { RuleContext } from './rules/types';
import { suppressionFixes } from './fixes/suppress';
import { fileLayout } from './analysis/facts/layout';
import { NO_PROJECT, type ProjectInfo } from './config/project';
import { scheduleLenses, type ScheduleLens } from './lenses';
import { isVercelConfig, isVercelTsConfig, readVercelConfig, readVercelTsConfig, vercelScheduleFacts } from './analysis/vercelCrons';
import { isGithubWorkflow, readWorkflow, workflowScheduleFacts } from './analysis/githubWorkflows';
import { isWranglerConfig, readWranglerConfig, wranglerScheduleFacts } from './analysis/cloudflareCrons';
import { crontabScheduleFacts, isCrontab, readCrontab } from './analysis/crontabs';

export interface AnalysisResult {
  findings: Finding[];
  callSites: CallSiteFact[];
  /** Sites in other files that this file's calls make API calls (see FileModel.foreignSites). */
  foreignCallSites?: CallSiteFact[];
  schedules: ScheduleFact[];
  lenses: ScheduleLens[];
  errors: AnalysisError[];
}

export interface AnalyzeOptions {
  index?: WorkspaceIndex;
  env?: AnalysisEnv;
  /** The user's package.json facts, for quick fixes that import a retry or pool library. */
  project?: ProjectInfo;
}

/** Builds the model of a file (used for the file itself and, through the index, for files it imports). */
export function buildModel(text: string, fileName: string, settings: Settings, catalog: Catalog, index: WorkspaceIndex, env: AnalysisEnv):
  { model?: FileModel; errors: AnalysisError[] } {
  const parsed = parse(text, fileName, settings.maxFileSizeKb);
  if (!parsed.ok) return { errors: [parsed.error] };
  const ctx = new FileContext(fileName, text, parsed.parsed.sourceFile, settings, catalog, index, env);
  return { model: new FileModel(ctx), errors: parsed.parsed.syntaxErrors };
}

export function analyze(text: string, fileName: string, settings: Settings, catalog: Catalog, options: AnalyzeOptions = {}): AnalysisResult {
  const env = options.env ?? newEnv();
  const index = options.index ?? EMPTY_INDEX;
  const errors: AnalysisError[] = [];
  if (isVercelConfig(fileName)) return analyzeScheduleConfig(() => vercelConfig(text, fileName, index, env), text, fileName, settings, catalog, index, env, options.project ?? NO_PROJECT);
  if (isGithubWorkflow(fileName)) return analyzeScheduleConfig(() => workflowConfig(text, fileName, index, env), text, fileName, settings, catalog, index, env, options.project ?? NO_PROJECT);
  if (isWranglerConfig(fileName)) return analyzeScheduleConfig(() => wranglerConfig(text, fileName, index, env), text, fileName, settings, catalog, index, env, options.project ?? NO_PROJECT);
  if (isCrontab(fileName)) return analyzeScheduleConfig(() => crontabConfig(text, fileName, index, env), text, fileName, settings, catalog, index, env, options.project ?? NO_PROJECT);
  try {
    const built = buildModel(text, fileName, settings, catalog, index, env);
    errors.push(...built.errors);
    const model = built.model;
    if (!model) return { findings: [], callSites: [], schedules: [], lenses: [], errors };
    const ctx = model.ctx;
    let rooted = model.rootedEffects();
    let schedules = collectSchedules(model);
    schedules = [...schedules, ...scheduleFactsOfTriggers(rooted, schedules, fileName, env)];
    // vercel.ts: Vercel's project configuration written as code, read (never run) for its crons.
    const vercelTs = isVercelTsConfig(fileName) ? readVercelTsConfig(ctx.sf) : undefined;
    if (vercelTs) {
      const facts = vercelScheduleFacts(vercelTs, fileName, index, env, (span) => ctx.locOf(span));
      rooted = [...rooted, ...facts.rooted];
      schedules = [...schedules, ...facts.schedules];
    }
    const directives = parseDirectives(ctx.comments.values(), (start, end) => ctx.locOf({ start, end }));
    const ruleContext: RuleContext = {
      file: fileName, text, settings, catalog, env,
      layout: fileLayout(ctx.sf, fileName), project: options.project ?? NO_PROJECT,
      facts: { rooted, callSites: [...model.callSites.values()], schedules, directives },
      otherScheduleMinutes: () => index.scheduleMinutes?.(fileName) ?? [],
      locOf: (span) => ctx.locOf(span),
    };
    const findings = applyRules(ruleContext, errors, (f) => suppressionFixes(text, f, ruleContext.layout.eol));
    findings.sort((a, b) => a.loc.span.start - b.loc.span.start || a.ruleId.localeCompare(b.ruleId));
    dropLessSpecific(findings);
    const callSites = [...model.callSites.values()].sort((a, b) => a.loc.span.start - b.loc.span.start);
    return { findings, callSites, foreignCallSites: [...model.foreignSites.values()], schedules, lenses: scheduleLenses(schedules, rooted, settings, catalog, env), errors };
  } catch (e) {
    errors.push({ kind: 'internal', message: `analysis failed: ${(e as Error).stack ?? e}` });
    return { findings: [], callSites: [], schedules: [], lenses: [], errors };
  }
}

/** What a schedule configuration file (not code) yields: its problems and its schedules' facts. */
interface ScheduleConfig {
  /** The file parsed as JSON: its line starts map offsets to positions, its text gives the layout. */
  lines: ts.SourceFile;
  problems: { span: Span; message: string }[];
  facts(locOf: (span: Span) => Loc): ConfigScheduleFacts;
}

/**
 * A file that only schedules code elsewhere (`vercel.json`, a GitHub Actions workflow, `wrangler.toml`, a crontab): its cron
 * schedules, checked against the API calls of what they run. The findings sit on the schedule
 * strings; such files hold no code to put a suppression comment in, so there are no suppression
 * fixes (a rule can be turned off in quota-lint.json).
 */
function analyzeScheduleConfig(read: () => ScheduleConfig, text: string, fileName: string, settings: Settings, catalog: Catalog, index: WorkspaceIndex, env: AnalysisEnv, project: ProjectInfo): AnalysisResult {
  const errors: AnalysisError[] = [];
  try {
    const config = read();
    const position = (offset: number) => ts.getLineAndCharacterOfPosition(config.lines, Math.min(offset, text.length));
    const locOf = (span: Span): Loc => ({ file: fileName, span, start: position(span.start), end: position(span.end) });
    for (const p of config.problems) errors.push({ kind: 'syntax', message: p.message, loc: locOf(p.span) });
    const { schedules, rooted } = config.facts(locOf);
    const ruleContext: RuleContext = {
      file: fileName, text, settings, catalog, env, project,
      layout: fileLayout(config.lines, fileName),
      facts: { rooted, callSites: [], schedules, directives: [] },
      otherScheduleMinutes: () => index.scheduleMinutes?.(fileName) ?? [],
      locOf,
    };
    const findings = applyRules(ruleContext, errors, () => []);
    findings.sort((a, b) => a.loc.span.start - b.loc.span.start || a.ruleId.localeCompare(b.ruleId));
    return { findings, callSites: [], schedules, lenses: scheduleLenses(schedules, rooted, settings, catalog, env), errors };
  } catch (e) {
    errors.push({ kind: 'internal', message: `analysis failed: ${(e as Error).stack ?? e}` });
    return { findings: [], callSites: [], schedules: [], lenses: [], errors };
  }
}

/** `vercel.json`: each cron requests a route of the project. */
function vercelConfig(text: string, fileName: string, index: WorkspaceIndex, env: AnalysisEnv): ScheduleConfig {
  const config = readVercelConfig(text, fileName);
  return { lines: config.sourceFile, problems: config.problems, facts: (locOf) => vercelScheduleFacts(config, fileName, index, env, locOf) };
}

/** A Cloudflare Worker's Wrangler configuration: each cron trigger runs the Worker's `scheduled` handler. */
function wranglerConfig(text: string, fileName: string, index: WorkspaceIndex, env: AnalysisEnv): ScheduleConfig {
  const config = readWranglerConfig(text, fileName);
  return { lines: config.lines, problems: config.problems, facts: (locOf) => wranglerScheduleFacts(config, fileName, index, env, locOf) };
}

/** A crontab: each line's schedule runs its command, which requests the app's routes or starts its scripts. */
function crontabConfig(text: string, fileName: string, index: WorkspaceIndex, env: AnalysisEnv): ScheduleConfig {
  const crontab = readCrontab(text);
  // Plain text read as JSON: only its line starts are used.
  return { lines: ts.parseJsonText(fileName, text), problems: crontab.problems, facts: (locOf) => crontabScheduleFacts(crontab, fileName, index, env, locOf) };
}

/** A GitHub Actions workflow: each `schedule` cron runs the scripts its `run:` steps start. */
function workflowConfig(text: string, fileName: string, index: WorkspaceIndex, env: AnalysisEnv): ScheduleConfig {
  const workflow = readWorkflow(text);
  return {
    // YAML read as JSON: only its line starts and text are used.
    lines: ts.parseJsonText(fileName, text),
    problems: workflow.problems,
    facts: (locOf) => workflowScheduleFacts(workflow, fileName, index, env, locOf),
  };
}

/**
 * Runs every enabled rule; keeps the findings located in the analysed file that no directive
 * suppresses, with the user's severity overrides and the suppression fixes the file allows.
 */
function applyRules(ctx: RuleContext, errors: AnalysisError[], suppressions: (f: Finding) => Fix[]): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const override = ctx.settings.rules[rule.id];
    if (override === 'off') continue;
    let produced: Finding[];
    try {
      produced = rule.check(ctx);
    } catch (e) {
      errors.push({ kind: 'internal', message: `rule ${rule.id} failed: ${(e as Error).stack ?? e}` });
      continue;
    }
    for (const f of produced) {
      if (f.loc.file !== ctx.file || isSuppressed(f, ctx.facts.directives)) continue;
      const severity: Severity = override && override !== 'default' ? override : f.severity;
      findings.push({ ...f, severity, fixes: [...f.fixes, ...suppressions(f)] });
    }
  }
  return findings;
}

/**
 * One finding per place: a rate or fan-out finding already says the call repeats too fast, so a
 * missing-backoff finding at the same span adds noise, not information.
 */
function dropLessSpecific(findings: Finding[]): void {
  const specific = new Set(findings.filter((f) => f.ruleId === 'rate-over-quota' || f.ruleId === 'unbounded-fan-out' || f.ruleId === 'polling-without-delay')
    .map((f) => `${f.loc.span.start}:${f.loc.span.end}`));
  for (let i = findings.length - 1; i >= 0; i--) {
    if (findings[i].ruleId === 'missing-backoff' && specific.has(`${findings[i].loc.span.start}:${findings[i].loc.span.end}`)) findings.splice(i, 1);
  }
}
