// polling-without-delay: a loop that polls an Oxylabs job's status or results with nothing
// between polls hammers the API as fast as responses come back.
import type { Finding } from '../model';
import { POLLING_OPERATIONS } from '../providers/oxylabs';
import type { LoopStep } from '../analysis/facts/steps';
import { locKey, primaryLoc, relatedOf } from './attribution';
import type { Rule } from './types';
import { pollFixes } from '../fixes/pollFixes';

const OXYLABS_POLL_MS = 5000;

/** The loop that repeats the poll: sequential, with no count of its own (while, do-while, for(;;)). */
function pollLoop(chain: readonly import('../analysis/facts/steps').Step[]): LoopStep | undefined {
  for (const s of chain) {
    if (s.kind === 'trigger') return undefined;
    if (s.kind === 'limiter') return undefined;
    if (s.kind !== 'loop') continue;
    const repeats = s.role === 'poll' || s.bound.kind === 'infinite' || (s.bound.kind === 'assumed' && /while|for \(;;\)|for loop/.test(s.loopKind));
    if (repeats && s.mode === 'sequential' && s.role !== 'retry') return s;
    if (s.mode !== 'sequential') return undefined;
  }
  return undefined;
}

export const pollingWithoutDelay: Rule = {
  id: 'polling-without-delay',
  defaultSeverity: 'warning',
  title: 'A loop polls a job endpoint with no delay between polls',
  check(ctx) {
    const out = new Map<string, Finding>();
    for (const { effect } of ctx.facts.rooted) {
      const op = effect.op;
      if (!op || op.provider !== 'oxylabs' || !POLLING_OPERATIONS.has(op.operation)) continue;
      const loop = pollLoop(effect.chain);
      if (!loop || loop.pacingMs === undefined || loop.pacingMs >= 1000) continue;
      const loc = primaryLoc(effect, ctx.file, effect.chain.indexOf(loop), true);
      if (!loc || out.has(locKey(loc))) continue;
      const perMinute = Math.floor(60000 / (ctx.settings.assumedLatencyMs + loop.pacingMs));
      const what = op.operation === 'push-pull.results' ? 'job results' : 'job status';
      const gap = loop.pacingMs > 0 ? `only ${loop.pacingMs} ms between polls` : 'no delay between polls';
      const loopName = loop.loopKind.replace(/ \((iterations|pages|size|calls) unknown; assumed \d+\)$/, '');
      out.set(locKey(loc), {
        ruleId: 'polling-without-delay', severity: 'warning', loc,
        message: `${loopName} polls Oxylabs ${what} with ${gap}: up to ${perMinute} requests a minute for one job (~${ctx.settings.assumedLatencyMs} ms per request). `
          + `Wait between polls (Oxylabs' own SDK waits ${OXYLABS_POLL_MS / 1000} s) or let Oxylabs call you back with callback_url.`,
        related: relatedOf(effect, loc, op.operation), fixes: pollFixes(ctx, loop),
      });
    }
    return [...out.values()];
  },
};
