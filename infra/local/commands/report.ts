import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { FactValue, ProfileState } from "../../../shared/domain/profile";
import type { JourneyInstance } from "../../../shared/persistence/journey-store";
import { mergeFacts } from "../../../shared/persistence/profile-chunks";
import { fromItem } from "../../../shared/persistence/profile-item";
import { keys } from "../../../shared/persistence/table-design";
import { renderHtml } from "../../../shared/reporting/html";
import { buildReport } from "../../../shared/reporting/report";
import { renderText } from "../../../shared/reporting/text";
import { localClientConfig } from "../emulators";

export const REPORT_SUMMARY =
  "report [--out report.html] [--shop <id>] [--now <ISO-8601>] [--window-days 7]  " +
  "segments, churn risk, CLV and campaign results as one HTML page and terminal tables";

export interface ReportDeps {
  out: (line: string) => void;
  /** The table to read; default: DYNAMODB_ENDPOINT (http://127.0.0.1:8000) and TABLE_NAME (stammkunde). */
  db?: DynamoDBDocumentClient;
  tableName?: string;
}

const SEGMENTS = 4;

/**
 * Reads every profile and journey instance with a parallel Scan (a report reads everything once;
 * the functions themselves never scan), builds the report and writes the page.
 */
export async function runReport(argv: string[], deps: ReportDeps): Promise<number> {
  let values: { out?: string; shop?: string; now?: string; "window-days"?: string };
  try {
    values = parseArgs({
      args: argv,
      options: {
        out: { type: "string" },
        shop: { type: "string" },
        now: { type: "string" },
        "window-days": { type: "string" },
      },
    }).values;
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const asOf = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(asOf.getTime())) return fail(`--now: not an ISO-8601 time: ${values.now}`);
  const windowDays = Number(values["window-days"] ?? 7);
  if (!Number.isInteger(windowDays) || windowDays < 1)
    return fail("--window-days: must be a whole number of days >= 1");
  const outFile = values.out ?? "report.html";

  const db =
    deps.db ??
    DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: process.env.DYNAMODB_ENDPOINT ?? "http://127.0.0.1:8000",
        ...localClientConfig(),
      }),
    );
  const tableName = deps.tableName ?? process.env.TABLE_NAME ?? "stammkunde";
  const { states, instances } = await readTable(db, tableName);
  const report = buildReport(states, instances, {
    asOf,
    attributionDays: windowDays,
    ...(values.shop ? { shop: values.shop } : {}),
  });
  writeFileSync(outFile, renderHtml(report));
  deps.out(renderText(report));
  deps.out(`\nwrote ${outFile}`);
  return 0;
}

function fail(message: string): number {
  console.error(message);
  return 2;
}

async function readTable(db: DynamoDBDocumentClient, tableName: string) {
  const states: ProfileState[] = [];
  const instances: JourneyInstance[] = [];
  const chunks: Record<string, unknown>[] = [];
  await Promise.all(
    Array.from({ length: SEGMENTS }, async (_, segment) => {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await db.send(
          new ScanCommand({
            TableName: tableName,
            Segment: segment,
            TotalSegments: SEGMENTS,
            ExclusiveStartKey,
          }),
        );
        for (const item of page.Items ?? []) {
          if (item.sk === "PROFILE") states.push(fromItem(item).state);
          else if (item.type === "profile-chunk") chunks.push(item);
          else if (item.type === "journey") instances.push(item as unknown as JourneyInstance);
        }
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }),
  ).catch((error: Error) => {
    throw new Error(`cannot read table ${tableName} (is \`npm start\` running?): ${error.message}`);
  });
  // A heavy customer's older orders live in chunk items of her partition: merged into her profile.
  const byPk = new Map(states.map((s) => [keys.profile(s.shop, s.customerKey).pk, s]));
  for (const chunk of chunks) {
    const state = byPk.get(chunk.pk as string);
    if (state) mergeFacts(state.facts, chunk.f as Record<string, FactValue>);
  }
  return { states, instances };
}
