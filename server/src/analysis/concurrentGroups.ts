// Calls started together: the elements of one `Promise.all([searchWalmart(q), searchTarget(q), …])`
// start in the same instant, so a quota they share sees all of them at once, although each
// element's own chain counts only its calls. This module finds the chains that run through
// elements of the same array, under the same callers, and groups them by element.
import type { Quota } from '../catalog';
import type { Effect } from './facts/summaries';
import { groupIndex } from './rates';

/**
 * The chains (all covered by `quota`) that run through different elements of one array of calls
 * started together. Each group lists its elements in order; each element, its chains (alternative
 * branches of that element). Groups with a single element are left out: nothing adds up.
 */
export function concurrentGroups(effects: Effect[], quota: Quota): Effect[][][] {
  const groups = new Map<string, Map<number, Effect[]>>();
  for (const effect of effects) {
    const at = groupIndex(effect);
    if (at < 0 || !effect.op) continue;
    const step = effect.chain[at];
    if (step.kind !== 'group') continue;
    const key = [step.id, outerSignature(effect, at), sharedScope(effect, quota)].join('|');
    const members = groups.get(key) ?? new Map<number, Effect[]>();
    const list = members.get(step.member) ?? [];
    list.push(effect);
    members.set(step.member, list);
    groups.set(key, members);
  }
  const out: Effect[][][] = [];
  for (const members of groups.values()) {
    if (members.size < 2) continue;
    out.push([...members.entries()].sort((a, b) => a[0] - b[0]).map(([, list]) => list));
  }
  return out;
}

/** The steps outside the array: elements add up only under the same loops, callers and trigger. */
function outerSignature(effect: Effect, at: number): string {
  return effect.chain.slice(at + 1).map((s) => `${s.kind}@${s.loc.file}:${s.loc.span.start}`).join('>');
}

/**
 * What must be the same for two calls to count against one instance of the quota: the operation,
 * for quotas kept per API (DingTalk's 20 calls/s per app and API), and the destination, for
 * quotas kept per space or per robot.
 */
function sharedScope(effect: Effect, quota: Quota): string {
  const op = effect.op!;
  const parts: string[] = [];
  if (/per-api/.test(quota.scope)) parts.push(op.operation);
  if (quota.scopeKey) parts.push(JSON.stringify(op.scopeKey ?? null));
  return parts.join('|');
}
