// The rate model: folds a chain of steps, innermost first, into the most calls that can start
// within one quota window. It runs twice: an upper estimate (assumed loop bounds, assumed call
// latency) and a lower bound (unknown bounds count once, calls take forever). A finding is an
// error when even the lower bound is over the quota, a warning when only the upper one is.
import type { Settings } from '../config/settings';
import type { Catalog, Quota } from '../catalog';
import type { AnalysisEnv } from './fileContext';
import { cronStats, maxRunsIn } from './cron';
import { loopsOf, loopsSharingDestination } from './values';
import type { Effect } from './facts/summaries';
import type { GroupStep, LimiterStep, LoopStep, Step } from './facts/steps';
import { cronName } from './facts/clockGates';

export interface Estimate {
  /** Upper estimate of calls in the window. */
  calls: number;
  /** Calls in the window even if every call is slow and unknown loops run once. */
  lower: number;
  /** "for-of over 300 items, sequential, ~200 ms per call" */
  derivation: string;
  /** The upper estimate rests on the assumed latency or an assumed bound. */
  assumptions: string[];
  /**
   * The upper estimate with every loop of unknown size that waits between its iterations run once:
   * what the code itself shows, without guessing how many rows a query returns.
   */
  evidenced: number;
}

interface Fold {
  calls: number;
  total: number;
  dur: number;
  pendingConcurrency?: number;
}

const FOREVER = 1e9;

export function loopMultiplies(step: LoopStep, effect: Effect, quota: Quota, lower = false): boolean {
  if (step.role === 'retry' || effect.onceIn?.some((o) => o.loop === step.id && step.bound.n <= o.entries)) return false;
  // A destination that differs per iteration spreads the calls over many spaces; one read off
  // each item (`task.space_id`) may repeat, so the worst case (not the certain case) is every
  // item in one space.
  if (quota.scopeKey && effect.op?.scopeKey) {
    return !loopsOf(effect.op.scopeKey).has(step.id) || (!lower && sharesDestination(step, effect));
  }
  return true;
}

function sharesDestination(step: LoopStep, effect: Effect): boolean {
  return !!effect.op?.scopeKey && loopsSharingDestination(effect.op.scopeKey).has(step.id);
}

/** The assumed duration of one call: the setting, but never below the operation's known floor. */
export function latencyMs(effect: Effect, settings: Settings, catalog: Catalog): number {
  const op = effect.op;
  const floor = op ? catalog.providers[op.provider].minLatencyMs?.[op.operation] ?? 0 : 0;
  return Math.max(settings.assumedLatencyMs, floor);
}

function initialFold(effect: Effect, settings: Settings, catalog: Catalog, lower: boolean): Fold {
  const latency = lower ? FOREVER : latencyMs(effect, settings, catalog) / 1000;
  const jobs = effect.op?.jobsPerCall ?? 1;
  return { calls: jobs, total: jobs, dur: latency };
}

function fold(effect: Effect, quota: Quota, settings: Settings, catalog: Catalog, env: AnalysisEnv, lower: boolean): Fold {
  return foldSteps(effect, effect.chain, initialFold(effect, settings, catalog, lower), quota, settings, env, lower);
}

/** Folds `steps` (a stretch of the effect's chain, innermost first) over what the calls inside them amount to. */
function foldSteps(effect: Effect, steps: Step[], start: Fold, quota: Quota, settings: Settings, env: AnalysisEnv, lower: boolean): Fold {
  const W = quota.windowSeconds;
  let f = start;
  // A limiter instance is shared by every call that goes through it, wherever the loops are:
  // its cap applies to the total, after all the multiplying steps.
  let cap = Infinity;
  const otherCall = lower ? FOREVER : settings.assumedLatencyMs / 1000;
  for (const step of steps) {
    if (step.kind === 'limiter' && step.limit && step.intervalMs) cap = Math.min(cap, step.limit * Math.ceil((W * 1000) / step.intervalMs));
    f = apply(step, f, effect, quota, W, lower, env, otherCall);
    if (step.kind === 'trigger') break;
  }
  return { ...f, calls: Math.min(f.calls, cap) };
}

function boundN(step: LoopStep, lower: boolean): number {
  if (!lower) return step.bound.n;
  return step.bound.kind === 'exact' ? step.bound.n : 1;
}

/** `otherCall`: how long one other awaited call takes (see iterationWork.ts), in seconds. */
function apply(step: Step, f: Fold, effect: Effect, quota: Quota, W: number, lower: boolean, env: AnalysisEnv, otherCall: number): Fold {
  switch (step.kind) {
    case 'invocation': {
      const eff = step.innerAwaited ? f.dur : 0;
      return { ...f, dur: eff + step.delayMs / 1000 + (step.otherAwaits ?? 0) * otherCall };
    }
    case 'retry':
      return { ...f, dur: step.innerAwaited ? f.dur : 0 };
    // One element of calls started together: alone it adds nothing; estimateGroup adds the elements up.
    case 'group':
      return f;
    case 'limiter': {
      const eff = step.innerAwaited ? f.dur : 0;
      if (step.limit && step.intervalMs) {
        const stretch = Math.max(0, Math.ceil(f.total / step.limit) - 1) * (step.intervalMs / 1000);
        return { calls: f.calls, total: f.total, dur: Math.max(eff, stretch), pendingConcurrency: step.concurrency ?? f.pendingConcurrency };
      }
      return { ...f, dur: eff, pendingConcurrency: step.concurrency ?? f.pendingConcurrency };
    }
    case 'loop': {
      const n = boundN(step, lower);
      const eff = step.innerAwaited ? f.dur : 0;
      const pacing = step.pacingMs === undefined ? (lower ? FOREVER : 0) : step.pacingMs / 1000;
      const Db = eff + pacing + (step.otherAwaits ?? 0) * otherCall;
      if (step.role === 'retry') return { calls: f.calls, total: f.total, dur: eff };
      const multiplies = loopMultiplies(step, effect, quota, lower);
      // A loop over destinations (one call per space) adds no calls to any one space, only time;
      // with its size unknown, the fewest iterations (one) is what lets the outer loop go fastest.
      const spanN = !multiplies && !lower && step.bound.kind !== 'exact' ? 1 : n;
      if (step.staggerMs !== undefined && step.staggerMs > 0) {
        const spacing = step.staggerMs / 1000;
        const k = Math.min(n, Math.ceil(W / spacing));
        return { calls: multiplies ? Math.min(n * f.total, k * f.calls) : f.calls, total: multiplies ? n * f.total : f.total, dur: spanN * spacing + eff };
      }
      let mode = step.mode;
      let concurrency = step.concurrency;
      if (mode === 'parallel' && f.pendingConcurrency !== undefined) { mode = 'pool'; concurrency = f.pendingConcurrency; }
      if (mode === 'sequential') {
        if (Db <= 0) return { calls: multiplies ? n * f.calls : f.calls, total: multiplies ? n * f.total : f.total, dur: 0 };
        const k = Math.min(n, Math.ceil(W / Db));
        return { calls: multiplies ? Math.min(n * f.total, k * f.calls) : f.calls, total: multiplies ? n * f.total : f.total, dur: spanN * Db };
      }
      if (mode === 'pool' && concurrency !== undefined && Number.isFinite(concurrency)) {
        const streams = Math.min(concurrency, n);
        if (Db <= 0) return { calls: multiplies ? n * f.calls : f.calls, total: multiplies ? n * f.total : f.total, dur: 0 };
        const k = Math.min(n, streams * Math.ceil(W / Db));
        return { calls: multiplies ? Math.min(n * f.total, k * f.calls) : f.calls, total: multiplies ? n * f.total : f.total, dur: Math.ceil(spanN / streams) * Db };
      }
      return { calls: multiplies ? n * f.calls : f.calls, total: multiplies ? n * f.total : f.total, dur: Db };
    }
    case 'trigger': {
      const t = step.trigger;
      let runs = 1;
      if (t.type === 'interval') runs = Math.ceil((W * 1000) / t.ms);
      else if (t.type === 'recursive-timeout') runs = Math.ceil(W / (t.ms / 1000 + (lower ? FOREVER : f.dur)));
      else if (t.type === 'cron') {
        const stats = cronStats(t.expression, t.library, env);
        runs = stats.valid ? maxRunsIn(stats, W) : 1;
      }
      return { calls: runs * f.calls, total: Infinity, dur: f.dur };
    }
  }
}

/** Calls one run of a schedule makes (everything inside the trigger), by the upper estimate. */
export function callsPerRun(effect: Effect, settings: Settings, catalog: Catalog, env: AnalysisEnv): number {
  const probe: Quota = { id: 'probe', provider: 'yida', scope: '', limit: null, windowSeconds: 1e12, operations: [], description: '', source: '', verification: '', evaluate: false };
  const jobs = effect.op?.jobsPerCall ?? 1;
  let f: Fold = { calls: jobs, total: jobs, dur: latencyMs(effect, settings, catalog) / 1000 };
  for (const step of effect.chain) {
    if (step.kind === 'trigger') break;
    f = apply(step, f, effect, probe, probe.windowSeconds, false, env, settings.assumedLatencyMs / 1000);
  }
  return f.total;
}

/**
 * A loop whose size nobody can read and whose iterations wait (for the call, other work or a
 * pause): one after another, it reaches a quota only if the collection is large, and that is the
 * guess. Reviewers reading real code judge these by what the collection holds (the reminders due
 * today, the three people of a match): a handful, far more often than not.
 */
function guessedSequentialSize(s: Step): boolean {
  return s.kind === 'loop' && s.role !== 'retry' && s.mode === 'sequential' && s.bound.kind === 'assumed' && !s.bound.dataset
    && !s.staggerMs && (s.innerAwaited || (s.pacingMs ?? 1) > 0 || !!s.otherAwaits);
}

/** The effect with each guessed sequential size (above) taken as one iteration. */
function withoutGuessedSizes(effect: Effect): Effect {
  if (!effect.chain.some(guessedSequentialSize)) return effect;
  return { ...effect, chain: effect.chain.map((s) => (guessedSequentialSize(s) ? { ...(s as LoopStep), bound: { ...(s as LoopStep).bound, n: 1 } } : s)) };
}

export function estimate(effect: Effect, quota: Quota, settings: Settings, catalog: Catalog, env: AnalysisEnv): Estimate {
  const upper = fold(effect, quota, settings, catalog, env, false);
  const evidenced = effect.chain.some(guessedSequentialSize) ? fold(withoutGuessedSizes(effect), quota, settings, catalog, env, false).calls : upper.calls;
  const lowerFold = fold(effect, quota, settings, catalog, env, true);
  const latency = latencyMs(effect, settings, catalog);
  return {
    calls: upper.calls,
    lower: Math.min(lowerFold.calls, upper.calls),
    derivation: derivation(effect, quota, latency),
    assumptions: assumptionsOf(effect, quota, latency, settings),
    evidenced,
  };
}

function assumptionsOf(effect: Effect, quota: Quota, latency: number, settings: Settings): string[] {
  const out: string[] = [];
  // The call's latency paces a loop only when every step between them waits for the call.
  let callAwaited = true;
  let pooled = false;
  for (const s of effect.chain) {
    if (s.kind !== 'group' && s.kind !== 'trigger') callAwaited = callAwaited && s.innerAwaited;
    if (poolLimiter(s)) pooled = true;
    // A fan-out through a semaphore runs as streams: the call's latency paces each of them.
    if (s.kind === 'loop' && s.mode === 'parallel' && pooled && callAwaited) {
      out.push(latencyAssumption(latency, settings));
    }
    if (s.kind === 'loop') pooled = false;
    if (s.kind === 'loop' && quota.scopeKey && sharesDestination(s, effect)) out.push(`that the items share one ${quota.scopeKey} (each item names its ${quota.scopeKey})`);
    // The size of a loop over destinations (one call to each configured robot) changes no count.
    const counts = s.kind === 'loop' && loopMultiplies(s, effect, quota);
    if (counts && s.bound.kind === 'assumed') out.push(`${s.bound.n} iterations where the size is unknown (setting assumedLoopBound)`);
    if (counts && s.bound.kind === 'configured') out.push(`${s.bound.n} items in a list whose size is a setting`);
    if (counts && s.bound.kind === 'dueNow') out.push(`${s.bound.n} items due at the same minute`);
    if (s.kind === 'loop' && s.mode !== 'parallel' && callAwaited) {
      out.push(latencyAssumption(latency, settings));
    }
    if (s.kind === 'loop' && s.mode !== 'parallel' && !callAwaited && s.otherAwaits) {
      out.push(`~${settings.assumedLatencyMs} ms for each other awaited call (setting assumedLatencyMs)`);
    }
    if (s.kind === 'trigger') break;
  }
  return [...new Set(out)];
}

function latencyAssumption(latency: number, settings: Settings): string {
  return latency === settings.assumedLatencyMs ? `~${latency} ms per call (setting assumedLatencyMs)` : `~${latency} ms per call (the fastest plausible response of this operation)`;
}

/** The chain, outermost first, in words. */
export function derivation(effect: Effect, quota: Quota, latency: number): string {
  const parts: string[] = [];
  // The call's latency is quoted once, at the loop that awaits it directly.
  let innermostLoop = true;
  // Other calls the wrappers inside a loop await are quoted with the loop whose iterations they lengthen.
  let wrappersOthers = 0;
  // A semaphore or pool inside a fan-out is quoted with the fan-out it caps.
  let pool: LimiterStep | undefined;
  for (const s of effect.chain) {
    if (poolLimiter(s)) { pool = s; continue; }
    const capped = s.kind === 'loop' && s.mode === 'parallel' && pool && !s.staggerMs && loopMultiplies(s, effect, quota);
    const text = capped ? `${s.loopKind}, ${pool!.library}: ${pool!.concurrency} at a time, ~${latency} ms per call` : stepText(s, effect, quota, latency, innermostLoop, wrappersOthers);
    if (s.kind === 'loop' && text) pool = undefined;
    if (s.kind === 'invocation') wrappersOthers += s.otherAwaits ?? 0;
    if (s.kind === 'loop') wrappersOthers = 0;
    if (s.kind === 'loop' && text) innermostLoop = false;
    if (text) parts.unshift(text);
    if (s.kind === 'trigger') break;
  }
  if (pool) parts.unshift(`${pool.library}: ${pool.concurrency} at a time`);
  return parts.join(', ');
}

/** A limiter that only caps how many calls are in flight (a semaphore, p-queue's concurrency). */
function poolLimiter(s: Step): s is LimiterStep {
  return s.kind === 'limiter' && !!s.concurrency && !(s.limit && s.intervalMs);
}

function stepText(s: Step, effect: Effect, quota: Quota, latency: number, innermostLoop: boolean, wrappersOthers: number): string | undefined {
  switch (s.kind) {
    case 'loop': {
      if (s.role === 'retry' || !loopMultiplies(s, effect, quota)) return undefined;
      const label = s.loopKind;
      if (s.staggerMs) return `${label}, started ${s.staggerMs} ms apart`;
      const pacing = s.pacingMs ?? 0;
      if (s.mode === 'sequential') {
        if (!s.innerAwaited && pacing === 0 && !s.otherAwaits) return `${label}, not awaited: all start at once`;
        const parts = [label, s.innerAwaited ? 'sequential' : 'not awaited'];
        if (s.innerAwaited && innermostLoop) parts.push(`~${latency} ms per call`);
        const otherCalls = (s.otherAwaits ?? 0) + (s.innerAwaited ? wrappersOthers : 0);
        if (otherCalls) parts.push(`${otherCalls} other call${otherCalls === 1 ? '' : 's'} awaited per iteration`);
        if (pacing > 0) parts.push(`${round(pacing)} ms pause`);
        if (s.pacingMs === undefined) parts.push('paced by a delay of unknown length');
        return parts.join(', ');
      }
      if (s.mode === 'pool' && s.concurrency !== undefined && Number.isFinite(s.concurrency)) {
        return label.includes('at a time') ? `${label}, ~${latency} ms per call` : `${label}, ${s.concurrency} at a time, ~${latency} ms per call`;
      }
      return `${label}, all at once`;
    }
    case 'invocation':
      return s.delayMs > 0 ? `${s.callee}() waits ${round(s.delayMs)} ms` : undefined;
    case 'limiter':
      if (s.limit && s.intervalMs) return `${s.library}: ${s.limit} per ${round(s.intervalMs)} ms`;
      return s.concurrency ? `${s.library}: ${s.concurrency} at a time` : undefined;
    case 'retry':
    case 'group':
      return undefined;
    case 'trigger': {
      const t = s.trigger;
      if (t.type === 'cron') return cronName(t);
      if (t.type === 'interval') return t.label;
      if (t.type === 'recursive-timeout') return `re-armed by setTimeout ${t.ms} ms after each run`;
      return undefined;
    }
  }
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** True when the chain has a parallel fan-out over a collection of unknown size with nothing capping it. */
export function unboundedFanOut(effect: Effect): LoopStep | undefined {
  let capped = false;
  // Whether the work inside the step reached so far takes time: the call itself does, if awaited.
  let timed = true;
  for (const s of effect.chain) {
    if (s.kind === 'limiter') capped = true;
    if (s.kind === 'loop' && s.role !== 'retry') {
      const unknownSize = s.bound.kind === 'assumed' || s.bound.kind === 'infinite';
      if (s.mode === 'parallel' && !s.staggerMs && !capped && unknownSize) return s;
      // `for (const pr of prs) notify(chat, pr, await github.getPR(pr))`: the un-awaited call does not
      // start all at once when each iteration awaits other work first, nor when an inner loop does.
      const iterationTakesTime: boolean = (s.innerAwaited && timed) || s.pacingMs !== 0 || !!s.otherAwaits || !!s.staggerMs;
      if (s.mode === 'sequential' && !iterationTakesTime && !capped && unknownSize) return s;
      timed = iterationTakesTime;
    } else if (s.kind === 'invocation') {
      timed = (s.innerAwaited && timed) || s.delayMs > 0 || !!s.otherAwaits;
    } else if (s.kind === 'retry' || s.kind === 'limiter') {
      timed = s.innerAwaited && timed;
    }
    if (s.kind === 'trigger') break;
  }
  return undefined;
}

/**
 * How many calls an unbounded fan-out starts in one window of `quota` by itself: the fan-out and the
 * steps inside it, not the loops or schedules around it (those are rate-over-quota's business).
 */
export function fanOutBurst(effect: Effect, step: LoopStep, quota: Quota, settings: Settings, catalog: Catalog, env: AnalysisEnv): number {
  const inside = effect.chain.slice(0, effect.chain.indexOf(step) + 1);
  return foldSteps(effect, inside, initialFold(effect, settings, catalog, false), quota, settings, env, false).calls;
}

/**
 * Calls started together (`Promise.all([scrapeA(q), scrapeB(q), scrapeC(q)])`): each element's calls
 * up to the array, added up, then the steps outside the array, which every element shares. Each
 * entry of `members` is one element's chains; they are alternatives (branches of the element), so
 * the element counts its largest.
 */
export function estimateGroup(members: Effect[][], quota: Quota, settings: Settings, catalog: Catalog, env: AnalysisEnv): Estimate {
  const first = members[0][0];
  const at = groupIndex(first);
  const group = first.chain[at] as GroupStep;
  const run = (lower: boolean, evidenced = false): Fold => {
    const sum: Fold = { calls: 0, total: 0, dur: 0 };
    for (const alternatives of members) {
      const folds = alternatives.map((e) => (evidenced ? withoutGuessedSizes(e) : e)).map((e) => foldSteps(e, e.chain.slice(0, groupIndex(e)), initialFold(e, settings, catalog, lower), quota, settings, env, lower));
      const most = folds.reduce((a, b) => (b.calls > a.calls ? b : a));
      sum.calls += most.calls;
      sum.total += most.total;
      sum.dur = Math.max(sum.dur, most.dur);
    }
    const outside = evidenced ? withoutGuessedSizes(first) : first;
    return foldSteps(outside, outside.chain.slice(at + 1), sum, quota, settings, env, lower);
  };
  const upper = run(false);
  const lowerFold = run(true);
  const latency = latencyMs(first, settings, catalog);
  const outer: Effect = { ...first, chain: first.chain.slice(at + 1) };
  const inner = members.flatMap((alts) => {
    const e = alts[0];
    const text = derivation({ ...e, chain: e.chain.slice(0, groupIndex(e)) }, quota, latency);
    return text ? [text] : [];
  });
  const together = `${group.awaitedBy}([…]) starts ${members.length} calls together${inner.length ? ` (${inner.join('; ')})` : ''}`;
  const outerText = derivation(outer, quota, latency);
  return {
    calls: upper.calls,
    lower: Math.min(lowerFold.calls, upper.calls),
    derivation: outerText ? `${outerText}, ${together}` : together,
    assumptions: [...new Set(members.flatMap((alts) => alts.flatMap((e) => assumptionsOf(e, quota, latency, settings))))],
    evidenced: members.some((alts) => alts.some((e) => e.chain.some(guessedSequentialSize))) ? run(false, true).calls : upper.calls,
  };
}

/** Where the chain runs through an element of calls started together (-1: it does not). */
export function groupIndex(effect: Effect): number {
  return effect.chain.findIndex((s) => s.kind === 'group');
}
