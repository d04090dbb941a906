import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { freePort } from "../../infra/local/emulators";
import { REPO_ROOT } from "./corpus";

/** `npm start` as a user runs it: a separate process in the foreground, stopped with Ctrl-C. */
export interface LocalStack {
  url: string;
  sesUrl: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Ctrl-C (SIGINT), then its exit code. */
  stop(): Promise<number | null>;
}

const TSX = `${REPO_ROOT}node_modules/tsx/dist/cli.mjs`;
const MAIN = `${REPO_ROOT}infra/local/main.ts`;

/** Ports of its own unless `env` names them, so it never meets a developer's running stack. */
export async function stackEnv(env: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    PORT: String(await freePort()),
    DYNAMODB_PORT: String(await freePort()),
    SES_PORT: String(await freePort()),
    ...env,
  };
}

/**
 * Runs infra/local/main.ts (what `npm start` runs) in `cwd` with `args`, and resolves once its
 * banner is out, or rejects with its output when it exits first.
 */
export async function startStack(options: {
  cwd: string;
  args?: string[];
  env: Record<string, string>;
}): Promise<LocalStack> {
  const child: ChildProcess = spawn(process.execPath, [TSX, MAIN, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const exited = once(child, "exit").then(([code]) => code as number | null);
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (!output.includes("Ctrl-C stops everything.")) return;
      clearInterval(timer);
      resolve();
    }, 100);
    exited.then(() => {
      clearInterval(timer);
      reject(new Error(`npm start exited before it was ready:\n${output}`));
    });
  });
  await ready;
  return {
    url: `http://127.0.0.1:${options.env.PORT}`,
    sesUrl: `http://127.0.0.1:${options.env.SES_PORT}`,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGINT");
      return exited;
    },
  };
}
