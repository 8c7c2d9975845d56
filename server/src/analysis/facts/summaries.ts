// Function summaries: the API calls a function makes per invocation, each with the chain of
// steps inside the function. A caller instantiates a summary with its own arguments (so
// `yidaPost('/v1.0/yida/forms/instances', …)` resolves the wrapper's URL) and extends each chain
// with its own steps, so a call in a helper counts in the loop that calls the helper.
import type { Loc, Span } from '../../model';
import { dependsOnParams, sameFn, substitute, type FnRef, type InjectedMethod, type MemberFn, type Val } from '../values';
import { reboundFromArgument } from './loops';
import { renderedFor } from '../../providers/oxylabs';
import type { ApiOp } from './apiOp';
import type { Step } from './steps';
import { substituteGuards, type Guard } from './guards';
import { resolveCronTemplates } from './perEntry';

export interface ViaCall {
  name: string;
  loc: Loc;
  /** A call of the wrapper written there (not a reference to it, nor a script's own entry call). */
  called?: boolean;
  /**
   * A request to the app's own route (`fetch('/api/notify')`): the route's calls count with the
   * loops and schedules around it, but the request line and its callers are not call sites of them.
   */
  overHttp?: boolean;
  /**
   * The function was handed in as an argument of the function at this key (`file:pos`), which
   * called it (`doJobWhenWeekend(job)` running `job()`): calls of that runner are not call sites
   * of what the function does, unless it runs it per item.
   */
  passedInto?: string;
}

export interface Effect {
  /** The resolved operation, or undefined while it still depends on the function's parameters. */
  op?: ApiOp;
  template?: { callee: Val; args: Val[]; calleeName?: string };
  /** The innermost call: the SDK or HTTP call itself (its callee name). */
  site: Loc;
  /** The whole call expression of the site, for fixes that wrap it. */
  callSpan?: Span;
  /** Innermost first. */
  chain: Step[];
  /** Wrapper invocations crossed on the way, innermost first. */
  via: ViaCall[];
  /** The call sits behind a cache check (see Segment.cached): callers do not repeat it. */
  cached?: boolean;
  /**
   * How many of the `via` wrappers lie below the function that keeps the cached value: equal to
   * `via.length` in that keeper's own summary (`init()` checks the token's expiry and then calls
   * `getDingtalkAccessToken()`), so a call of the keeper is a call site of the fetch.
   */
  cachedVia?: number;
  /** The call is made only when something failed on the way (see Segment.onFailure). */
  onFailure?: boolean;
  /** The call is made later, by a one-shot timer armed on the way (see Segment.armed). */
  armed?: boolean;
  /**
   * Loops over a table of functions (`for (const spec of specs) probe(spec.run)`) in which the call
   * is one entry's: it runs once per pass over the table, not once per iteration, when the loop
   * runs no more iterations than the table has entries (not over a list of many thunks of each).
   */
  onceIn?: { loop: string; entries: number }[];
  /**
   * The operation was just resolved from a template by this instantiation: the generic requester
   * it went through counts as the API call itself, not as a wrapper around it.
   */
  justResolved?: boolean;
  /** Branch conditions on parameters the call runs under (`case TYPE.DINGTALK:`), innermost first. */
  guards?: Guard[];
  /**
   * Methods of injected services crossed on the way, known only by their declared type: a builder
   * of the class that passes a stand-in whose method calls nothing makes no such call.
   */
  injected?: InjectedMethod[];
}

export interface Summary {
  effects: Effect[];
}

export interface DelayInfo {
  /** Delays the function awaits outside loops and catch blocks, in ms. */
  ownDelayMs: number;
  /** For a sleep helper: how long it sleeps, in terms of its parameters. */
  sleepMs?: Val;
  /**
   * It waits for a time we cannot read (`await this.rateLimiter.acquire()`, `await sleep(config.ms)`):
   * a loop that awaits it is paced by that amount too.
   */
  pacingUnknown?: boolean;
  /**
   * Round trips the function awaits on every run (outside branches, loops and catch blocks),
   * counting those of the functions it awaits in turn: how many calls' latency one run takes.
   */
  roundTrips?: number;
}

export const MAX_EFFECTS = 200;

/**
 * Calls still waiting for a caller's arguments (templates) have a budget of their own: a route
 * factory full of `pool.query(…)` and `logger.info(…)` on its parameters must not crowd out, in
 * its callers' summaries, the calls that do reach an API. One method of one parameter
 * (`pool.query`) resolves the same way for every call of it, so past a few it only takes room.
 */
export const MAX_TEMPLATES = 200;
const MAX_TEMPLATES_PER_CALLEE = 24;

interface Budget { ops: number; templates: number; perCallee: Map<string, number> }
const budgets = new WeakMap<object, Budget>();

function parameterCallee(e: Effect): string | undefined {
  const c = e.template?.callee;
  return c?.k === 'param' ? `${c.fn.file}:${c.fn.pos}:${c.index}:${c.path.join('.')}` : undefined;
}

/** Adds the effect to a summary being built unless its kind's budget is spent; false when it was not added. */
export function admitEffect<E extends Effect>(list: E[], e: E): boolean {
  let b = budgets.get(list);
  if (!b) {
    b = { ops: 0, templates: 0, perCallee: new Map() };
    for (const x of list) {
      if (x.op) { b.ops++; continue; }
      b.templates++;
      const key = parameterCallee(x);
      if (key) b.perCallee.set(key, (b.perCallee.get(key) ?? 0) + 1);
    }
    budgets.set(list, b);
  }
  if (e.op) {
    if (b.ops >= MAX_EFFECTS) return false;
    b.ops++;
  } else {
    const key = parameterCallee(e);
    const sameCallee = key ? b.perCallee.get(key) ?? 0 : 0;
    if (b.templates >= MAX_TEMPLATES || sameCallee >= MAX_TEMPLATES_PER_CALLEE) return false;
    b.templates++;
    if (key) b.perCallee.set(key, sameCallee + 1);
  }
  list.push(e);
  return true;
}

/** Replaces the parameters of `fn` in one effect. Templates are returned for the caller to reclassify. */
export function substituteEffect(effect: Effect, fn: FnRef, args: Val[], memberOf: MemberFn): Effect {
  let e = effect.guards?.length ? { ...effect, guards: substituteGuards(effect.guards, fn, args, memberOf) } : effect;
  if (e.chain.some((s) => s.kind === 'loop' && s.over)) e = { ...e, chain: e.chain.map((s) => reboundStep(s, fn, args, memberOf)) };
  const chain = resolveCronTemplates(e.chain, (v) => substitute(v, fn, args, memberOf));
  if (chain !== e.chain) e = { ...e, chain };
  if (e.op) {
    let op = e.op.scopeKey ? { ...e.op, scopeKey: substitute(e.op.scopeKey, fn, args, memberOf) } : e.op;
    if (op.renderFrom) op = renderedFor(op, substitute(op.renderFrom, fn, args, memberOf));
    if (op.scheduleCron) {
      // A cron the function takes from its caller is handed over by the invocation that will
      // follow the chain as it is now (see ApiOp.scheduleCronStep).
      const handedIn = dependsOnParams(op.scheduleCron, 0, (f) => sameFn(f, fn));
      op = { ...op, scheduleCron: substitute(op.scheduleCron, fn, args, memberOf), ...(handedIn && { scheduleCronStep: e.chain.length }) };
    }
    if (op.scheduleItems) op = { ...op, scheduleItems: substitute(op.scheduleItems, fn, args, memberOf) };
    return op === e.op ? e : { ...e, op };
  }
  const t = e.template!;
  return { ...e, template: { callee: substitute(t.callee, fn, args, memberOf), args: t.args.map((a) => substitute(a, fn, args, memberOf)), calleeName: t.calleeName } };
}

/** `sendAll([alert])`: a loop over the function's input takes the size of the caller's argument. */
function reboundStep(step: Step, fn: FnRef, args: Val[], memberOf: MemberFn): Step {
  if (step.kind !== 'loop' || !step.over) return step;
  const v = substitute(step.over.v, fn, args, memberOf);
  const rebound = reboundFromArgument(step.over, v);
  if (rebound) return { ...step, ...rebound, over: undefined };
  // Still the input of the caller's own function: its callers may tell.
  return dependsOnParams(v) ? { ...step, over: { ...step.over, v } } : { ...step, over: undefined };
}

/** Whether the call is reached through a request to the app's own route (see ViaCall.overHttp). */
export function reachedOverHttp(effect: Effect): boolean {
  return effect.via.some((v) => v.overHttp);
}
