// Schedules registered from a table: `jobConfigs.forEach((config) => this.createJob(config))` with
// `new CronJob(config.schedule, () => this.executeJob(config.name))`, or
// `for (const job of JOBS) cron.schedule(job.cron, () => run(job.name))`. The registration's
// expression is a parameter's or a loop element's (a CronTemplate); an invocation with a literal
// resolves it, and a loop over a short list written in the code resolves it entry by entry, each
// entry keeping only the calls its own name leads to (`switch (jobName) { case 'daily-sync': … }`).
import type { Effect } from './summaries';
import type { CronTemplate, Step, TriggerStep } from './steps';
import { guardHolds, type Guard } from './guards';
import { looksLikeCron } from '../libraries/schedulers';
import { concat, literal, type Val } from '../values';

/** Substitutes the cron templates of a chain (`substitute` is the invocation's); literal expressions become cron triggers. */
export function resolveCronTemplates(chain: Step[], substitute: (v: Val) => Val): Step[] {
  if (!chain.some((s) => templateOf(s))) return chain;
  return chain.map((s) => { const t = templateOf(s); return t ? resolved(s as TriggerStep, substitute(t.value)) : s; });
}

/** One effect per entry of the table its schedule is registered from; the effect itself when there is none. */
export function expandPerEntry(effect: Effect): Effect[] {
  const at = effect.chain.findIndex((s) => templateOf(s));
  if (at < 0) return [effect];
  const value = templateOf(effect.chain[at])!.value;
  const table = tableOf(value);
  if (!table) return [effect];
  const { loop, count } = table;
  const out: Effect[] = [];
  for (let i = 0; i < count; i++) {
    const pick = (v: Val): Val => pickEntry(v, loop, i);
    const guards = effect.guards?.map((g): Guard => ({ ...g, subject: pick(g.subject), values: g.values.map(pick) }));
    // This entry's name leads elsewhere (`case 'weekly-cleanup':`): the call is not this job's.
    if (guards && !guards.every(guardHolds)) continue;
    const chain = effect.chain.map((s, j) => (j === at ? resolved(s as TriggerStep, pick(value)) : s));
    out.push({ ...effect, chain, ...(guards && { guards }) });
  }
  return out;
}

/** The loop over a written list that the value is read from: `job.cron`, or `${job.minute} * * * *`. */
function tableOf(v: Val): { loop: string; count: number } | undefined {
  if (v.k === 'loopvar') return v.entries ? { loop: v.loop, count: v.entries.length } : undefined;
  if (v.k !== 'str') return undefined;
  for (const p of v.parts) {
    const found = typeof p === 'string' ? undefined : tableOf(p);
    if (found) return found;
  }
  return undefined;
}

function templateOf(s: Step): CronTemplate | undefined {
  return s.kind === 'trigger' && s.trigger.type === 'external' ? s.trigger.cronOf : undefined;
}

/** The template with its expression value replaced: a cron trigger at the literal when it is one. */
function resolved(step: TriggerStep, value: Val): TriggerStep {
  const template = templateOf(step);
  if (!template) return step;
  const expression = literal(value);
  if (expression !== undefined && looksLikeCron(expression)) {
    const at = value.k === 'str' ? value.at : undefined;
    return { ...step, trigger: { type: 'cron', library: template.library, expression, exprLoc: at ?? template.exprLoc, ...(!at && { perCall: true }) } };
  }
  return { ...step, trigger: { ...step.trigger, cronOf: { ...template, value } } as TriggerStep['trigger'] };
}

/** The value in entry `i` of loop `loop`'s table. */
function pickEntry(v: Val, loop: string, i: number, depth = 0): Val {
  if (depth > 6) return v;
  const inner = (x: Val): Val => pickEntry(x, loop, i, depth + 1);
  switch (v.k) {
    case 'loopvar': return v.loop === loop && v.entries ? v.entries[i] ?? v : v;
    // `${job.minute} * * * *`: the entry's parts joined into one string again.
    case 'str': return v.parts.some((p) => typeof p !== 'string') ? concat(v.parts.map((p) => (typeof p === 'string' ? p : inner(p)))) : v;
    case 'obj': return { ...v, props: Object.fromEntries(Object.entries(v.props).map(([k, p]) => [k, inner(p)])) };
    case 'arr': return { ...v, items: v.items.map(inner) };
    default: return v;
  }
}
