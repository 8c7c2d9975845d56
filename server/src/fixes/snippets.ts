// The code quick fixes insert: small, dependency-free helpers written in the file's own style
// (TypeScript or JavaScript, its quotes, its semicolons), and import lines for libraries the
// project already depends on. Helpers are inserted once per file and recognised afterwards.
import type { FileLayout } from '../analysis/facts/layout';
import type { TextEdit } from '../model';

export const BACKOFF_HELPER = 'withQuotaBackoff';
export const THROTTLE_PREDICATE = 'isThrottlingError';
export const POOL_HELPER = 'mapWithConcurrency';

function style(layout: FileLayout, code: string): string {
  let out = code;
  if (layout.quote === '"') out = out.replace(/'/g, '"');
  if (!layout.semicolons) out = out.replace(/;$/gm, '');
  return out.split('\n').join(layout.eol);
}

function throttlePredicate(ts: boolean): string {
  return `
/** True for the throttling errors of Google Chat, DingTalk/Yida and Oxylabs (inserted by Quota Lint). */
function ${THROTTLE_PREDICATE}(error${ts ? ': unknown' : ''})${ts ? ': boolean' : ''} {
  const e = (error ?? {})${ts ? ' as { status?: number; statusCode?: number; code?: unknown; message?: string; response?: { status?: number } }' : ''};
  const status = e.status ?? e.statusCode ?? e.response?.status;
  const text = \`\${String(e.code ?? '')} \${e.message ?? ''}\`;
  return status === 429 || e.code === 8 || /RESOURCE_EXHAUSTED|requestTooFast|tooManyVisitors|Qp[sm]Limit|9001[0-9]|90002|Too Many Requests/i.test(text);
}
`;
}

function backoffHelper(ts: boolean): string {
  const T = ts ? '<T>' : '';
  const callType = ts ? ': () => Promise<T>' : '';
  const returns = ts ? ': Promise<T>' : '';
  return `
/**
 * Retries \`call\` while it fails with a throttling error, waiting min(base * 2^n, max) plus up to 1 s
 * of random jitter between attempts: truncated exponential backoff (inserted by Quota Lint).
 */
async function ${BACKOFF_HELPER}${T}(call${callType}, { retries = 6, baseMs = 1000, maxMs = 32000 } = {})${returns} {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= retries || !${THROTTLE_PREDICATE}(error)) throw error;
      const delay = Math.min(baseMs * 2 ** attempt, maxMs) + Math.random() * 1000;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
`;
}

function poolHelper(ts: boolean): string {
  const sig = ts
    ? `<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]>`
    : '(items, concurrency, fn)';
  const results = ts ? 'const results: R[] = new Array(items.length);' : 'const results = new Array(items.length);';
  return `
/** Like Promise.all(items.map(fn)), with at most \`concurrency\` calls in flight (inserted by Quota Lint). */
async function ${POOL_HELPER}${sig} {
  ${results}
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  });
  await Promise.all(workers);
  return results;
}
`;
}

/** Appends helpers the fix needs and the file does not declare yet. */
export function helperEdits(layout: FileLayout, text: string, needs: ('backoff' | 'predicate' | 'pool')[]): TextEdit[] {
  const ts = layout.typescript;
  let code = '';
  if (needs.includes('backoff') && !layout.topLevelNames.has(BACKOFF_HELPER)) code += backoffHelper(ts);
  if ((needs.includes('backoff') || needs.includes('predicate')) && !layout.topLevelNames.has(THROTTLE_PREDICATE)) code += throttlePredicate(ts);
  if (needs.includes('pool') && !layout.topLevelNames.has(POOL_HELPER)) code += poolHelper(ts);
  if (!code) return [];
  const lead = text.endsWith('\n') ? '' : layout.eol;
  return [{ span: { start: layout.end, end: layout.end }, newText: lead + style(layout, code) }];
}

/** An import (ESM syntax) or require (CommonJS) line after the existing ones, unless present. */
export function importEdit(layout: FileLayout, pkg: string, binding: { default?: string; named?: string }): { edit?: TextEdit; local: string } {
  const existing = binding.named ? layout.imports.get(`${pkg}#${binding.named}`) : layout.imports.get(pkg);
  if (existing) return { local: existing };
  const local = binding.named ?? binding.default!;
  const q = layout.quote;
  const semi = layout.semicolons ? ';' : '';
  const line = layout.esm || (layout.typescript && layout.imports.size === 0)
    ? (binding.named ? `import { ${binding.named} } from ${q}${pkg}${q}${semi}` : `import ${local} from ${q}${pkg}${q}${semi}`)
    : (binding.named ? `const { ${binding.named} } = require(${q}${pkg}${q})${semi}` : `const ${local} = require(${q}${pkg}${q})${semi}`);
  const at = layout.importsEnd;
  const newText = at === 0 ? `${line}${layout.eol}` : `${layout.eol}${line}`;
  return { edit: { span: { start: at, end: at }, newText }, local };
}

/** `await new Promise((resolve) => setTimeout(resolve, ms));` on its own line. */
export function delayLine(layout: FileLayout, indent: string, ms: number): string {
  return `${indent}${style(layout, `await new Promise((resolve) => setTimeout(resolve, ${ms}));`)}${layout.eol}`;
}
