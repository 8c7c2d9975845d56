// Suppression comments: `// quota-lint-disable-next-line <rule>[, <rule>] -- reason`,
// `// quota-lint-disable-line <rule>`, and `/* quota-lint-disable <rule> */` … `/* quota-lint-enable */`
// (from there to the end of the file when never re-enabled). No rule id means every rule.
import { RULE_IDS, type RuleId } from '../config/settings';
import type { Finding, Loc } from '../model';

export interface Directive {
  kind: 'disable-next-line' | 'disable-line' | 'disable' | 'enable';
  rules: string[];
  reason?: string;
  /** Zero-based line the comment ends on. */
  line: number;
  loc: Loc;
  /** Offsets of each rule id inside the file, for the unknown-rule diagnostic. */
  ruleSpans: { id: string; start: number; end: number }[];
}

const DIRECTIVE = /quota-lint-(disable-next-line|disable-line|disable|enable)\b([^\n*]*)/;

export function parseDirectives(comments: Iterable<{ start: number; end: number; text: string }>, locOf: (start: number, end: number) => Loc): Directive[] {
  const out: Directive[] = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const before = c.text.slice(0, m.index).replace(/^\/\/|^\/\*/, '').trim();
    if (before.replace(/^\*+/, '').trim() !== '') continue;
    const [body, reason] = m[2].split(/\s--\s?/, 2);
    const rulesStart = c.start + m.index + m[0].length - m[2].length;
    const ruleSpans: Directive['ruleSpans'] = [];
    const re = /[A-Za-z0-9_/@-]+/g;
    let r: RegExpExecArray | null;
    while ((r = re.exec(body))) ruleSpans.push({ id: r[0], start: rulesStart + r.index, end: rulesStart + r.index + r[0].length });
    const loc = locOf(c.start, c.end);
    out.push({ kind: m[1] as Directive['kind'], rules: ruleSpans.map((s) => s.id), reason: reason?.trim() || undefined, line: loc.end.line, loc, ruleSpans });
  }
  return out.sort((a, b) => a.loc.span.start - b.loc.span.start);
}

function covers(d: Directive, rule: RuleId): boolean {
  return d.rules.length === 0 || d.rules.includes(rule);
}

export function isSuppressed(f: Finding, directives: readonly Directive[]): boolean {
  const line = f.loc.start.line;
  let disabledByBlock = false;
  for (const d of directives) {
    if (d.kind === 'disable-next-line' && d.line + 1 === line && covers(d, f.ruleId)) return true;
    if (d.kind === 'disable-line' && d.loc.start.line === line && covers(d, f.ruleId)) return true;
    if (d.loc.span.start > f.loc.span.start) continue;
    if (d.kind === 'disable' && covers(d, f.ruleId)) disabledByBlock = true;
    if (d.kind === 'enable' && covers(d, f.ruleId)) disabledByBlock = false;
  }
  return disabledByBlock;
}

export function isKnownRule(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}
