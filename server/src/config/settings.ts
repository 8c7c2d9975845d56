// Every setting Quota Lint understands, declared once. The VS Code manifest
// (package.json contributes.configuration) is generated from this table by
// scripts/sync-manifest.mjs and a unit test fails when the two drift apart; the
// server, the CLI and quota-lint.json all read settings through `resolveSettings`.

export const RULE_IDS = [
  'rate-over-quota',
  'unbounded-fan-out',
  'peak-hour-schedule',
  'polling-without-delay',
  'missing-backoff',
  'weak-backoff',
  'invalid-schedule',
  'unknown-rule-in-directive',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export const OXYLABS_PLANS = ['free-trial', 'micro', 'starter', 'advanced', 'venture', 'business', 'corporate'] as const;
export type OxylabsPlan = (typeof OXYLABS_PLANS)[number];

export const DINGTALK_EDITIONS = ['standard', 'professional', 'exclusive'] as const;
export type DingtalkEdition = (typeof DINGTALK_EDITIONS)[number];

export type SeverityOverride = 'off' | 'info' | 'warning' | 'error' | 'default';
export const SEVERITY_OVERRIDES: readonly SeverityOverride[] = ['off', 'info', 'warning', 'error', 'default'];

/** A quota added or overridden by the user in quota-lint.json. */
export interface UserQuota {
  id: string;
  provider: 'yida' | 'google-chat' | 'oxylabs';
  /** Operations covered, as Quota Lint names them (e.g. "spaces.messages.create", "searchFormDatas"). "*" covers all. */
  operations: string[];
  limit: number;
  windowSeconds: number;
  scope?: string;
  description?: string;
  source?: string;
}

/** A function the user declares to call an API or to retry, so wrappers we cannot see through still count. */
export interface UserWrapper {
  /** Function or method name, e.g. "sendChatMessage" or "ChatService.send". */
  name: string;
  /** Restricts the declaration to files whose path ends with this suffix or matches this glob. */
  file?: string;
  /** "google-chat:spaces.messages.create", "yida:saveFormData", "oxylabs:realtime.queries". */
  calls?: string;
  /** True when the function retries throttling errors with backoff. */
  retries?: boolean;
  /** True when the function paces its calls (a limiter or sleep inside). */
  paces?: boolean;
}

export interface Settings {
  enable: boolean;
  run: 'onType' | 'onSave';
  oxylabsPlan: OxylabsPlan;
  dingtalkEdition: DingtalkEdition;
  assumedLatencyMs: number;
  assumedLoopBound: number;
  warnOnUnknownSizeSequentialLoops: boolean;
  maxFileSizeKb: number;
  rules: Partial<Record<RuleId, SeverityOverride>>;
  quotas: UserQuota[];
  wrappers: UserWrapper[];
  ignore: string[];
}

type SettingKind =
  | { type: 'boolean' }
  | { type: 'number'; minimum: number; maximum: number }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'ruleMap' }
  | { type: 'array' };

export interface SettingDeclaration {
  /** Key inside Settings and quota-lint.json. */
  key: keyof Settings;
  /** Key in VS Code settings, under "quotaLint.". Undefined: only quota-lint.json has it. */
  vscodeKey?: string;
  kind: SettingKind;
  description: string;
  affects: readonly (RuleId | 'all')[];
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  run: 'onType',
  oxylabsPlan: 'free-trial',
  dingtalkEdition: 'standard',
  assumedLatencyMs: 200,
  assumedLoopBound: 100,
  warnOnUnknownSizeSequentialLoops: false,
  maxFileSizeKb: 1024,
  rules: {},
  quotas: [],
  wrappers: [],
  ignore: [],
};

export const SETTING_DECLARATIONS: readonly SettingDeclaration[] = [
  { key: 'enable', vscodeKey: 'enable', kind: { type: 'boolean' }, affects: ['all'],
    description: 'Lint TypeScript and JavaScript files for quota risks.' },
  { key: 'run', vscodeKey: 'run', kind: { type: 'enum', values: ['onType', 'onSave'] }, affects: ['all'],
    description: 'Lint while typing (debounced) or only when a file is saved.' },
  { key: 'oxylabsPlan', vscodeKey: 'oxylabs.plan', kind: { type: 'enum', values: OXYLABS_PLANS },
    affects: ['rate-over-quota', 'unbounded-fan-out'],
    description: 'Your Oxylabs Web Scraper API plan; it sets the jobs/s and rendered jobs/s limits.' },
  { key: 'dingtalkEdition', vscodeKey: 'dingtalk.edition', kind: { type: 'enum', values: DINGTALK_EDITIONS },
    affects: ['rate-over-quota', 'unbounded-fan-out'],
    description: 'Your DingTalk edition; it sets the per-app, per-API QPS limit (20, 40 or 60 calls/s) that Yida calls are checked against.' },
  { key: 'assumedLatencyMs', vscodeKey: 'assumedLatencyMs', kind: { type: 'number', minimum: 1, maximum: 60000 },
    affects: ['rate-over-quota'],
    description: 'Assumed duration of one API call, used to estimate how fast a sequential loop of awaited calls runs.' },
  { key: 'assumedLoopBound', vscodeKey: 'assumedLoopBound', kind: { type: 'number', minimum: 1, maximum: 1000000 },
    affects: ['rate-over-quota'],
    description: 'Assumed number of iterations of a loop whose bound Quota Lint cannot determine. Findings that rest on it are warnings and say so.' },
  { key: 'warnOnUnknownSizeSequentialLoops', vscodeKey: 'warnOnUnknownSizeSequentialLoops', kind: { type: 'boolean' },
    affects: ['rate-over-quota'],
    description: 'Also warn when a loop that awaits each call one after another goes over a quota only if its collection of unknown size has assumedLoopBound items. Off by default: such loops mostly run over a handful of rows; declare a large one with `// quota-lint-bound N`.' },
  { key: 'maxFileSizeKb', vscodeKey: 'maxFileSizeKb', kind: { type: 'number', minimum: 1, maximum: 65536 },
    affects: ['all'],
    description: 'Files larger than this are skipped (and the skip is reported) to keep the editor responsive.' },
  { key: 'rules', vscodeKey: 'rules', kind: { type: 'ruleMap' }, affects: ['all'],
    description: 'Severity per rule: "off", "info", "warning", "error" or "default".' },
  { key: 'quotas', kind: { type: 'array' }, affects: ['rate-over-quota', 'unbounded-fan-out'],
    description: 'Quotas to add or override (quota-lint.json only).' },
  { key: 'wrappers', kind: { type: 'array' }, affects: ['all'],
    description: 'Functions that call an API or retry, declared by name (quota-lint.json only).' },
  { key: 'ignore', kind: { type: 'array' }, affects: ['all'],
    description: 'Glob patterns of files to skip (quota-lint.json only).' },
];
