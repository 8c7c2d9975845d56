// The example values a project documents for its settings (`.env.example` and its siblings):
// `WEBHOOK_URL=https://chat.googleapis.com/v1/spaces/…/messages?key=…` says which service a
// `process.env.WEBHOOK_URL` posts to when the name alone does not. The files are read as text,
// never run. `.env` itself is not read: it holds the user's secrets, and a clone rarely has one.
import * as path from 'path';
import { isStandInHost } from '../analysis/values';

/** Committed files that document settings with example values, nearest directory first. */
export const SETTING_EXAMPLE_FILES = ['.env.example', '.env.sample', '.env.template', '.env.dist', '.env.local.example', 'env.example', '.dev.vars.example'];

export function isSettingExampleFile(file: string): boolean {
  return SETTING_EXAMPLE_FILES.includes(path.basename(file));
}

/** `NAME=value` lines of a dotenv file (`export NAME=…`, quoted values, trailing `# comments`). */
export function parseDotenv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2].trim();
    const quoted = /^(["'`])(.*?)\1/.exec(value);
    if (quoted) value = quoted[2];
    else value = value.replace(/\s+#.*$/, '').trim();
    if (!out.has(m[1])) out.set(m[1], value);
  }
  return out;
}

/**
 * The example value if it is a URL of a real service. Placeholders (`your_webhook_url`), local
 * addresses and documentation hosts say nothing about where production posts.
 */
export function exampleServiceUrl(value: string | undefined): string | undefined {
  if (!value || !/^https?:\/\//i.test(value)) return undefined;
  let host: string;
  try { host = new URL(value).hostname.toLowerCase(); } catch { return undefined; }
  return isStandInHost(host) ? undefined : value;
}
