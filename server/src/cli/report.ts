// `quota-lint report --format json`: the inventory of call sites, schedules and findings, with
// 1-based lines and columns (call sites at the callee name).
import * as path from 'path';
import type { AnalysisResult } from '../engine';

export interface Report {
  callSites: { file: string; line: number; column: number; provider: string; operation: string; httpMethod: string; via: string; viaWrapper: string | null }[];
  schedules: { file: string; line: number; column: number; kind: string; library: string; expression: string | null; firesAtMinuteZero: boolean; runsPerHour: number }[];
  findings: { file: string; line: number; column: number; endLine: number; endColumn: number; ruleId: string; severity: string; message: string }[];
}

export function buildReport(analyses: { file: string; result: AnalysisResult }[], cwd: string): Report {
  const rel = (f: string) => path.relative(cwd, f).split(path.sep).join('/');
  const report: Report = { callSites: [], schedules: [], findings: [] };
  for (const { file, result } of analyses) {
    for (const c of result.callSites) {
      report.callSites.push({ file: rel(file), line: c.loc.start.line + 1, column: c.loc.start.character + 1, provider: c.provider, operation: c.operation, httpMethod: c.httpMethod, via: c.via, viaWrapper: c.viaWrapper });
    }
    for (const s of result.schedules) {
      report.schedules.push({ file: rel(file), line: s.loc.start.line + 1, column: s.loc.start.character + 1, kind: s.kind, library: s.library, expression: s.expression ?? (s.intervalMs !== undefined ? `every ${s.intervalMs} ms` : null), firesAtMinuteZero: s.firesAtMinuteZero, runsPerHour: s.runsPerHour });
    }
    for (const f of result.findings) {
      report.findings.push({ file: rel(file), line: f.loc.start.line + 1, column: f.loc.start.character + 1, endLine: f.loc.end.line + 1, endColumn: f.loc.end.character + 1, ruleId: f.ruleId, severity: f.severity, message: f.message });
    }
  }
  return report;
}
