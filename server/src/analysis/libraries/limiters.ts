// Concurrency and rate limiters that a quota-aware loop may already use: p-limit, p-map,
// p-throttle, bottleneck and p-queue. Their handles record the settings the rate model needs.
import { handleOf, modulePath, prop, type Library } from '../library';
import { numberOf, type Val } from '../values';

export interface LimiterSettings {
  library: string;
  /** At most `limit` starts per `intervalMs`. */
  limit?: number;
  intervalMs?: number;
  concurrency?: number;
}

function num(v: Val | undefined): number | undefined {
  return v ? numberOf(v) : undefined;
}

/** Bottleneck: minTime spaces calls; a reservoir with refresh caps them per interval. */
function bottleneckSettings(opts: Val | undefined): LimiterSettings {
  const minTime = num(prop(opts, 'minTime'));
  const maxConcurrent = num(prop(opts, 'maxConcurrent'));
  const refreshAmount = num(prop(opts, 'reservoirRefreshAmount')) ?? num(prop(opts, 'reservoirIncreaseAmount'));
  const refreshInterval = num(prop(opts, 'reservoirRefreshInterval')) ?? num(prop(opts, 'reservoirIncreaseInterval'));
  if (refreshAmount && refreshInterval) {
    return { library: 'bottleneck', limit: refreshAmount, intervalMs: refreshInterval, concurrency: maxConcurrent };
  }
  if (minTime && minTime > 0) return { library: 'bottleneck', limit: 1, intervalMs: minTime, concurrency: maxConcurrent };
  return { library: 'bottleneck', concurrency: maxConcurrent };
}

function pQueueSettings(opts: Val | undefined): LimiterSettings {
  const intervalCap = num(prop(opts, 'intervalCap'));
  const interval = num(prop(opts, 'interval'));
  const concurrency = num(prop(opts, 'concurrency'));
  return intervalCap && interval ? { library: 'p-queue', limit: intervalCap, intervalMs: interval, concurrency } : { library: 'p-queue', concurrency };
}

export const limitersLibrary: Library = {
  call(callee, args) {
    if (modulePath(callee, 'p-limit')?.length === 0 || modulePath(callee, 'p-limit')?.join('.') === 'pLimit') {
      const c = num(args[0]) ?? num(prop(args[0], 'concurrency'));
      return { k: 'handle', h: { kind: 'limit.pool', library: 'p-limit', concurrency: c } };
    }
    if (modulePath(callee, 'p-throttle')?.length === 0 || modulePath(callee, 'p-throttle')?.join('.') === 'pThrottle') {
      const settings: LimiterSettings = { library: 'p-throttle', limit: num(prop(args[0], 'limit')), intervalMs: num(prop(args[0], 'interval')) };
      return { k: 'handle', h: { kind: 'limit.throttleFactory', settings } };
    }
    const factory = handleOf(callee, 'limit.throttleFactory');
    if (factory && args[0]) return { k: 'handle', h: { kind: 'limit.throttled', fn: args[0], settings: factory.settings } };
    const wrap = handleOf(callee, 'limit.wrap');
    if (wrap && args[0]) return { k: 'handle', h: { kind: 'limit.throttled', fn: args[0], settings: wrap.settings } };
    const lodash = modulePath(callee, 'lodash', 'lodash/throttle', 'lodash.throttle', 'lodash/debounce', 'lodash.debounce', 'throttle-debounce');
    if (lodash && args[0] && (lodash.length === 0 || lodash[0] === 'throttle' || lodash[0] === 'debounce')) {
      const ms = num(args[1]);
      const name = callee.k === 'module' ? callee.name : '';
      if (ms && (lodash[0] === 'throttle' || /throttle/.test(name))) {
        return { k: 'handle', h: { kind: 'limit.throttled', fn: args[0], settings: { library: 'lodash.throttle', limit: 1, intervalMs: ms } } };
      }
    }
    return undefined;
  },
  construct(ctor, args) {
    if (modulePath(ctor, 'bottleneck') && (modulePath(ctor, 'bottleneck')!.length === 0 || modulePath(ctor, 'bottleneck')![0] === 'Bottleneck')) {
      return { k: 'handle', h: { kind: 'limit.bottleneck', settings: bottleneckSettings(args[0]) } };
    }
    // async-mutex's and await-semaphore's Semaphore(n) and Mutex, async-sema's Sema(n): at most n at once.
    const sem = modulePath(ctor, 'async-mutex', 'await-semaphore', 'async-sema');
    if (sem && sem.length === 1 && SEMAPHORE_CLASS.test(sem[0])) {
      const concurrency = /Mutex/.test(sem[0]) ? 1 : num(args[0]);
      return { k: 'handle', h: { kind: 'limit.semaphore', settings: { library: ctor.k === 'module' ? ctor.name : 'semaphore', concurrency } } };
    }
    const pq = modulePath(ctor, 'p-queue');
    if (pq && (pq.length === 0 || pq[0] === 'PQueue')) return { k: 'handle', h: { kind: 'limit.pqueue', settings: pQueueSettings(args[0]) } };
    return undefined;
  },
  member(v, name) {
    const b = handleOf(v, 'limit.bottleneck');
    if (b) {
      if (name === 'schedule' || name === 'submit') return { k: 'handle', h: { kind: 'limit.schedule', settings: b.settings } };
      if (name === 'wrap') return { k: 'handle', h: { kind: 'limit.wrap', settings: b.settings } };
      return undefined;
    }
    const q = handleOf(v, 'limit.pqueue');
    if (q) {
      if (name === 'add' || name === 'addAll') return { k: 'handle', h: { kind: 'limit.schedule', settings: q.settings, all: name === 'addAll' } };
      return undefined;
    }
    const sem = handleOf(v, 'limit.semaphore');
    if (sem) return SEMAPHORE_RUN.test(name) ? { k: 'handle', h: { kind: 'limit.schedule', settings: sem.settings } } : undefined;
    const pool = handleOf(v, 'limit.pool');
    if (pool && name === 'map') return { k: 'handle', h: { kind: 'limit.poolMap', concurrency: pool.concurrency } };
    return undefined;
  },
};

const SEMAPHORE_CLASS = /^(Semaphore|Sema|Mutex)$/;
/** The methods that run a task while holding a slot. */
export const SEMAPHORE_RUN = /^(run|runExclusive|use|exec|execute|schedule|withPermit|withLock|add|enqueue|limit)$/;

/** p-all: `pAll(tasks, { concurrency })` runs a list of functions, at most `concurrency` at a time. */
export function isPAll(callee: Val): boolean {
  const p = modulePath(callee, 'p-all');
  return p !== undefined && (p.length === 0 || p[0] === 'default');
}

export function isPMap(callee: Val): boolean {
  const p = modulePath(callee, 'p-map');
  return p !== undefined && (p.length === 0 || p[0] === 'pMap');
}
