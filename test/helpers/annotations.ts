// Annotated fixtures (DESIGN.md §7): a comment line under the offending line puts carets under
// the span and names severity, rule and (optionally) the exact message:
//
//     await chat.spaces.messages.create({ … });
//   //                           ^^^^^^ warning rate-over-quota: up to 120 Google Chat …
//
// Files that start with `// quota-lint-test: sites` also annotate every recognised call site:
//   //                           ^^^^^^ site google-chat spaces.messages.create POST sdk
//   //                           ^^^^^^ site google-chat spaces.messages.create POST sdk via sendMessage
// A finding without an annotation fails the test, and so does an annotation without a finding.
// Set UPDATE_FIXTURES=1 to rewrite the annotations from the current results.

export interface Expectation {
  line: number;
  start: number;
  end: number;
  kind: string;
  /** rule id, or "provider operation verb via [wrapper]" for sites */
  what: string;
  message?: string;
  annotationLine: number;
}

const ANNOTATION = /^(\s*)\/\/(\s*)(\^+)\s+(error|warning|info|hint|site)\s+(.*)$/;

export function isAnnotation(line: string): boolean {
  return ANNOTATION.test(line);
}

/** Expectations with line numbers of the code (annotations removed from the count). */
export function parseAnnotations(text: string): Expectation[] {
  const lines = text.split('\n');
  const out: Expectation[] = [];
  let codeLine = -1;
  lines.forEach((line, i) => {
    const m = ANNOTATION.exec(line);
    if (!m) { codeLine++; return; }
    const start = line.indexOf('^');
    const end = start + m[3].length;
    const kind = m[4];
    const rest = m[5].trim();
    if (kind === 'site') {
      out.push({ line: codeLine, start, end, kind, what: rest, annotationLine: i });
    } else {
      const colon = rest.indexOf(':');
      const what = (colon < 0 ? rest : rest.slice(0, colon)).trim();
      const message = colon < 0 ? undefined : rest.slice(colon + 1).trim();
      out.push({ line: codeLine, start, end, kind, what, message, annotationLine: i });
    }
  });
  return out;
}

/** What the engine reported, in the shape of an expectation (less where its annotation was). */
export type Actual = Omit<Expectation, 'annotationLine'>;

/** Renders actual results as annotation lines under their code lines (for UPDATE_FIXTURES). */
export function rewrite(text: string, actuals: Actual[]): string {
  const lines = text.split('\n').filter((l) => !isAnnotation(l));
  const byLine = new Map<number, Actual[]>();
  for (const a of actuals) {
    const list = byLine.get(a.line) ?? [];
    list.push(a);
    byLine.set(a.line, list);
  }
  const out: string[] = [];
  lines.forEach((line, i) => {
    out.push(line);
    const indent = /^\s*/.exec(line)![0].length;
    for (const a of (byLine.get(i) ?? []).sort((x, y) => x.start - y.start || x.kind.localeCompare(y.kind))) {
      const start = Math.max(a.start, 2);
      const prefix = `${' '.repeat(Math.min(indent, start - 2))}//`;
      const carets = '^'.repeat(Math.max(1, a.end - a.start));
      out.push(`${prefix}${' '.repeat(start - prefix.length)}${carets} ${a.kind} ${a.what}${a.message !== undefined ? `: ${a.message}` : ''}`);
    }
  });
  return out.join('\n');
}

/** The fixture with annotations removed: what the analyser sees. */
export function stripAnnotations(text: string): string {
  return text.split('\n').filter((l) => !isAnnotation(l)).join('\n');
}
