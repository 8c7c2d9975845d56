// URLs built with Node's `url` and `path` modules: `url.format({ protocol: 'https', host:
// 'oapi.dingtalk.com', pathname: path.join(base, 'list') })` is a URL shape like any template.
import { modulePath, prop, type Library } from '../library';
import { concat, literal, type StrPart, type Val } from '../values';

const URL_MODULES = ['url', 'node:url'];
const PATH_MODULES = ['path', 'node:path'];

export const nodeUrlsLibrary: Library = {
  call(callee, args) {
    if (modulePath(callee, ...URL_MODULES)?.join('.') === 'format' && args[0]?.k === 'obj') return formatUrl(args[0]);
    const p = modulePath(callee, ...PATH_MODULES)?.join('.');
    if ((p === 'join' || p === 'posix.join') && args.length) return joinPath(args);
    return undefined;
  },
};

function formatUrl(o: Val): Val | undefined {
  const host = prop(o, 'host') ?? prop(o, 'hostname');
  if (!host) return undefined;
  const protocol = literal(prop(o, 'protocol') ?? { k: 'str', parts: ['https'] }) ?? 'https';
  const port = prop(o, 'port');
  const pathname = prop(o, 'pathname') ?? prop(o, 'path');
  const parts: StrPart[] = [`${protocol.replace(/:?$/, '')}://`, host];
  if (port) parts.push(':', port);
  if (pathname) {
    const first = pathname.k === 'str' ? pathname.parts[0] : undefined;
    if (!(typeof first === 'string' && first.startsWith('/'))) parts.push('/');
    parts.push(pathname);
  }
  return concat(parts);
}

/** `path.join('user', 'list')` → 'user/list'; unknown segments stay holes between slashes. */
function joinPath(args: Val[]): Val {
  const parts: StrPart[] = [];
  args.forEach((a, i) => {
    if (i > 0) parts.push('/');
    const text = literal(a);
    // Slashes at the joins collapse to one; a leading slash of the first segment stays.
    parts.push(text === undefined ? a : text.replace(/\/+$/, '').replace(i > 0 ? /^\/+/ : /^$/, ''));
  });
  return concat(parts);
}
