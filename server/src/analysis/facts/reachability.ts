// Code after an unconditional `return` or `throw` never runs: `sendMsg() { return Promise.resolve({}); …
// rp.post(messageSendUrl) }` is a send switched off by hand. The call is still written there (a call
// site), but it makes no calls for its callers, its loops or its schedules.
import ts from 'typescript';

/** Whether a statement before `node` in one of its enclosing blocks (up to `owner`) always leaves it. */
export function afterExit(node: ts.Node, owner: ts.Node): boolean {
  let child: ts.Node = node;
  for (let n: ts.Node | undefined = node.parent; n && n !== owner; child = n, n = n.parent) {
    if (ts.isBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n)) {
      const exit = firstExit(n);
      if (exit >= 0 && child.pos > n.statements[exit].pos) return true;
    }
    if (ts.isFunctionLike(n)) break;
  }
  return false;
}

// Blocks hold thousands of statements in generated code: find each block's first exit once.
const firstExits = new WeakMap<ts.Node, number>();

function firstExit(block: ts.Block | ts.CaseClause | ts.DefaultClause): number {
  let i = firstExits.get(block);
  if (i === undefined) {
    i = block.statements.findIndex((s) => ts.isReturnStatement(s) || ts.isThrowStatement(s));
    firstExits.set(block, i);
  }
  return i;
}
