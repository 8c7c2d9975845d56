// Where a finding about a chain of calls is shown: at the call inside the outermost loop that
// multiplies it (or nearest the trigger), in the file being analysed; every other place on the
// chain (loops, schedule, wrapper calls, the API call itself) becomes related information.
import type { Loc, RelatedLocation } from '../model';
import type { Effect } from '../analysis/facts/summaries';
import type { Step } from '../analysis/facts/steps';
import { cronName } from '../analysis/facts/clockGates';

function isMultiplier(s: Step): boolean {
  return s.kind === 'loop' && s.role !== 'retry';
}

/** The loc to report at, given the index of the step that matters most (or the outermost loop). */
export function primaryLoc(effect: Effect, file: string, anchorIndex?: number, anchorOwnsFinding = false): Loc | undefined {
  const chain = effect.chain;
  // A finding that the anchor alone decides (a fan-out, a polling loop) belongs to the anchor's file,
  // which reports it itself; its callers elsewhere would only repeat it.
  if (anchorOwnsFinding && anchorIndex !== undefined && chain[anchorIndex] && chain[anchorIndex].loc.file !== file) return undefined;
  let anchor = anchorIndex;
  if (anchor === undefined) {
    for (let i = chain.length - 1; i >= 0; i--) if (isMultiplier(chain[i])) { anchor = i; break; }
  }
  if (anchor === undefined) {
    anchor = chain.findIndex((s) => s.kind === 'trigger');
    // No loop multiplies the call: the schedule or timer alone sets the pace, so the finding
    // belongs on its registration (`schedule.scheduleJob('* * 9 * * *', …)`), where it is fixed.
    const trigger = chain[anchor];
    if (trigger?.kind === 'trigger' && trigger.trigger.type !== 'external' && trigger.loc.file === file) return trigger.loc;
  }
  if (anchor !== undefined && anchor >= 0) {
    for (let i = anchor - 1; i >= 0; i--) {
      const s = chain[i];
      if (s.kind === 'invocation') {
        if (s.loc.file === file) return s.loc;
        break;
      }
    }
    if (!chain.slice(0, anchor).some((s) => s.kind === 'invocation') && effect.site.file === file) return effect.site;
  }
  // A caller elsewhere that only calls in (no loop or schedule of its own around the loops) repeats
  // what the loops' file reports: `return STEPS[step]()` in a route adds no calls.
  if (anchor !== undefined && anchor >= 0 && isMultiplier(chain[anchor]) && chain[anchor].loc.file !== file
    && !chain.slice(anchor + 1).some((s) => s.loc.file === file && (isMultiplier(s) || (s.kind === 'trigger' && s.trigger.type !== 'external')))) return undefined;
  // Fall back to the innermost place in this file.
  if (effect.site.file === file) return effect.site;
  for (const s of chain) if (s.kind === 'invocation' && s.loc.file === file) return s.loc;
  return undefined;
}

export function relatedOf(effect: Effect, primary: Loc, operationLabel: string): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  const same = (l: Loc) => l.file === primary.file && l.span.start === primary.span.start;
  if (!same(effect.site)) out.push({ loc: effect.site, message: `API call: ${operationLabel}` });
  for (const s of effect.chain) {
    if (s.kind === 'invocation' && !same(s.loc)) out.push({ loc: s.loc, message: s.overHttp ? `via the request ${s.callee}` : `via ${s.callee}()` });
    else if (s.kind === 'loop' && s.role !== 'retry') out.push({ loc: s.loc, message: `loop: ${s.loopKind}` });
    else if (s.kind === 'limiter') out.push({ loc: s.loc, message: `limiter: ${s.library}` });
    else if (s.kind === 'trigger' && s.trigger.type !== 'external') {
      out.push({ loc: s.loc, message: s.trigger.type === 'cron' ? `schedule: ${cronName(s.trigger)}` : s.trigger.type === 'interval' ? `timer: ${s.trigger.label}` : `timer: setTimeout re-armed every ${s.trigger.ms} ms` });
    }
    if (s.kind === 'trigger') break;
  }
  return out;
}

export function locKey(l: Loc): string {
  return `${l.file}:${l.span.start}:${l.span.end}`;
}
