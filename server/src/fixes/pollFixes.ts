// Quick fix for polling loops: wait between polls (Oxylabs' own SDK polls every 5 s).
import { providerCatalog } from '../catalog';
import type { Fix } from '../model';
import type { LoopStep } from '../analysis/facts/steps';
import type { RuleContext } from '../rules/types';
import { delayLine } from './snippets';

export function pollFixes(ctx: RuleContext, loop: LoopStep): Fix[] {
  if (loop.bodyStart === undefined || !loop.asyncBody || loop.loc.file !== ctx.file) return [];
  const ms = providerCatalog(ctx.catalog, 'oxylabs').pollIntervalMs ?? 5000;
  return [{
    title: `Wait ${ms / 1000} s between polls`,
    edits: [{ span: { start: loop.bodyStart, end: loop.bodyStart }, newText: delayLine(ctx.layout, loop.indent ?? '', ms) }],
    safe: false, isPreferred: true, needsConfirmation: true,
  }];
}
