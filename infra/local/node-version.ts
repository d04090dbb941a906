/**
 * The Node major of the functions' Lambda runtime (`nodejs22.x` in infra/cloud/house-function.ts).
 * Everything local (npm start, the tests, the bench, the CLI) runs on the same major, so what passes
 * here behaves the same in AWS; `npm ci` installs it (the `node` devDependency puts Node 22 first on
 * the PATH of every npm script) wherever the machine's own Node is older.
 */
export const LAMBDA_NODE_MAJOR = 22;

/** Why this Node will not do, in one line, or undefined when it is Lambda's major. */
export function nodeMismatch(version: string = process.versions.node): string | undefined {
  const major = Number(version.split(".")[0]);
  if (major === LAMBDA_NODE_MAJOR) return undefined;
  return (
    `Stammkunde runs on Node ${LAMBDA_NODE_MAJOR} (Lambda's nodejs${LAMBDA_NODE_MAJOR}.x), this is Node ${version}: ` +
    "run it through npm (npm start, npm test, npm run cli, npm run bench), which uses the Node " +
    `that npm ci put in node_modules/.bin, or install Node ${LAMBDA_NODE_MAJOR}.`
  );
}
