// Schedules declared as data rather than registered by a call: a scheduled-job module's
// `export const config = { schedule }` next to its default-exported handler (Netlify's newer
// functions, Medusa jobs), and job tables whose entries pair a cron string with the function it
// runs (`export default { schedule: { cron: '0 0 8 * * *' }, run }` read by a task runner's dynamic
// import, Strapi's `{ myJob: { task, options: { rule } } }` and `{ '0 0 * * *': task }`). The runner
// that reads them is a framework or a loader elsewhere; the pair itself says when the function runs.
// egg's `app/schedule/` modules come first, as egg reads them (see eggSchedules.ts).
import ts from 'typescript';
import type { FileModel } from '../fileModel';
import type { FunctionNode } from '../fileContext';
import { cronStats } from '../cron';
import { looksLikeCron } from '../libraries/schedulers';
import { literal } from '../values';
import type { TriggerStep } from './steps';
import { eggScheduleTriggers } from './eggSchedules';

const CRON_KEYS = new Set(['schedule', 'cron', 'cronTime', 'cronExpression', 'rule', 'pattern']);
const JOB_KEYS = new Set(['run', 'task', 'handler', 'job', 'execute', 'onTick', 'process', 'fn', 'action']);

/** A quick look at the text before walking the tree: most files declare no schedule as data. */
const MAY_DECLARE = /\b(schedule|cron|cronTime|cronExpression|rule|pattern)\s*:|['"`][\d*/,\- ?]+['"`]\s*:/;

export function declaredScheduleTriggers(model: FileModel): Map<FunctionNode, TriggerStep> {
  const egg = eggScheduleTriggers(model);
  if (egg.size) return egg;
  const out = new Map<FunctionNode, TriggerStep>();
  if (!MAY_DECLARE.test(model.ctx.text)) return out;
  const library = libraryOf(model);
  const add = (fn: FunctionNode | undefined, exprNode: ts.Expression | ts.PropertyName, expression: string) => {
    if (!fn || out.has(fn)) return;
    const stats = cronStats(expression, library, model.ctx.env);
    if (!stats.valid) return;
    const loc = model.ctx.loc(exprNode);
    out.set(fn, { kind: 'trigger', loc, trigger: { type: 'cron', library, expression, exprLoc: loc } });
  };

  const configured = configExportSchedule(model);
  if (configured) add(defaultExportFunction(model), configured.node, configured.expression);

  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node) && !isCallArgument(node)) {
      for (const pair of tableEntries(model, node)) add(pair.fn, pair.node, pair.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(model.ctx.sf);
  return out;
}

function libraryOf(model: FileModel): string {
  const text = model.ctx.text;
  if (/['"]@netlify\/functions['"]/.test(text) || /netlify[\\/]functions[\\/]/.test(model.ctx.file)) return 'netlify';
  if (/['"]@medusajs\//.test(text)) return 'medusa';
  return 'job table';
}

/** An object written as an argument is the registering call's business (`CronJob.from({ cronTime, onTick })`). */
function isCallArgument(node: ts.ObjectLiteralExpression): boolean {
  const parent = node.parent;
  if (!ts.isCallExpression(parent) && !ts.isNewExpression(parent)) return false;
  return (parent.arguments ?? []).some((a) => a === node);
}

/** The cron string a property holds, directly or one object down (`schedule: { cron }`, `options: { rule }`). */
function cronOf(model: FileModel, obj: ts.ObjectLiteralExpression): { node: ts.Expression; expression: string } | undefined {
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = keyOf(p.name);
    if (key === undefined) continue;
    const value = p.initializer;
    if (CRON_KEYS.has(key)) {
      const text = cronText(model, value);
      if (text) return { node: value, expression: text };
    }
    if ((CRON_KEYS.has(key) || key === 'options') && ts.isObjectLiteralExpression(value)) {
      const inner = cronOf(model, value);
      if (inner) return inner;
    }
  }
  return undefined;
}

function cronText(model: FileModel, node: ts.Expression): string | undefined {
  const text = literal(model.binder.eval(node));
  return text !== undefined && looksLikeCron(text) ? text : undefined;
}

function tableEntries(model: FileModel, obj: ts.ObjectLiteralExpression): { fn: FunctionNode | undefined; node: ts.Expression | ts.PropertyName; expression: string }[] {
  const out: { fn: FunctionNode | undefined; node: ts.Expression | ts.PropertyName; expression: string }[] = [];
  const cron = cronOf(model, obj);
  if (cron) {
    for (const p of obj.properties) {
      const key = p.name ? keyOf(p.name) : undefined;
      if (key !== undefined && JOB_KEYS.has(key)) {
        const fn = functionOfMember(model, p);
        if (fn) { out.push({ fn, node: cron.node, expression: cron.expression }); break; }
      }
    }
  }
  // Strapi's older form: the cron expression is the key.
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p) && !ts.isMethodDeclaration(p)) continue;
    if (!p.name || !ts.isStringLiteralLike(p.name) || !looksLikeCron(p.name.text)) continue;
    const fn = functionOfMember(model, p);
    if (fn) out.push({ fn, node: p.name, expression: p.name.text });
  }
  return out;
}

function keyOf(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteralLike(name) ? name.text : undefined;
}

/** `run: async () => …`, `run() { … }`, `task: syncOrders` (a function of this file). */
function functionOfMember(model: FileModel, p: ts.ObjectLiteralElementLike): FunctionNode | undefined {
  if (ts.isMethodDeclaration(p)) return p.body ? p : undefined;
  if (ts.isShorthandPropertyAssignment(p)) return functionOfExpression(model, p.name);
  if (ts.isPropertyAssignment(p)) return functionOfExpression(model, p.initializer);
  return undefined;
}

function functionOfExpression(model: FileModel, node: ts.Expression): FunctionNode | undefined {
  if ((ts.isArrowFunction(node) || ts.isFunctionExpression(node)) && node.body) return node;
  const v = model.binder.eval(node);
  if (v.k !== 'fn' || v.ref.file !== model.ctx.file) return undefined;
  return model.ctx.functions.get(v.ref.pos);
}

/** `export const config = { schedule: '@hourly' }` (also `: Config`). */
function configExportSchedule(model: FileModel): { node: ts.Expression; expression: string } | undefined {
  for (const st of model.ctx.sf.statements) {
    if (!ts.isVariableStatement(st) || !st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    for (const d of st.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || d.name.text !== 'config' || !d.initializer) continue;
      let init: ts.Expression = d.initializer;
      while (ts.isSatisfiesExpression(init) || ts.isAsExpression(init)) init = init.expression;
      if (!ts.isObjectLiteralExpression(init)) continue;
      const p = init.properties.find((q): q is ts.PropertyAssignment => ts.isPropertyAssignment(q) && keyOf(q.name) === 'schedule');
      const text = p && cronText(model, p.initializer);
      if (p && text) return { node: p.initializer, expression: text };
    }
  }
  return undefined;
}

/** `export default async function job() {…}`, `export default async () => …`, `export default job`. */
function defaultExportFunction(model: FileModel): FunctionNode | undefined {
  for (const st of model.ctx.sf.statements) {
    if (ts.isFunctionDeclaration(st) && st.body && st.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return st;
    if (ts.isExportAssignment(st) && !st.isExportEquals) return functionOfExpression(model, st.expression);
  }
  return undefined;
}
