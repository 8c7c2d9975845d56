// Function summaries: the API calls a function makes per invocation, each with the chain of
// steps inside the function. A caller instantiates a summary with its own arguments (so
// `yidaPost('/v1.0/yida/forms/instances', …)` resolves the wrapper's URL) and extends each chain
// with its own steps, so a call in a helper counts in the loop that calls the helper.
import type { Loc, Span } from '../../model';
import { dependsOnParams, substitute, type FnRef, type MemberFn, type Val } from '../values';
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
  /** The call is made only when something failed on the way (see Segment.onFailure). */
  onFailure?: boolean;
  /**
   * The operation was just resolved from a template by this instantiation: the generic requester
   * it went through counts as the API call itself, not as a wrapper around it.
   */
  justResolved?: boolean;
  /** Branch conditions on parameters the call runs under (`case TYPE.DINGTALK:`), innermost first. */
  guards?: Guard[];
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

/** Replaces the parameters of `fn` in one effect. Templates are returned for the caller to reclassify. */
export function substituteEffect(effect: Effect, fn: FnRef, args: Val[], memberOf: MemberFn): Effect {
  let e = effect.guards?.length ? { ...effect, guards: substituteGuards(effect.guards, fn, args, memberOf) } : effect;
  if (e.chain.some((s) => s.kind === 'loop' && s.over)) e = { ...e, chain: e.chain.map((s) => reboundStep(s, fn, args, memberOf)) };
  const chain = resolveCronTemplates(e.chain, (v) => substitute(v, fn, args, memberOf));
  if (chain !== e.chain) e = { ...e, chain };
  if (e.op) {
    let op = e.op.scopeKey ? { ...e.op, scopeKey: substitute(e.op.scopeKey, fn, args, memberOf) } : e.op;
    if (op.renderFrom) op = renderedFor(op, substitute(op.renderFrom, fn, args, memberOf));
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
