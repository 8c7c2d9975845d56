// DingTalk Yida: the @alicloud/dingtalk `yida_1_0` / `yida_2_0` clients in every import form
// (`foo(req)` and `fooWithOptions(...)`), raw HTTP to api.dingtalk.com/v1.0|v2.0/yida/…, and the
// legacy oapi.dingtalk.com endpoints (reported under the Yida provider: same app, same limits).
import { handleOf, modulePath, type Library } from '../analysis/library';
import { HOLE, hints, literal, nameWords, shape, type Val } from '../analysis/values';
import type { ApiOp, HttpRequest } from '../analysis/facts/apiOp';
import { YIDA_V1, YIDA_V2 } from './methodTables';

type Version = '1.0' | '2.0';

const METHODS: Record<Version, Map<string, { verb: string; path: string }>> = {
  '1.0': new Map(YIDA_V1.map(([m, verb, path]) => [m, { verb, path }])),
  '2.0': new Map(YIDA_V2.map(([m, verb, path]) => [m, { verb, path }])),
};

const SEGMENT = `(?:[^/?#${HOLE}]+|${HOLE})`;
const PATHS = [...YIDA_V1, ...YIDA_V2].map(([method, verb, path]) => ({
  method,
  verb,
  re: new RegExp('^' + path.split(/\$\{[^}]+\}/).map(escapeRegExp).join(`${SEGMENT}`) + '$'),
}));

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The client class of a Yida module value, if it is one. */
function versionOfClass(v: Val): Version | undefined {
  if (v.k !== 'module') return undefined;
  const sub = /^@alicloud\/dingtalk\/(?:dist\/)?yida_(\d)_0(?:\/client)?$/.exec(v.name);
  if (sub) {
    if (v.path.length === 1 && (v.path[0] === 'default' || v.path[0] === 'Client')) return `${sub[1]}.0` as Version;
    return undefined;
  }
  if (v.name === '@alicloud/dingtalk' || v.name === '@alicloud/dingtalk/dist') {
    const p = v.path[0] === 'default' ? v.path.slice(1) : v.path;
    const m = p.length === 2 && /^yida_(\d)_0$/.exec(p[0]);
    if (m && (p[1] === 'default' || p[1] === 'Client')) return `${m[1]}.0` as Version;
  }
  return undefined;
}

export const yidaLibrary: Library = {
  member(v, name) {
    const client = handleOf(v, 'yida.client');
    if (!client) {
      if (v.k !== 'module') return undefined;
      const version = versionOfClass({ k: 'module', name: v.name, path: [...v.path, name] });
      return version ? { k: 'handle', h: { kind: 'yida.class', version } } : undefined;
    }
    const version = client.version as Version;
    const plain = name.endsWith('WithOptions') ? name.slice(0, -'WithOptions'.length) : name;
    if (METHODS[version].has(plain)) return { k: 'handle', h: { kind: 'yida.method', version, operation: plain } };
    return undefined;
  },
  construct(ctor) {
    const cls = handleOf(ctor, 'yida.class');
    const version = cls ? (cls.version as Version) : versionOfClass(ctor);
    if (version) return { k: 'handle', h: { kind: 'yida.client', version } };
    return undefined;
  },
};

/** A module value such as `require('@alicloud/dingtalk/yida_1_0')` before `.default` is taken. */
export function isYidaModule(v: Val): boolean {
  return modulePath(v, '@alicloud/dingtalk') !== undefined || (v.k === 'module' && /^@alicloud\/dingtalk\/yida_/.test(v.name));
}

export function classifyYidaCall(callee: Val): ApiOp | undefined {
  const m = handleOf(callee, 'yida.method');
  if (!m) return classifyYidaPageCall(callee);
  const version = m.version as Version;
  const operation = m.operation as string;
  const entry = METHODS[version].get(operation)!;
  return {
    provider: 'yida', operation, httpMethod: entry.verb, via: 'sdk', client: '@alicloud/dingtalk',
    clientRetry: { source: '@alicloud/dingtalk', coversThrottling: false,
      weakness: 'the DingTalk SDK never retries QpsLimit or requestTooFast errors (RuntimeOptions.autoretry does not cover them)' },
  };
}

/**
 * The JS API of a Yida custom page (`this.utils.yida.saveFormData({ formUuid, formDataJson })` in
 * the page's action panel): the page calls the same form operations of the Yida backend, with the
 * signed-in user's session instead of an app token. `utils.yida` exists only there, so the name
 * is enough to go by.
 */
function classifyYidaPageCall(callee: Val): ApiOp | undefined {
  for (const hint of hints(callee)) {
    const m = /(?:^|\.)utils\.yida\.(\w+)$/.exec(hint);
    const entry = m && (METHODS['1.0'].get(m[1]) ?? METHODS['2.0'].get(m[1]));
    if (!m || !entry) continue;
    return {
      provider: 'yida', operation: m[1], httpMethod: entry.verb, via: 'sdk', client: 'Yida custom page JS API (this.utils.yida)',
      clientRetry: { source: 'this.utils.yida', coversThrottling: false },
    };
  }
  return undefined;
}

const NEW_API = new RegExp(`^(?:(?:https?://)?api\\.dingtalk\\.com(?::443)?|${HOLE})?(/v[12]\\.0/yida/[^?#]*)`, 'i');
const LEGACY = /^(?:https?:\/\/)?oapi\.dingtalk\.com(?::443)?(\/[^?#]*)?/i;
// The app's access token for the new-style API (Yida's REST calls send it): the counterpart of
// legacy `gettoken`, and counted against the same app.
const NEW_API_TOKEN = /^(?:https?:\/\/)?api\.dingtalk\.com(?::443)?\/v1\.0\/oauth2\/(?:accessToken|[^/?#]+\/token)(?:[?#]|$)/i;

/** Raw HTTP to the Yida endpoints (with or without the host visible) and to legacy oapi. */
export function classifyYidaHttp(req: HttpRequest): ApiOp | undefined {
  const s = shape(req.url);
  const clientRetry = req.clientRetry ?? { source: req.lib, coversThrottling: false };
  // Before the hosts: a robot webhook known by its names has no host to go by.
  if (isRobotWebhookByName(req, s ?? HOLE)) {
    return { provider: 'yida', operation: 'oapi:/robot/send', httpMethod: 'POST', via: 'webhook', client: req.lib, clientRetry, scopeKey: req.url, urlByName: true };
  }
  if (s === undefined) return undefined;
  const newApi = NEW_API.exec(s);
  if (newApi) {
    const path = newApi[1];
    const candidates = PATHS.filter((p) => p.re.test(path));
    const verb = req.method?.toUpperCase();
    const match = candidates.find((p) => p.verb === verb) ?? (verb === undefined ? candidates[0] : undefined);
    return {
      provider: 'yida', operation: match?.method ?? `${verb ?? 'POST'} ${readablePath(path)}`,
      httpMethod: match?.verb ?? verb ?? 'POST', via: 'http', client: req.lib, clientRetry,
    };
  }
  if (NEW_API_TOKEN.test(s)) {
    return { provider: 'yida', operation: 'oauth2.accessToken', httpMethod: req.method?.toUpperCase() ?? 'POST', via: 'http', client: req.lib, clientRetry };
  }
  const legacy = LEGACY.exec(s);
  // `baseUrl + api` with the path still a parameter: the operation is the caller's to name.
  if (legacy && legacy[1] === undefined && s.slice(legacy[0].length).startsWith(HOLE)) return undefined;
  if (legacy) {
    // `${url}${url.includes('?') ? '&' : '?'}access_token=…` may leave a query behind `&`.
    const path = readablePath((legacy[1] ?? '/').replace(/&.*$/, ''));
    // A custom robot's webhook: its limit counts per robot, i.e. per webhook URL (access_token).
    const robot = path === '/robot/send';
    return {
      provider: 'yida', operation: `oapi:${path}`, httpMethod: req.method?.toUpperCase() ?? (robot ? 'POST' : 'GET'), via: robot ? 'webhook' : 'http',
      client: req.lib, clientRetry, scopeKey: robot ? req.url : undefined,
    };
  }
  return undefined;
}

const DINGTALK_NAME = /ding.?talk|ding.?ding|钉钉/i;

/** A name that says DingTalk: in full, or `Ding` as a word of its own (`DingService`, `dingBot`), as in `padding` it is not. */
function namesDingTalk(name: string): boolean {
  return DINGTALK_NAME.test(name) || nameWords(name).some((w) => /^ding$/i.test(w));
}
const ROBOT_BODY_KEYS = new Set(['msgtype', 'text', 'markdown', 'link', 'actionCard', 'feedCard', 'at']);

/**
 * A custom robot's webhook URL kept in configuration (`process.env.DINGTALK_WEBHOOK`,
 * `notification.webHookUrl` in `class DingDing`): the whole URL is a setting, possibly with the
 * signed-robot query (`&timestamp=…&sign=…`) appended, and the names say DingTalk and webhook or
 * robot (`DingTalkBot.sendMessage(webhookUrl, …)`).
 */
function isRobotWebhookByName(req: HttpRequest, s: string): boolean {
  if ((req.method ?? 'POST').toUpperCase() !== 'POST' || !s.startsWith(HOLE)) return false;
  const rest = s.slice(HOLE.length);
  if (!/^([?&].*)?$/.test(rest)) return false;
  // A body we can see that is not a robot message (`{ userId, ...data }`) is some other service.
  if (req.body?.k === 'obj' && Object.keys(req.body.props).length && !Object.keys(req.body.props).some((k) => ROBOT_BODY_KEYS.has(k))) return false;
  const names = [...hints(req.url), ...(req.context ?? [])];
  // `${webhook}&timestamp=…&sign=…` appends DingTalk's robot signature to a URL that already
  // carries `?access_token=`; Feishu signs in the body and WeCom does not sign, so this shape alone
  // says DingTalk robot.
  if (/^&(timestamp=.*&sign=|sign=.*&timestamp=)/.test(rest)) return true;
  const signed = /timestamp=/.test(rest) && /sign=/.test(rest);
  // A robot message (`msgtype`) to a URL the names say is DingTalk's (`sendDingDingMsg(webHock, …)`).
  const robotBody = req.body?.k === 'obj' && 'msgtype' in req.body.props;
  if (robotBody && onlyDingTalkSends(req.body as Extract<Val, { k: 'obj' }>)) return true;
  // `dingtalk-groupmessage/scripts/send_group_webhook.js` posting a robot message to the URL it is given.
  if (robotBody && (req.folders ?? []).some(namesDingTalk)) return true;
  // `lib/dingding.js` posting to `robot`: the module is named for DingTalk even when its functions are not.
  return [...names, req.fileName ?? ''].some(namesDingTalk) && (signed || robotBody || names.some((n) => /hook|robot|bot(?![a-z])/i.test(n)));
}

/** Message types only DingTalk's custom robot has (WeCom's robot also says `msgtype`, but not these). */
const DINGTALK_ONLY_MSGTYPES = new Set(['link', 'actionCard', 'feedCard']);
const DINGTALK_AT_KEYS = ['isAtAll', 'atMobiles', 'atUserIds', 'atDingtalkIds'];

/**
 * `{ msgtype: 'actionCard', … }` or a message that @-mentions with `at: { isAtAll }`: a body only a
 * DingTalk robot takes, whatever the (configured) URL is called. WeCom mentions with
 * `mentioned_list` inside `text`, Feishu says `msg_type`.
 */
function onlyDingTalkSends(body: Extract<Val, { k: 'obj' }>): boolean {
  const type = literal(body.props.msgtype);
  if (type !== undefined && DINGTALK_ONLY_MSGTYPES.has(type)) return true;
  const at = body.props.at;
  return at?.k === 'obj' && DINGTALK_AT_KEYS.some((k) => k in at.props);
}

function readablePath(path: string): string {
  return path.split(HOLE).join('{…}');
}
