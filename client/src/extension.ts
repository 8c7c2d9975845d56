// The VS Code side: starts the language server (IPC), hands it typed settings, and provides the
// commands (restart, output, documentation). Everything else happens in the server.
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { explicitSettings } from './settings';

let client: LanguageClient | undefined;

const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGES.flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]),
      // Vercel Cron Jobs are scheduled in vercel.json: its schedules get diagnostics and CodeLens too.
      { scheme: 'file', pattern: '**/vercel.json' },
      // So are GitHub Actions workflows, whose schedules run the project's scripts.
      { scheme: 'file', pattern: '**/.github/workflows/*.{yml,yaml}' },
      // And Cloudflare Workers' cron triggers, listed in the Wrangler configuration.
      { scheme: 'file', pattern: '**/wrangler*.{toml,json,jsonc}' },
      // And crontab files committed with the project, whose lines request its routes or run its scripts.
      { scheme: 'file', pattern: '**/{crontab,*.crontab,*.cron,cron.d/*}' },
    ],
    synchronize: {
      configurationSection: 'quotaLint',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{quota-lint.json,tsconfig.json,jsconfig.json,vercel.json,wrangler*.toml,wrangler*.json,wrangler*.jsonc,package.json,pnpm-workspace.yaml,lerna.json,.env.example,.env.sample,.env.template,.env.dist,.env.local.example,env.example,.dev.vars.example,*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs}'),
    },
    middleware: {
      workspace: {
        configuration: (params) => params.items.map((item) => (item.section === 'quotaLint'
          ? explicitSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
          : null)),
      },
    },
  };
  client = new LanguageClient('quotaLint', 'Quota Lint', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('quotaLint.restartServer', async () => { await client?.restart(); }),
    vscode.commands.registerCommand('quotaLint.showOutput', () => client?.outputChannel.show(true)),
    vscode.commands.registerCommand('quota-lint.showDocumentation', async (uri: string) => {
      const target = vscode.Uri.parse(uri);
      try {
        await vscode.commands.executeCommand('markdown.showPreview', target);
      } catch {
        await vscode.window.showTextDocument(target);
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
