// Loads the bundled quota catalog and answers "which quotas cover this call?", taking the
// user's plan/edition settings and the quotas added in quota-lint.json into account.
import type { ProviderId } from '../model';
import type { Settings, UserQuota } from '../config/settings';
import type { Catalog, ProviderCatalog, Quota } from './schema';
import googleChat from './google-chat.json';
import yida from './yida.json';
import oxylabs from './oxylabs.json';

export type { Catalog, ProviderCatalog, Quota } from './schema';

export function loadCatalog(): Catalog {
  return {
    providers: {
      'google-chat': googleChat as unknown as ProviderCatalog,
      yida: yida as unknown as ProviderCatalog,
      oxylabs: oxylabs as unknown as ProviderCatalog,
    },
  };
}

export interface CallTraits {
  rendered?: boolean;
  directMessage?: boolean;
}

/** The traits of a recognised call that decide which conditional quotas apply. */
export function traitsOf(op: { rendered?: boolean; directMessage?: boolean } | undefined): CallTraits {
  return { rendered: op?.rendered, directMessage: op?.directMessage };
}

function operationMatches(pattern: string, operation: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return operation.startsWith(pattern.slice(0, -1));
  return pattern === operation;
}

function conditionHolds(q: Quota, settings: Settings, traits: CallTraits): boolean {
  const c = q.condition;
  if (!c) return true;
  if (c.oxylabsPlan !== undefined && c.oxylabsPlan !== settings.oxylabsPlan) return false;
  if (c.dingtalkEdition !== undefined && c.dingtalkEdition !== settings.dingtalkEdition) return false;
  if (c.rendered && !traits.rendered) return false;
  if (c.notDirectMessage && traits.directMessage) return false;
  return true;
}

function fromUser(q: UserQuota): Quota {
  return {
    id: q.id, provider: q.provider, scope: q.scope ?? 'user-declared', limit: q.limit, windowSeconds: q.windowSeconds,
    operations: q.operations, description: q.description ?? `quota "${q.id}" from quota-lint.json`,
    source: q.source ?? 'quota-lint.json', verification: 'USER', evaluate: true,
  };
}

/** Every quota of the provider that covers the operation, whether or not it is evaluated. */
export function quotasCovering(catalog: Catalog, settings: Settings, provider: ProviderId, operation: string, traits: CallTraits = {}): Quota[] {
  const user = settings.quotas.filter((q) => q.provider === provider).map(fromUser);
  const overridden = new Set(user.map((q) => q.id));
  const builtIn = catalog.providers[provider].quotas.filter((q) => !overridden.has(q.id));
  return [...builtIn, ...user].filter((q) =>
    q.operations.some((p) => operationMatches(p, operation)) && !q.exceptOperations?.some((p) => operationMatches(p, operation))
    && conditionHolds(q, settings, traits));
}

/** The quotas rate findings are checked against: evaluated, with a published limit. */
export function checkedQuotas(catalog: Catalog, settings: Settings, provider: ProviderId, operation: string, traits: CallTraits = {}): Quota[] {
  return quotasCovering(catalog, settings, provider, operation, traits).filter((q) => q.evaluate && q.limit !== null);
}

export function providerCatalog(catalog: Catalog, provider: ProviderId): ProviderCatalog {
  return catalog.providers[provider];
}
