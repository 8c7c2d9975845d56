// Monorepo packages imported by name: which folders a workspace root declares, how a package's
// exports / main lead to its source file, and that the index follows an edited package.json.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadCatalog } from '../../server/src/catalog';
import { mergeSettings } from '../../server/src/config/validate';
import { newEnv } from '../../server/src/analysis/fileContext';
import { Workspace, type TextSource } from '../../server/src/workspace/workspace';
import { entryCandidates, packagesByName, splitSpecifier, workspaceGlobs, type PackageFiles } from '../../server/src/workspace/workspacePackages';

const root = path.resolve('/mono');

function memoryFiles(files: Map<string, string>): PackageFiles & TextSource {
  return {
    read: (f) => files.get(f),
    exists: (f) => files.has(f),
    readJson: (f) => { try { return files.has(f) ? JSON.parse(files.get(f)!) : undefined; } catch { return undefined; } },
    listDirs: (d) => {
      const out = new Set<string>();
      for (const f of files.keys()) {
        const rel = path.relative(d, f);
        if (!rel.startsWith('..') && rel.includes(path.sep)) out.add(rel.split(path.sep)[0]);
      }
      return [...out];
    },
  };
}

describe('workspace packages', () => {
  it('reads the globs of npm/yarn workspaces, yarn\'s { packages }, pnpm-workspace.yaml and lerna.json', () => {
    const f = (entries: [string, string][]) => memoryFiles(new Map(entries.map(([k, v]) => [path.join(root, k), v])));
    assert.deepEqual(workspaceGlobs(root, f([['package.json', '{"workspaces": ["apps/*", "packages/*"]}']])), ['apps/*', 'packages/*']);
    assert.deepEqual(workspaceGlobs(root, f([['package.json', '{"workspaces": {"packages": ["libs/**"]}}']])), ['libs/**']);
    assert.deepEqual(workspaceGlobs(root, f([['package.json', '{}'], ['pnpm-workspace.yaml', "packages:\n  - 'apps/*'\n  - packages/* # shared\n  - '!packages/legacy'\ncatalog:\n  - not-a-glob\n"]])),
      ['apps/*', 'packages/*', '!packages/legacy']);
    assert.deepEqual(workspaceGlobs(root, f([['lerna.json', '{"packages": ["modules/*"]}']])), ['modules/*']);
    assert.deepEqual(workspaceGlobs(root, f([['pnpm-workspace.yaml', 'packages:\n  - "apps/*\n  bad: [']])), [], 'a broken file gives no packages');
    assert.equal(workspaceGlobs(root, f([['package.json', '{"name": "single"}']])), undefined);
  });

  it('finds package folders by name, leaving out negated globs and node_modules', () => {
    const files = memoryFiles(new Map([
      [path.join(root, 'packages/a/package.json'), '{"name": "@x/a"}'],
      [path.join(root, 'packages/legacy/package.json'), '{"name": "@x/legacy"}'],
      [path.join(root, 'packages/nested/deep/package.json'), '{"name": "@x/deep"}'],
      [path.join(root, 'packages/node_modules/dep/package.json'), '{"name": "dep"}'],
      [path.join(root, 'apps/web/package.json'), '{"name": "web"}'],
      [path.join(root, 'apps/broken/package.json'), '{"name": '],
    ]));
    const flat = packagesByName(root, ['apps/*', 'packages/*', '!packages/legacy'], files);
    assert.deepEqual([...flat.keys()].sort(), ['@x/a', 'web']);
    const deep = packagesByName(root, ['packages/**'], files);
    assert.deepEqual([...deep.keys()].sort(), ['@x/a', '@x/deep', '@x/legacy']);
  });

  it('splits scoped and plain specifiers', () => {
    assert.deepEqual(splitSpecifier('@x/a/sub/path'), { name: '@x/a', subpath: 'sub/path' });
    assert.deepEqual(splitSpecifier('lib'), { name: 'lib', subpath: '' });
    assert.equal(splitSpecifier('@x'), undefined);
  });

  it('follows exports (conditions, sub-paths, patterns) and reads built entries from src/', () => {
    const dir = path.join(root, 'packages/a');
    const pkg = {
      main: './dist/index.js',
      exports: {
        '.': { types: './dist/index.d.ts', import: './dist/esm/index.mjs' },
        './client': './src/client.ts',
        './features/*': './src/features/*.ts',
      },
    };
    const root0 = entryCandidates(dir, pkg, '');
    assert.ok(root0.indexOf(path.join(dir, 'src/index.js')) >= 0, root0.join());
    assert.equal(entryCandidates(dir, pkg, 'client')[0], path.join(dir, 'src/client.ts'));
    assert.equal(entryCandidates(dir, pkg, 'features/chat')[0], path.join(dir, 'src/features/chat.ts'));
    assert.deepEqual(entryCandidates(dir, { exports: './lib/main.js' }, '').slice(0, 2), [path.join(dir, 'lib/main.js'), path.join(dir, 'src/main.js')]);
    assert.deepEqual(entryCandidates(dir, undefined, 'util'), [path.join(dir, 'util'), path.join(dir, 'src/util')]);
  });

  it('resolves an import by package name and follows an edited package.json', () => {
    const files = new Map<string, string>([
      [path.join(root, 'package.json'), '{"workspaces": ["packages/*"]}'],
      [path.join(root, 'packages/a/package.json'), '{"name": "@x/a", "main": "dist/index.js"}'],
      [path.join(root, 'packages/a/src/index.ts'), 'export const a = 1;'],
      [path.join(root, 'packages/a/src/other.ts'), 'export const b = 1;'],
      [path.join(root, 'apps/web/page.ts'), "import { a } from '@x/a';"],
    ]);
    const source = memoryFiles(files);
    const ws = new Workspace(source, () => mergeSettings(), loadCatalog(), newEnv());
    const from = path.join(root, 'apps/web/page.ts');
    assert.equal(ws.resolveImport(from, '@x/a'), path.join(root, 'packages/a/src/index.ts'));
    assert.equal(ws.resolveImport(from, '@x/a/other'), path.join(root, 'packages/a/src/other.ts'));
    assert.equal(ws.resolveImport(from, 'react'), undefined);
    files.set(path.join(root, 'packages/a/package.json'), '{"name": "@x/renamed", "main": "dist/index.js"}');
    ws.invalidate(path.join(root, 'packages/a/package.json'));
    assert.equal(ws.resolveImport(from, '@x/a'), undefined);
    assert.equal(ws.resolveImport(from, '@x/renamed'), path.join(root, 'packages/a/src/index.ts'));
  });
});
