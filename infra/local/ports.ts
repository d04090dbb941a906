import { createServer } from "node:net";
import { freePort } from "./emulators";

/** Whether nothing listens on 127.0.0.1:`port` (a listen attempt, closed at once). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

export class PortTakenError extends Error {}

export interface ChosenPort {
  port: number;
  /** Set when the default was taken and another port was picked: what the banner says. */
  note?: string;
}

/**
 * The port for one part of a local stack: the environment variable `name` when set (refused with a
 * clear message if something already listens there), else `fallback`, or a free port when the
 * fallback is taken, say by another `npm start`. Without this check a second stack's client would
 * quietly talk to the first stack's emulator and share its data.
 */
export async function choosePort(
  name: string,
  fallback: number,
  env: Record<string, string | undefined> = process.env,
): Promise<ChosenPort> {
  const given = env[name];
  if (given !== undefined && given !== "") {
    const port = Number(given);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new PortTakenError(`${name} must be a port number from 1 to 65535, got "${given}"`);
    if (!(await portIsFree(port)))
      throw new PortTakenError(
        `${name}=${port} is already in use (another npm start?); choose another port or leave ${name} unset to get a free one`,
      );
    return { port };
  }
  if (await portIsFree(fallback)) return { port: fallback };
  const port = await freePort();
  return { port, note: `${fallback} was taken (another stack?), so ${port}; ${name} sets it` };
}
