// Branches on a parameter: `send(text, type) { switch (type) { case DINGTALK: … case WECHAT: … } }`
// reaches DingTalk only when the caller passes DINGTALK. A call inside such a branch carries the
// condition as a guard; an invocation whose argument decides the guard against it drops the call.
// So does a flag: `notify(user, text, link, true)` with `if (!skipGChat) sendGChat(…)` never posts.
import ts from 'typescript';
import { unwrapValue } from '../unwrap';
import { dependsOnParams, literal, sameVal, substitute, type FnRef, type MemberFn, type Val } from '../values';

export interface Guard {
  /** What the branch tests (a parameter, or a property of one). */
  subject: Val;
  /** The values it is compared with; the branch runs when the subject is one of them (or none, with `negate`). */
  values: Val[];
  negate: boolean;
  /**
   * `provider.name.includes('oxylabs')`, `url.startsWith(…)`: a containment test rather than equality;
   * `truthy`: `if (!skipChat)`, the subject's truth (no values).
   */
  test?: 'includes' | 'startsWith' | 'truthy';
}

type Test = { subject: ts.Expression; value?: ts.Expression; negated: boolean; test?: Guard['test'] };

/** The equality tests between `node` and `owner` that must hold for `node` to run. */
export function guardsOf(node: ts.Node, owner: ts.Node, evaluate: (e: ts.Expression) => Val): Guard[] {
  const out: Guard[] = [];
  let child: ts.Node = node;
  for (let n: ts.Node | undefined = node.parent; n && n !== owner; child = n, n = n.parent) {
    if (ts.isIfStatement(n) && child !== n.expression) {
      out.push(...branchGuards(n.expression, child === n.elseStatement, evaluate));
    } else if (ts.isConditionalExpression(n) && child !== n.condition) {
      out.push(...branchGuards(n.condition, child === n.whenFalse, evaluate));
    } else if (ts.isBlock(n) || ts.isSourceFile(n)) {
      // `if (!url) throw new Error('URL is empty')` earlier in the block: what follows runs only
      // when the condition is false, as an else-branch would. Only a test of what the caller
      // passes counts: early exits on local results (`if (message === null) return`) are everywhere,
      // and a local's value is only its likely shape.
      for (const st of earlyExitsOf(n)) {
        if (st.pos >= child.pos) break;
        out.push(...branchGuards(st.expression, true, evaluate).filter((g) => dependsOnParams(g.subject)));
      }
    } else if (ts.isCaseBlock(n) && (ts.isCaseClause(child) || ts.isDefaultClause(child))) {
      const sw = n.parent;
      const subject = evaluate(sw.expression);
      const clauses = n.clauses;
      if (ts.isDefaultClause(child)) {
        out.push({ subject, values: clauses.filter(ts.isCaseClause).map((c) => evaluate(c.expression)), negate: true });
      } else {
        // Empty clauses before this one fall through into it: `case A: case B: send()`.
        const values: Val[] = [];
        let i = clauses.indexOf(child);
        values.push(evaluate(child.expression));
        while (--i >= 0 && clauses[i].statements.length === 0) {
          const c = clauses[i];
          if (ts.isDefaultClause(c)) return out;
          values.push(evaluate(c.expression));
        }
        out.push({ subject, values, negate: false });
      }
    }
    if (ts.isFunctionLike(n)) break;
  }
  return out;
}

// Generated code has blocks of thousands of statements, and every call in them asks: find each
// block's early exits once.
const earlyExits = new WeakMap<ts.Node, ts.IfStatement[]>();

/** `if (…) return|throw` statements of a block, with no else, in order. */
function earlyExitsOf(block: ts.Block | ts.SourceFile): ts.IfStatement[] {
  let list = earlyExits.get(block);
  if (!list) {
    list = block.statements.filter((st): st is ts.IfStatement => ts.isIfStatement(st) && !st.elseStatement && alwaysExits(st.thenStatement));
    earlyExits.set(block, list);
  }
  return list;
}

function alwaysExits(st: ts.Statement): boolean {
  if (ts.isReturnStatement(st) || ts.isThrowStatement(st)) return true;
  if (!ts.isBlock(st) || st.statements.length === 0) return false;
  const last = st.statements[st.statements.length - 1];
  return ts.isReturnStatement(last) || ts.isThrowStatement(last);
}

/**
 * The guards one condition puts on a branch. `if (a && b)` puts both on its then-branch, but its
 * else-branch runs when either fails, so only a single test guards an else-branch. A flag's truth
 * is a guard only when it is the function's parameter: a local `let sent = false` may be set later.
 */
function branchGuards(cond: ts.Expression, elseBranch: boolean, evaluate: (e: ts.Expression) => Val): Guard[] {
  const tests = elseBranch ? [conditionTest(cond)] : conjuncts(cond).map(conditionTest);
  const out: Guard[] = [];
  for (const t of tests) {
    if (!t) continue;
    const subject = evaluate(t.subject);
    if (t.test === 'truthy' && !dependsOnParams(subject)) continue;
    out.push({ subject, values: t.value ? [evaluate(t.value)] : [], negate: t.negated !== elseBranch, test: t.test });
  }
  return out;
}

function conjuncts(e: ts.Expression): ts.Expression[] {
  e = unwrapValue(e);
  return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function conditionTest(e: ts.Expression): Test | undefined {
  return equalityTest(e) ?? truthinessTest(e);
}

/** `skipChat`, `!opts.notify`: a flag, by itself or negated. */
function truthinessTest(e: ts.Expression): Test | undefined {
  e = unwrapValue(e);
  let negated = false;
  while (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    negated = !negated;
    e = unwrapValue(e.operand);
  }
  return ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) ? { subject: e, negated, test: 'truthy' } : undefined;
}

function equalityTest(e: ts.Expression): (Test & { value: ts.Expression }) | undefined {
  e = unwrapValue(e);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = containmentTest(e.operand);
    return inner && { ...inner, negated: true };
  }
  const contained = containmentTest(e);
  if (contained) return contained;
  if (!ts.isBinaryExpression(e)) return undefined;
  const op = e.operatorToken.kind;
  const eq = op === ts.SyntaxKind.EqualsEqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsToken;
  const ne = op === ts.SyntaxKind.ExclamationEqualsEqualsToken || op === ts.SyntaxKind.ExclamationEqualsToken;
  if (!eq && !ne) return undefined;
  return { subject: e.left, value: e.right, negated: ne };
}

/** `provider.name.includes('oxylabs')`, `name.toLowerCase().startsWith('dingtalk')`: a test of a string against one literal. */
function containmentTest(e: ts.Expression): (Test & { value: ts.Expression }) | undefined {
  e = unwrapValue(e);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.arguments.length !== 1 || !ts.isStringLiteralLike(e.arguments[0])) return undefined;
  const method = e.expression.name.text;
  if (method !== 'includes' && method !== 'startsWith') return undefined;
  return { subject: e.expression.expression, value: e.arguments[0], negated: false, test: method };
}

/** A value known now (not a parameter's default, which a caller may replace), as text. */
function constantOf(v: Val): string | undefined {
  if (v.k === 'param' || v.k === 'loopvar') return undefined;
  if (v.k === 'bool') return String(v.v);
  if (v.k === 'num') return String(v.v);
  return literal(v);
}

/** Whether a value known now is truthy; undefined when it is not known. */
function truthOf(v: Val): boolean | undefined {
  switch (v.k) {
    case 'bool': return v.v;
    case 'num': return v.v !== 0;
    case 'null': return false;
    case 'str': { const text = literal(v); return text === undefined ? undefined : text !== ''; }
    default: return undefined;
  }
}

/** False when the guard is decided against the branch; true when it holds or cannot be decided. */
export function guardHolds(g: Guard): boolean {
  if (g.test === 'truthy') {
    const truth = truthOf(g.subject);
    return truth === undefined || truth !== g.negate;
  }
  // `type === MessageSender.TYPE.WECHAT` has the parameter on either side.
  const vals = g.values.map(constantOf);
  if (vals.some((v) => v === undefined)) return true;
  const holdsFor = (a: string) => {
    const matches = vals.some((v) => (g.test === 'includes' ? a.includes(v!) : g.test === 'startsWith' ? a.startsWith(v!) : v === a));
    return g.negate ? !matches : matches;
  };
  // `for (const competitor of ['tavily', 'oxylabs']) callCompetitor(competitor)`: the branch runs
  // in the iterations whose entry picks it.
  const entries = entryConstants(g.subject);
  if (entries) return entries.some(holdsFor);
  const a = constantOf(g.subject);
  return a === undefined || holdsFor(a);
}

/** A value compared in a branch, as text: a constant, or an enum member of a package (`MessageRobotType.DINGTALK` of @prisma/client). */
function comparedKey(v: Val): string | undefined {
  if (v.k === 'module') return `${v.name}:${v.path.join('.')}`;
  return constantOf(v);
}

/** The same value, known by where it comes from (not a bare unknown, which any value may be). */
function sameSubject(a: Val, b: Val): boolean {
  if (a.k === 'unknown' && !a.hint && !a.alias) return false;
  return sameVal(a, b);
}

/**
 * Whether a callee's guard cannot hold under a branch the call is made in: `sendJSONByRobotConfig(robotConfig, …)`
 * inside `if (robotConfig.type === MessageRobotType.FEISHU)` never takes the callee's
 * `if (type === MessageRobotType.DINGTALK)` branch. Both sides compare the same value with constants.
 */
export function contradicts(g: Guard, site: Guard): boolean {
  if (g.test || site.test || !g.values.length || !site.values.length || !sameSubject(g.subject, site.subject)) return false;
  const mine = g.values.map(comparedKey);
  const theirs = site.values.map(comparedKey);
  if (mine.some((k) => k === undefined) || theirs.some((k) => k === undefined)) return false;
  if (!g.negate && !site.negate) return !mine.some((k) => theirs.includes(k));
  if (!g.negate && site.negate) return mine.every((k) => theirs.includes(k));
  if (g.negate && !site.negate) return theirs.every((k) => mine.includes(k));
  return false;
}

/** The entries of a short written list a loop element comes from, when every one is a constant. */
function entryConstants(v: Val): string[] | undefined {
  if (v.k !== 'loopvar' || !v.entries?.length) return undefined;
  const texts = v.entries.map(constantOf);
  return texts.every((t) => t !== undefined) ? texts as string[] : undefined;
}

const PROVIDER_NAMES = /oxylabs|dingtalk|dingding|yida|google.?chat|gchat|hangouts/i;

/**
 * A branch a multi-provider router takes for one provider by name (`if (provider.name.includes('oxylabs'))`,
 * `case 'dingtalk':`), with the name not known at this call: the call reaches the provider only for
 * some of its callers' values, so it is a dispatch, not a call site of that provider.
 */
export function undecidedProviderChoice(g: Guard): boolean {
  if (g.negate || constantOf(g.subject) !== undefined || entryConstants(g.subject)) return false;
  return g.values.some((v) => { const text = constantOf(v); return text !== undefined && PROVIDER_NAMES.test(text); });
}

export function substituteGuards(guards: Guard[] | undefined, fn: FnRef, args: Val[], memberOf: MemberFn): Guard[] | undefined {
  if (!guards?.length) return guards;
  return guards.map((g) => ({ ...g, subject: substitute(g.subject, fn, args, memberOf), values: g.values.map((v) => substitute(v, fn, args, memberOf)) }));
}
