// Bundles the three entry points into dist/: the VS Code client (vscode stays external, the
// extension host provides it), the language server and the CLI. Everything the server and CLI
// need, the TypeScript compiler included, is inlined so that the VSIX ships no node_modules.
const esbuild = require('esbuild');

const production = !process.argv.includes('--dev');
const { version } = require('./package.json');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node18',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  define: { QUOTA_LINT_VERSION: JSON.stringify(version) },
};

Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' }),
]).catch(() => process.exit(1));
