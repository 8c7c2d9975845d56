// Conversions between the engine's plain data and LSP types. Together with server.ts this is
// the only place that knows about the protocol.
import { fileURLToPath, pathToFileURL } from 'url';
import {
  CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic, type Range, type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisError, Finding, Fix, Loc, Severity } from '../model';
import { ruleDocUri } from '../workspace/docs';

export const SOURCE = 'quota-lint';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.quota-lint`;

export function uriToFile(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

export function fileToUri(file: string): string {
  return file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file) ? pathToFileURL(file).toString() : file;
}

export function toRange(loc: Loc): Range {
  return { start: loc.start, end: loc.end };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: toRange(f.loc),
    severity: SEVERITY[f.severity],
    source: SOURCE,
    code: f.ruleId,
    codeDescription: { href: ruleDocUri(f.ruleId) },
    message: f.message,
    relatedInformation: f.related.map((r) => ({ location: { uri: fileToUri(r.loc.file), range: toRange(r.loc) }, message: r.message })),
    data: { ruleId: f.ruleId, start: f.loc.span.start },
  };
}

/** A problem reading a file (a crontab line without a command), where it is; none without a place. */
export function problemDiagnostic(e: AnalysisError): Diagnostic[] {
  return e.loc ? [{ range: toRange(e.loc), severity: DiagnosticSeverity.Warning, source: SOURCE, message: e.message }] : [];
}

export function toTextEdits(doc: TextDocument, fix: Fix): LspTextEdit[] {
  return fix.edits.map((e) => ({ range: { start: doc.positionAt(e.span.start), end: doc.positionAt(e.span.end) }, newText: e.newText }));
}

const CONFIRM = 'quota-lint.changes-behaviour';

/**
 * A quick fix. Fixes that change runtime behaviour (retry wrappers, delays, pools, schedules) carry
 * a change annotation with needsConfirmation, so editors that support it (VS Code's Refactor
 * Preview) show the change before applying it. Clients without annotation support get plain edits.
 */
export function toQuickFix(doc: TextDocument, fix: Fix, diagnostic: Diagnostic | undefined, supportsAnnotations = false): CodeAction {
  const edits = toTextEdits(doc, fix);
  const annotated = fix.needsConfirmation && supportsAnnotations;
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: diagnostic ? [diagnostic] : undefined,
    isPreferred: fix.isPreferred,
    edit: annotated
      ? {
        documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: edits.map((e) => ({ ...e, annotationId: CONFIRM })) }],
        changeAnnotations: { [CONFIRM]: { label: fix.title, needsConfirmation: true, description: 'Changes runtime behaviour: review it before applying.' } },
      }
      : { changes: { [doc.uri]: edits } },
  };
}

export function showDocumentationAction(ruleId: string, diagnostic: Diagnostic): CodeAction {
  return {
    title: `Show documentation for ${ruleId}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title: `Show documentation for ${ruleId}`, command: 'quota-lint.showDocumentation', arguments: [ruleDocUri(ruleId)] },
  };
}

/** Merges the fix-all edits of several fixes, dropping any that overlap an earlier one. */
export function mergeEdits(doc: TextDocument, fixes: Fix[]): LspTextEdit[] {
  const taken: [number, number][] = [];
  const out: LspTextEdit[] = [];
  for (const fix of fixes) {
    if (fix.edits.some((e) => taken.some(([s, t]) => e.span.start < t && s < e.span.end))) continue;
    for (const e of fix.edits) taken.push([e.span.start, e.span.end]);
    out.push(...toTextEdits(doc, fix));
  }
  return out;
}
