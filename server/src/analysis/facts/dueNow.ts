// Loops over what is due at the current moment. A reminder job that wakes every minute and
// sends the items whose time is "now" (`if (n.sendAt === hhmm)`, `getPlansForTime(now)`,
// `WHERE send_at <= $1` with `now`) handles the few items scheduled for that minute, not the
// whole table: its size is not an unknown collection's. A selection by day (`today`) is not
// narrow: every task due today goes out in one run. A poller that keeps the items newer than
// its last check (`msg.createTime > lastMessageTime`) likewise handles what arrived since then.
// A selection by month and day (`birthday.getMonth() === today.getMonth() && birthday.getDate() ===
// today.getDate()`) keeps the people whose birthday or work anniversary is today: about one in 365.
import ts from 'typescript';
import type { FileModel } from '../fileModel';
import { unwrapAwaited } from '../unwrap';

/** How finely a value tells the current time: the instant itself, its minute, or coarser. */
type Resolution = 'instant' | 'minute' | 'coarse';

const DATE_PARTS = /^(getDate|getDay|getMonth|getFullYear|getUTCFullYear|getUTCMonth|getUTCDate|getUTCDay|toDateString|toLocaleDateString|getHours|getUTCHours)$/;
const MINUTE_PARTS = /^(getMinutes|getUTCMinutes|toTimeString|toLocaleTimeString|toLocaleString|toISOString|toJSON|getTime|valueOf|toString)$/;
/** Moment/dayjs/luxon calls that keep the instant (time zones, copies). */
const SAME_INSTANT = /^(tz|utc|local|utcOffset|clone|setZone|toDate|toUTC|toLocal)$/;

const NOW_HELPER = /^(get)?(current|beijing|china|cn|shanghai|local|utc|server|zoned)?_?(time|now|date_?time)$/i;

function isNowConstructor(e: ts.Expression): boolean {
  // new Date(), new Date(Date.now())
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'Date') {
    const args = e.arguments ?? [];
    return args.length === 0 || (args.length === 1 && isNowConstructor(unwrapAwaited(args[0])));
  }
  if (!ts.isCallExpression(e)) return false;
  const callee = e.expression;
  // `beijingTime()`, `getCurrentTime()`, `now()`: a project helper named for the current time that
  // takes nothing can only be telling the time now (in some zone).
  if (ts.isIdentifier(callee) && e.arguments.length === 0 && NOW_HELPER.test(callee.text)) return true;
  // Date.now(), DateTime.now(), moment(), dayjs(), moment(new Date())
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'now' && ts.isIdentifier(callee.expression)) return true;
  if (ts.isIdentifier(callee) && /^(moment|dayjs)$/.test(callee.text)) {
    return e.arguments.length === 0 || (e.arguments.length === 1 && isNowConstructor(unwrapAwaited(e.arguments[0])));
  }
  return false;
}

/** A format string's finest unit: `HH:mm` names the minute, `YYYY-MM-DD` the day. */
function formatResolution(format: string): Resolution {
  return /m/.test(format.replace(/\[[^\]]*\]/g, '')) ? 'minute' : 'coarse';
}

/** How finely `e` tells the current time, following local constants; undefined when it does not. */
export function currentTimeResolution(model: FileModel, e: ts.Expression, depth = 0): Resolution | undefined {
  if (depth > 6) return undefined;
  e = unwrapAwaited(e);
  if (isNowConstructor(e)) return 'instant';
  if (ts.isIdentifier(e)) {
    const decl = model.ctx.scopes.resolve(e);
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isIdentifier(decl.name)) return undefined;
    const flags = ts.getCombinedNodeFlags(decl.parent);
    if (!(flags & ts.NodeFlags.Const) && !(flags & ts.NodeFlags.Let)) return undefined;
    return currentTimeResolution(model, decl.initializer, depth + 1);
  }
  // now.toISOString().split('T')[0]: the day.
  if (ts.isElementAccessExpression(e) && ts.isCallExpression(unwrapAwaited(e.expression))) {
    const split = unwrapAwaited(e.expression) as ts.CallExpression;
    if (ts.isPropertyAccessExpression(split.expression) && split.expression.name.text === 'split') {
      const inner = currentTimeResolution(model, split.expression.expression, depth + 1);
      const sep = split.arguments[0];
      if (inner === undefined) return undefined;
      return sep && ts.isStringLiteral(sep) && sep.text === 'T' && e.argumentExpression.getText() === '0' ? 'coarse' : inner;
    }
    return undefined;
  }
  if (ts.isTemplateExpression(e)) return finest(e.templateSpans.map((s) => currentTimeResolution(model, s.expression, depth + 1)));
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    return finest([currentTimeResolution(model, e.left, depth + 1), currentTimeResolution(model, e.right, depth + 1)]);
  }
  if (!ts.isCallExpression(e)) return undefined;
  const callee = e.expression;
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const inner = currentTimeResolution(model, callee.expression, depth + 1);
    if (inner !== undefined) {
      if (method === 'format') {
        const f = e.arguments[0];
        if (!f) return 'minute';
        return ts.isStringLiteralLike(f) ? formatResolution(f.text) : inner;
      }
      if (method === 'startOf' || method === 'endOf') {
        const unit = e.arguments[0];
        return unit && ts.isStringLiteralLike(unit) && /^(minute|second)s?$/.test(unit.text) ? 'minute' : 'coarse';
      }
      if (SAME_INSTANT.test(method)) return inner;
      if (DATE_PARTS.test(method)) return 'coarse';
      if (MINUTE_PARTS.test(method)) return 'minute';
      if (method === 'slice' || method === 'substring' || method === 'substr') return 'coarse';
      // padStart, toString on parts: as fine as the part.
      return inner;
    }
  }
  // formatTime(now), this.formatTime(now): a helper named for the time of day keeps the minute.
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
  const fromArgs = finest(e.arguments.map((a) => currentTimeResolution(model, a, depth + 1)));
  if (fromArgs === undefined) return undefined;
  if (/date|day/i.test(name) && !/time/i.test(name)) return 'coarse';
  return /time|minute|hhmm/i.test(name) ? 'minute' : undefined;
}

function finest(rs: (Resolution | undefined)[]): Resolution | undefined {
  if (rs.includes('instant')) return 'instant';
  if (rs.includes('minute')) return 'minute';
  return rs.includes('coarse') ? 'coarse' : undefined;
}

function isFine(r: Resolution | undefined): boolean {
  return r === 'instant' || r === 'minute';
}

/**
 * Whether some expression inside `node` (a condition, a call's arguments) reads the current
 * minute, or with `anyResolution` the current time at all (`todayMonth`, `now.getDate()`).
 */
function readsCurrentTime(model: FileModel, node: ts.Node, anyResolution = false): boolean {
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    const r = ts.isExpression(n) ? currentTimeResolution(model, n) : undefined;
    if (anyResolution ? r !== undefined : isFine(r)) {
      // `Date.now() - lastSent > 1000` is a throttle, and `new Date(Date.now() - 3600e3)` a window:
      // arithmetic on the instant is not a selection of what is due.
      const p = n.parent;
      if (!(p && ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.MinusToken)) { found = true; return; }
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return found;
}

const COMPARISONS = new Set([
  ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.GreaterThanEqualsToken, ts.SyntaxKind.GreaterThanToken,
]);

/** What a narrow selection keeps: the items due now, those new since the last check, or those whose yearly date is today. */
export type NowSelection = 'due' | 'new' | 'anniversary';

/** `lastMessageTime`, `lastCheckedAt`, `prevPollTs`, `since`: the moment a poller last looked. */
const LAST_CHECK = /^(last|prev|previous)\w*(time|date|at|check|checked|poll|polled|seen|sync|synced|run|ts|timestamp)$|^since$/i;

function readsLastCheck(node: ts.Node): boolean {
  let hit = false;
  const v = (x: ts.Node): void => {
    if (hit) return;
    if (ts.isIdentifier(x) && LAST_CHECK.test(x.text)) hit = true;
    else ts.forEachChild(x, v);
  };
  v(node);
  return hit;
}

/**
 * A condition that compares an item's field with the current minute: `n.sendAtHour == hour`,
 * `r.time === currentTime`, `item.sendAt <= now`; or keeps the items newer than the last check
 * (`msg.createTime > lastMessageTime`). `itemNames` are the loop's element names.
 */
export function comparesItemWithNow(model: FileModel, cond: ts.Node, itemNames: Set<string>, skips = false): NowSelection | undefined {
  if (!itemNames.size) return undefined;
  let found: NowSelection | undefined;
  const mentionsItem = (n: ts.Node): boolean => mentionsItemIn(model, n, itemNames, cond);
  const yearly = new Set<YearlyPart>();
  const visit = (n: ts.Node): void => {
    if (found || (n !== cond && ts.isFunctionLike(n))) return;
    if (!skips && isEquality(n)) {
      const part = yearlyPartCompared(model, n, (x) => mentionsItemIn(model, x, itemNames));
      if (part) yearly.add(part);
    }
    if (ts.isBinaryExpression(n) && COMPARISONS.has(n.operatorToken.kind)) {
      if ((mentionsItem(n.left) && readsCurrentTime(model, n.right)) || (mentionsItem(n.right) && readsCurrentTime(model, n.left))) { found = 'due'; return; }
      // Kept when true (a filter, an `if` around the call), or skipped when true (`if (…) continue`).
      const greater = n.operatorToken.kind === ts.SyntaxKind.GreaterThanToken || n.operatorToken.kind === ts.SyntaxKind.GreaterThanEqualsToken;
      const less = n.operatorToken.kind === ts.SyntaxKind.LessThanToken || n.operatorToken.kind === ts.SyntaxKind.LessThanEqualsToken;
      const newer = skips ? less : greater;
      const older = skips ? greater : less;
      if ((newer && mentionsItem(n.left) && readsLastCheck(n.right)) || (older && mentionsItem(n.right) && readsLastCheck(n.left))) { found = 'new'; return; }
    }
    // item.sendAtTimes.includes(currentTime)
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'includes'
      && mentionsItem(n.expression.expression) && n.arguments.some((a) => readsCurrentTime(model, a))) { found = 'due'; return; }
    ts.forEachChild(n, visit);
  };
  visit(cond);
  // With the year compared too it is one date (what is due today), not a yearly one.
  if (!found && !yearly.has('year') && (yearly.has('monthDay') || (yearly.has('month') && yearly.has('day')))) return 'anniversary';
  return found;
}

type YearlyPart = 'year' | 'month' | 'day' | 'monthDay';

function isEquality(n: ts.Node): n is ts.BinaryExpression {
  return ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken || n.operatorToken.kind === ts.SyntaxKind.EqualsEqualsToken);
}

/**
 * The part of the year an equality compares between an item and today: `d.getUTCMonth() + 1 ===
 * todayMonth` (month), `d.getDate() === now.getDate()` (day), `dayjs(e.birthday).format('MM-DD') ===
 * dayjs().format('MM-DD')` or `e.birthday.slice(5) === today.slice(5)` (both).
 */
function yearlyPartCompared(model: FileModel, n: ts.BinaryExpression, isItem: (x: ts.Node) => boolean): YearlyPart | undefined {
  const sides: [ts.Expression, ts.Expression][] = [[n.left, n.right], [n.right, n.left]];
  for (const [item, today] of sides) {
    if (!isItem(item) || !readsCurrentTime(model, today, true)) continue;
    const part = yearlyPartOf(item);
    if (part) return part;
  }
  return undefined;
}

function yearlyPartOf(e: ts.Node): YearlyPart | undefined {
  const text = e.getText();
  if (/\.format\(\s*['"`][^'"`Yy]*M[^'"`Yy]*D[^'"`Yy]*['"`]|\.format\(\s*['"`][^'"`Yy]*D[^'"`Yy]*M[^'"`Yy]*['"`]/.test(text)) return 'monthDay';
  if (/\.(slice|substring|substr)\(\s*5\s*(,\s*10\s*)?\)/.test(text)) return 'monthDay';
  if (/\.get(UTC)?FullYear\(\)|\.year\(\)/.test(text)) return 'year';
  if (/\.get(UTC)?Month\(\)/.test(text) || /\.month\(\)/.test(text)) return 'month';
  if (/\.get(UTC)?Date\(\)/.test(text) || /\.date\(\)/.test(text)) return 'day';
  return undefined;
}

/**
 * Whether `node` reads a loop item, directly or through a local computed from it: `const createTime =
 * new Date(msg.createTime)` inside a filter callback, `const hd = new Date(emp.hire_date)` before
 * the condition in a loop body. With `within`, only locals declared inside that node count.
 */
function mentionsItemIn(model: FileModel, node: ts.Node, itemNames: Set<string>, within?: ts.Node, depth = 0): boolean {
  let hit = false;
  const v = (x: ts.Node): void => {
    if (hit) return;
    if (ts.isIdentifier(x) && itemNames.has(x.text)) { hit = true; return; }
    if (ts.isIdentifier(x) && depth < 2) {
      const decl = model.ctx.scopes.resolve(x);
      const inside = !within || (decl !== undefined && decl.pos > within.pos && decl.end < within.end);
      if (decl && inside && ts.isVariableDeclaration(decl) && decl.initializer && mentionsItemIn(model, decl.initializer, itemNames, within, depth + 1)) { hit = true; return; }
    }
    ts.forEachChild(x, v);
  };
  v(node);
  return hit;
}

/** A collection chosen by the current minute: `getPlansForTime(now)`, `query(sql, [now])`, `xs.filter((x) => x.at === hhmm)`. */
export function selectedForNow(model: FileModel, collection: ts.Expression, depth = 0): NowSelection | undefined {
  if (depth > 4) return undefined;
  const e = unwrapAwaited(collection);
  if (ts.isIdentifier(e)) {
    const decl = model.ctx.scopes.resolve(e);
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return undefined;
    return selectedForNow(model, decl.initializer, depth + 1);
  }
  // rows.rows, result.data
  if (ts.isPropertyAccessExpression(e)) return selectedForNow(model, e.expression, depth + 1);
  if (!ts.isCallExpression(e)) return undefined;
  const callee = e.expression;
  // `.filter(isNew).reverse()`: the order changes, not the selection.
  if (ts.isPropertyAccessExpression(callee) && /^(reverse|sort|toSorted|toReversed|slice)$/.test(callee.name.text)) {
    return selectedForNow(model, callee.expression, depth + 1);
  }
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'filter') {
    const cb = e.arguments[0];
    if (cb && (ts.isArrowFunction(cb) || ts.isFunctionExpression(cb))) {
      const names = new Set(cb.parameters.flatMap((p) => bindingNames(p.name)));
      const kept = comparesItemWithNow(model, cb.body, names);
      if (kept) return kept;
    }
    return selectedForNow(model, callee.expression, depth + 1);
  }
  return e.arguments.some((a) => readsCurrentTime(model, a)) ? 'due' : undefined;
}

export function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((el) => (ts.isOmittedExpression(el) ? [] : bindingNames(el.name)));
}

/** `if (cond) continue;` at the top of a loop body: the iterations that go on are those the condition lets through. */
export function skipsItemsNotDueNow(model: FileModel, body: ts.Statement, before: ts.Node, itemNames: Set<string>): NowSelection | undefined {
  if (!ts.isBlock(body)) return undefined;
  for (const st of body.statements) {
    if (st.pos >= before.pos) break;
    if (!ts.isIfStatement(st)) continue;
    const exits = ts.isContinueStatement(st.thenStatement) || ts.isReturnStatement(st.thenStatement)
      || (ts.isBlock(st.thenStatement) && st.thenStatement.statements.some((s) => ts.isContinueStatement(s) || ts.isReturnStatement(s)));
    // The condition says which items are skipped: `if (msg.createTime <= lastCheck) continue`.
    const skipped = exits ? comparesItemWithNow(model, st.expression, itemNames, true) : undefined;
    if (skipped) return skipped;
  }
  return undefined;
}
