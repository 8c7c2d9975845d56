// egg.js wires an application's objects by convention, not by import: a controller or service
// (a class extending egg's `Controller`/`Service`) reaches `app/service/<name>.js` as
// `this.ctx.service.<name>` or `this.service.<name>`, and whatever the boot file `app.js` hangs
// on the application (`app.utils = require('./app/utils')`) as `this.app.utils`. These values
// follow those conventions, so a DingTalk call inside a service is found from its controllers.
// Settings come from `config/config.default.js` (`config.dingtalk = { tokenUrl: … }` inside the
// exported function) as `this.config` or `app.config`. Its HTTP client is urllib's, on the context
// and the application: `ctx.curl(url, { method, data })`, `app.httpclient.request(url, opts)`.
import * as path from 'path';
import ts from 'typescript';
import type { WorkspaceIndex } from './workspaceIndex';
import { HOLE, shape, type Val } from './values';
import { urllibClient } from '../providers/http';

export const EGG_MODULES = new Set(['egg', '@eggjs/core', 'egg-core']);

/** The application root of a file under `<root>/app/…`, the egg layout. */
export function eggRoot(file: string): string | undefined {
  const i = file.replace(/\\/g, '/').lastIndexOf('/app/');
  return i > 0 ? file.slice(0, i) : undefined;
}

/** `this.ctx`, `this.app`, `this.service` of a class extending one of egg's base classes. */
export function eggBaseMember(file: string, name: string): Val | undefined {
  const root = eggRoot(file);
  if (!root) return undefined;
  if (name === 'ctx') return { k: 'handle', h: { kind: 'egg.ctx', root } };
  if (name === 'app') return { k: 'handle', h: { kind: 'egg.app', root } };
  if (name === 'service') return { k: 'handle', h: { kind: 'egg.service', root, dir: 'app/service' } };
  if (name === 'config') return { k: 'handle', h: { kind: 'egg.config', root } };
  return undefined;
}

/** A member of one of the egg handles above; undefined when `v` is not one. */
export function eggMember(v: Val, name: string, file: string, index: WorkspaceIndex): Val | undefined {
  if (v.k !== 'handle' || typeof v.h.kind !== 'string' || !v.h.kind.startsWith('egg.')) return undefined;
  const root = v.h.root as string;
  switch (v.h.kind) {
    case 'egg.ctx':
      if (name === 'service') return { k: 'handle', h: { kind: 'egg.service', root, dir: 'app/service' } };
      if (name === 'app') return { k: 'handle', h: { kind: 'egg.app', root } };
      return httpClientMember(name) ?? { k: 'unknown', hint: `ctx.${name}` };
    case 'egg.service': {
      const dir = `${v.h.dir as string}/${name}`;
      const target = index.resolveImport(file, path.join(root, dir));
      const model = target ? index.model(target) : undefined;
      // A folder of services: `ctx.service.dingtalk.robot` is app/service/dingtalk/robot.js.
      if (!model) return { k: 'handle', h: { kind: 'egg.service', root, dir } };
      const exported = model.exportVal('default');
      // egg instantiates the exported class once per request.
      return exported.k === 'class' ? { k: 'instance', ref: exported.ref } : exported;
    }
    case 'egg.app': {
      const client = httpClientMember(name);
      if (client) return client;
      if (name === 'config') return { k: 'handle', h: { kind: 'egg.config', root } };
      // `app.createAnonymousContext()` in a boot hook: a context outside any request, with the services.
      if (name === 'createAnonymousContext') return { k: 'handle', h: { kind: 'builtin.returns', target: { k: 'handle', h: { kind: 'egg.ctx', root } } } };
      // `app/extend/application.js` adds members by export, also the same file of each local
      // plugin the app enables; the boot file `app.js` by assignment.
      for (const dir of [root, ...localPlugins(file, root, index)]) {
        const extend = index.resolveImport(file, path.join(dir, 'app/extend/application'));
        const extended = extend ? index.model(extend)?.exportVal(name) : undefined;
        if (extended && extended.k !== 'unknown') return extended;
      }
      const boot = index.resolveImport(file, path.join(root, 'app'));
      const assigned = boot ? index.model(boot)?.assignedOn?.('app', name) : undefined;
      if (assigned && assigned.k !== 'unknown') return assigned;
      return { k: 'unknown', hint: `app.${name}` };
    }
    case 'egg.config': {
      // `module.exports = appInfo => { const config = exports = {}; config.dingtalk = {…}; … }`,
      // or the plain `exports.dingtalk = {…}` form.
      const target = index.resolveImport(file, path.join(root, 'config/config.default'));
      const model = target ? index.model(target) : undefined;
      const assigned = model?.assignedOn?.('config', name);
      if (assigned && assigned.k !== 'unknown') return assigned;
      const exported = model?.exportVal(name);
      return exported && exported.k !== 'unknown' ? exported : { k: 'unknown', hint: `config.${name}` };
    }
    default:
      return undefined;
  }
}

/**
 * The folders of the plugins an app keeps in its own tree, as `config/plugin.js` enables them:
 * `xdingtalk: { enable: true, path: path.join(__dirname, '../lib/plugin/egg-xprofiler-dingtalk') }`.
 * Plugins from npm (`package: 'egg-redis'`) are not read.
 */
function localPlugins(file: string, root: string, index: WorkspaceIndex): string[] {
  const target = index.resolveImport(file, path.join(root, 'config/plugin'));
  const plugins = target ? index.model(target)?.exportVal('default') : undefined;
  if (plugins?.k !== 'obj') return [];
  const out: string[] = [];
  for (const entry of Object.values(plugins.props)) {
    if (entry.k !== 'obj' || (entry.props.enable?.k === 'bool' && !entry.props.enable.v)) continue;
    const where = entry.props.path ? shape(entry.props.path) : undefined;
    // `path.join(__dirname, '../lib/plugin/x')`: the folder below config/ the relative part names.
    const relative = where?.replace(new RegExp(`^${HOLE}+/?`), '');
    if (relative && !relative.includes(HOLE) && where !== relative) out.push(path.resolve(root, 'config', relative));
  }
  return out;
}

const EXTENSION_FILE = /\/app\/extend\/(application|agent|context)\.[cm]?[jt]s$/;

/**
 * `this` in the object an egg extension file exports (`module.exports = { get dingtalk() { const
 * app = this; … } }` in `app/extend/application.js`): the application (or the agent, or the request
 * context for `context.js`) the members are added to. Also in a plugin's own tree, which has no
 * config/config.default.js but says `eggPlugin` in its package.json.
 */
export function eggExtensionThis(owner: ts.ObjectLiteralExpression, file: string, index: WorkspaceIndex): Val | undefined {
  const normal = file.replace(/\\/g, '/');
  const kind = EXTENSION_FILE.exec(normal)?.[1];
  if (!kind) return undefined;
  const p = owner.parent;
  const exported = (ts.isBinaryExpression(p) && p.right === owner && p.left.getText() === 'module.exports') || ts.isExportAssignment(p);
  if (!exported) return undefined;
  const root = eggRoot(file);
  if (!root || !(hasEggConfig(file, root, index) || isEggPlugin(file, root, index))) return undefined;
  return kind === 'context' ? { k: 'handle', h: { kind: 'egg.ctx', root } } : { k: 'handle', h: { kind: 'egg.app', root } };
}

function isEggPlugin(file: string, root: string, index: WorkspaceIndex): boolean {
  const pkg = index.jsonData?.(file, path.join(root, 'package.json'))?.value;
  return typeof pkg === 'object' && pkg !== null && 'eggPlugin' in pkg;
}

/** `ctx.curl` / `app.curl` request at once; `ctx.httpclient` / `app.httpclient` is urllib's client. */
function httpClientMember(name: string): Val | undefined {
  if (name === 'curl') return urllibClient('request');
  if (name === 'httpclient' || name === 'httpClient') return urllibClient();
  return undefined;
}

// The folders whose modules egg loads and calls with its context or application: a schedule's
// `task(ctx)`, a middleware's `async (ctx, next)`, `module.exports = app => { … }`.
const EGG_LOADED = /\/app\/(schedule|middleware|controller|service|extend|router)(\/|\.[cm]?[jt]s$)|\/app\.[cm]?[jt]s$|\/agent\.[cm]?[jt]s$/;

/**
 * The value egg passes for a parameter named `ctx` or `app` in a module it loads itself, in an app
 * with egg's `config/config.default` next to `app/`. Undefined for any other parameter.
 */
export function eggParameter(file: string, name: string | undefined, index: WorkspaceIndex): Val | undefined {
  if (name !== 'ctx' && name !== 'app') return undefined;
  const normal = file.replace(/\\/g, '/');
  if (!EGG_LOADED.test(normal)) return undefined;
  const root = eggRoot(file) ?? (/\/(app|agent)\.[cm]?[jt]s$/.test(normal) ? path.dirname(file) : undefined);
  if (!root || !hasEggConfig(file, root, index)) return undefined;
  return name === 'ctx' ? { k: 'handle', h: { kind: 'egg.ctx', root } } : { k: 'handle', h: { kind: 'egg.app', root } };
}

/** A file of an egg application: under `<root>/app/`, with egg's `config/config.default` in `<root>`. */
export function isEggApp(file: string, index: WorkspaceIndex): boolean {
  const root = eggRoot(file);
  return !!root && hasEggConfig(file, root, index);
}

function hasEggConfig(file: string, root: string, index: WorkspaceIndex): boolean {
  return !!index.resolveImport(file, path.join(root, 'config/config.default'));
}
