// Parsing: the TypeScript parser is error tolerant, so half-typed code still yields a tree.
// Files that would make the editor sluggish (huge or minified) are skipped with a reason.
import ts from 'typescript';
import type { AnalysisError } from '../model';

export interface Parsed {
  sourceFile: ts.SourceFile;
  syntaxErrors: AnalysisError[];
}

export type ParseResult = { ok: true; parsed: Parsed } | { ok: false; error: AnalysisError };

const MINIFIED_LINE_LENGTH = 1000;

export function scriptKindFor(fileName: string): ts.ScriptKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (/\.(mjs|cjs|js)$/.test(lower)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

export function parse(text: string, fileName: string, maxFileSizeKb: number): ParseResult {
  if (text.length > maxFileSizeKb * 1024) {
    return { ok: false, error: { kind: 'skipped', message: `skipped: ${Math.round(text.length / 1024)} KB is over the ${maxFileSizeKb} KB limit (setting maxFileSizeKb)` } };
  }
  if (looksMinified(text)) {
    return { ok: false, error: { kind: 'skipped', message: 'skipped: the file looks minified (very long lines); lint its source instead' } };
  }
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindFor(fileName));
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  const syntaxErrors: AnalysisError[] = diagnostics.slice(0, 20).map((d) => ({
    kind: 'syntax',
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
  return { ok: true, parsed: { sourceFile, syntaxErrors } };
}

function looksMinified(text: string): boolean {
  if (text.length < 20_000) return false;
  let lines = 0;
  let longLines = 0;
  let start = 0;
  while (start < text.length && lines < 500) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lines++;
    if (end - start > MINIFIED_LINE_LENGTH) longLines++;
    start = end + 1;
  }
  return longLines > 0 && text.length / Math.max(lines, 1) > 500;
}
