// Delays that pace a loop: timers/promises, the delay and sleep packages, bluebird's
// Promise.delay and util.promisify(setTimeout). User-written sleep helpers are recognised by the
// file model from their bodies (a Promise resolved by setTimeout).
import { handleOf, modulePath, type Library } from '../library';
import { numberOf, type Val } from '../values';

const DELAY_PACKAGES = ['delay', 'sleep-promise', 'await-sleep', 'sleep-async', 'timeout-as-promise', 'es6-promise-timeout'];

export const timersLibrary: Library = {
  call(callee, args) {
    const util = modulePath(callee, 'util', 'node:util');
    if (util?.join('.') === 'promisify' && args[0]?.k === 'module' && args[0].name === 'global' && args[0].path.join('.') === 'setTimeout') {
      return { k: 'handle', h: { kind: 'delay', argIndex: 0 } };
    }
    return undefined;
  },
};

/**
 * The delay a call waits for: a number of ms, 'unknown' for a delay of unknown length, or
 * undefined when the call is not a delay at all.
 */
export function delayOfCall(callee: Val, args: Val[]): number | 'unknown' | undefined {
  const ms = (i: number) => (args[i] ? numberOf(args[i]) ?? 'unknown' : 'unknown');
  if (modulePath(callee, 'timers/promises', 'node:timers/promises')?.join('.') === 'setTimeout') return ms(0);
  if (modulePath(callee, 'timers/promises', 'node:timers/promises')?.join('.') === 'scheduler.wait') return ms(0);
  if (modulePath(callee, ...DELAY_PACKAGES)?.length === 0) return ms(0);
  if (modulePath(callee, 'bluebird')?.join('.') === 'delay') return ms(0);
  const h = handleOf(callee, 'delay');
  if (h) return ms(h.argIndex as number);
  return undefined;
}

/** `for await (const _ of setInterval(ms))` from timers/promises paces each iteration by ms. */
export function intervalIteratorMs(callee: Val, args: Val[]): number | 'unknown' | undefined {
  if (modulePath(callee, 'timers/promises', 'node:timers/promises')?.join('.') === 'setInterval') {
    return args[0] ? numberOf(args[0]) ?? 'unknown' : 'unknown';
  }
  return undefined;
}
