// Hands the server only the settings the user set explicitly (user, workspace or folder), so
// that quota-lint.json wins over VS Code's defaults while explicit editor settings win over it.
import * as vscode from 'vscode';
import { SETTING_DECLARATIONS } from '../../server/src/config/settings';

export function explicitSettings(scope: vscode.Uri | undefined): Record<string, unknown> {
  const cfg = vscode.workspace.getConfiguration('quotaLint', scope);
  const out: Record<string, unknown> = {};
  for (const d of SETTING_DECLARATIONS) {
    if (!d.vscodeKey) continue;
    const i = cfg.inspect(d.vscodeKey);
    const value = i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    if (value !== undefined) out[d.vscodeKey] = value;
  }
  return out;
}
