// The workspace index used by the server and the CLI: resolves relative and tsconfig-`paths`
// imports to files, and builds (and caches) the models of imported files on demand so that a
// wrapper in one file counts as a call site in another. It remembers who imported whom, so an
// edit can re-lint the files that depend on the edited one.
import * as fs from 'fs';
import * as path from 'path';
import ts from 'typescript';
import type { Settings } from '../config/settings';
import type { Catalog } from '../catalog';
import type { AnalysisEnv } from '../analysis/fileContext';
import type { FileModelApi, WorkspaceIndex } from '../analysis/workspaceIndex';
import type { PackageScripts } from '../analysis/githubWorkflows';
import { analyze, buildModel, type AnalysisResult } from '../engine';
import type { CallSiteFact } from '../analysis/fileModel';
import { SOURCE_EXTENSIONS } from './files';
import { NO_PROJECT, type ProjectInfo } from '../config/project';
import { SETTING_EXAMPLE_FILES, exampleServiceUrl, isSettingExampleFile, parseDotenv } from './settingExamples';
import { ImplementersIndex, type Implementer } from './implementers';
import { entryCandidates, packagesByName, splitSpecifier, workspaceGlobs, type PackageFiles } from './workspacePackages';


/** JSON data files bigger than this are not read (their lists count as of unknown size). */
const MAX_JSON_DATA_CHARS = 512 * 1024;
export interface TextSource {
  /** The current text of a file: the editor's buffer when open, else the disk. */
  read(file: string): string | undefined;
  exists(file: string): boolean;
  /** Sub-folders of a folder (monorepo workspaces such as packages/*); folders are read from disk. */
  listDirs?(dir: string): string[];
}

export const diskSource: TextSource = {
  read(file) {
    try { return fs.readFileSync(file, 'utf8'); } catch { return undefined; }
  },
  exists(file) {
    try { return fs.statSync(file).isFile(); } catch { return false; }
  },
  listDirs(dir) {
    try { return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name); } catch { return []; }
  },
};

interface PathsConfig { dir: string; baseUrl?: string; paths: [string, string[]][] }

export class Workspace implements WorkspaceIndex {
  private readonly models = new Map<string, FileModelApi | null>();
  private readonly building: string[] = [];
  private readonly dependents = new Map<string, Set<string>>();
  private readonly pathsConfigs = new Map<string, PathsConfig | null>();
  /** The nearest directory holding one of some files (svelte.config.js, package.json), by directory and names. */
  private readonly ancestors = new Map<string, string | null>();
  /** The monorepo packages seen from a folder, by name (null: the folder is in no monorepo). */
  private readonly workspacePackages = new Map<string, Map<string, string> | null>();
  /** package.json files read so far, by folder (null: none, or not parseable). */
  private readonly packageJsons = new Map<string, Record<string, unknown> | null>();
  /** JSON data files modules require, by path. */
  private readonly jsonFiles = new Map<string, { found: boolean; value?: unknown }>();
  /** Example setting values that apply in a directory: its own `.env.example` over its parents'. */
  private readonly settingExamples = new Map<string, Map<string, string>>();
  private readonly minutesByFile = new Map<string, number[]>();
  /** Call sites each analysed file found in other files, by the file that found them. */
  private readonly contributed = new Map<string, CallSiteFact[]>();
  private readonly implementers = new ImplementersIndex((file) => this.source.read(file));

  constructor(
    private readonly source: TextSource,
    private readonly settingsFor: (file: string) => Settings,
    private readonly catalog: Catalog,
    readonly env: AnalysisEnv,
    private readonly projectFor: (file: string) => ProjectInfo = () => NO_PROJECT,
  ) {}

  /** The same workspace, with other package.json facts (tests of library-specific fixes). */
  withProject(projectFor: (file: string) => ProjectInfo): Workspace {
    return new Workspace(this.source, this.settingsFor, this.catalog, this.env, projectFor);
  }

  analyze(file: string, text: string): AnalysisResult {
    this.building.push(file);
    try {
      const analysed = analyze(text, file, this.settingsFor(file), this.catalog, { index: this, env: this.env, project: this.projectFor(file) });
      if (analysed.foreignCallSites?.length) this.contributed.set(file, analysed.foreignCallSites);
      else this.contributed.delete(file);
      const result = { ...analysed, callSites: this.withContributedSites(file, analysed.callSites) };
      const minutes = result.schedules.flatMap((s) => (s.stats?.valid && s.kind === 'cron' && s.stats.minutes.length < 60 ? s.stats.minutes : []));
      if (minutes.length) this.minutesByFile.set(file, [...new Set(minutes)]);
      else this.minutesByFile.delete(file);
      return result;
    } finally {
      this.building.pop();
    }
  }

  /**
   * `callSites` of `file` with the sites other analysed files found in it: a requester called with
   * a provider's URL only from elsewhere is a call site too. Files analysed later may add more;
   * the CLI asks again once every file is analysed.
   */
  withContributedSites(file: string, callSites: CallSiteFact[]): CallSiteFact[] {
    const byKey = new Map(callSites.map((c) => [`${c.loc.span.start}:${c.provider}:${c.operation}`, c]));
    for (const [contributor, sites] of this.contributed) {
      if (contributor === file) continue;
      for (const c of sites) {
        const key = `${c.loc.span.start}:${c.provider}:${c.operation}`;
        if (c.loc.file === file && !byKey.has(key)) byKey.set(key, c);
      }
    }
    return byKey.size === callSites.length ? callSites : [...byKey.values()].sort((a, b) => a.loc.span.start - b.loc.span.start);
  }

  scheduleMinutes(exceptFile: string): number[] {
    const out = new Set<number>();
    for (const [file, minutes] of this.minutesByFile) if (file !== exceptFile) minutes.forEach((m) => out.add(m));
    return [...out].sort((a, b) => a - b);
  }

  packageScripts(dir: string): PackageScripts | undefined {
    const pkg = this.packageJson(dir);
    if (!pkg) return undefined;
    const scripts: Record<string, string> = {};
    if (pkg.scripts && typeof pkg.scripts === 'object') {
      for (const [k, v] of Object.entries(pkg.scripts as Record<string, unknown>)) if (typeof v === 'string') scripts[k] = v;
    }
    return { scripts, main: typeof pkg.main === 'string' ? pkg.main : undefined };
  }

  isProjectRoot(dir: string): boolean {
    return this.ancestorWith(dir, ['package.json', '.git']) === dir;
  }

  implementersOf(interfaceName: string, fromFile: string): Implementer[] {
    const root = this.ancestorWith(path.dirname(fromFile), ['package.json', '.git']);
    return root === undefined ? [] : this.implementers.of(interfaceName, root);
  }

  packageName(fromFile: string): string | undefined {
    const root = this.ancestorWith(path.dirname(fromFile), ['package.json']);
    const name = root === undefined ? undefined : this.packageJson(root)?.name;
    return typeof name === 'string' ? name : undefined;
  }

  /** A JSON data file a module requires, read and parsed once per file until it changes. */
  jsonData(fromFile: string, specifier: string): { found: boolean; value?: unknown } {
    const file = path.resolve(path.dirname(fromFile), specifier);
    const cached = this.jsonFiles.get(file);
    if (cached) return cached;
    const data = this.readJsonData(file);
    this.jsonFiles.set(file, data);
    return data;
  }

  private readJsonData(file: string): { found: boolean; value?: unknown } {
    const text = this.source.exists(file) ? this.source.read(file) : undefined;
    if (text === undefined) return { found: false };
    // A data dump of megabytes says nothing a count would not; it is not read.
    if (text.length > MAX_JSON_DATA_CHARS) return { found: true };
    try {
      return { found: true, value: JSON.parse(text) as unknown };
    } catch {
      return { found: true };
    }
  }

  /** The package.json (or another JSON file: lerna.json) of a folder, parsed once; undefined when absent or being edited (it does not parse). */
  private packageJson(dir: string, name = 'package.json'): Record<string, unknown> | undefined {
    const key = name === 'package.json' ? dir : path.join(dir, name);
    if (this.packageJsons.has(key)) return this.packageJsons.get(key) ?? undefined;
    const text = this.source.read(path.join(dir, name));
    let pkg: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = text === undefined ? null : JSON.parse(text);
      if (parsed && typeof parsed === 'object') pkg = parsed as Record<string, unknown>;
    } catch {
      // A package.json being edited: nothing until it parses again.
    }
    this.packageJsons.set(key, pkg);
    return pkg ?? undefined;
  }

  model(file: string): FileModelApi | undefined {
    const importer = this.building[this.building.length - 1];
    if (importer) {
      const set = this.dependents.get(file) ?? new Set();
      set.add(importer);
      this.dependents.set(file, set);
    }
    if (this.models.has(file)) return this.models.get(file) ?? undefined;
    if (this.building.includes(file)) return undefined;
    const text = this.source.read(file);
    if (text === undefined) { this.models.set(file, null); return undefined; }
    this.building.push(file);
    try {
      const { model } = buildModel(text, file, this.settingsFor(file), this.catalog, this, this.env);
      this.models.set(file, model ?? null);
      return model;
    } catch {
      this.models.set(file, null);
      return undefined;
    } finally {
      this.building.pop();
    }
  }

  /** Forgets cached models after `file` changed; returns the files that (transitively) import it. */
  invalidate(file: string): Set<string> {
    this.contributed.delete(file);
    this.jsonFiles.delete(file);
    const affected = new Set<string>();
    const queue = [file];
    while (queue.length) {
      const f = queue.pop()!;
      for (const d of this.dependents.get(f) ?? []) {
        if (!affected.has(d)) { affected.add(d); queue.push(d); }
      }
    }
    this.models.clear();
    this.implementers.update(file);
    if (file.endsWith('tsconfig.json') || file.endsWith('jsconfig.json')) this.pathsConfigs.clear();
    if (/(^|[\\/])(package\.json|svelte\.config\.[cm]?[jt]s|pnpm-workspace\.yaml|lerna\.json)$/.test(file)) {
      this.ancestors.clear(); this.packageJsons.clear(); this.workspacePackages.clear();
    }
    if (isSettingExampleFile(file)) this.settingExamples.clear();
    return affected;
  }

  resetAll(): void {
    this.models.clear();
    this.implementers.clear();
    this.pathsConfigs.clear();
    this.ancestors.clear();
    this.packageJsons.clear();
    this.workspacePackages.clear();
    this.settingExamples.clear();
    this.jsonFiles.clear();
  }

  settingExampleUrl(fromFile: string, name: string): string | undefined {
    return exampleServiceUrl(this.examplesIn(path.dirname(fromFile)).get(name));
  }

  private examplesIn(dir: string): Map<string, string> {
    const cached = this.settingExamples.get(dir);
    if (cached) return cached;
    const parent = path.dirname(dir);
    const merged = new Map(parent === dir ? [] : this.examplesIn(parent));
    for (const name of SETTING_EXAMPLE_FILES) {
      const text = this.source.read(path.join(dir, name));
      if (text !== undefined) for (const [k, v] of parseDotenv(text)) merged.set(k, v);
    }
    this.settingExamples.set(dir, merged);
    return merged;
  }

  resolveImport(fromFile: string, specifier: string): string | undefined {
    if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
      return this.probe(path.resolve(path.dirname(fromFile), specifier));
    }
    return this.resolveByPaths(fromFile, specifier) ?? this.resolveFrameworkAlias(fromFile, specifier)
      ?? this.resolveWorkspacePackage(fromFile, specifier);
  }

  /** A package of the same monorepo, imported by its name (see workspacePackages.ts). */
  private resolveWorkspacePackage(fromFile: string, specifier: string): string | undefined {
    const spec = splitSpecifier(specifier);
    if (!spec) return undefined;
    const dir = this.packagesSeenFrom(path.dirname(fromFile))?.get(spec.name);
    if (!dir) return undefined;
    for (const candidate of entryCandidates(dir, this.packageJson(dir), spec.subpath)) {
      const hit = this.probe(candidate);
      if (hit) return hit;
    }
    return undefined;
  }

  /** The packages of the monorepo `dir` is in, by name: the nearest workspace root above it declares them. */
  private packagesSeenFrom(dir: string): Map<string, string> | undefined {
    if (this.workspacePackages.has(dir)) return this.workspacePackages.get(dir) ?? undefined;
    const files: PackageFiles = {
      readJson: (f) => this.packageJson(path.dirname(f), path.basename(f)),
      read: (f) => this.source.read(f),
      exists: (f) => this.source.exists(f),
      listDirs: (d) => this.source.listDirs?.(d) ?? [],
    };
    let found: Map<string, string> | null = null;
    for (let d = dir; ; d = path.dirname(d)) {
      const cached = this.workspacePackages.get(d);
      if (cached !== undefined) { found = cached; break; }
      const globs = workspaceGlobs(d, files);
      if (globs) { found = packagesByName(d, globs, files); this.workspacePackages.set(d, found); break; }
      if (path.dirname(d) === d) break;
    }
    this.workspacePackages.set(dir, found);
    return found ?? undefined;
  }

  private resolveByPaths(fromFile: string, specifier: string): string | undefined {
    const cfg = this.pathsConfig(path.dirname(fromFile));
    if (!cfg) return undefined;
    const base = path.resolve(cfg.dir, cfg.baseUrl ?? '.');
    for (const [pattern, targets] of cfg.paths) {
      const star = pattern.indexOf('*');
      const matched = star < 0 ? (pattern === specifier ? '' : undefined)
        : specifier.startsWith(pattern.slice(0, star)) && specifier.endsWith(pattern.slice(star + 1))
          ? specifier.slice(star, specifier.length - (pattern.length - star - 1)) : undefined;
      if (matched === undefined) continue;
      for (const t of targets) {
        const hit = this.probe(path.resolve(base, t.replace('*', matched)));
        if (hit) return hit;
      }
    }
    if (cfg.baseUrl) return this.probe(path.resolve(base, specifier));
    return undefined;
  }

  /**
   * Aliases that frameworks declare in generated configuration the repository does not commit:
   * SvelteKit's `$lib` (src/lib beside svelte.config.js; its tsconfig extends .svelte-kit's),
   * and `@/…` / `~/…`, which Vite, Vue CLI, Nuxt and Next.js templates point at src/ (or app/, or the
   * project root). `@/` cannot be an npm scope, so it is always an alias.
   */
  private resolveFrameworkAlias(fromFile: string, specifier: string): string | undefined {
    const lib = /^\$lib(\/.*)?$/.exec(specifier);
    if (lib) {
      const root = this.ancestorWith(path.dirname(fromFile), ['svelte.config.js', 'svelte.config.mjs', 'svelte.config.ts']);
      return root ? this.probe(path.join(root, 'src', 'lib', lib[1] ?? '')) : undefined;
    }
    const alias = /^[@~]\/(.+)$/.exec(specifier);
    if (!alias) return undefined;
    const root = this.ancestorWith(path.dirname(fromFile), ['package.json']);
    if (!root) return undefined;
    for (const dir of ['src', 'app', '.']) {
      const hit = this.probe(path.join(root, dir, alias[1]));
      if (hit) return hit;
    }
    return undefined;
  }

  private ancestorWith(dir: string, names: string[]): string | undefined {
    const key = `${dir}\0${names.join('|')}`;
    if (this.ancestors.has(key)) return this.ancestors.get(key) ?? undefined;
    let found: string | null = null;
    for (let d = dir; ; d = path.dirname(d)) {
      if (names.some((n) => this.source.exists(path.join(d, n)))) { found = d; break; }
      if (path.dirname(d) === d) break;
    }
    this.ancestors.set(key, found);
    return found ?? undefined;
  }

  private probe(base: string): string | undefined {
    const candidates = [base];
    const ext = path.extname(base);
    // ESM TypeScript writes the emitted extension: './chat.js' means './chat.ts'.
    if (['.js', '.mjs', '.cjs', '.jsx'].includes(ext)) {
      const stem = base.slice(0, -ext.length);
      candidates.push(`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`);
    }
    for (const e of SOURCE_EXTENSIONS) candidates.push(base + e);
    for (const e of SOURCE_EXTENSIONS) candidates.push(path.join(base, `index${e}`));
    // Last: a module renamed to `.cjs` whose importers still say `.js` (the code means that file).
    if (['.js', '.mjs', '.cjs'].includes(ext)) for (const e of ['.js', '.cjs', '.mjs']) if (e !== ext) candidates.push(base.slice(0, -ext.length) + e);
    return candidates.find((c) => SOURCE_EXTENSIONS.includes(path.extname(c)) && this.source.exists(c));
  }

  private pathsConfig(dir: string): PathsConfig | undefined {
    if (this.pathsConfigs.has(dir)) return this.pathsConfigs.get(dir) ?? undefined;
    let found: PathsConfig | null = null;
    for (let d = dir; ; d = path.dirname(d)) {
      // A JavaScript project may keep its aliases in jsconfig.json beside a tsconfig.json without them.
      const configs = ['tsconfig.json', 'jsconfig.json'].map((n) => path.join(d, n)).filter((f) => this.source.exists(f))
        .map((f) => readPaths(f, this.source)).filter((c): c is PathsConfig => c !== null);
      if (configs.length) { found = configs.find((c) => c.paths.length) ?? configs[0]; break; }
      if (path.dirname(d) === d) break;
    }
    this.pathsConfigs.set(dir, found);
    return found ?? undefined;
  }
}

interface ConfigJson { extends?: string; compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } }

/** `paths` of a tsconfig/jsconfig, following a relative `extends` (`"./tsconfig.base.json"`) when it has none. */
function readPaths(file: string, source: TextSource, depth = 0): PathsConfig | null {
  const text = source.read(file);
  if (text === undefined) return null;
  const config = ts.parseConfigFileTextToJson(file, text).config as ConfigJson | undefined;
  const options = config?.compilerOptions;
  if (options?.paths) return { dir: path.dirname(file), baseUrl: options.baseUrl, paths: Object.entries(options.paths) };
  const base = config?.extends;
  if (typeof base === 'string' && base.startsWith('.') && depth < 3) {
    const target = path.resolve(path.dirname(file), base.endsWith('.json') ? base : `${base}.json`);
    const inherited = source.exists(target) ? readPaths(target, source, depth + 1) : null;
    if (inherited?.paths.length) return inherited;
  }
  return { dir: path.dirname(file), baseUrl: options?.baseUrl, paths: [] };
}
