import { randomUUID } from "node:crypto";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { inject } from "vitest";
import { type LocalHost, type LocalHostOptions, startLocalHost } from "../../infra/local/host";
import { HOSTILE } from "../../infra/local/local-bus";
import { signHex } from "../../shared/http/signature";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";

/** The bus mode of the test run: `LOCAL_BUS_MODE=hostile` (the "hostile" test project) or calm. */
export const hostileRun = () => process.env.LOCAL_BUS_MODE === "hostile";

/** A local host on the emulators of the global setup, with a table of its own. */
export function startTestHost(options: LocalHostOptions = {}): Promise<LocalHost> {
  const bus = hostileRun() ? { hostile: HOSTILE, ...options.bus } : options.bus;
  return startLocalHost({
    port: 0,
    dynamoEndpoint: inject("dynamoEndpoint"),
    sesEndpoint: inject("sesEndpoint"),
    tableName: `test-${randomUUID().slice(0, 8)}`,
    ...options,
    ...(bus ? { bus } : {}),
    // No control groups unless a test asks: tests expect mail for the customers they name.
    env: { CAMPAIGN_HOLDOUT: "0", ...options.env },
  });
}

export async function postEvents(
  host: LocalHost,
  body: unknown,
  secret: string = LOCAL_DEFAULTS.EVENTS_API_SECRET,
) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  return fetch(`${host.url}/events`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-signature": signHex(secret, raw) },
    body: raw,
  });
}

export async function admin(host: LocalHost, path: string, init: RequestInit = {}) {
  return fetch(`${host.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${LOCAL_DEFAULTS.ADMIN_TOKEN}`, ...init.headers },
  });
}

/** Every item in the host's table: "nothing written" is checked by scanning, not by trusting. */
export async function scanAll(host: LocalHost): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await host.db.send(
      new ScanCommand({ TableName: host.tableName, ExclusiveStartKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
