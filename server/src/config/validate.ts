// Turns untrusted JSON (quota-lint.json, editor settings sent by any LSP client) into a
// Partial<Settings>. Every value that does not fit is dropped with a problem that names the
// key and where it came from, so one typo never disables the rest of the configuration.
import {
  RULE_IDS, SETTING_DECLARATIONS, SEVERITY_OVERRIDES, type RuleId, type SettingDeclaration, type Settings,
  type SeverityOverride, type UserQuota, type UserWrapper, DEFAULT_SETTINGS,
} from './settings';

export interface ConfigProblem {
  /** Where the value came from: a file path or "VS Code settings". */
  origin: string;
  key: string;
  message: string;
}

const PROVIDERS = ['yida', 'google-chat', 'oxylabs'];

export function validateSettings(raw: unknown, origin: string, keyOf: (d: SettingDeclaration) => string | undefined = (d) => d.key):
  { settings: Partial<Settings>; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const settings: Partial<Settings> = {};
  if (raw === undefined || raw === null) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ origin, key: '(root)', message: 'expected an object' });
    return { settings, problems };
  }
  const record = raw as Record<string, unknown>;
  const known = new Set<string>(['$schema']);
  for (const decl of SETTING_DECLARATIONS) {
    const key = keyOf(decl);
    if (key === undefined) continue;
    known.add(key);
    const value = lookup(record, key);
    if (value === undefined) continue;
    const problem = (message: string) => problems.push({ origin, key, message });
    const target = settings as Record<string, unknown>;
    switch (decl.kind.type) {
      case 'boolean':
        if (typeof value === 'boolean') target[decl.key] = value; else problem('expected true or false');
        break;
      case 'number':
        if (typeof value === 'number' && Number.isFinite(value) && value >= decl.kind.minimum && value <= decl.kind.maximum) target[decl.key] = value;
        else problem(`expected a number from ${decl.kind.minimum} to ${decl.kind.maximum}`);
        break;
      case 'enum':
        if (typeof value === 'string' && decl.kind.values.includes(value)) target[decl.key] = value;
        else problem(`expected one of ${decl.kind.values.map((v) => JSON.stringify(v)).join(', ')}`);
        break;
      case 'ruleMap':
        target[decl.key] = validateRuleMap(value, problem);
        break;
      case 'array':
        if (!Array.isArray(value)) { problem('expected an array'); break; }
        target[decl.key] = decl.key === 'quotas' ? validateQuotas(value, origin, problems)
          : decl.key === 'wrappers' ? validateWrappers(value, origin, problems)
          : value.filter((v, i) => typeof v === 'string' || (problems.push({ origin, key: `${key}[${i}]`, message: 'expected a string' }), false));
        break;
    }
  }
  // Nested VS Code keys ("oxylabs.plan") arrive as objects; only flag top-level keys nobody reads.
  for (const key of Object.keys(record)) {
    if (!known.has(key) && ![...known].some((k) => k.startsWith(`${key}.`))) {
      problems.push({ origin, key, message: 'unknown setting (ignored)' });
    }
  }
  return { settings, problems };
}

/** Reads "a.b" either as a flat key or as a nested path. */
function lookup(record: Record<string, unknown>, key: string): unknown {
  if (key in record) return record[key];
  let cur: unknown = record;
  for (const part of key.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function validateRuleMap(value: unknown, problem: (m: string) => void): Partial<Record<RuleId, SeverityOverride>> {
  const out: Partial<Record<RuleId, SeverityOverride>> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) { problem('expected an object of rule id to severity'); return out; }
  for (const [rule, sev] of Object.entries(value)) {
    if (!(RULE_IDS as readonly string[]).includes(rule)) { problem(`unknown rule "${rule}"; known rules: ${RULE_IDS.join(', ')}`); continue; }
    if (typeof sev !== 'string' || !(SEVERITY_OVERRIDES as readonly string[]).includes(sev)) { problem(`severity of "${rule}" must be one of ${SEVERITY_OVERRIDES.join(', ')}`); continue; }
    out[rule as RuleId] = sev as SeverityOverride;
  }
  return out;
}

function validateQuotas(items: unknown[], origin: string, problems: ConfigProblem[]): UserQuota[] {
  const out: UserQuota[] = [];
  items.forEach((item, i) => {
    const key = `quotas[${i}]`;
    const q = item as Partial<UserQuota> | null;
    const bad = (message: string) => problems.push({ origin, key, message });
    if (typeof q !== 'object' || q === null) return bad('expected an object');
    if (typeof q.id !== 'string' || !q.id) return bad('"id" must be a non-empty string');
    if (typeof q.provider !== 'string' || !PROVIDERS.includes(q.provider)) return bad(`"provider" must be one of ${PROVIDERS.join(', ')}`);
    if (!Array.isArray(q.operations) || !q.operations.every((o) => typeof o === 'string')) return bad('"operations" must be an array of operation names');
    if (typeof q.limit !== 'number' || !(q.limit > 0)) return bad('"limit" must be a positive number');
    if (typeof q.windowSeconds !== 'number' || !(q.windowSeconds > 0)) return bad('"windowSeconds" must be a positive number');
    out.push({
      id: q.id, provider: q.provider, operations: q.operations, limit: q.limit, windowSeconds: q.windowSeconds,
      scope: typeof q.scope === 'string' ? q.scope : undefined,
      description: typeof q.description === 'string' ? q.description : undefined,
      source: typeof q.source === 'string' ? q.source : undefined,
    });
  });
  return out;
}

function validateWrappers(items: unknown[], origin: string, problems: ConfigProblem[]): UserWrapper[] {
  const out: UserWrapper[] = [];
  items.forEach((item, i) => {
    const key = `wrappers[${i}]`;
    const w = item as Partial<UserWrapper> | null;
    const bad = (message: string) => problems.push({ origin, key, message });
    if (typeof w !== 'object' || w === null) return bad('expected an object');
    if (typeof w.name !== 'string' || !w.name) return bad('"name" must be a non-empty string');
    if (w.calls !== undefined && (typeof w.calls !== 'string' || !/^(yida|google-chat|oxylabs):\S+$/.test(w.calls))) {
      return bad('"calls" must look like "google-chat:spaces.messages.create"');
    }
    if (w.calls === undefined && !w.retries && !w.paces) return bad('declare at least one of "calls", "retries" or "paces"');
    out.push({ name: w.name, file: typeof w.file === 'string' ? w.file : undefined, calls: w.calls,
      retries: w.retries === true, paces: w.paces === true });
  });
  return out;
}

/** Later layers win; arrays from quota-lint.json are kept unless a later layer sets its own. */
export function mergeSettings(...layers: Partial<Settings>[]): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS, rules: {} };
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      if (v === undefined) continue;
      if (k === 'rules') out.rules = { ...out.rules, ...(v as Settings['rules']) };
      else (out as unknown as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}
