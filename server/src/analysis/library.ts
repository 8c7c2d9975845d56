// The contract between the binder and the modules that know particular packages (provider SDKs,
// HTTP clients, limiters, schedulers). The binder asks each library in turn what a member access,
// a call or a `new` produces; a library answers for the values it recognises and returns
// undefined for everything else.
import { member, spreadFor, type Val } from './values';

export interface Library {
  member?(v: Val, name: string): Val | undefined;
  call?(callee: Val, args: Val[]): Val | undefined;
  construct?(ctor: Val, args: Val[]): Val | undefined;
}

/**
 * The property path of a module value with a leading `default` removed: for CommonJS packages
 * `import x from 'p'; x.f` and `require('p').f` mean the same thing.
 */
export function modulePath(v: Val, ...names: string[]): string[] | undefined {
  if (v.k !== 'module' || !names.includes(v.name)) return undefined;
  return v.path[0] === 'default' ? v.path.slice(1) : v.path;
}

/** Node's `http(s).request` / `http(s).get` (also `node:` specifiers). */
export function isNodeHttpRequest(v: Val): boolean {
  const path = modulePath(v, 'https', 'http', 'node:https', 'node:http');
  return path !== undefined && path.length === 1 && (path[0] === 'request' || path[0] === 'get');
}

export function handleOf(v: Val, kind: string): Record<string, unknown> | undefined {
  return v.k === 'handle' && v.h.kind === kind ? v.h : undefined;
}

export function prop(v: Val | undefined, name: string): Val | undefined {
  if (!v || v.k !== 'obj') return undefined;
  if (v.props[name] || !v.spreads) return v.props[name];
  const spread = spreadFor(v, name);
  return spread ? member(spread, name) : undefined;
}
