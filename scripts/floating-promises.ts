import path from "node:path";
import ts from "typescript";

/*
 * Every query is awaited: a query or transaction left floating runs out of order or not at
 * all (drizzle's builders are lazy thenables), and its failure is lost. The type checker
 * knows which expressions are thenables, so this finds each one used as a bare statement.
 * Mark a deliberate one with `void`.
 */

const configPath = path.resolve("tsconfig.check.json");
const parsed = ts.getParsedCommandLineOfConfigFile(
  configPath,
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
    },
  },
);
if (!parsed) throw new Error(`Cannot read ${configPath}`);
const program = ts.createProgram(parsed.fileNames, parsed.options);
const checker = program.getTypeChecker();

function isThenable(type: ts.Type): boolean {
  if (type.isUnion()) return type.types.some(isThenable);
  const then = type.getProperty("then");
  return then !== undefined && checker.getTypeOfSymbol(then).getCallSignatures().length > 0;
}

/** `.catch(handler)` and `.then(onFulfilled, onRejected)` handle the rejection (and a `.finally` after them). */
function handled(expression: ts.Expression): boolean {
  if (!ts.isCallExpression(expression) || !ts.isPropertyAccessExpression(expression.expression))
    return false;
  const name = expression.expression.name.text;
  if (name === "finally") return handled(expression.expression.expression);
  return name === "catch" || (name === "then" && expression.arguments.length === 2);
}

const found: string[] = [];
for (const file of program.getSourceFiles()) {
  if (file.isDeclarationFile || file.fileName.includes("/node_modules/")) continue;
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node)) {
      const expression = node.expression;
      const bare = ts.isCallExpression(expression) || ts.isPropertyAccessExpression(expression);
      if (bare && !handled(expression) && isThenable(checker.getTypeAtLocation(expression))) {
        const { line, character } = file.getLineAndCharacterOfPosition(expression.getStart());
        const where = `${path.relative(process.cwd(), file.fileName)}:${line + 1}:${character + 1}`;
        found.push(`${where}  ${(expression.getText().split("\n")[0] ?? "").slice(0, 90)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}

if (found.length > 0) {
  console.error(`${found.length} promise(s) neither awaited nor marked with void:`);
  for (const line of found) console.error(`  ${line}`);
  process.exit(1);
}
console.log("No floating promises.");
