// What a value's surroundings say about it when the binder cannot compute it: the parts of a
// written-out URL (`new URL(webhook).hostname`), names that hold URL parts, and the page size a
// list request asks for (one page of a list API holds at most that many items).
import { literal, numberOf, str, type Val } from './values';

/**
 * `new URL(webhook).hostname`, `.pathname + .search`: the parts of a URL whose scheme and host are
 * written out; the path and query only when the whole URL is.
 */
export function urlPart(v: Extract<Val, { k: 'str' }>, name: string): Val | undefined {
  const head = typeof v.parts[0] === 'string' ? v.parts[0] : undefined;
  const m = head ? /^(https?:)\/\/([^/?#:]+)(:\d+)?/.exec(head) : null;
  if (!m) return undefined;
  switch (name) {
    case 'protocol': return str(m[1]);
    case 'hostname': return str(m[2]);
    case 'host': return str(m[2] + (m[3] ?? ''));
    case 'origin': return str(m[0]);
  }
  const whole = literal(v);
  if (whole === undefined || (name !== 'pathname' && name !== 'search')) return undefined;
  try {
    const u = new URL(whole);
    return str(name === 'pathname' ? u.pathname : u.search);
  } catch {
    return undefined;
  }
}

export const URL_PART_NAME = /^(url|uri|href|path|pathname|search|query|host|hostname|origin|endpoint|baseUrl|baseURL|webhook\w*)$/;

const PAGE_SIZE = /^(size|pageSize|page_size|perPage|per_page|limit|maxResults|max_results|pagesize)$/;

/** The page size a list request asks for, in its arguments or their `params`/`query`/`body`. */
export function pageSizeOf(args: Val[]): number | undefined {
  for (const a of args) {
    if (a.k !== 'obj') continue;
    for (const o of [a, a.props.params, a.props.query, a.props.body, a.props.data, a.props.json]) {
      if (!o || o.k !== 'obj') continue;
      for (const [k, v] of Object.entries(o.props)) {
        const n = PAGE_SIZE.test(k) ? numberOf(v) : undefined;
        if (n !== undefined && n > 0 && Number.isInteger(n)) return n;
      }
    }
  }
  return undefined;
}
