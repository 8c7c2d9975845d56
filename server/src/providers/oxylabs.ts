// Oxylabs Web Scraper API: realtime and push-pull job submission, batch submission, job status
// and results polling, and the proxy endpoint realtime.oxylabs.io:60000. Other Oxylabs products
// (residential/datacenter proxies on pr./dc., Web Unblocker on unblock.) are different quotas
// and are deliberately not recognised.
import { handleOf, modulePath, prop, type Library } from '../analysis/library';
import { HOLE, dependsOnParams, isUnknown, literal, member, shape, type Val } from '../analysis/values';
import type { ApiOp, HttpRequest } from '../analysis/facts/apiOp';

const PROXY_HOST = /^(?:https?:\/\/)?(?:[^@/]*@)?realtime\.oxylabs\.io:60000\b/i;
const URL_RE = /^(?:https?:\/\/)?(realtime|data)\.oxylabs\.io(?::443)?(\/[^?#]*)?/i;

const AGENT_MODULES = ['https-proxy-agent', 'http-proxy-agent', 'hpagent', 'undici', 'proxy-agent', 'socks-proxy-agent'];

function isOxylabsProxyUrl(v: Val | undefined): boolean {
  if (!v) return false;
  const s = shape(v);
  if (s !== undefined && PROXY_HOST.test(s)) return true;
  // Agents built from an options object: { proxy: 'https://…:60000' } (hpagent) or { uri } (undici).
  return isOxylabsProxyUrl(prop(v, 'proxy')) || isOxylabsProxyUrl(prop(v, 'uri')) || isOxylabsProxyUrl(prop(v, 'href'));
}

export const oxylabsLibrary: Library = {
  construct(ctor, args) {
    if (modulePath(ctor, ...AGENT_MODULES) === undefined) return undefined;
    if (isOxylabsProxyUrl(args[0])) return { k: 'handle', h: { kind: 'oxylabs.proxyAgent' } };
    return undefined;
  },
  call(callee, args) {
    // `new ProxyAgent(url)` written without `new`, and `proxyAgent(url)` helpers of some libraries.
    if (modulePath(callee, ...AGENT_MODULES) !== undefined && isOxylabsProxyUrl(args[0])) {
      return { k: 'handle', h: { kind: 'oxylabs.proxyAgent' } };
    }
    return undefined;
  },
};

/** True when the request goes through the Oxylabs proxy endpoint (agent, dispatcher or axios proxy). */
function throughProxyEndpoint(proxy: Val | undefined): boolean {
  if (!proxy || isUnknown(proxy)) return false;
  if (handleOf(proxy, 'oxylabs.proxyAgent')) return true;
  if (proxy.k === 'obj') {
    // axios: proxy: { host: 'realtime.oxylabs.io', port: 60000 }
    const host = literal(prop(proxy, 'host') ?? { k: 'unknown' });
    const port = literal(prop(proxy, 'port') ?? { k: 'unknown' });
    if (host && /^realtime\.oxylabs\.io$/i.test(host) && (port === undefined || port === '60000')) return true;
    // got: agent: { https: agent }
    return Object.values(proxy.props).some((p) => handleOf(p, 'oxylabs.proxyAgent') !== undefined);
  }
  return isOxylabsProxyUrl(proxy);
}

function isRendered(body: Val | undefined, headers: Val | undefined): boolean {
  const render = prop(body, 'render');
  // A `render` that is still the caller's (`{ ...payload }`) is decided by the caller: see renderTraits.
  if (render && !isUnknown(render) && !dependsOnParams(render) && !(render.k === 'bool' && !render.v) && literal(render) !== '') return true;
  const header = prop(headers, 'x-oxylabs-render') ?? prop(headers, 'X-Oxylabs-Render');
  return header !== undefined && !isUnknown(header);
}

/**
 * `makeOxylabsRequest(payload) { return axios.post(URL, payload) }`: whether the job renders is
 * in the payload its callers build, so the body is kept for them (`renderedFor`).
 */
function renderTraits(body: Val | undefined, headers: Val | undefined): Pick<ApiOp, 'rendered' | 'renderFrom'> {
  const rendered = isRendered(body, headers);
  return !rendered && body && dependsOnParams(body) ? { rendered, renderFrom: body } : { rendered };
}

/** The rendered trait once a caller's payload replaces the wrapper's parameter. */
export function renderedFor(op: ApiOp, body: Val): ApiOp {
  const rendered = isRendered(body, undefined);
  return { ...op, rendered: rendered || undefined, renderFrom: !rendered && dependsOnParams(body) ? body : undefined };
}

export function classifyOxylabsHttp(req: HttpRequest): ApiOp | undefined {
  const clientRetry = req.clientRetry ?? { source: req.lib, coversThrottling: false };
  if (throughProxyEndpoint(req.proxy)) {
    return {
      provider: 'oxylabs', operation: 'proxy-endpoint', httpMethod: (req.method ?? 'GET').toUpperCase(), via: 'proxy',
      client: req.lib, rendered: isRendered(undefined, req.headers), clientRetry,
    };
  }
  const s = shape(req.url);
  if (s === undefined) return undefined;
  const m = URL_RE.exec(s);
  if (!m) return undefined;
  const host = m[1].toLowerCase();
  const path = (m[2] ?? '/').replace(/\/$/, '');
  const verb = req.method?.toUpperCase();
  const op = (operation: string, defaultVerb: string, extra: Partial<ApiOp> = {}): ApiOp => ({
    provider: 'oxylabs', operation, httpMethod: verb ?? defaultVerb, via: 'http', client: req.lib, clientRetry, ...extra,
  });
  // Scheduler paths sent to the realtime host are still Scheduler calls (the documented host is data.).
  // So are batches (`realtime.oxylabs.io/v1/queries/batch`): the host is wrong, the jobs are the same.
  if (host === 'realtime' && !path.startsWith('/v1/schedules') && path !== '/v1/queries/batch') {
    if (path === '/v1/queries') return op('realtime.queries', 'POST', renderTraits(req.body, req.headers));
    return undefined;
  }
  if (path === '/v1/queries') return op('push-pull.queries', 'POST', renderTraits(req.body, req.headers));
  if (path === '/v1/queries/batch') {
    const list = prop(req.body, 'query') ?? prop(req.body, 'url');
    const jobs = list && list.k === 'arr' && list.exact ? list.items.length : undefined;
    return op('push-pull.batch', 'POST', { ...renderTraits(req.body, req.headers), jobsPerCall: jobs });
  }
  const seg = `(?:[^/${HOLE}]+|${HOLE})`;
  // A Scheduler run's jobs are fetched as `/v1/jobs/{id}/results` too (the id of a run's job).
  if (new RegExp(`^/v1/(?:queries|jobs)/${seg}/results(?:/.*)?$`).test(path)) return op('push-pull.results', 'GET');
  if (new RegExp(`^/v1/(?:queries|jobs)/${seg}$`).test(path)) return op('push-pull.status', 'GET');
  if (path.startsWith('/v1/info')) return op('push-pull.info', 'GET');
  // The Scheduler API (data.oxylabs.io/v1/schedules…): it submits jobs server-side on its cron.
  const schedules = new RegExp(`^/v1/schedules(?:/${seg})?(/\\w+)?$`).exec(path);
  if (schedules) {
    const action = schedules[1]?.slice(1) ?? (verb === 'POST' ? 'create' : path === '/v1/schedules' ? 'list' : 'get');
    // `createOxylabsSchedule(payload)` sending its parameter: the cron is the caller's payload's.
    const bodyProp = (name: string) => (req.body?.k === 'param' ? member(req.body, name) : prop(req.body, name));
    const cron = action === 'create' ? bodyProp('cron') : undefined;
    const items = action === 'create' ? bodyProp('items') : undefined;
    return op(`scheduler.${action}`, verb ?? 'GET', cron ? { scheduleCron: cron, ...(items && { scheduleItems: items }) } : {});
  }
  return undefined;
}

/** Operations that poll for a job's state: a loop around them needs a delay between polls. */
export const POLLING_OPERATIONS = new Set(['push-pull.status', 'push-pull.results']);
