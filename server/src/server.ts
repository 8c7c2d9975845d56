// Language server wiring: documents, settings, validation scheduling, and the LSP requests
// (diagnostics, code actions, hover, CodeLens). The only file besides lsp/ that imports
// vscode-languageserver; all analysis happens in the engine.
import * as path from 'path';
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, CodeActionKind, DidChangeConfigurationNotification,
  type CodeAction, type Diagnostic, type InitializeParams, type Connection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { loadCatalog } from './catalog';
import type { Settings } from './config/settings';
import { mergeSettings, validateSettings } from './config/validate';
import { newEnv } from './analysis/fileContext';
import type { AnalysisResult } from './engine';
import { hoverMarkdown } from './hover';
import { diskSource, Workspace, type TextSource } from './workspace/workspace';
import { CONFIG_FILE, findConfigFile, loadProjectConfig, type ProjectConfig } from './workspace/projectConfig';
import { isLintedFile, isScheduleConfig } from './workspace/files';
import { isSettingExampleFile } from './workspace/settingExamples';
import { projectInfoFor } from './workspace/packageInfo';
import {
  FIX_ALL_KIND, SOURCE, fileToUri, mergeEdits, problemDiagnostic, showDocumentationAction, toDiagnostic, toQuickFix, uriToFile,
} from './lsp/convert';

const LANGUAGES = new Set(['typescript', 'typescriptreact', 'javascript', 'javascriptreact']);
const DEBOUNCE_MS = 200;

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const catalog = loadCatalog();
const env = newEnv();

let supportsConfiguration = false;
let supportsChangeAnnotations = false;
let workspaceRoots: string[] = [];
const editorSettings = new Map<string, Partial<Settings>>();
const projectConfigs = new Map<string, ProjectConfig>();
const results = new Map<string, { version: number; result: AnalysisResult }>();
const timers = new Map<string, NodeJS.Timeout>();
const reportedConfigProblems = new Set<string>();

const source: TextSource = {
  read(file) {
    const doc = documents.get(fileToUri(file));
    return doc ? doc.getText() : diskSource.read(file);
  },
  exists(file) {
    return documents.get(fileToUri(file)) !== undefined || diskSource.exists(file);
  },
  listDirs: diskSource.listDirs,
};

function projectConfigFor(file: string): ProjectConfig {
  const dir = path.dirname(file);
  const configFile = path.isAbsolute(dir) ? findConfigFile(dir) : undefined;
  const key = configFile ?? '';
  let cfg = projectConfigs.get(key);
  if (!cfg) {
    cfg = configFile ? loadProjectConfig(path.dirname(configFile)) : { settings: {}, problems: [] };
    projectConfigs.set(key, cfg);
    publishConfigProblems(cfg);
  }
  return cfg;
}

function publishConfigProblems(cfg: ProjectConfig): void {
  if (!cfg.file) return;
  const diagnostics: Diagnostic[] = cfg.problems.map((p) => ({
    range: { start: { line: p.line ?? 0, character: 0 }, end: { line: p.line ?? 0, character: 1000 } },
    severity: 2, source: SOURCE, code: 'config', message: `${p.key}: ${p.message}`,
  }));
  void connection.sendDiagnostics({ uri: fileToUri(cfg.file), diagnostics });
  for (const p of cfg.problems) {
    const key = `${p.origin}:${p.key}:${p.message}`;
    if (reportedConfigProblems.has(key)) continue;
    reportedConfigProblems.add(key);
    connection.console.warn(`${p.origin}: ${p.key}: ${p.message}`);
  }
}

function settingsFor(file: string): Settings {
  return mergeSettings(projectConfigFor(file).settings, editorSettings.get('') ?? {});
}

const workspace = new Workspace(source, settingsFor, catalog, env, projectInfoFor);

async function refreshEditorSettings(): Promise<void> {
  if (!supportsConfiguration) return;
  try {
    const raw = await connection.workspace.getConfiguration({ section: 'quotaLint' });
    const { settings, problems } = validateSettings(raw ?? {}, 'editor settings (quotaLint.*)', (d) => d.vscodeKey);
    for (const p of problems.filter((x) => x.message !== 'unknown setting (ignored)')) connection.console.warn(`${p.origin}: ${p.key}: ${p.message}`);
    editorSettings.set('', settings);
  } catch (e) {
    connection.console.error(`could not read settings: ${(e as Error).message}`);
  }
}

connection.onInitialize((params: InitializeParams) => {
  supportsConfiguration = !!params.capabilities.workspace?.configuration;
  supportsChangeAnnotations = !!params.capabilities.workspace?.workspaceEdit?.changeAnnotationSupport;
  workspaceRoots = (params.workspaceFolders ?? []).map((f) => uriToFile(f.uri));
  if (!workspaceRoots.length && params.rootUri) workspaceRoots = [uriToFile(params.rootUri)];
  const init = params.initializationOptions as { settings?: unknown } | undefined;
  if (init?.settings) editorSettings.set('', validateSettings(init.settings, 'initializationOptions', (d) => d.vscodeKey).settings);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: 'quota-lint', version: typeof QUOTA_LINT_VERSION === 'string' ? QUOTA_LINT_VERSION : 'dev' },
  };
});

declare const QUOTA_LINT_VERSION: string;

connection.onInitialized(async () => {
  if (supportsConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'quotaLint' }).catch(() => undefined);
  }
  await refreshEditorSettings();
  for (const doc of documents.all()) schedule(doc, 0);
});

connection.onDidChangeConfiguration(async () => {
  await refreshEditorSettings();
  workspace.resetAll();
  revalidateAll();
});

connection.onDidChangeWatchedFiles((params) => {
  let reset = false;
  for (const change of params.changes) {
    const file = uriToFile(change.uri);
    // `npm install` rewrites thousands of package.json files that no analysis reads.
    if (file.split(/[\\/]/).includes('node_modules')) continue;
    if (path.basename(file) === CONFIG_FILE) { projectConfigs.clear(); reset = true; continue; }
    // Import aliases, monorepo packages and the example values of settings change what every open file resolves.
    if (/(ts|js)config\.json$|(^|[\\/])(package\.json|pnpm-workspace\.yaml|lerna\.json)$/.test(file) || isSettingExampleFile(file)) { workspace.invalidate(file); reset = true; continue; }
    if (isLintedFile(file) && !documents.get(change.uri)) {
      for (const dep of workspace.invalidate(file)) { const d = documents.get(fileToUri(dep)); if (d) schedule(d); }
    }
  }
  if (reset) { workspace.resetAll(); revalidateAll(); }
});

function revalidateAll(): void {
  for (const doc of documents.all()) schedule(doc, 0);
}

function runMode(): Settings['run'] {
  return mergeSettings(editorSettings.get('') ?? {}).run;
}

function schedule(doc: TextDocument, delay = DEBOUNCE_MS): void {
  if (!LANGUAGES.has(doc.languageId) && !isScheduleConfig(uriToFile(doc.uri))) return;
  const existing = timers.get(doc.uri);
  if (existing) clearTimeout(existing);
  const version = doc.version;
  timers.set(doc.uri, setTimeout(() => {
    timers.delete(doc.uri);
    validate(doc.uri, version);
  }, delay));
}

function validate(uri: string, version: number): void {
  const doc = documents.get(uri);
  // A newer edit arrived (or the document closed): this run would be stale.
  if (!doc || doc.version !== version) return;
  const file = uriToFile(uri);
  const settings = settingsFor(file);
  if (!settings.enable) {
    results.delete(uri);
    void connection.sendDiagnostics({ uri, version, diagnostics: [] });
    return;
  }
  const started = Date.now();
  let result: AnalysisResult;
  try {
    result = workspace.analyze(file, doc.getText());
  } catch (e) {
    connection.console.error(`quota-lint failed on ${file}: ${(e as Error).stack ?? e}`);
    return;
  }
  const elapsed = Date.now() - started;
  for (const err of result.errors) {
    if (err.kind === 'internal') connection.console.error(`${file}: ${err.message}`);
    if (err.kind === 'skipped') connection.console.info(`${file}: ${err.message}`);
  }
  if (elapsed > 1000) connection.console.warn(`${file}: analysis took ${elapsed} ms`);
  if (documents.get(uri)?.version !== version) return;
  results.set(uri, { version, result });
  // A schedule file's own problems (a crontab line without a command, broken YAML or TOML) have no
  // other editor support to show them; a source file's syntax errors are the language service's.
  const problems = isScheduleConfig(file) ? result.errors.flatMap((e) => (e.kind === 'syntax' ? problemDiagnostic(e) : [])) : [];
  void connection.sendDiagnostics({ uri, version, diagnostics: [...result.findings.map(toDiagnostic), ...problems] });
}

documents.onDidOpen((e) => schedule(e.document, 0));
documents.onDidChangeContent((e) => {
  const file = uriToFile(e.document.uri);
  for (const dep of workspace.invalidate(file)) {
    const d = documents.get(fileToUri(dep));
    if (d && d.uri !== e.document.uri) schedule(d);
  }
  if (runMode() === 'onType') schedule(e.document);
});
documents.onDidSave((e) => { if (runMode() === 'onSave') schedule(e.document, 0); });
documents.onDidClose((e) => {
  const t = timers.get(e.document.uri);
  if (t) clearTimeout(t);
  timers.delete(e.document.uri);
  results.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onCodeAction((params) => {
  const doc = documents.get(params.textDocument.uri);
  const last = results.get(params.textDocument.uri);
  if (!doc || !last || last.version !== doc.version) return [];
  const findings = last.result.findings;
  const only = params.context.only;
  if (only && only.some((k) => FIX_ALL_KIND.startsWith(k) || k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source)) {
    const safe = findings.flatMap((f) => f.fixes.filter((x) => x.safe));
    if (!safe.length) return [];
    return [{ title: 'Fix all safe Quota Lint problems', kind: FIX_ALL_KIND, edit: { changes: { [doc.uri]: mergeEdits(doc, safe) } } }];
  }
  const actions: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    if (d.source !== SOURCE) continue;
    const start = doc.offsetAt(d.range.start);
    const f = findings.find((x) => x.ruleId === d.code && x.loc.span.start === start);
    if (!f) continue;
    for (const fix of f.fixes) actions.push(toQuickFix(doc, fix, d, supportsChangeAnnotations));
    actions.push(showDocumentationAction(f.ruleId, d));
  }
  return actions;
});

connection.onHover((params) => {
  const doc = documents.get(params.textDocument.uri);
  const last = results.get(params.textDocument.uri);
  if (!doc || !last) return null;
  const offset = doc.offsetAt(params.position);
  const site = last.result.callSites.find((c) => c.loc.span.start <= offset && offset <= c.loc.span.end);
  if (!site) return null;
  const settings = settingsFor(uriToFile(doc.uri));
  return { contents: { kind: 'markdown', value: hoverMarkdown(site, catalog, settings) }, range: { start: site.loc.start, end: site.loc.end } };
});

connection.onCodeLens((params) => {
  const last = results.get(params.textDocument.uri);
  if (!last) return [];
  return last.result.lenses.map((l) => ({ range: { start: l.loc.start, end: l.loc.start }, command: { title: l.title, command: '' } }));
});

connection.onShutdown(() => {
  for (const t of timers.values()) clearTimeout(t);
  timers.clear();
});

process.on('uncaughtException', (e) => connection.console.error(`uncaught: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${(e as Error)?.stack ?? e}`));

documents.listen(connection);
connection.listen();
