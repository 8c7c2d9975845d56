// Google Chat: googleapis / @googleapis/chat clients (`google.chat({version: 'v1'})`, `chat_v1.Chat`),
// the @google-apps/chat ChatServiceClient (only when imported from that package), REST calls to
// chat.googleapis.com and incoming webhooks (which count as spaces.messages.create).
import { handleOf, modulePath, prop, type Library } from '../analysis/library';
import { HOLE, dependsOnParams, hints, isUnknown, literal, shape, type Val } from '../analysis/values';
import { CHAT_REPLY_OPTION_SET, type ApiOp, type ClientRetry, type HttpRequest } from '../analysis/facts/apiOp';
import { GOOGLE_CHAT_GAPIC, GOOGLE_CHAT_REST } from './methodTables';

const REST_METHODS = new Map(GOOGLE_CHAT_REST.map(([path, verb]) => [path, verb]));
const REST_PREFIXES = new Set(GOOGLE_CHAT_REST.flatMap(([path]) => {
  const parts = path.split('.');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
}));
const GAPIC_METHODS = new Map<string, { operation: string; verb: string }>();
for (const [names, operation, verb] of GOOGLE_CHAT_GAPIC) for (const n of names) GAPIC_METHODS.set(n, { operation, verb });

const GOOGLEAPIS = ['googleapis', '@googleapis/chat'];

function isChatFactory(v: Val): boolean {
  const p = modulePath(v, ...GOOGLEAPIS);
  if (!p) return false;
  if (v.k === 'module' && v.name === 'googleapis') return p.length === 2 && p[0] === 'google' && p[1] === 'chat';
  return p.length === 1 && p[0] === 'chat';
}

function isChatClass(v: Val): boolean {
  const p = modulePath(v, ...GOOGLEAPIS);
  if (!p) return false;
  const tail = p[0] === 'google' ? p.slice(1) : p;
  return tail.length === 2 && tail[0] === 'chat_v1' && tail[1] === 'Chat';
}

function isGapicClass(v: Val): boolean {
  const p = modulePath(v, '@google-apps/chat');
  if (!p) return false;
  const tail = p[0] === 'v1' ? p.slice(1) : p;
  return tail.length === 1 && tail[0] === 'ChatServiceClient';
}

function restClient(options: Val | undefined): Val {
  return { k: 'handle', h: { kind: 'gchat.rest', path: [], options: options ?? { k: 'unknown' } } };
}

export const googleChatLibrary: Library = {
  member(v, name) {
    const rest = handleOf(v, 'gchat.rest');
    if (rest) {
      const path = [...(rest.path as string[]), name].join('.');
      if (REST_METHODS.has(path)) return { k: 'handle', h: { kind: 'gchat.method', method: path, options: rest.options } };
      if (REST_PREFIXES.has(path)) return { k: 'handle', h: { kind: 'gchat.rest', path: [...(rest.path as string[]), name], options: rest.options } };
      return undefined;
    }
    const gapic = handleOf(v, 'gchat.gapic');
    if (gapic) {
      const m = GAPIC_METHODS.get(name);
      if (m) return { k: 'handle', h: { kind: 'gchat.gapicMethod', name, operation: m.operation, verb: m.verb, options: gapic.options } };
      return undefined;
    }
    return undefined;
  },
  call(callee, args) {
    if (isChatFactory(callee)) {
      const version = args[0] && (literal(args[0]) ?? (prop(args[0], 'version') && literal(prop(args[0], 'version')!)));
      if (version === undefined || version === 'v1') return restClient(args[0]?.k === 'obj' ? args[0] : undefined);
    }
    return undefined;
  },
  construct(ctor, args) {
    if (isChatClass(ctor)) return restClient(args[0]);
    if (isGapicClass(ctor)) return { k: 'handle', h: { kind: 'gchat.gapic', options: args[0] ?? { k: 'unknown' } } };
    return undefined;
  },
};

/** The space a request targets: `parent`, or the space part of `name`. */
function spaceKey(params: Val | undefined): Val | undefined {
  if (!params) return undefined;
  return prop(params, 'parent') ?? prop(params, 'name') ?? prop(prop(params, 'message'), 'name');
}

/**
 * A space created as a direct message (`spaceType: 'DIRECT_MESSAGE'` in the space, the
 * googleapis `requestBody` or the REST body): exempt from the space-creation limit.
 */
function createsDirectMessage(operation: string, params: Val | undefined): boolean | undefined {
  if (operation !== 'spaces.create' && operation !== 'spaces.setup') return undefined;
  const body = prop(params, 'requestBody') ?? params;
  const space = prop(body, 'space') ?? body;
  const type = prop(space, 'spaceType') ?? prop(space, 'type');
  const value = type ? literal(type) : undefined;
  return value === 'DIRECT_MESSAGE' || value === 'DM' || undefined;
}

/** googleapis turns on gaxios retry: 3 tries within ~2 s, for GET/HEAD/PUT/OPTIONS/DELETE only. */
function googleapisRetry(verb: string, callOptions: Val | undefined, clientOptions: Val | undefined): ClientRetry {
  const config = prop(callOptions, 'retryConfig') ?? prop(clientOptions, 'retryConfig');
  if (config && config.k === 'obj') {
    const methods = prop(config, 'httpMethodsToRetry');
    const coversVerb = !methods || methods.k !== 'arr' || methods.items.some((m) => literal(m)?.toUpperCase() === verb);
    const defaultVerbs = ['GET', 'HEAD', 'PUT', 'OPTIONS', 'DELETE'];
    const covers = methods && methods.k === 'arr' ? coversVerb : defaultVerbs.includes(verb);
    return {
      source: 'googleapis retryConfig',
      coversThrottling: covers,
      exponential: true,
      jitter: false,
      weakness: covers ? undefined : `retryConfig.httpMethodsToRetry does not include ${verb}`,
    };
  }
  const retryOff = prop(callOptions, 'retry');
  if (retryOff && retryOff.k === 'bool' && !retryOff.v) {
    return { source: 'googleapis (retry: false)', coversThrottling: false, weakness: 'retry is turned off for this call' };
  }
  const idempotent = ['GET', 'HEAD', 'PUT', 'OPTIONS', 'DELETE'].includes(verb);
  return idempotent
    ? { source: 'googleapis default (gaxios)', coversThrottling: true, exponential: true, jitter: false,
      weakness: 'gaxios retries 429 only 3 times within about 2 s, far shorter than a 60-second quota window, and without jitter' }
    : { source: 'googleapis default (gaxios)', coversThrottling: false,
      weakness: `gaxios does not retry ${verb} requests by default` };
}

/** @google-apps/chat retries only UNAVAILABLE unless the call passes retry options that include RESOURCE_EXHAUSTED (8). */
function gapicRetry(callOptions: Val | undefined): ClientRetry {
  const retry = prop(callOptions, 'retry');
  const codes = prop(retry, 'retryCodes');
  if (codes && codes.k === 'arr') {
    const covers = codes.items.some((c) => literal(c) === '8' || literal(c) === 'RESOURCE_EXHAUSTED' || hints(c).some((h) => /RESOURCE_EXHAUSTED/.test(h)));
    return { source: 'google-gax retry options', coversThrottling: covers, exponential: true, jitter: false,
      weakness: covers ? undefined : 'retryCodes does not include RESOURCE_EXHAUSTED (8)' };
  }
  return { source: '@google-apps/chat default (google-gax)', coversThrottling: false,
    weakness: 'google-gax retries UNAVAILABLE only; quota errors (RESOURCE_EXHAUSTED) are not retried' };
}

export function classifyGoogleChatCall(callee: Val, args: Val[]): ApiOp | undefined {
  const m = handleOf(callee, 'gchat.method');
  if (m) {
    const method = m.method as string;
    const verb = REST_METHODS.get(method) ?? 'POST';
    return {
      provider: 'google-chat', operation: method, httpMethod: verb, via: 'sdk', client: 'googleapis',
      scopeKey: spaceKey(args[0]), clientRetry: googleapisRetry(verb, args[1], m.options as Val),
      directMessage: createsDirectMessage(method, args[0]),
    };
  }
  const pkg = packageFunctionNamedForChat(callee);
  if (pkg) return { provider: 'google-chat', operation: 'spaces.messages.create', httpMethod: 'POST', via: 'webhook', client: pkg, clientRetry: { source: pkg, coversThrottling: false } };
  const g = handleOf(callee, 'gchat.gapicMethod');
  if (g) {
    return {
      provider: 'google-chat', operation: g.operation as string, httpMethod: g.verb as string, via: 'sdk',
      client: '@google-apps/chat', scopeKey: spaceKey(args[0]), clientRetry: gapicRetry(args[1]),
      directMessage: createsDirectMessage(g.operation as string, args[0]),
    };
  }
  return undefined;
}

/**
 * `Pigeon.NotifyGoogleChat(message)` from a community notifier package (`@hhaluk/pigeon`): a
 * package function we do not read, named for posting to Google Chat and to nothing else, posts to
 * the webhook it is configured with. Packages of the workspace are read instead.
 */
function packageFunctionNamedForChat(callee: Val): string | undefined {
  if (callee.k !== 'module' || callee.name.startsWith('file:') || callee.name === 'global' || callee.path.length === 0) return undefined;
  if (/^(googleapis|@googleapis\/|@google-apps\/|@google-cloud\/)/.test(callee.name)) return undefined;
  const name = callee.path[callee.path.length - 1];
  return CHAT_NAME.test(name) && !OTHER_MESSENGER.test(name) && /^(notify|send|post|push|alert)/i.test(name) ? callee.name : undefined;
}

const HOST = /^(?:https?:\/\/)?chat\.googleapis\.com(?::443)?(\/[^?#]*)?(\?[^#]*)?/i;
const WEBHOOK_HINT = /(google.?chat|gchat|hangouts.?chat|google.?spaces?).*(hook|url)|(hook).*(google.?chat|gchat)|^(notify|send|post)\w*(google.?chat|gchat)/i;

/** A name or comment that says Google Chat. */
export const CHAT_NAME = /google.?chat|gchat|hangouts.?chat/i;
/** Other messengers: a name or comment that also mentions one belongs to a multi-channel sender. */
export const OTHER_MESSENGER = /slack|teams|discord|telegram|feishu|飞书|lark|dingtalk|dingding|钉钉|wechat|wecom|wework|weixin|企业微信|mattermost|rocket|zulip|webex/i;

/**
 * A webhook URL kept in configuration: the message is one only Chat takes (`cardsV2`, a
 * `messageReplyOption` query), the name it is read from says Google Chat (`GOOGLE_CHAT_WEBHOOK_URL`),
 * the module posting a message to it is named for Chat (`gchat.ts`),
 * or it says webhook and the function or file posting to it says Google Chat
 * (`const gChatWebhook = (msg) => axios.post(process.env.WEBHOOK_URL, { text: msg })`, a
 * `send-google-chat-notification/index.ts` function posting to `ADMIN_NOTIFICATION_WEBHOOK`).
 */
function isConfiguredChatWebhook(req: HttpRequest, s: string | undefined): boolean {
  // Shapes only Chat has: a `cardsV2` message, or the thread options Chat webhooks take in the query
  // (`${webhook}&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`).
  if (req.body?.k === 'obj' && ('cardsV2' in req.body.props || isChatCardList(req.body.props.cards))) return true;
  if (s !== undefined && /[?&]messageReplyOption=/.test(s)) return true;
  if (req.context?.includes(CHAT_REPLY_OPTION_SET)) return true;
  const names = hints(req.url);
  if (names.some((h) => WEBHOOK_HINT.test(h))) return true;
  const around = [...(req.context ?? []), req.fileName ?? ''];
  // A package made to post to Chat (`pm2-googlechat`) sends its messages to the URL it is configured
  // with (`request({ url: config.url, body: { text } })`), unless the names say another service.
  if (req.packageName && CHAT_NAME.test(req.packageName) && isTextMessage(req.body) && ![...names, ...around].some((n) => OTHER_SERVICE.test(n))) return true;
  // A module named for Chat (`gchat.ts`, `google-chat.js`) posting a message to the URL it is given
  // (a pino transport's `options.link`): what else would it post `{ text }` to.
  if (req.fileName && CHAT_NAME.test(req.fileName) && isTextMessage(req.body) && ![...names, ...around].some((n) => OTHER_SERVICE.test(n))) return true;
  if (![...names, ...(req.context ?? [])].some((h) => /hook/i.test(h))) return false;
  if (around.some((c) => CHAT_NAME.test(c))) return true;
  // `sendToAgent(name, text)` posting `{ text }` to a per-agent webhook, in a file whose other
  // webhook is `process.env.GOOGLE_CHAT_WEBHOOK` and which names no other messenger at all: the
  // file talks to Google Chat only.
  return isTextMessage(req.body) && !!req.fileNamesOnlyChat && ![...names, ...around].some((n) => OTHER_SERVICE.test(n));
}

/** Names of a URL that say it goes elsewhere: another messenger, e-mail, SMS or an incident service. */
const OTHER_SERVICE = new RegExp(`${OTHER_MESSENGER.source}|pagerduty|opsgenie|mail|sms`, 'i');

/** A message body: `{ text }` or cards, as Chat (and most chat webhooks) take. */
function isTextMessage(body: Val | undefined): boolean {
  return body?.k === 'obj' && ['text', 'cards', 'cardsV2'].some((k) => k in body.props);
}

/** Chat's first card format: `cards: [{ header, sections: [{ widgets }] }]` (Teams' cards have no `cards` list, Slack's are `blocks`). */
function isChatCardList(cards: Val | undefined): boolean {
  const first = cards?.k === 'arr' ? cards.items[0] : undefined;
  return first?.k === 'obj' && 'sections' in first.props;
}

/**
 * A path written after a configured base (`${SUPABASE_URL}/functions/v1/google-chat-api`): a
 * request to some service's route, not a webhook, whose URL is whole as Chat hands it out (only a
 * query is ever added to one). A path to a space's messages is Chat's REST behind a base setting.
 */
function pathOnBase(s: string): boolean {
  const rest = s.replace(new RegExp(`^${HOLE}+`), '');
  return rest.startsWith('/') && !/\/(spaces|messages)\b/.test(rest);
}

/** REST and webhook calls to chat.googleapis.com, by the URL's shape. */
export function classifyGoogleChatHttp(req: HttpRequest): ApiOp | undefined {
  const s = shape(req.url);
  const verb = (req.method ?? (req.body && !isUnknown(req.body) ? 'POST' : 'GET')).toUpperCase();
  if (s === undefined || !HOST.test(s)) {
    // A webhook URL kept in configuration: recognised by the name it is read from.
    if (verb === 'POST' && (s === undefined || (s.startsWith(HOLE) && !pathOnBase(s))) && isConfiguredChatWebhook(req, s)) {
      return { provider: 'google-chat', operation: 'spaces.messages.create', httpMethod: 'POST', via: 'webhook', client: req.lib, scopeKey: req.url, clientRetry: req.clientRetry, urlByName: true };
    }
    const operation = s === undefined ? undefined : restOperationBehindBase(s, verb, req);
    if (!operation) return undefined;
    return {
      provider: 'google-chat', operation, httpMethod: verb, via: 'http', client: req.lib, clientRetry: req.clientRetry,
      directMessage: createsDirectMessage(operation, req.body),
    };
  }
  const m = HOST.exec(s)!;
  // `https://chat.googleapis.com${resource}` in a requester whose callers pass the path: what it
  // does is theirs to say (`googleApiRequest.call(this, 'POST', `/v1/${space}/messages`)`).
  if (m[1] === undefined && s.slice(m[0].length).startsWith(HOLE) && dependsOnParams(req.url)) return undefined;
  const path = m[1] ?? '/';
  const query = m[2] ?? '';
  const operation = restOperation(path, verb);
  const isWebhook = operation === 'spaces.messages.create' && /[?&](key|token)=/.test(query);
  return {
    provider: 'google-chat', operation: operation ?? `REST ${verb} ${path.replace(new RegExp(HOLE, 'g'), '{…}')}`,
    httpMethod: verb, via: isWebhook ? 'webhook' : 'http', client: req.lib,
    // The URL names the space (`/v1/${space}/messages`): a loop over spaces is not a loop over one space.
    scopeKey: isWebhook || operation?.startsWith('spaces.') ? req.url : undefined, clientRetry: req.clientRetry,
    directMessage: operation ? createsDirectMessage(operation, req.body) : undefined,
  };
}

// Resources only the Chat API has: a path ending in one of these is Chat whatever its base URL.
const CHAT_ONLY_RESOURCE = /^(users\.spaces\.|users\.sections\.|spaces\.(setup|findDirectMessage|completeImport|spaceEvents|messagePins|messages\.(reactions|attachments)))/;
const CHAT_WORD = /chat/i;

/**
 * A REST path of the Chat API behind a base URL kept elsewhere (`${API_BASE}/spaces/${id}/messages`,
 * with API_BASE imported from a config file we cannot read). A path only the Chat API has
 * (read states, sections, findDirectMessage) is enough; common ones (`/spaces`, `…/members`,
 * `…/messages`) also need a name that says chat: the base URL's, the function's or the file's.
 */
function restOperationBehindBase(s: string, verb: string, req: HttpRequest): string | undefined {
  const path = pathAfterBase(req.url) ?? new RegExp(`^${HOLE}(/[^?#]*)`).exec(s)?.[1];
  const m = path === undefined ? undefined : /^\/(?:v1\/)?((?:spaces|users|media)\b.*)$/.exec(path);
  if (!m) return undefined;
  const operation = restOperation(`/v1/${m[1]}`, verb);
  if (!operation) return undefined;
  if (CHAT_ONLY_RESOURCE.test(operation)) return operation;
  const names = [...hints(req.url), ...(req.context ?? []), req.fileName ?? ''];
  return names.some((n) => CHAT_WORD.test(n)) ? operation : undefined;
}

// Chat names its resources by path (`spaces/AAA`, `users/me/sections/S`), so code passes whole
// names around: `${API_BASE}/${spaceName}/messages`. A name's variable says which resource it holds.
const RESOURCE_NAME: [RegExp, string][] = [
  [/reaction/i, `spaces/${HOLE}/messages/${HOLE}/reactions/${HOLE}`],
  [/message/i, `spaces/${HOLE}/messages/${HOLE}`],
  [/member(ship)?/i, `spaces/${HOLE}/members/${HOLE}`],
  [/(section)?item/i, `users/me/sections/${HOLE}/items/${HOLE}`],
  [/section/i, `users/me/sections/${HOLE}`],
  [/space/i, `spaces/${HOLE}`],
];

/** The path after an unknown base URL, with a leading resource name spelled out from its variable's name. */
function pathAfterBase(url: Val): string | undefined {
  if (url.k !== 'str' || url.parts.length < 2 || typeof url.parts[0] === 'string') return undefined;
  const [, second, third, ...rest] = url.parts;
  if (second !== '/' || third === undefined || typeof third === 'string') return undefined;
  const name = hints(third)[0]?.split('.').pop() ?? '';
  const resource = /name$/i.test(name) ? RESOURCE_NAME.find(([re]) => re.test(name))?.[1] : undefined;
  if (!resource) return undefined;
  return `/${resource}${rest.map((p) => (typeof p === 'string' ? p : HOLE)).join('')}`.replace(/[?#].*$/s, '');
}

/** Maps a REST path (with holes for unknown parts) and verb to the googleapis method name. */
export function restOperation(path: string, verb: string): string | undefined {
  const upload = /^\/upload\/v1\/.*attachments:upload$/.test(path) || /attachments:upload$/.test(path);
  if (upload) return 'media.upload';
  const p = path.replace(/^\/v1\//, '').replace(/\/$/, '');
  if (/^media\//.test(p)) return 'media.download';
  const seg = p.split('/');
  const last = seg[seg.length - 1];
  const prev = seg[seg.length - 2];
  const pick = (byVerb: Record<string, string>) => byVerb[verb];
  if (last === 'spaces') return pick({ GET: 'spaces.list', POST: 'spaces.create' });
  if (last === 'spaces:setup') return 'spaces.setup';
  if (last === 'spaces:findDirectMessage') return 'spaces.findDirectMessage';
  if (last === 'spaces:search') return 'spaces.search';
  if (last.endsWith(':completeImport')) return 'spaces.completeImport';
  if (last === 'messages:search') return 'spaces.messages.search';
  if (last === 'messages') return pick({ POST: 'spaces.messages.create', GET: 'spaces.messages.list' });
  if (prev === 'messages') return pick({ GET: 'spaces.messages.get', PATCH: 'spaces.messages.patch', PUT: 'spaces.messages.update', DELETE: 'spaces.messages.delete' });
  if (last === 'reactions') return pick({ POST: 'spaces.messages.reactions.create', GET: 'spaces.messages.reactions.list' });
  if (prev === 'reactions') return pick({ DELETE: 'spaces.messages.reactions.delete' });
  if (prev === 'attachments') return pick({ GET: 'spaces.messages.attachments.get' });
  if (last === 'members') return pick({ GET: 'spaces.members.list', POST: 'spaces.members.create' });
  if (prev === 'members') return pick({ GET: 'spaces.members.get', DELETE: 'spaces.members.delete', PATCH: 'spaces.members.patch' });
  if (last === 'spaceEvents') return pick({ GET: 'spaces.spaceEvents.list' });
  if (prev === 'spaceEvents') return pick({ GET: 'spaces.spaceEvents.get' });
  if (seg.length === 2 && seg[0] === 'spaces') return pick({ GET: 'spaces.get', PATCH: 'spaces.patch', DELETE: 'spaces.delete' });
  if (last === 'customEmojis') return pick({ GET: 'customEmojis.list', POST: 'customEmojis.create' });
  if (prev === 'customEmojis') return pick({ GET: 'customEmojis.get', DELETE: 'customEmojis.delete' });
  if (last === 'messagePins') return pick({ POST: 'spaces.messagePins.create', GET: 'spaces.messagePins.list' });
  if (prev === 'messagePins') return pick({ DELETE: 'spaces.messagePins.delete' });
  if (seg[0] === 'users' || last === 'items' || /:(move|position)$/.test(last)) return userOperation(seg, verb);
  return undefined;
}

/** The per-user resources under users/{user}/…: read states, notification settings, sections, availability. */
function userOperation(seg: string[], verb: string): string | undefined {
  const last = seg[seg.length - 1];
  const prev = seg[seg.length - 2];
  const pick = (byVerb: Record<string, string>) => byVerb[verb];
  if (last === 'spaceReadState') return pick({ GET: 'users.spaces.getSpaceReadState', PATCH: 'users.spaces.updateSpaceReadState' });
  if (last === 'threadReadState') return pick({ GET: 'users.spaces.threads.getThreadReadState' });
  if (last === 'spaceNotificationSetting') return pick({ GET: 'users.spaces.spaceNotificationSetting.get', PATCH: 'users.spaces.spaceNotificationSetting.patch' });
  if (last === 'sections') return pick({ GET: 'users.sections.list', POST: 'users.sections.create' });
  if (prev === 'sections') {
    if (last.endsWith(':position')) return pick({ POST: 'users.sections.position' });
    return pick({ PATCH: 'users.sections.patch', DELETE: 'users.sections.delete' });
  }
  if (last === 'items') return pick({ GET: 'users.sections.items.list' });
  if (last.endsWith(':move')) return pick({ POST: 'users.sections.items.move' });
  if (last === 'availability') return pick({ GET: 'users.availability.get', PATCH: 'users.availability.patch' });
  const availability = /^availability:(markAsActive|markAsAway|markAsDoNotDisturb)$/.exec(last);
  if (availability) return pick({ POST: `users.availability.${availability[1]}` });
  return undefined;
}
