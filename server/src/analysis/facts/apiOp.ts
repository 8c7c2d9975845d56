// What a recognised API call is: provider, operation, HTTP verb and the traits the rate model
// and the backoff rules need. Produced by the provider recognisers, consumed by everything after.
import type { ProviderId } from '../../model';
import type { Val } from '../values';

export type Via = 'sdk' | 'http' | 'webhook' | 'proxy';

/** Retry behaviour that comes with the client itself (not with code around the call). */
export interface ClientRetry {
  /** e.g. "googleapis default", "axios-retry", "got built-in", "retryConfig". */
  source: string;
  /** Whether throttling responses (429 / RESOURCE_EXHAUSTED) of this call are retried at all. */
  coversThrottling: boolean;
  /** Why it is not enough, when it is not (a sentence fragment). */
  weakness?: string;
  /** Whether the retry waits with exponential growth and jitter. */
  exponential?: boolean;
  jitter?: boolean;
  /** HTTP verbs the retry applies to; undefined = all. */
  methods?: string[];
  retries?: number;
}

export interface ApiOp {
  provider: ProviderId;
  operation: string;
  httpMethod: string;
  via: Via;
  /** The package or HTTP client that makes the call. */
  client: string;
  /** Oxylabs: the job renders JavaScript (render set), which has its own, lower limit. */
  rendered?: boolean;
  /** Oxylabs: the payload, while it is still a wrapper's parameter (its callers say whether it renders). */
  renderFrom?: Val;
  /** Google Chat: the space created is a direct message (exempt from the space-creation limit). */
  directMessage?: boolean;
  /** Oxylabs Scheduler: the cron of the schedule a `scheduler.create` call sets up (its jobs run on it). */
  scheduleCron?: Val;
  /**
   * Oxylabs Scheduler: where the cron is handed to the request, as an index into the effect's chain:
   * the invocation whose arguments bring it (`createSchedule(url, HOURLY_CRON)`). Absent when the
   * requesting function sets it itself (`cron: '0 * * * *'` in its own payload): the request is that place.
   */
  scheduleCronStep?: number;
  /** Oxylabs Scheduler: the `items` of that schedule, each one job per run. */
  scheduleItems?: Val;
  /** Oxylabs batch: how many jobs one call submits, when known. */
  jobsPerCall?: number;
  /** Google Chat: the value naming the space (parent/name/webhook URL), for per-space quotas. */
  scopeKey?: Val;
  /**
   * A webhook known by the names around its URL (`pushToDingTalk(webhook)`), the URL (kept in
   * `scopeKey`) still unknown: a caller that passes a URL of another host overrules the names.
   */
  urlByName?: boolean;
  clientRetry?: ClientRetry;
}

/** A request made with an HTTP client, before a provider claims it. */
export interface HttpRequest {
  lib: string;
  method: string | undefined;
  url: Val;
  body?: Val;
  headers?: Val;
  /** The proxy or agent configuration, if any. */
  proxy?: Val;
  /** Built-in retry of the HTTP client (got, ky) or attached to the instance (axios-retry). */
  clientRetry?: ClientRetry;
  /** Names of the function making the request (and its class), for webhooks named only there. */
  context?: string[];
  /** The file's name without folder or extension (`chat-api`), evidence for a base URL kept elsewhere. */
  fileName?: string;
  /** The names of the file's nearest folders (`dingtalk-groupmessage`, `scripts`), evidence as the file's own name is. */
  folders?: string[];
  /** The name of the package the file belongs to (`pm2-googlechat`), evidence for a URL kept in configuration. */
  packageName?: string;
  /** The file names Google Chat and no other messenger (`process.env.GOOGLE_CHAT_WEBHOOK` and nothing of Slack or Teams). */
  fileNamesOnlyChat?: boolean;
}

/** The context a call gets when its function sets `messageReplyOption` on the URL's searchParams. */
export const CHAT_REPLY_OPTION_SET = 'Google Chat (messageReplyOption set on the URL)';
