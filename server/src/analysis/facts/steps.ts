// The contexts between an API call and whatever finally triggers it, innermost first. Each step
// says how it multiplies, spreads or caps the calls inside it; the rate model folds them, and
// the messages quote them. Steps are plain data and may carry locations in other files.
import type { Loc, Span } from '../../model';
import type { OverInput } from './loops';
import type { Val } from '../values';

export interface Bound {
  /** Iterations; Infinity for loops that never end on their own. */
  n: number;
  /** `configured`: a list the operator sets (an environment variable split into items); small, size unknown. */
  /** `dueNow`: the items due at the current minute, chosen from a larger collection; a handful. */
  kind: 'exact' | 'upTo' | 'assumed' | 'configured' | 'dueNow' | 'infinite';
  /** How the bound reads in a message: "300 items", "up to 50 items", "`items` (size unknown; assumed 100)". */
  text: string;
  /**
   * The collection is a whole dataset by design (the items an n8n workflow hands its node: a sheet,
   * a query's rows), so a size of unknown count is not a handful even when each call is awaited.
   */
  dataset?: true;
}

export type LoopRole = 'retry' | 'poll' | 'pagination';

export interface LoopStep {
  kind: 'loop';
  id: string;
  loc: Loc;
  /** "for-of", "for", "while", "do-while", "for await", "forEach", "map", "Promise.all over map", "p-map", … */
  loopKind: string;
  bound: Bound;
  mode: 'sequential' | 'parallel' | 'pool';
  /** For pools (p-limit, p-map, async.eachLimit): how many run at once. */
  concurrency?: number;
  /** Awaited delay per iteration, in ms; undefined when there is a delay of unknown length. */
  pacingMs: number | undefined;
  /** Parallel iterations started `i * staggerMs` apart (setTimeout/sleep by index). */
  staggerMs?: number;
  /** Whether the work inside completes before the iteration does. */
  innerAwaited: boolean;
  /** Other calls each iteration awaits besides the one leading to the API (each one call's latency). */
  otherAwaits?: number;
  /** Whether the API call's scope key (the Google Chat space) changes from one iteration to the next. */
  scopeVaries?: boolean;
  role?: LoopRole;
  /** For retry loops: the policy read from the loop. */
  retryPolicy?: RetryPolicy;
  /** Where a pacing delay would go: start of the loop body (statement loops) or of the callback. */
  bodyStart?: number;
  indent?: string;
  /** The code around the loop may `await` (an async function). */
  asyncBody?: boolean;
  /** The loop runs over the function's input, of unknown size here: a caller's argument may tell it. */
  over?: OverInput;
  /** For `Promise.all(xs.map(cb))`: the spans a bounded-pool fix rewrites. */
  fanOut?: { promiseAll: Span; receiver: Span; callback: Span; all: 'all' | 'allSettled' };
}

export interface InvocationStep {
  kind: 'invocation';
  loc: Loc;
  callee: string;
  innerAwaited: boolean;
  /** Delays the callee awaits outside its loops, in ms. */
  delayMs: number;
  /** Other calls the callee awaits on its way to the API call (each one call's latency). */
  otherAwaits?: number;
  /** A request to the app's own route (`POST /api/notify`), not a function call. */
  overHttp?: boolean;
}

export interface LimiterStep {
  kind: 'limiter';
  loc: Loc;
  library: string;
  /** At most `limit` calls every `intervalMs` (undefined: concurrency only). */
  limit?: number;
  intervalMs?: number;
  concurrency?: number;
  innerAwaited: boolean;
}

export interface RetryStep {
  kind: 'retry';
  loc: Loc;
  library: string;
  innerAwaited: boolean;
  /** Properties of the retry policy that matter to the backoff rules. */
  policy: RetryPolicy;
}

export interface RetryPolicy {
  /** Delay before the first retry, ms; 0 = retries immediately; undefined = unknown. */
  initialDelayMs?: number;
  exponential?: boolean;
  jitter?: boolean;
  maxDelayMs?: number;
  /** Attempts after the first; Infinity = forever. */
  retries?: number;
  /** Whether it checks for throttling errors before retrying (or retries everything). */
  checksThrottling?: boolean;
  description: string;
  /** Hand-written loops: the delay's ms expression (or an empty span where a delay would go). */
  delaySpan?: Span;
  delayIndent?: string;
  /** Hand-written loops: the attempt counter's name. */
  counter?: string;
}

/**
 * One element of an array of calls started together and awaited as a whole (`Promise.all([a(), b()])`,
 * or the array kept in a variable that is awaited so): the elements' calls start in the same instant,
 * so a quota they share sees their sum. One element's chain alone counts only its own calls; the
 * rule adds the elements up (see concurrentGroups.ts).
 */
export interface GroupStep {
  kind: 'group';
  /** The array literal, as a loop id (`file#pos`): elements of one array share it. */
  id: string;
  loc: Loc;
  /** Which element of the array this chain runs through. */
  member: number;
  /** `Promise.all`, `Promise.allSettled`, … (what awaits the array). */
  awaitedBy: string;
  innerAwaited: boolean;
}

export interface TriggerStep {
  kind: 'trigger';
  loc: Loc;
  trigger: Trigger;
}

export type Trigger =
  /** `literalLoc`: the string literal a variable argument was declared with (fixes edit it there). */
  /**
   * `perCall`: the expression was put together where the job is registered (`config.schedule`,
   * `${job.minute} * * * *`) for several callers or entries; editing it there would move them all.
   */
  | { type: 'cron'; library: string; expression: string; exprLoc: Loc; literalLoc?: Loc; quoteChar?: string; perCall?: boolean }
  | { type: 'interval'; library: string; ms: number; label: string }
  | { type: 'recursive-timeout'; ms: number }
  | { type: 'external'; what: string; cronOf?: CronTemplate };

/**
 * A cron registration whose expression is the caller's (`createJob(config)` with
 * `new CronJob(config.schedule, …)`) or a table entry's (`for (const job of JOBS) cron.schedule(job.cron, …)`):
 * external until an invocation or an entry of the table says which expression (see perEntry.ts).
 */
export interface CronTemplate { library: string; value: Val; exprLoc: Loc }

export type Step = LoopStep | InvocationStep | LimiterStep | RetryStep | GroupStep | TriggerStep;
