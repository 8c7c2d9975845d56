// quota-lint.json: the committed project configuration, read by the extension and the CLI.
// It is JSON (never executed). Problems name the file, the key and the line.
import * as fs from 'fs';
import * as path from 'path';
import type { Settings } from '../config/settings';
import { validateSettings, type ConfigProblem } from '../config/validate';

export const CONFIG_FILE = 'quota-lint.json';

export interface ProjectConfig {
  file?: string;
  settings: Partial<Settings>;
  problems: (ConfigProblem & { line?: number })[];
}

/** The nearest quota-lint.json at or above `dir` (stopping at a repository root). */
export function findConfigFile(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const candidate = path.join(d, CONFIG_FILE);
    if (fs.existsSync(candidate)) return candidate;
    if (fs.existsSync(path.join(d, '.git')) || path.dirname(d) === d) return undefined;
  }
}

export function parseProjectConfig(text: string, file: string): ProjectConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length - 1 : undefined;
    return { file, settings: {}, problems: [{ origin: file, key: '(file)', message: `not valid JSON: ${message}; using defaults`, line }] };
  }
  const { settings, problems } = validateSettings(raw, file);
  return {
    file, settings,
    problems: problems.map((p) => ({ ...p, line: lineOfKey(text, p.key) })),
  };
}

function lineOfKey(text: string, key: string): number | undefined {
  const name = key.replace(/\[\d+\]$/, '').split('.').pop()!;
  const i = text.indexOf(`"${name}"`);
  return i < 0 ? undefined : text.slice(0, i).split('\n').length - 1;
}

export function loadProjectConfig(dir: string): ProjectConfig {
  const file = findConfigFile(dir);
  if (!file) return { settings: {}, problems: [] };
  try {
    return parseProjectConfig(fs.readFileSync(file, 'utf8'), file);
  } catch (e) {
    return { file, settings: {}, problems: [{ origin: file, key: '(file)', message: `cannot be read: ${(e as Error).message}` }] };
  }
}
