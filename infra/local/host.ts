import type { Server } from "node:http";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { EventBridgeEvent } from "aws-lambda";
import { z } from "zod";
import type { CampaignInput } from "../../shared/campaigns/definition";
import type { SesSendClient } from "../../shared/email/ses-mailer";
import { SCHEDULES } from "../../shared/events/routing";
import type { CapacityMeter } from "../../shared/persistence/capacity";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import {
  type Emulator,
  freePort,
  LOCAL_AWS_ENV,
  localClientConfig,
  startDynamoDbLocal,
  startSesLocal,
} from "./emulators";
import { type LocalFunction, wireFunctions } from "./functions";
import { createHttpServer, type LocalRoute } from "./http-server";
import { localContext } from "./lambda-context";
import { LocalBus, type LocalBusOptions } from "./local-bus";
import { LocalClock, sesInjectionRoute } from "./local-routes";
import { ensureTable } from "./table";

export interface LocalHostOptions {
  /** API port; 0 picks a free one. */
  port?: number;
  /** Use running emulators instead of starting them (tests share one pair). */
  dynamoEndpoint?: string;
  sesEndpoint?: string;
  dynamoPort?: number;
  sesPort?: number;
  /** Keep DynamoDB Local's data under this folder instead of in memory. */
  persistPath?: string;
  tableName?: string;
  env?: Record<string, string | undefined>;
  bus?: LocalBusOptions;
  meter?: CapacityMeter;
  /** Replaces the SES client (fault injection, e.g. throttling); the default talks to the emulator. */
  ses?: SesSendClient;
  /** Campaigns to run instead of the playbook (the bench runs one without a wait). */
  campaigns?: readonly CampaignInput[];
}

export interface LocalHost {
  url: string;
  dynamoEndpoint: string;
  sesEndpoint: string;
  tableName: string;
  db: DynamoDBDocumentClient;
  bus: LocalBus;
  functions: Record<string, LocalFunction>;
  /** Scheduled jobs, runnable on demand with a given `now`. */
  jobs: Record<string, (now: Date) => Promise<unknown>>;
  /** The time the functions see (track-journeys decides immediate sends with it); tests set it. */
  clock: LocalClock;
  stop(): Promise<void>;
}

const JobRequest = z.object({ now: z.iso.datetime({ offset: true }).optional() });

/** The whole system on a laptop: emulators, the table, the bus, the same functions behind the same routes. */
export async function startLocalHost(options: LocalHostOptions = {}): Promise<LocalHost> {
  for (const [k, v] of Object.entries(LOCAL_AWS_ENV)) process.env[k] ??= v;
  const env = { ...process.env, ...options.env };
  const started: Emulator[] = [];
  try {
    const start = async (emulator: Promise<Emulator>): Promise<string> => {
      const e = await emulator;
      started.push(e);
      return e.endpoint;
    };
    const dynamoEndpoint: string =
      options.dynamoEndpoint ??
      (await start(
        startDynamoDbLocal({
          port: options.dynamoPort ?? 8000,
          ...(options.persistPath ? { dbPath: options.persistPath } : {}),
        }),
      ));
    const sesEndpoint: string =
      options.sesEndpoint ?? (await start(startSesLocal({ port: options.sesPort ?? 8005 })));

    const tableName: string = options.tableName ?? env.TABLE_NAME ?? "stammkunde";
    const raw = new DynamoDBClient({ endpoint: dynamoEndpoint, ...localClientConfig(), maxAttempts: 6 });
    await ensureTable(raw, tableName);
    const db = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });

    const functions: Record<string, LocalFunction> = {};
    const bus = new LocalBus((target, event: EventBridgeEvent<string, unknown>) => {
      const fn = functions[target];
      if (!fn) throw new Error(`no local function ${target}`);
      return fn(event, localContext(target));
    }, options.bus);
    const port = options.port === 0 ? await freePort() : (options.port ?? Number(env.PORT ?? 3000));
    const url = `http://127.0.0.1:${port}`;
    const clock = new LocalClock();
    const wired = wireFunctions({
      db,
      tableName,
      sesEndpoint,
      bus,
      env,
      now: () => clock.now(),
      publicUrl: env.PUBLIC_BASE_URL ?? url,
      ...(options.meter ? { meter: options.meter } : {}),
      ...(options.ses ? { ses: options.ses } : {}),
      ...(options.campaigns ? { campaigns: options.campaigns } : {}),
    });
    Object.assign(functions, wired.functions);

    // Each scheduled job runs its function as the scheduler would, with the schedule's time.
    const jobs: LocalHost["jobs"] = {};
    for (const s of SCHEDULES) {
      const fire = (now: Date) =>
        wired.functions[s.target]({ time: now.toISOString(), source: "aws.events" }, localContext(s.target));
      // Hostile: the scheduler fires every tick twice at once (it promises at least once); the
      // answer is the run that did the work, not the one that found the other running.
      jobs[s.job] = bus.hostile
        ? async (now) => {
            const runs = await Promise.all([fire(now), fire(now)]);
            return runs.find((r) => !(r as { overlapping?: boolean } | undefined)?.overlapping) ?? runs[0];
          }
        : fire;
    }
    const localRoutes: LocalRoute[] = [
      {
        method: "POST",
        path: "/admin/jobs/{name}",
        auth: "admin",
        async handle({ params, body }) {
          // Own properties only: `constructor` or `__proto__` names no job.
          const name = params.name ?? "";
          const job = Object.hasOwn(jobs, name) ? jobs[name] : undefined;
          if (!job)
            return { statusCode: 404, body: { error: `no job ${params.name}`, jobs: Object.keys(jobs) } };
          let parsed: z.infer<typeof JobRequest>;
          try {
            parsed = JobRequest.parse(body.length ? JSON.parse(body.toString("utf8")) : {});
          } catch {
            return {
              statusCode: 400,
              body: {
                error: 'body must be {"now": "<ISO-8601>"}',
                issues: [{ path: "now", message: "must be an ISO-8601 date-time" }],
              },
            };
          }
          return { statusCode: 200, body: await job(parsed.now ? new Date(parsed.now) : new Date()) };
        },
      },
    ];

    localRoutes.push(sesInjectionRoute(bus));
    const server = createHttpServer({
      functions,
      localRoutes,
      adminToken: env.ADMIN_TOKEN ?? LOCAL_DEFAULTS.ADMIN_TOKEN,
    });
    await listen(server, port);

    return {
      url,
      clock,
      dynamoEndpoint,
      sesEndpoint,
      tableName,
      db,
      bus,
      functions,
      jobs,
      async stop() {
        await new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        });
        await bus.idle();
        raw.destroy();
        await Promise.all(started.map((e) => e.stop()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((e) => e.stop()));
    throw error;
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
}
