// Plain data shared by the engine, the rules, the fixes, the CLI and the LSP edge.
// Nothing here knows about LSP: positions are zero-based lines and UTF-16 columns, spans are
// offsets into the analysed text.
import type { RuleId } from './config/settings';

export type ProviderId = 'yida' | 'google-chat' | 'oxylabs';
export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Span { start: number; end: number }
export interface Position { line: number; character: number }

/** A place in some file, with its offsets and positions already computed (so it can cross files). */
export interface Loc {
  file: string;
  span: Span;
  start: Position;
  end: Position;
}

export interface RelatedLocation { loc: Loc; message: string }

export interface TextEdit { span: Span; newText: string }

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** True when fix-all (source.fixAll.quota-lint, fix on save) may apply it: it keeps runtime behaviour and hides nothing. */
  safe: boolean;
  isPreferred?: boolean;
  /** The fix changes runtime behaviour: editors should show a preview before applying it. */
  needsConfirmation?: boolean;
}

export interface Finding {
  ruleId: RuleId;
  severity: Severity;
  message: string;
  loc: Loc;
  related: RelatedLocation[];
  fixes: Fix[];
}

export interface AnalysisError {
  kind: 'syntax' | 'skipped' | 'internal' | 'config';
  message: string;
  loc?: Loc;
}
