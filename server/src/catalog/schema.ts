// The shape of the quota catalog. The data itself lives in the JSON files next to this module,
// one per provider, so that numbers can be reviewed (and sourced) without reading code.
import type { ProviderId } from '../model';

export interface ThrottleSignature {
  kind: 'httpStatus' | 'errorCode' | 'grpcCode' | 'errcode' | 'message';
  value: string | number;
  httpStatus?: number;
  note?: string;
  source?: string;
}

export interface RecommendedBackoff {
  strategy: string;
  baseMs: number;
  factor: number;
  jitterMs: number;
  maxMs: number;
  advice: string;
  source: string;
}

export interface ClientRetryFact {
  client: string;
  retriesThrottling: string;
  detail: string;
  source?: string;
}

export interface QuotaCondition {
  oxylabsPlan?: string;
  dingtalkEdition?: string;
  /** Only jobs with `render` set (Oxylabs). */
  rendered?: boolean;
  /** Not for direct messages (Google Chat's space-creation limit exempts them). */
  notDirectMessage?: boolean;
}

export interface Quota {
  id: string;
  provider: ProviderId;
  scope: string;
  /** Null when the provider says a limit exists but does not publish it. */
  limit: number | null;
  windowSeconds: number;
  /** Operation names covered; "*" is every operation of the provider, "oapi:*" a prefix glob. */
  operations: string[];
  /** Operations the globs above take in but the quota does not count (a custom robot's webhook posts are no app's calls). */
  exceptOperations?: string[];
  description: string;
  source: string;
  verification: string;
  /** False for quotas we list (hover, docs) but do not check rates against. */
  evaluate: boolean;
  /**
   * The quota is counted per target, so calls to different targets do not add up: "space" for a
   * Google Chat space, "robot" for a DingTalk custom robot (its webhook URL).
   */
  scopeKey?: 'space' | 'robot';
  condition?: QuotaCondition;
  unit?: string;
  note?: string;
}

export interface ProviderCatalog {
  provider: ProviderId;
  displayName: string;
  throttleSignatures: ThrottleSignature[];
  recommendedBackoff: RecommendedBackoff;
  clientRetry: ClientRetryFact[];
  pollIntervalMs?: number;
  /** The fastest plausible response time of slow operations; the latency setting never goes below it. */
  minLatencyMs?: Record<string, number>;
  minLatencyNote?: string;
  quotas: Quota[];
}

export interface Catalog {
  providers: Record<ProviderId, ProviderCatalog>;
}
