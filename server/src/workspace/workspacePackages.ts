// Packages of a monorepo imported by name: `import { scrape } from '@acme/scraper'` in apps/web,
// where packages/scraper is one of the workspaces that npm, yarn or pnpm link into node_modules.
// The linked copy is not in the repository (node_modules is not committed), so the name is matched
// to the workspace folder here, and its `exports` / `main` / `types` point at the file. A package
// that publishes built files (`"main": "dist/index.js"`) is read from its sources (src/index.ts):
// the build output is not committed either.
import * as path from 'path';
import { parse as parseYaml } from 'yaml';

export interface PackageFiles {
  readJson(file: string): Record<string, unknown> | undefined;
  read(file: string): string | undefined;
  exists(file: string): boolean;
  /** Sub-folders of a folder, by name; empty when it cannot be listed. */
  listDirs(dir: string): string[];
}

/** The folder globs a workspace root declares, or undefined when `dir` is no workspace root. */
export function workspaceGlobs(dir: string, files: PackageFiles): string[] | undefined {
  const pkg = files.readJson(path.join(dir, 'package.json'));
  const declared = pkg?.workspaces;
  if (Array.isArray(declared)) return declared.filter((g): g is string => typeof g === 'string');
  const nested = declared && typeof declared === 'object' ? (declared as { packages?: unknown }).packages : undefined;
  if (Array.isArray(nested)) return nested.filter((g): g is string => typeof g === 'string');
  const pnpm = files.read(path.join(dir, 'pnpm-workspace.yaml'));
  if (pnpm !== undefined) return pnpmGlobs(pnpm);
  const lerna = files.readJson(path.join(dir, 'lerna.json'))?.packages;
  if (Array.isArray(lerna)) return lerna.filter((g): g is string => typeof g === 'string');
  return undefined;
}

/** The `packages:` list of pnpm-workspace.yaml (none while the file does not parse). */
function pnpmGlobs(text: string): string[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch {
    return [];
  }
  const packages = doc && typeof doc === 'object' ? (doc as { packages?: unknown }).packages : undefined;
  return Array.isArray(packages) ? packages.filter((g): g is string => typeof g === 'string') : [];
}

/**
 * Package folders the globs name, by package name. `packages/*` and `packages/**` are the forms
 * monorepos use; `**` is followed a few levels down, never into node_modules. Negated globs
 * (`!packages/legacy`) drop folders.
 */
export function packagesByName(root: string, globs: string[], files: PackageFiles): Map<string, string> {
  const out = new Map<string, string>();
  const excluded = new Set(globs.filter((g) => g.startsWith('!')).map((g) => path.resolve(root, g.slice(1))));
  for (const glob of globs) {
    if (glob.startsWith('!')) continue;
    for (const dir of expand(root, glob.replace(/^\.\//, '').replace(/\/$/, '').split('/'), files, 0)) {
      if (excluded.has(dir)) continue;
      const name = files.readJson(path.join(dir, 'package.json'))?.name;
      if (typeof name === 'string' && !out.has(name)) out.set(name, dir);
    }
  }
  return out;
}

function expand(dir: string, parts: string[], files: PackageFiles, depth: number): string[] {
  if (!parts.length) return [dir];
  const [head, ...rest] = parts;
  if (head === '**') {
    const here = expand(dir, rest, files, depth);
    if (depth >= 3) return here;
    return [...here, ...children(dir, files).flatMap((c) => expand(c, parts, files, depth + 1))];
  }
  if (head.includes('*')) {
    const re = new RegExp(`^${head.split('*').map(escapeRegExp).join('.*')}$`);
    return children(dir, files).filter((c) => re.test(path.basename(c))).flatMap((c) => expand(c, rest, files, depth));
  }
  return expand(path.join(dir, head), rest, files, depth);
}

function children(dir: string, files: PackageFiles): string[] {
  return files.listDirs(dir).filter((n) => n !== 'node_modules' && !n.startsWith('.')).map((n) => path.join(dir, n));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `@scope/name/sub/path` → name `@scope/name`, subpath `sub/path`. */
export function splitSpecifier(specifier: string): { name: string; subpath: string } | undefined {
  const parts = specifier.split('/');
  const n = specifier.startsWith('@') ? 2 : 1;
  if (parts.length < n || parts.slice(0, n).some((p) => !p)) return undefined;
  return { name: parts.slice(0, n).join('/'), subpath: parts.slice(n).join('/') };
}

/**
 * Candidate files for `subpath` of the package in `dir`, best first (without extensions: the
 * caller probes them as it probes any import): the `exports` entry, then `source` / `types` /
 * `module` / `main` for the package itself, then the folder as written, then under src/.
 */
export function entryCandidates(dir: string, pkg: Record<string, unknown> | undefined, subpath: string): string[] {
  const out: string[] = [];
  const key = subpath ? `./${subpath}` : '.';
  for (const target of exportTargets(pkg?.exports, key)) out.push(...fromTarget(dir, target));
  if (!subpath) {
    for (const field of ['source', 'types', 'typings', 'module', 'main']) {
      const v = pkg?.[field];
      if (typeof v === 'string') out.push(...fromTarget(dir, v));
    }
    out.push(dir, path.join(dir, 'src', 'index'));
  } else {
    out.push(path.join(dir, subpath), path.join(dir, 'src', subpath));
  }
  return [...new Set(out)];
}

/** A target as written and, for built output, the source file it was built from. */
function fromTarget(dir: string, target: string): string[] {
  const clean = target.replace(/^\.\//, '').replace(/\.d\.[cm]?ts$/, '.js');
  const out = [path.join(dir, clean)];
  const built = /^(dist|build|lib|out|esm|cjs)\/(?:(?:esm|cjs|src)\/)?(.*)$/.exec(clean);
  if (built) out.push(path.join(dir, 'src', built[2]));
  return out;
}

/** The targets `exports` gives `key` (`.` or `./sub`), conditions read in the usual order. */
function exportTargets(exports: unknown, key: string): string[] {
  if (exports === undefined || exports === null) return [];
  if (typeof exports === 'string' || Array.isArray(exports) || !hasSubpathKeys(exports as Record<string, unknown>)) {
    return key === '.' ? conditionTargets(exports) : [];
  }
  const map = exports as Record<string, unknown>;
  if (key in map) return conditionTargets(map[key]);
  for (const [pattern, value] of Object.entries(map)) {
    const star = pattern.indexOf('*');
    if (star < 0) continue;
    const before = pattern.slice(0, star);
    const after = pattern.slice(star + 1);
    if (key.startsWith(before) && key.endsWith(after) && key.length >= pattern.length - 1) {
      const matched = key.slice(before.length, key.length - after.length);
      return conditionTargets(value).map((t) => t.split('*').join(matched));
    }
  }
  return [];
}

function hasSubpathKeys(map: Record<string, unknown>): boolean {
  return Object.keys(map).some((k) => k.startsWith('.'));
}

const CONDITIONS = ['source', 'types', 'import', 'module', 'require', 'node', 'default'];

function conditionTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(conditionTargets);
  if (!value || typeof value !== 'object') return [];
  const map = value as Record<string, unknown>;
  const keys = [...CONDITIONS.filter((c) => c in map), ...Object.keys(map).filter((k) => !CONDITIONS.includes(k))];
  return keys.flatMap((k) => conditionTargets(map[k]));
}
