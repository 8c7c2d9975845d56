// How a function handed to another call gets invoked: once per element (array methods, p-map,
// async), under a pool or a rate limiter, under a retry policy, on a schedule or timer, on
// external events, or just once (then/catch, Promise executors, unknown helpers).
import ts from 'typescript';
import type { FileModel } from '../fileModel';
import { handleOf, isNodeHttpRequest, modulePath, prop } from '../library';
import { isPAll, isPMap, SEMAPHORE_RUN, type LimiterSettings } from '../libraries/limiters';
import { retryCallOf } from '../libraries/retries';
import { humanIntervalMs, looksLikeCron, registrationOf, type Registration } from '../libraries/schedulers';
import { dependsOnParams, literal, loopsOf, numberOf, type Val } from '../values';
import { ITERATION_METHODS } from '../binder';
import type { CronTemplate, RetryPolicy, Trigger } from './steps';
import { THROTTLE_SIGNS } from './retryPolicy';
import { specNode } from './schedules';
import { outermostValue } from '../unwrap';
import { isUseCallback } from '../libraries/react';

export type Role =
  | { role: 'iterate'; method: string; receiver?: ts.Expression; mode: 'parallel' | 'sequential' | 'pool'; concurrency?: number }
  | { role: 'pool'; concurrency: number | undefined; library: string }
  | { role: 'limiter'; settings: LimiterSettings }
  | { role: 'retry'; library: string; policy: RetryPolicy }
  | { role: 'trigger'; trigger: Trigger; registration: ts.CallExpression | ts.NewExpression }
  | { role: 'timeout'; msExpr?: ts.Expression }
  | { role: 'external'; what: string; cronOf?: CronTemplate }
  | { role: 'wrapped' }
  | { role: 'injected' }
  | { role: 'transparent' };

const EVENT_METHODS = new Set([
  'on', 'once', 'addListener', 'addEventListener', 'prependListener', 'subscribe', 'use', 'all', 'get', 'post', 'put',
  'patch', 'delete', 'head', 'options', 'route', 'command', 'action', 'hears', 'handle', 'listen', 'register', 'onMessage',
  'event', 'message', 'middleware', 'hook', 'addHook', 'createServer', 'queue', 'task',
  // MCP servers: a tool or request handler runs when a client calls it.
  'registerTool', 'tool', 'setRequestHandler', 'setNotificationHandler', 'registerPrompt', 'prompt', 'registerResource', 'resource',
]);
/**
 * Other registrations by their names: dingtalk-stream's `registerAllEventListener` and
 * `registerCallbackListener`, `addMessageHandler`, Telegram's `onText`, `onEvent`.
 */
const EVENT_METHOD_NAME = /^((register|add)\w*(Listener|Handler|Callback)|on[A-Z]\w*)$/;
const TEST_FUNCTIONS = new Set(['describe', 'it', 'test', 'before', 'after', 'beforeEach', 'afterEach', 'beforeAll', 'afterAll', 'suite', 'setup', 'teardown']);
const RETRY_HELPER = /retry|backoff|withRetries|attempt/i;
// A project's own limiter class: `new Semaphore(40).run(task)`, `new TaskQueue({ concurrency: 5 }).add(job)`.
const OWN_LIMITER_CLASS = /(Semaphore|Sema|Mutex|Limiter|Gate|Pool|Queue)$/;

/** A task run through an instance of the project's own semaphore, at most as many at once as it was built with. */
function ownSemaphore(callee: Val): LimiterSettings | undefined {
  if (callee.k !== 'fn' || !callee.ctor) return undefined;
  const [cls, method] = callee.ref.name.split('.');
  if (!method || !OWN_LIMITER_CLASS.test(cls) || !SEMAPHORE_RUN.test(method)) return undefined;
  const first = callee.ctor.args[0];
  const concurrency = /Mutex$/.test(cls) ? 1 : first && (numberOf(first) ?? ['concurrency', 'limit', 'max', 'maxConcurrent', 'size'].map((k) => prop(first, k)).map((v) => (v ? numberOf(v) : undefined)).find((n) => n !== undefined));
  return { library: cls, concurrency };
}

const LIMITER_HELPER = /rate.?limit|throttl|limiter|withLimit|ratelimited|withPacing|paced/i;

const ASYNC_LIB: Record<string, { mode: 'parallel' | 'sequential' | 'pool'; fnIndex: number; limitIndex?: number }> = {
  each: { mode: 'parallel', fnIndex: 1 }, forEach: { mode: 'parallel', fnIndex: 1 }, map: { mode: 'parallel', fnIndex: 1 },
  eachOf: { mode: 'parallel', fnIndex: 1 }, forEachOf: { mode: 'parallel', fnIndex: 1 }, mapValues: { mode: 'parallel', fnIndex: 1 },
  eachSeries: { mode: 'sequential', fnIndex: 1 }, forEachSeries: { mode: 'sequential', fnIndex: 1 }, mapSeries: { mode: 'sequential', fnIndex: 1 },
  eachOfSeries: { mode: 'sequential', fnIndex: 1 }, forEachOfSeries: { mode: 'sequential', fnIndex: 1 },
  eachLimit: { mode: 'pool', fnIndex: 2, limitIndex: 1 }, forEachLimit: { mode: 'pool', fnIndex: 2, limitIndex: 1 },
  mapLimit: { mode: 'pool', fnIndex: 2, limitIndex: 1 }, eachOfLimit: { mode: 'pool', fnIndex: 2, limitIndex: 1 },
};

/** The role of argument `argIndex` (or of property `propName` of that argument) in `call`. */
export function callbackRole(model: FileModel, call: ts.CallExpression | ts.NewExpression, argIndex: number, propName?: string): Role {
  const args = call.arguments ?? ts.factory.createNodeArray();
  const calleeExpr = call.expression;
  const methodName = ts.isPropertyAccessExpression(calleeExpr) ? calleeExpr.name.text : undefined;

  if (ts.isCallExpression(call) && methodName && propName === undefined) {
    if (argIndex === 0 && ITERATION_METHODS.has(methodName) && ts.isPropertyAccessExpression(calleeExpr)) {
      const receiverVal = model.binder.eval(calleeExpr.expression);
      if (receiverVal.k !== 'handle' && receiverVal.k !== 'module') {
        const mode = methodName === 'reduce' || methodName === 'reduceRight' ? reduceMode(call) : 'parallel';
        return { role: 'iterate', method: methodName, receiver: calleeExpr.expression, mode };
      }
    }
    if ((methodName === 'then' || methodName === 'catch' || methodName === 'finally') && argIndex <= 1) return { role: 'transparent' };
  }

  const callee = model.binder.eval(calleeExpr);
  const argVals = args.map((a) => model.binder.eval(a));
  const isNew = ts.isNewExpression(call);

  if (!isNew && argIndex === 1 && callee.k === 'module' && callee.name === 'global' && callee.path.join('.') === 'Array.from') {
    return { role: 'iterate', method: 'Array.from', receiver: args[0], mode: 'parallel' };
  }
  const reg = registrationOf(callee, argVals, isNew);
  if (reg && reg.fnIndex === argIndex && (reg.fnProp ?? undefined) === propName) return registrationRole(model, call, reg, argVals);
  // `useCallback(async () => {…}, deps)` keeps the function for the component to call later, as a
  // limiter's wrap does: its calls are made where the kept function is called.
  if (isUseCallback(callee) && argIndex === 0) return { role: 'wrapped' };
  const agentTool = agentToolFactory(callee);
  if (agentTool) return { role: 'external', what: `${agentTool} (run when the model calls the tool)` };

  if (!isNew) {
    const retry = retryCallOf(callee, argVals);
    if (retry && retry.fnIndex === argIndex) {
      // async-retry's `bail`, promise-retry's `retry` and node-retry's `operation.retry` are called by the
      // callback itself: a callback that tests for throttling before retrying retries selectively.
      const cb = callbackNode(model, args[argIndex], argVals[argIndex]);
      const policy = retry.policy.checksThrottling === false && cb && THROTTLE_SIGNS.test(cb.getText(model.ctx.sf))
        ? { ...retry.policy, checksThrottling: true } : retry.policy;
      return { role: 'retry', library: retry.library, policy };
    }

    const pool = handleOf(callee, 'limit.pool');
    if (pool && argIndex === 0) return { role: 'pool', concurrency: pool.concurrency as number | undefined, library: 'p-limit' };
    const schedule = handleOf(callee, 'limit.schedule');
    if (schedule && (argVals[argIndex]?.k === 'fn' || argVals[argIndex]?.k === 'arr' || ts.isFunctionLike(args[argIndex]))) {
      return { role: 'limiter', settings: schedule.settings as LimiterSettings };
    }
    if (handleOf(callee, 'limit.throttleFactory') || handleOf(callee, 'limit.wrap')) return { role: 'wrapped' };
    if (handleOf(callee, 'limit.poolMap') && argIndex === 1) {
      return { role: 'iterate', method: 'p-limit map', receiver: args[0], mode: 'pool', concurrency: (callee as { h: { concurrency?: number } }).h.concurrency };
    }
    if (isPAll(callee) && argIndex === 0) {
      const c = numberOf(prop(argVals[1], 'concurrency') ?? { k: 'unknown' });
      return { role: 'iterate', method: 'p-all', receiver: args[0], mode: c !== undefined && Number.isFinite(c) ? 'pool' : 'parallel', concurrency: c };
    }
    if (isPMap(callee) && argIndex === 1) {
      const c = numberOf(prop(argVals[2], 'concurrency') ?? { k: 'unknown' });
      return { role: 'iterate', method: 'p-map', receiver: args[0], mode: c !== undefined && Number.isFinite(c) ? 'pool' : 'parallel', concurrency: c };
    }
    const asyncLib = modulePath(callee, 'async');
    const asyncName = asyncLib?.[0] ?? (callee.k === 'module' && callee.name.startsWith('async/') ? callee.name.slice(6) : undefined);
    const spec = asyncName ? ASYNC_LIB[asyncName] : undefined;
    if (spec && spec.fnIndex === argIndex) {
      return { role: 'iterate', method: `async.${asyncName}`, receiver: args[0], mode: spec.mode, concurrency: spec.limitIndex !== undefined ? numberOf(argVals[spec.limitIndex] ?? { k: 'unknown' }) : undefined };
    }
    const bluebird = modulePath(callee, 'bluebird');
    if (bluebird && argIndex === 1 && ['map', 'each', 'mapSeries', 'filter'].includes(bluebird[0])) {
      const c = numberOf(prop(argVals[2], 'concurrency') ?? { k: 'unknown' });
      const mode = bluebird[0] === 'each' || bluebird[0] === 'mapSeries' ? 'sequential' : c !== undefined ? 'pool' : 'parallel';
      return { role: 'iterate', method: `Promise.${bluebird[0]}`, receiver: args[0], mode, concurrency: c };
    }
    if (ts.isIdentifier(calleeExpr) && TEST_FUNCTIONS.has(calleeExpr.text) && callee.k === 'unknown') return { role: 'external', what: 'test' };
    // mapWithConcurrency(items, n, fn) and look-alikes (asyncPool, mapLimit helpers of the project).
    const poolName = callee.k === 'fn' ? callee.ref.name : ts.isIdentifier(calleeExpr) ? calleeExpr.text : undefined;
    if (poolName && /^(mapWithConcurrency|mapLimit|asyncPool|promisePool|runWithConcurrency|pooled|mapConcurrent)$/i.test(poolName) && argIndex === 2) {
      const c = numberOf(argVals[1] ?? { k: 'unknown' });
      if (c !== undefined) return { role: 'iterate', method: poolName, receiver: args[0], mode: 'pool', concurrency: c };
    }
    const slots = ownSemaphore(callee);
    if (slots) return { role: 'limiter', settings: slots };
    const declared = declaredWrapper(model, callee, calleeExpr);
    if (declared?.retries) return { role: 'retry', library: declared.name, policy: { description: `${declared.name} (declared in quota-lint.json)`, checksThrottling: true, exponential: true, jitter: true } };
    if (declared?.paces) return { role: 'limiter', settings: { library: declared.name } };
    const helperName = callee.k === 'fn' ? callee.ref.name : ts.isIdentifier(calleeExpr) ? calleeExpr.text : methodName;
    const shortName = helperName?.split('.').pop();
    if (shortName && LIMITER_HELPER.test(shortName)) return { role: 'limiter', settings: { library: `${helperName}()` } };
    if (shortName && RETRY_HELPER.test(shortName)) {
      return { role: 'retry', library: helperName!, policy: { description: `retry helper ${helperName}()` } };
    }
    if (runsOncePerCall(callee, methodName, args[0])) return { role: 'transparent' };
    if (methodName && (EVENT_METHODS.has(methodName) || EVENT_METHOD_NAME.test(methodName)) && callee.k !== 'fn') return { role: 'external', what: `${methodName}() handler` };
    if (callee.k === 'fn' && propName === undefined && model.returnsCallerOfParameterOf(callee.ref, argIndex)) {
      // `router.post('/x', asyncHandler(async (req, res) => …))`: the callback runs as the function
      // asyncHandler returns, which is what the outer call registers.
      const outer = outermostValue(call).parent;
      const outerIndex = outer && (ts.isCallExpression(outer) || ts.isNewExpression(outer)) ? (outer.arguments ?? []).findIndex((a) => outermostValue(a) === outermostValue(call)) : -1;
      const registered = outerIndex >= 0 ? callbackRole(model, outer as ts.CallExpression | ts.NewExpression, outerIndex) : undefined;
      if (registered?.role === 'external' || registered?.role === 'trigger') return registered;
    }
    // The callee calls this callback itself, inside its own loops: the callback is a function of
    // its own, reached through the callee's summary (see injected.ts).
    if (callee.k === 'fn' && model.callsParameterOf(callee.ref, argIndex, propName)) return { role: 'injected' };
  } else if (ts.isIdentifier(calleeExpr) && calleeExpr.text === 'Promise') {
    return { role: 'transparent' };
  }
  return { role: 'transparent' };
}

/**
 * Tools handed to a language model: the AI SDK's `tool({ execute })`, the OpenAI Agents SDK's
 * `tool({ execute })`, LangChain's `tool(fn, …)` and `new DynamicStructuredTool({ func })`,
 * Mastra's `createTool({ execute })`. They run when the model decides to call them, not when the
 * tool is built, so building the tool set (`tools: buildTools()`) makes no call.
 */
const AGENT_TOOL_FACTORIES: [string[], string[]][] = [
  [['ai', '@openai/agents'], ['tool', 'dynamicTool']],
  [['@langchain/core/tools', 'langchain/tools', '@langchain/community/tools'], ['tool', 'DynamicTool', 'DynamicStructuredTool']],
  [['@mastra/core', '@mastra/core/tools'], ['createTool']],
];

function agentToolFactory(callee: Val): string | undefined {
  if (callee.k !== 'module') return undefined;
  for (const [modules, names] of AGENT_TOOL_FACTORIES) {
    const path = modulePath(callee, ...modules);
    if (path?.length === 1 && names.includes(path[0])) return `${callee.name} ${path[0]}()`;
  }
  return undefined;
}

/** Events an emitter fires once, when the work it stands for is over: `parser.on('end', …)`, `res.on('finish', …)`. */
const COMPLETION_EVENTS = new Set(['end', 'finish', 'close', 'done', 'complete', 'response']);

/**
 * Callbacks that run once for the call that registers them: the response callback of Node's
 * `https.get(url, (res) => …)` / `http.request(opts, cb)`, and completion events of an emitter
 * (`parser.on('end', () => sendDD(parser.done()))`). Not requests arriving at a server, which
 * `on('request')`, `app.get(path, …)` and the like stand for.
 */
function runsOncePerCall(callee: Val, methodName: string | undefined, firstArg: ts.Expression | undefined): boolean {
  if (isNodeHttpRequest(callee)) return true;
  return (methodName === 'on' || methodName === 'once') && firstArg !== undefined && ts.isStringLiteralLike(firstArg) && COMPLETION_EVENTS.has(firstArg.text);
}

function reduceMode(call: ts.CallExpression): 'parallel' | 'sequential' {
  const fn = call.arguments[0];
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return 'parallel';
  const acc = fn.parameters[0];
  if (!acc || !ts.isIdentifier(acc.name)) return 'parallel';
  const name = acc.name.text;
  const body = fn.body.getText();
  return new RegExp(`await\\s+${name}\\b|\\b${name}\\s*\\.\\s*then\\s*\\(`).test(body) ? 'sequential' : 'parallel';
}

function registrationRole(model: FileModel, call: ts.CallExpression | ts.NewExpression, reg: Registration, argVals: Val[]): Role {
  const spec = reg.spec;
  const args = call.arguments ?? ts.factory.createNodeArray();
  switch (spec.type) {
    case 'timeout':
      return { role: 'timeout', msExpr: args[spec.argIndex] };
    case 'interval':
      if (spec.ms === undefined || spec.ms <= 0) return { role: 'external', what: 'setInterval with a period Quota Lint cannot read' };
      return { role: 'trigger', registration: call, trigger: { type: 'interval', library: reg.library, ms: spec.ms, label: `every ${formatMs(spec.ms)} (${spec.label})` } };
    case 'cron': {
      const expression = literal(spec.value);
      const exprNode = specNode(call, spec);
      if (expression === undefined) {
        // `new CronJob(config.schedule, …)`: the expression is known per call of the enclosing
        // function, or per entry of the table the loop runs over.
        const perCall = dependsOnParams(spec.value) || loopsOf(spec.value).size > 0;
        const cronOf = perCall ? { library: reg.library, value: spec.value, exprLoc: model.ctx.loc(exprNode ?? call) } : undefined;
        return { role: 'external', what: `${reg.library} schedule Quota Lint cannot read`, ...(cronOf && { cronOf }) };
      }
      const literalNode = exprNode && declaredLiteral(model, exprNode, expression);
      return { role: 'trigger', registration: call, trigger: {
        type: 'cron', library: reg.library, expression, exprLoc: model.ctx.loc(exprNode ?? call), literalLoc: literalNode ? model.ctx.loc(literalNode) : undefined,
      } };
    }
    case 'queue':
      return queueRole(model, call, reg, spec.queueName);
    case 'agenda':
      return agendaRole(model, call, spec.jobName);
  }
  void argVals;
}


/** A bullmq Worker / bull `process()` runs on the repeat schedules added to the same queue in this file. */
function queueRole(model: FileModel, call: ts.CallExpression | ts.NewExpression, reg: Registration, queueName: string | undefined): Role {
  for (const c of model.ctx.calls) {
    const callee = model.binder.eval(c.expression);
    const add = handleOf(callee, 'bull.add') ?? handleOf(callee, 'bull.upsertJobScheduler');
    if (!add || (queueName !== undefined && add.queueName !== undefined && add.queueName !== queueName)) continue;
    const isUpsert = handleOf(callee, 'bull.upsertJobScheduler') !== undefined;
    const optsIndex = isUpsert ? 1 : c.arguments.length - 1;
    const optsNode = c.arguments[optsIndex];
    const opts = optsNode ? model.binder.eval(optsNode) : undefined;
    const repeat = isUpsert ? opts : prop(opts, 'repeat');
    if (!repeat) continue;
    const pattern = prop(repeat, 'pattern') ?? prop(repeat, 'cron');
    const expression = pattern && literal(pattern);
    if (expression) {
      const exprNode = findPropNode(optsNode, prop(repeat, 'pattern') ? 'pattern' : 'cron');
      return { role: 'trigger', registration: c, trigger: { type: 'cron', library: reg.library, expression, exprLoc: model.ctx.loc(exprNode ?? c) } };
    }
    const every = numberOf(prop(repeat, 'every') ?? { k: 'unknown' });
    if (every) return { role: 'trigger', registration: c, trigger: { type: 'interval', library: reg.library, ms: every, label: `every ${formatMs(every)} (${reg.library} repeat)` } };
  }
  return { role: 'external', what: `${reg.library} worker` };
  void call;
}

function findPropNode(node: ts.Node | undefined, name: string): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name)) && n.name.text === name) { found = n.initializer; return; }
    ts.forEachChild(n, visit);
  };
  if (node) visit(node);
  return found;
}

/** `agenda.define('name', fn)` runs on `agenda.every(interval, 'name')` calls in this file. */
function agendaRole(model: FileModel, call: ts.CallExpression | ts.NewExpression, jobName: string | undefined): Role {
  for (const c of model.ctx.calls) {
    if (!handleOf(model.binder.eval(c.expression), 'agenda.every')) continue;
    const names = model.binder.eval(c.arguments[1] ?? c.expression);
    const matches = jobName === undefined || literal(names) === jobName || (names.k === 'arr' && names.items.some((n) => literal(n) === jobName));
    if (!matches) continue;
    const intervalNode = c.arguments[0];
    const interval = intervalNode ? model.binder.eval(intervalNode) : undefined;
    const text = interval ? literal(interval) : undefined;
    if (text && looksLikeCron(text)) return { role: 'trigger', registration: c, trigger: { type: 'cron', library: 'agenda', expression: text, exprLoc: model.ctx.loc(intervalNode!) } };
    const ms = humanIntervalMs(interval);
    if (ms) return { role: 'trigger', registration: c, trigger: { type: 'interval', library: 'agenda', ms, label: `every ${formatMs(ms)} (agenda.every)` } };
  }
  return { role: 'external', what: 'agenda job' };
  void call;
}

function declaredWrapper(model: FileModel, callee: Val, calleeExpr: ts.Expression) {
  const name = callee.k === 'fn' ? callee.ref.name : ts.isIdentifier(calleeExpr) ? calleeExpr.text : ts.isPropertyAccessExpression(calleeExpr) ? calleeExpr.name.text : undefined;
  if (!name) return undefined;
  return model.ctx.settings.wrappers.find((w) => (w.name === name || name.endsWith(`.${w.name}`) || w.name.endsWith(`.${name}`))
    && (!w.file || model.ctx.file.endsWith(w.file)));
}

export function formatMs(ms: number): string {
  if (ms % 3600000 === 0) return `${ms / 3600000} h`;
  if (ms % 60000 === 0) return `${ms / 60000} min`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/** The function a callback argument is: written inline, or a function of this file passed by name. */
function callbackNode(model: FileModel, arg: ts.Expression | undefined, v: Val | undefined): ts.Node | undefined {
  if (arg && ts.isFunctionLike(arg)) return arg;
  if (v?.k === 'fn' && v.ref.file === model.ctx.file) return model.ctx.functions.get(v.ref.pos);
  return undefined;
}

/**
 * `let syncCron = "0 0 8 * * ?"` … `schedule.scheduleJob(syncCron, job)`: the string the schedule
 * was read from, where a fix should edit it (keeping the variable).
 */
function declaredLiteral(model: FileModel, node: ts.Node, expression: string): ts.StringLiteralLike | undefined {
  if (!ts.isIdentifier(node)) return undefined;
  const decl = model.ctx.scopes.resolve(node);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || decl.getSourceFile() !== model.ctx.sf) return undefined;
  const init = decl.initializer;
  return ts.isStringLiteralLike(init) && init.text === expression ? init : undefined;
}
