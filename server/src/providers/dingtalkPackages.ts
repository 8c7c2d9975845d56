// Community DingTalk packages that wrap the legacy oapi endpoints (api-surfaces.md §1.2):
//  - `dingtalk-robot-sender`: `new ChatBot({ webhook, secret })` and its send/text/link/markdown/
//    actionCard/feedCard methods, one custom-robot post each (20/min per robot).
//  - `ts-dingtalk-robot`: `new Robot({ accessToken, secret })` and its `send(message)`, one
//    custom-robot post each.
//  - `ding-robot`: `new DingRobot(accessToken)` and its text/markdown/link methods, one custom-robot
//    post each through https.request.
//  - `node-dingtalk`: `new DingTalk({ corpid, corpsecret })` with `.user`, `.department`,
//    `.message`, `.media`, `.auth`, `.extcontact` groups and the generic `.client.get/post(api)`.
//  - Other packages named for a DingTalk robot (`@isayme/dingtalk-robot`, `dingtalk-robot-sdk`,
//    `node-dingding-bot`): `new Robot({ url | webhook | accessToken })` and the same senders, as
//    these packages all offer them. Their names say what they post to.
// None retries: the robot senders post once, node-dingtalk throws on errcode.
import { handleOf, modulePath, prop, type Library } from '../analysis/library';
import { concat, literal, member, str, type Val } from '../analysis/values';
import type { ApiOp } from '../analysis/facts/apiOp';

const ROBOT_METHODS = new Set(['send', 'text', 'link', 'markdown', 'actionCard', 'feedCard']);
/** ts-dingtalk-robot builds the message first (`new Markdown().setTitle(…)`) and posts it with `send`. */
const TS_ROBOT_METHODS = new Set(['send']);
/** ding-robot's senders (`at`/`atAll` only set who is mentioned). */
const DING_ROBOT_METHODS = new Set(['text', 'markdown', 'link']);

/** node-dingtalk group → method → [verb, oapi path]; `user.list` is `user/list` or `user/simplelist`. */
const LEGACY_METHODS: Record<string, Record<string, [string, string]>> = {
  user: {
    list: ['GET', 'user/list'], listAll: ['GET', 'user/list'], get: ['GET', 'user/get'], create: ['POST', 'user/create'],
    update: ['POST', 'user/update'], delete: ['GET', 'user/delete'], getUseridByUnionid: ['GET', 'user/getUseridByUnionid'],
    getUserInfoByCode: ['GET', 'user/getuserinfo'], getByMobile: ['GET', 'user/get_by_mobile'],
  },
  department: {
    list: ['GET', 'department/list'], get: ['GET', 'department/get'], create: ['POST', 'department/create'],
    update: ['POST', 'department/update'], delete: ['GET', 'department/delete'],
    listSubDepartmentIds: ['GET', 'department/list_ids'], listParentDepartmentIds: ['GET', 'department/list_parent_depts_by_dept'],
  },
  message: { send: ['POST', 'message/send'], listMessageStatus: ['POST', 'message/list_message_status'] },
  media: { upload: ['POST', 'media/upload'], download: ['GET', 'media/downloadFile'] },
  auth: { scopes: ['GET', 'auth/scopes'] },
  extcontact: {
    list: ['GET', 'topapi/extcontact/list'], listAll: ['GET', 'topapi/extcontact/list'], create: ['POST', 'topapi/extcontact/create'],
    update: ['POST', 'topapi/extcontact/update'], get: ['GET', 'topapi/extcontact/get'], delete: ['POST', 'topapi/extcontact/delete'],
    listlabelgroups: ['GET', 'topapi/extcontact/listlabelgroups'],
  },
};

const NO_RETRY = { coversThrottling: false, weakness: 'it never retries throttling errors' };

function isPackage(v: Val, name: string): boolean {
  const p = modulePath(v, name);
  return p !== undefined && p.length === 0;
}

/** The robot's webhook: `webhook`, or `baseUrl` + `?access_token=` + `accessToken`. */
function robotWebhook(options: Val | undefined): Val {
  // `new ChatBot(robot)` in a loop over robots: the options' own value keeps the loop it comes
  // from, so robots of different iterations are not counted as one.
  if (options && options.k !== 'obj') return member(options, 'webhook');
  const webhook = prop(options, 'webhook') ?? prop(options, 'url');
  if (webhook) return webhook;
  const base = prop(options, 'baseUrl');
  const token = prop(options, 'accessToken') ?? prop(options, 'access_token');
  if (base && token) return concat([base, '?access_token=', token]);
  if (token) return concat(['https://oapi.dingtalk.com/robot/send?access_token=', token]);
  return str('https://oapi.dingtalk.com/robot/send?access_token=');
}

export const dingtalkPackagesLibrary: Library = {
  construct(ctor, args) {
    if (isPackage(ctor, 'dingtalk-robot-sender')) return { k: 'handle', h: { kind: 'dingtalk.robot', webhook: robotWebhook(args[0]), client: 'dingtalk-robot-sender' } };
    // `import { Robot } from 'ts-dingtalk-robot'`, also `require(…).Robot`.
    if (modulePath(ctor, 'ts-dingtalk-robot')?.join('.') === 'Robot') {
      return { k: 'handle', h: { kind: 'dingtalk.robot', webhook: robotWebhook(args[0]), client: 'ts-dingtalk-robot' } };
    }
    // `new DingRobot(process.env.DING_ROBOT_TOKEN)`: the robot's access token, not its URL.
    if (isPackage(ctor, 'ding-robot')) {
      return { k: 'handle', h: { kind: 'dingtalk.robot', webhook: concat(['https://oapi.dingtalk.com/robot/send?access_token=', args[0] ?? str('')]), client: 'ding-robot' } };
    }
    if (isPackage(ctor, 'node-dingtalk')) return { k: 'handle', h: { kind: 'dingtalk.legacy' } };
    // `import { Robot } from '@isayme/dingtalk-robot'`, `new (require('dingtalk-robot-sdk'))(…)`.
    if (ctor.k === 'module' && ctor.path.filter((p) => p !== 'default').length <= 1 && isNamedRobotPackage(ctor.name)) {
      return { k: 'handle', h: { kind: 'dingtalk.robot', webhook: robotWebhook(args[0]), client: ctor.name } };
    }
    return undefined;
  },
  member(v, name) {
    const robot = handleOf(v, 'dingtalk.robot');
    if (robot) return (robot.client === 'ts-dingtalk-robot' ? TS_ROBOT_METHODS : robot.client === 'ding-robot' ? DING_ROBOT_METHODS : ROBOT_METHODS).has(name) ? { k: 'handle', h: { kind: 'dingtalk.robot.method', webhook: robot.webhook, client: robot.client } } : undefined;
    if (handleOf(v, 'dingtalk.legacy')) {
      if (name === 'client') return { k: 'handle', h: { kind: 'dingtalk.legacy.client' } };
      return name in LEGACY_METHODS ? { k: 'handle', h: { kind: 'dingtalk.legacy.group', group: name } } : undefined;
    }
    const group = handleOf(v, 'dingtalk.legacy.group');
    if (group) {
      const entry = LEGACY_METHODS[group.group as string][name];
      return entry ? { k: 'handle', h: { kind: 'dingtalk.legacy.method', verb: entry[0], path: entry[1] } } : undefined;
    }
    if (handleOf(v, 'dingtalk.legacy.client') && (name === 'get' || name === 'post')) {
      return { k: 'handle', h: { kind: 'dingtalk.legacy.generic', verb: name.toUpperCase() } };
    }
    return undefined;
  },
};

/** A package on npm named for a DingTalk (dingding) robot, other than the ones known above. */
function isNamedRobotPackage(name: string): boolean {
  if (name.startsWith('file:') || name === 'global' || name.startsWith('.')) return false;
  const bare = name.replace(/^@[^/]+\//, '');
  return /(^|[-_.])(dingtalk|dingding)[-_.]?(robot|bot)s?($|[-_.])|(^|[-_.])(robot|bot)[-_.]?(dingtalk|dingding)($|[-_.])/i.test(bare);
}

export function classifyDingTalkPackageCall(callee: Val, args: Val[]): ApiOp | undefined {
  const robot = handleOf(callee, 'dingtalk.robot.method');
  if (robot) {
    const client = robot.client as string;
    return {
      provider: 'yida', operation: 'oapi:/robot/send', httpMethod: 'POST', via: 'sdk', client,
      scopeKey: robot.webhook as Val, clientRetry: { source: client, ...NO_RETRY },
    };
  }
  const method = handleOf(callee, 'dingtalk.legacy.method');
  if (method) return legacyOp(method.verb as string, method.path as string);
  const generic = handleOf(callee, 'dingtalk.legacy.generic');
  if (generic) {
    // `client.get('topapi/v2/user/get', …)`: the api path without its leading slash.
    const api = args[0] ? literal(args[0]) : undefined;
    return legacyOp(generic.verb as string, api?.replace(/^\/+/, '').replace(/\?.*$/, '') ?? '{…}');
  }
  return undefined;
}

function legacyOp(verb: string, path: string): ApiOp {
  return {
    provider: 'yida', operation: `oapi:/${path}`, httpMethod: verb, via: 'sdk', client: 'node-dingtalk',
    clientRetry: { source: 'node-dingtalk', ...NO_RETRY },
  };
}
