import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./emulators";
import { choosePort, PortTakenError, portIsFree } from "./ports";

let taken: Server;
let takenPort: number;
beforeAll(async () => {
  takenPort = await freePort();
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(takenPort, "127.0.0.1", resolve));
});
afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

describe("choosing the ports of a local stack", () => {
  it("keeps a free default and an explicit free port as they are", async () => {
    const free = await freePort();
    expect(await choosePort("SES_PORT", free, {})).toEqual({ port: free });
    const other = await freePort();
    expect(await choosePort("SES_PORT", takenPort, { SES_PORT: String(other) })).toEqual({ port: other });
  });

  it("picks a free port when the default is taken, and says which and why", async () => {
    const chosen = await choosePort("DYNAMODB_PORT", takenPort, {});
    expect(chosen.port).not.toBe(takenPort);
    expect(await portIsFree(chosen.port)).toBe(true);
    expect(chosen.note).toBe(
      `${takenPort} was taken (another stack?), so ${chosen.port}; DYNAMODB_PORT sets it`,
    );
  });

  it("refuses an explicit port that is taken or not a port, naming the variable", async () => {
    await expect(choosePort("DYNAMODB_PORT", 8000, { DYNAMODB_PORT: String(takenPort) })).rejects.toThrow(
      new PortTakenError(
        `DYNAMODB_PORT=${takenPort} is already in use (another npm start?); choose another port or leave DYNAMODB_PORT unset to get a free one`,
      ),
    );
    await expect(choosePort("SES_PORT", 8005, { SES_PORT: "80x" })).rejects.toThrow(
      'SES_PORT must be a port number from 1 to 65535, got "80x"',
    );
  });
});
