// Suppression fixes: a `// quota-lint-disable-next-line <rule> -- <reason>` comment above the
// line, or a file-level `/* quota-lint-disable <rule> */` at the top. Both keep behaviour, but
// they are offered as quick fixes but never applied by fix-all (hiding a finding is a decision,
// not a fix). Applying one twice cannot happen: a suppressed finding no longer exists to offer it.
import type { Finding, Fix } from '../model';

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function suppressionFixes(text: string, f: Finding, eol = '\n'): Fix[] {
  const start = lineStart(text, f.loc.span.start);
  const indent = /^[ \t]*/.exec(text.slice(start))![0];
  const line: Fix = {
    title: `Disable ${f.ruleId} for this line`,
    safe: false,
    edits: [{ span: { start, end: start }, newText: `${indent}// quota-lint-disable-next-line ${f.ruleId} -- reason${eol}` }],
  };
  // After a shebang and leading comment header lines, so tools that read the first line keep working.
  let top = 0;
  if (text.startsWith('#!')) top = text.indexOf('\n') + 1 || text.length;
  const file: Fix = {
    title: `Disable ${f.ruleId} for the entire file`,
    safe: false,
    edits: [{ span: { start: top, end: top }, newText: `/* quota-lint-disable ${f.ruleId} -- reason */${eol}` }],
  };
  return [line, file];
}
