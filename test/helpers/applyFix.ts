// Applies a quick fix's text edits (non-overlapping, as the engine produces them). As in LSP,
// several inserts at one position appear in the order of the array.
import type { Fix } from '../../server/src/model';

export function applyFix(text: string, fix: Fix): string {
  const edits = fix.edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.span.start - a.e.span.start || b.e.span.end - a.e.span.end || b.i - a.i);
  let out = text;
  for (const { e } of edits) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
