// A script's own entry point: `main();`, `main().catch(console.error)`, `void run()`,
// `if (require.main === module) await main()` at the top of the module. The function it starts
// makes the API calls; the line that starts it once is where the script begins, not a call site
// of its own (reviewers of real code agree: they label the calls inside `main`, not `main()`).
import ts from 'typescript';

/**
 * `call` starts a function declared in this file, without arguments, from a top-level statement of
 * the module. With arguments (`sendMessage('Hello')` at the bottom of a script) it is a use of a
 * wrapper like any other. A job that is also handed to a timer in the file
 * (`notify(); setInterval(notify, 60_000)`) is being run once now, ahead of its schedule: that is
 * a call of the job like its other runs.
 */
export function isScriptEntryCall(call: ts.CallExpression | ts.NewExpression, declaredHere: boolean): boolean {
  if (!declaredHere || !ts.isCallExpression(call)) return false;
  const statement = statementStarting(call);
  if (statement === undefined || !isTopLevel(statement)) return false;
  // Under `if (require.main === module)` the module is being run as a command: what it starts
  // there, with the command line's arguments (`runScraper(query, location)`), is its entry.
  const guard = entryGuardOf(statement);
  if (call.arguments.length > 0 && !guard) return false;
  const callee = call.expression;
  return ts.isIdentifier(callee) ? !handedToAnotherCall(callee) : isModuleInstanceMethod(callee, guard);
}

/** The `if (require.main === module)` (or `import.meta.main`) whose then-branch holds the statement. */
function entryGuardOf(statement: ts.Statement): ts.IfStatement | undefined {
  let child: ts.Node = statement;
  for (let n: ts.Node = statement.parent; !ts.isSourceFile(n); child = n, n = n.parent) {
    if (ts.isIfStatement(n) && child === n.thenStatement && isEntryCheck(n.expression)) return n;
  }
  return undefined;
}

const ENTRY_GUARD = /^\(?\s*(require\.main\s*===?\s*module|module\s*===?\s*require\.main|import\.meta\.main)\s*\)?$/;
/**
 * An ES module's ways of asking the same: the script the command line names is this file
 * (`import.meta.url === \`file://${process.argv[1]}\``, `process.argv[1] === fileURLToPath(import.meta.url)`,
 * `process.argv[1]?.includes('sync-to-render')`).
 */
const ARGV_SCRIPT_CHECK = /process\.argv\[1\][\s\S]*(import\.meta\.(url|filename)|__filename|\.(includes|endsWith)\(\s*['"`])|(import\.meta\.(url|filename)|__filename)[\s\S]*process\.argv\[1\]/;

/** `require.main === module` and its ES module forms, also kept in a const first (`const isMain = …; if (isMain)`). */
function isEntryCheck(condition: ts.Expression): boolean {
  const text = condition.getText();
  if (ENTRY_GUARD.test(text) || ARGV_SCRIPT_CHECK.test(text)) return true;
  if (!ts.isIdentifier(condition)) return false;
  const kept = condition.getSourceFile().statements.flatMap((st) => (ts.isVariableStatement(st) ? [...st.declarationList.declarations] : []))
    .find((d) => ts.isIdentifier(d.name) && d.name.text === condition.text);
  return !!kept?.initializer && isEntryCheck(kept.initializer);
}

/**
 * `const scheduleDepts = new ScheduleDepts(); scheduleDepts.start()`: a module that builds its own
 * job object and starts it where it is loaded, as a script calls its `main()`; under an entry
 * guard, also one built there (`const processor = new BatchProcessor(config); processor.start()`).
 */
function isModuleInstanceMethod(callee: ts.Expression, guard: ts.IfStatement | undefined): boolean {
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return false;
  const name = callee.expression.text;
  const builtHere = (statements: readonly ts.Statement[], anyArguments: boolean) => statements.some((s) => ts.isVariableStatement(s) && s.declarationList.declarations.some((d) =>
    ts.isIdentifier(d.name) && d.name.text === name && !!d.initializer && ts.isNewExpression(d.initializer) && (anyArguments || (d.initializer.arguments?.length ?? 0) === 0)));
  if (builtHere(callee.getSourceFile().statements, !!guard)) return true;
  if (!guard) return false;
  for (let n: ts.Node = callee.parent; n !== guard; n = n.parent) if (ts.isBlock(n) && builtHere(n.statements, true)) return true;
  return false;
}

/**
 * The arguments of a call that starts a script through a runner of the project
 * (`runMain(main)` as the script's last line, with `runMain(fn)` calling `fn()` and exiting): the
 * runner's call of the function is the script's start, as a bare `main()` there would be.
 */
export function scriptEntryRunnerArguments(call: ts.CallExpression | ts.NewExpression): ts.Identifier[] {
  if (!ts.isCallExpression(call) || call.arguments.length === 0) return [];
  const statement = statementStarting(call);
  if (statement === undefined || !isTopLevel(statement)) return [];
  return call.arguments.filter(ts.isIdentifier);
}

/**
 * The function itself is handed to another call of the file (`setInterval(job, ms)`,
 * `cron.schedule(expr, job)`). Calls of it elsewhere do not count: a script's `main()` under
 * `if (import.meta.main)` next to the cron callbacks that also run the job is still an entry.
 */
function handedToAnotherCall(callee: ts.Identifier): boolean {
  const name = callee.text;
  let found = false;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && n !== callee && n.text === name) {
      const p = n.parent;
      if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && !!p.arguments?.includes(n)) { found = true; return; }
    }
    ts.forEachChild(n, visit);
  };
  visit(callee.getSourceFile());
  return found;
}

/** The statement whose whole point is this call: `f()`, `await f()`, `void f()`, `f().then(…).catch(…)`, `const r = await f()`. */
function statementStarting(call: ts.CallExpression): ts.Statement | undefined {
  let n: ts.Node = call;
  for (;;) {
    const p = n.parent;
    if (ts.isAwaitExpression(p) || ts.isVoidExpression(p) || ts.isParenthesizedExpression(p)) n = p;
    else if (ts.isPropertyAccessExpression(p) && p.expression === n && ['then', 'catch', 'finally'].includes(p.name.text)
      && ts.isCallExpression(p.parent) && p.parent.expression === p) n = p.parent;
    // `module.exports = scheduleDepts.start()`: started as the module loads.
    else if (ts.isBinaryExpression(p) && p.right === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && isModuleExports(p.left)) n = p;
    // `const result = await syncToRender()` under the entry guard: the run's result kept to report it.
    else if (ts.isVariableDeclaration(p) && p.initializer === n && ts.isVariableDeclarationList(p.parent) && p.parent.declarations.length === 1
      && ts.isVariableStatement(p.parent.parent)) return p.parent.parent;
    else return ts.isExpressionStatement(p) ? p : undefined;
  }
}

/** Directly in the module, or in blocks, `if`s and `try`s there — not in any function or loop. */
function isTopLevel(statement: ts.Statement): boolean {
  for (let n: ts.Node = statement.parent; ; n = n.parent) {
    if (ts.isSourceFile(n)) return true;
    if (!(ts.isBlock(n) || ts.isIfStatement(n) || ts.isTryStatement(n) || ts.isCatchClause(n))) return false;
  }
}

function isModuleExports(e: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'module' && e.name.text === 'exports';
}
