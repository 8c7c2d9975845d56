// Output formats of the CLI: ESLint's "stylish" and JSON shapes (so existing CI tooling reads
// them) and SARIF 2.1.0 for code-scanning uploads.
import * as path from 'path';
import type { Finding, Severity } from '../model';
import { RULES } from '../rules';
import { ruleDocUri } from '../workspace/docs';

export interface FileResult {
  filePath: string;
  findings: Finding[];
  /** Set when the file was not analysed (too large, minified, unreadable). */
  skipped?: string;
}

export interface EslintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface EslintResult {
  filePath: string;
  messages: EslintMessage[];
  errorCount: number;
  warningCount: number;
  fatalErrorCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
}

function eslintSeverity(s: Severity): 1 | 2 {
  return s === 'error' ? 2 : 1;
}

export function toEslint(results: FileResult[]): EslintResult[] {
  return results.map((r) => {
    const messages: EslintMessage[] = r.findings.map((f) => ({
      ruleId: f.ruleId, severity: eslintSeverity(f.severity), message: f.message,
      line: f.loc.start.line + 1, column: f.loc.start.character + 1, endLine: f.loc.end.line + 1, endColumn: f.loc.end.character + 1,
    }));
    if (r.skipped) messages.unshift({ ruleId: null, severity: 1, message: `File not linted: ${r.skipped}`, line: 1, column: 1, endLine: 1, endColumn: 1 });
    const fixable = (sev: 1 | 2) => r.findings.filter((f) => eslintSeverity(f.severity) === sev && f.fixes.some((x) => x.safe)).length;
    return {
      filePath: r.filePath, messages,
      errorCount: messages.filter((m) => m.severity === 2).length,
      warningCount: messages.filter((m) => m.severity === 1).length,
      fatalErrorCount: 0, fixableErrorCount: fixable(2), fixableWarningCount: fixable(1),
    };
  });
}

export function formatStylish(results: EslintResult[], color: boolean): string {
  const c = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const r of results) {
    if (!r.messages.length) continue;
    lines.push('', c('4', r.filePath));
    const rows = r.messages.map((m) => [`${m.line}:${m.column}`, m.severity === 2 ? 'error' : 'warning', m.message, m.ruleId ?? '']);
    const w0 = Math.max(...rows.map((x) => x[0].length));
    const w1 = Math.max(...rows.map((x) => x[1].length));
    for (const [pos, sev, msg, rule] of rows) {
      const sevText = sev === 'error' ? c('31', sev.padEnd(w1)) : c('33', sev.padEnd(w1));
      lines.push(`  ${c('2', pos.padEnd(w0))}  ${sevText}  ${msg}  ${c('2', rule)}`);
    }
    errors += r.errorCount;
    warnings += r.warningCount;
  }
  const total = errors + warnings;
  if (total === 0) return '';
  lines.push('', c(errors ? '31;1' : '33;1', `\u2716 ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`), '');
  return lines.join('\n');
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(results: FileResult[], cwd: string, version: string): string {
  const rules = RULES.map((r) => ({
    id: r.id, name: r.id.replace(/(^|-)(\w)/g, (_, __, ch: string) => ch.toUpperCase()),
    shortDescription: { text: r.title }, fullDescription: { text: r.title },
    help: { text: `${r.title}. See ${ruleDocUri(r.id)}`, markdown: `${r.title}. [Documentation](${ruleDocUri(r.id)})` },
    helpUri: ruleDocUri(r.id),
    defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
    properties: { tags: ['quota', 'rate-limit'], precision: 'high' },
  }));
  const uri = (file: string) => path.relative(cwd, file).split(path.sep).join('/');
  const sarifResults = results.flatMap((r) => r.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: rules.findIndex((x) => x.id === f.ruleId),
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: { uri: uri(f.loc.file) }, region: region(f.loc) } }],
    relatedLocations: f.related.map((rel, i) => ({ id: i + 1, message: { text: rel.message }, physicalLocation: { artifactLocation: { uri: uri(rel.loc.file) }, region: region(rel.loc) } })),
    partialFingerprints: { primaryLocationLineHash: fingerprint(`${f.ruleId}:${uri(f.loc.file)}:${f.message.split('(')[0]}`) },
  })));
  return JSON.stringify({
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'quota-lint', semanticVersion: version, version, informationUri: ruleDocUri('rate-over-quota').replace(/rules\/[^/]+$/, ''), rules } },
      invocations: [{ executionSuccessful: true, workingDirectory: { uri: `file://${cwd.split(path.sep).join('/')}/` } }],
      results: sarifResults,
    }],
  }, null, 2);
}

function region(l: Finding['loc']) {
  return { startLine: l.start.line + 1, startColumn: l.start.character + 1, endLine: l.end.line + 1, endColumn: l.end.character + 1 };
}

/** A stable hash (FNV-1a) so the same finding keeps its identity across runs. */
function fingerprint(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
  return h.toString(16).padStart(8, '0');
}
