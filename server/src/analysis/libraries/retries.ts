// Retry libraries whose callback wraps an API call: p-retry, async-retry, exponential-backoff,
// promise-retry, retry (node-retry operations), cockatiel policies and @lifeomic/attempt. Each
// is described by the policy its options give, with the library's documented defaults
// (see reference/anchors.md §5) filling the gaps.
import { handleOf, modulePath, prop, type Library } from '../library';
import { literal, numberOf, type Val } from '../values';
import type { RetryPolicy } from '../facts/steps';

function num(v: Val | undefined): number | undefined {
  return v ? numberOf(v) : undefined;
}

function bool(v: Val | undefined): boolean | undefined {
  return v && v.k === 'bool' ? v.v : undefined;
}

function present(v: Val | undefined): boolean {
  return v !== undefined && v.k !== 'null';
}

function describe(p: Omit<RetryPolicy, 'description'>, library: string): RetryPolicy {
  const parts: string[] = [];
  if (p.retries !== undefined) parts.push(p.retries === Infinity ? 'retries forever' : `${p.retries} retries`);
  if (p.initialDelayMs !== undefined) parts.push(p.initialDelayMs === 0 ? 'no delay' : `first delay ${p.initialDelayMs} ms`);
  if (p.exponential !== undefined) parts.push(p.exponential ? 'exponential' : 'constant delay');
  if (p.maxDelayMs !== undefined && Number.isFinite(p.maxDelayMs)) parts.push(`capped at ${p.maxDelayMs} ms`);
  if (p.jitter !== undefined) parts.push(p.jitter ? 'jitter' : 'no jitter');
  return { ...p, description: `${library} (${parts.join(', ')})` };
}

/** p-retry, async-retry, promise-retry and node-retry share the `retry` module's option names. */
function retryModuleStyle(opts: Val | undefined, randomizeDefault: boolean, library: string, checks: boolean): RetryPolicy {
  const factor = num(prop(opts, 'factor')) ?? 2;
  const forever = bool(prop(opts, 'forever'));
  return describe({
    retries: forever ? Infinity : num(prop(opts, 'retries')) ?? 10,
    initialDelayMs: num(prop(opts, 'minTimeout')) ?? 1000,
    exponential: factor > 1,
    maxDelayMs: num(prop(opts, 'maxTimeout')) ?? Infinity,
    jitter: bool(prop(opts, 'randomize')) ?? randomizeDefault,
    checksThrottling: checks,
  }, library);
}

export interface RetryCall {
  library: string;
  /** Index of the callback argument. */
  fnIndex: number;
  policy: RetryPolicy;
}

/** If `callee(args)` runs its callback under a retry policy, which one. */
export function retryCallOf(callee: Val, args: Val[]): RetryCall | undefined {
  if (modulePath(callee, 'p-retry')?.length === 0 || modulePath(callee, 'p-retry')?.join('.') === 'pRetry') {
    const opts = args[1];
    const checks = present(prop(opts, 'shouldRetry')) || present(prop(opts, 'onFailedAttempt'));
    return { library: 'p-retry', fnIndex: 0, policy: retryModuleStyle(opts, false, 'p-retry', checks) };
  }
  if (modulePath(callee, 'async-retry')?.length === 0) {
    return { library: 'async-retry', fnIndex: 0, policy: retryModuleStyle(args[1], true, 'async-retry', false) };
  }
  if (modulePath(callee, 'promise-retry')?.length === 0) {
    const optsFirst = args[0]?.k === 'obj';
    return { library: 'promise-retry', fnIndex: optsFirst ? 1 : 0, policy: retryModuleStyle(optsFirst ? args[0] : args[1], false, 'promise-retry', false) };
  }
  if (modulePath(callee, 'exponential-backoff')?.join('.') === 'backOff') {
    const opts = args[1];
    const jitter = literal(prop(opts, 'jitter') ?? { k: 'unknown' });
    return {
      library: 'exponential-backoff', fnIndex: 0,
      policy: describe({
        retries: (num(prop(opts, 'numOfAttempts')) ?? 10) - 1,
        initialDelayMs: num(prop(opts, 'startingDelay')) ?? 100,
        exponential: (num(prop(opts, 'timeMultiple')) ?? 2) > 1,
        maxDelayMs: num(prop(opts, 'maxDelay')) ?? Infinity,
        jitter: jitter === 'full',
        checksThrottling: present(prop(opts, 'retry')),
      }, 'exponential-backoff'),
    };
  }
  const attempt = modulePath(callee, '@lifeomic/attempt');
  if (attempt?.join('.') === 'retry') {
    const opts = args[1];
    return {
      library: '@lifeomic/attempt', fnIndex: 0,
      policy: describe({
        retries: (num(prop(opts, 'maxAttempts')) ?? 3) - 1,
        initialDelayMs: num(prop(opts, 'delay')) ?? 200,
        exponential: (num(prop(opts, 'factor')) ?? 0) > 1,
        maxDelayMs: num(prop(opts, 'maxDelay')) ?? Infinity,
        jitter: bool(prop(opts, 'jitter')) ?? false,
        checksThrottling: present(prop(opts, 'handleError')),
      }, '@lifeomic/attempt'),
    };
  }
  const op = handleOf(callee, 'retry.attempt');
  if (op) return { library: 'retry', fnIndex: 0, policy: op.policy as RetryPolicy };
  const cockatiel = handleOf(callee, 'retry.execute');
  if (cockatiel) return { library: 'cockatiel', fnIndex: 0, policy: cockatiel.policy as RetryPolicy };
  return undefined;
}

export const retriesLibrary: Library = {
  call(callee, args) {
    const r = modulePath(callee, 'retry');
    if (r?.join('.') === 'operation') {
      return { k: 'handle', h: { kind: 'retry.operation', policy: retryModuleStyle(args[0], false, 'retry', false) } };
    }
    const c = modulePath(callee, 'cockatiel');
    if (c?.join('.') === 'retry') {
      const opts = args[1];
      const backoff = prop(opts, 'backoff');
      const exponential = backoff?.k === 'handle' && backoff.h.kind === 'cockatiel.exponential';
      const constant = backoff?.k === 'handle' && backoff.h.kind === 'cockatiel.constant' ? (backoff.h.ms as number | undefined) : undefined;
      const policy = describe({
        retries: num(prop(opts, 'maxAttempts')) ?? Infinity,
        initialDelayMs: exponential ? 128 : constant ?? 0,
        exponential,
        jitter: exponential,
        maxDelayMs: exponential ? 30000 : undefined,
        checksThrottling: args[0]?.k === 'handle' && args[0].h.kind === 'cockatiel.handleWhen',
      }, 'cockatiel');
      return { k: 'handle', h: { kind: 'retry.policy', policy } };
    }
    if (c && c.length === 1 && (c[0] === 'handleWhen' || c[0] === 'handleType' || c[0] === 'handleResultType' || c[0] === 'handleWhenResult')) {
      return { k: 'handle', h: { kind: 'cockatiel.handleWhen' } };
    }
    if (c?.join('.') === 'wrap') {
      const policy = args.find((a) => a.k === 'handle' && a.h.kind === 'retry.policy');
      return policy;
    }
    return undefined;
  },
  construct(ctor, args) {
    const c = modulePath(ctor, 'cockatiel');
    if (c?.join('.') === 'ExponentialBackoff') return { k: 'handle', h: { kind: 'cockatiel.exponential' } };
    if (c?.join('.') === 'ConstantBackoff') return { k: 'handle', h: { kind: 'cockatiel.constant', ms: args[0] ? numberOf(args[0]) : undefined } };
    return undefined;
  },
  member(v, name) {
    const op = handleOf(v, 'retry.operation');
    if (op && name === 'attempt') return { k: 'handle', h: { kind: 'retry.attempt', policy: op.policy } };
    const policy = handleOf(v, 'retry.policy');
    if (policy && name === 'execute') return { k: 'handle', h: { kind: 'retry.execute', policy: policy.policy } };
    const c = modulePath(v, 'cockatiel');
    if (c?.join('.') === 'handleAll' && name) return undefined;
    return undefined;
  },
};
