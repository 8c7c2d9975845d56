// CodeLens text above each schedule: its cadence in words, runs per hour and per day, and the
// API calls it reaches with the calls each run makes.
import type { Settings } from './config/settings';
import type { Catalog } from './catalog';
import type { AnalysisEnv } from './analysis/fileContext';
import type { RootedEffect } from './analysis/fileModel';
import type { ScheduleFact } from './analysis/facts/schedules';
import { callsPerRun } from './analysis/rates';
import { operationLabel } from './providers/operations';
import type { Loc } from './model';

export interface ScheduleLens { loc: Loc; title: string }

export function scheduleLenses(schedules: ScheduleFact[], rooted: RootedEffect[], settings: Settings, catalog: Catalog, env: AnalysisEnv): ScheduleLens[] {
  return schedules.map((s) => {
    const calls = new Map<string, number>();
    for (const { effect } of rooted) {
      if (!effect.op) continue;
      const trigger = effect.chain.find((x) => x.kind === 'trigger');
      if (!trigger || trigger.kind !== 'trigger') continue;
      const t = trigger.trigger;
      const same = (t.type === 'cron' && t.exprLoc.span.start === s.exprLoc.span.start) || (t.type === 'interval' && trigger.loc.span.start === s.loc.span.start);
      if (!same) continue;
      const label = operationLabel(effect.op.provider, effect.op.operation);
      // A memoised token fetch runs at most once per run, however often its callers ask.
      calls.set(label, (calls.get(label) ?? 0) + (effect.cached ? 1 : callsPerRun(effect, settings, catalog, env)));
    }
    const cadence = s.kind === 'cron'
      ? (s.stats?.valid ? s.stats.description : `invalid cron '${s.expression}'`)
      : `Every ${s.intervalMs} ms`;
    const runs = `${s.runsPerHour} run${s.runsPerHour === 1 ? '' : 's'}/hour, ${s.runsPerDay}/day`;
    const reached = [...calls].map(([label, n]) => `${label} ×${Number.isFinite(n) ? Math.round(n) : '∞'}/run`);
    return { loc: s.loc, title: `${cadence} · ${runs}${reached.length ? ` · ${reached.join(', ')}` : ''}` };
  });
}
