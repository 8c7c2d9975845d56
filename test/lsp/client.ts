// A minimal LSP client over stdio for protocol tests: spawns `node dist/server.js --stdio` and
// speaks JSON-RPC to it with vscode-jsonrpc, recording every notification it receives.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER = path.join(__dirname, '..', '..', 'dist', 'server.js');

export class TestClient {
  readonly proc: ChildProcess;
  readonly conn: MessageConnection;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  readonly logs: string[] = [];
  private waiters: (() => void)[] = [];
  configuration: unknown = {};

  constructor() {
    this.proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => this.logs.push(String(d)));
    this.conn = createMessageConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = this.diagnostics.get(p.uri) ?? [];
      list.push(p);
      this.diagnostics.set(p.uri, list);
      this.wake();
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => { this.logs.push(p.message); });
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.configuration));
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.listen();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves with the first diagnostics publication for `uri` that satisfies `pred`. */
  async waitForDiagnostics(uri: string, pred: (p: PublishDiagnosticsParams) => boolean, timeoutMs = 15000): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = (this.diagnostics.get(uri) ?? []).find(pred);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(this.diagnostics.get(uri) ?? [])}\nserver log:\n${this.logs.join('')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => { clearTimeout(t); resolve(); });
      });
    }
  }

  async initialize(rootUri: string | null, capabilities: object = { workspace: { configuration: true } }): Promise<unknown> {
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid, rootUri, capabilities, workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
    });
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  async shutdownAndExit(): Promise<number | null> {
    await this.conn.sendRequest('shutdown');
    const exited = new Promise<number | null>((resolve) => this.proc.once('exit', (code) => resolve(code)));
    await this.conn.sendNotification('exit');
    const code = await exited;
    this.conn.dispose();
    return code;
  }

  kill(): void {
    if (this.proc.exitCode === null) this.proc.kill('SIGKILL');
    this.conn.dispose();
  }
}
