// The contract every rule implements. Rules read facts (never the syntax tree) and return
// findings; the engine applies suppressions and the user's severity overrides afterwards.
import type { RuleId, Settings } from '../config/settings';
import type { Catalog } from '../catalog';
import type { Finding, Loc, Severity, Span } from '../model';
import type { AnalysisEnv } from '../analysis/fileContext';
import type { CallSiteFact, RootedEffect } from '../analysis/fileModel';
import type { ScheduleFact } from '../analysis/facts/schedules';
import type { Directive } from './directives';
import type { FileLayout } from '../analysis/facts/layout';
import type { ProjectInfo } from '../config/project';

export interface FileFacts {
  rooted: RootedEffect[];
  callSites: CallSiteFact[];
  schedules: ScheduleFact[];
  directives: Directive[];
}

export interface RuleContext {
  file: string;
  text: string;
  layout: FileLayout;
  project: ProjectInfo;
  settings: Settings;
  catalog: Catalog;
  env: AnalysisEnv;
  facts: FileFacts;
  /** Minutes used by schedules in other files of the workspace (see WorkspaceIndex.scheduleMinutes). */
  otherScheduleMinutes(): number[];
  locOf(span: Span): Loc;
}

export interface RuleMeta {
  id: RuleId;
  defaultSeverity: Severity;
  /** One line: what the rule reports. */
  title: string;
}

export interface Rule extends RuleMeta {
  check(ctx: RuleContext): Finding[];
}
