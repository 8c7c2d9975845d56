// Syntax that leaves a value as it is: parentheses, type assertions (`as`, `satisfies`, `<T>x`)
// and non-null assertions (`x!`). Facts look through them so `(await sleep(1000)) as void` and
// `{ crons: [...] } satisfies VercelConfig` read as the expressions they wrap.
import ts from 'typescript';

/** The expression inside parentheses and type or non-null assertions. */
export function unwrapValue(e: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e)
    || ts.isTypeAssertionExpression(e) || ts.isNonNullExpression(e)
  ) e = e.expression;
  return e;
}

/** As unwrapValue, and through `await` too: for facts about the promise's work, not its result. */
export function unwrapAwaited(e: ts.Expression): ts.Expression {
  for (;;) {
    const inner = unwrapValue(e);
    if (!ts.isAwaitExpression(inner)) return inner;
    e = inner.expression;
  }
}

/** The outermost of the parentheses and assertions around a node: the expression its parent sees. */
export function outermostValue(node: ts.Node): ts.Node {
  let n = node;
  while (
    n.parent && (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent)
      || ts.isTypeAssertionExpression(n.parent) || ts.isNonNullExpression(n.parent))
  ) n = n.parent;
  return n;
}
