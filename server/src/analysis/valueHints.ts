// What a value's surroundings say about it when the binder cannot compute it: the parts of a
// written-out URL (`new URL(webhook).hostname`), names that hold URL parts, and the page size a
// list request or database query asks for (one page holds at most that many items).
import { HOLE, literal, numberOf, str, type Val } from './values';

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

const PAGE_SIZE = /^(size|pageSize|page_size|perPage|per_page|limit|maxResults|max_results|pagesize|maxMessages|max_messages|MaxNumberOfMessages|maxItems|max_items)$/;

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

/**
 * The rows a query can return: SQL's `LIMIT 50`, or `LIMIT $1` / `LIMIT ?` / `LIMIT ${limit}` bound
 * to a known number (a parameter's default counts: `retryFailed(limit = 10)`), and Prisma's or
 * TypeORM's `take: 50`. A job that works through `SELECT … LIMIT 10` posts at most ten messages a
 * run, however large the table.
 */
export function rowLimitOf(args: Val[]): number | undefined {
  // `findMany({ where, take: 50 })`.
  const options = args[0]?.k === 'obj' ? args[0] : undefined;
  if (options && options.props.take) return positive(numberOf(options.props.take));
  const sql = args[0];
  if (!sql || sql.k !== 'str') return undefined;
  const text = sql.parts.map((p) => (typeof p === 'string' ? p : HOLE)).join('');
  if (!/\bselect\b[\s\S]*\bfrom\b/i.test(text)) return undefined;
  const literalLimit = /\blimit\s+(\d+)\b/i.exec(text);
  if (literalLimit) return Number(literalLimit[1]);
  // `LIMIT ${limit}`: the hole right after the keyword.
  for (let i = 0; i + 1 < sql.parts.length; i++) {
    const before = sql.parts[i];
    const hole = sql.parts[i + 1];
    if (typeof before === 'string' && typeof hole !== 'string' && /\blimit\s+$/i.test(before)) return positive(numberOf(hole));
  }
  const values = args[1]?.k === 'arr' ? args[1].items : undefined;
  if (!values) return undefined;
  const numbered = /\blimit\s+\$(\d+)\b/i.exec(text);
  if (numbered) return positive(values[Number(numbered[1]) - 1] && numberOf(values[Number(numbered[1]) - 1]));
  const question = /\blimit\s+\?/i.exec(text);
  if (question) {
    const index = (text.slice(0, question.index).match(/\?/g) ?? []).length;
    return positive(values[index] && numberOf(values[index]));
  }
  return undefined;
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && n > 0 && Number.isInteger(n) ? n : undefined;
}
