import "./require-node";
import { readFileSync, writeFileSync } from "node:fs";
import { loadCampaigns } from "../../shared/campaigns/catalog";
import { catalogueMarkdown, describeCampaign } from "../../shared/campaigns/describe";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { COSTS_SUMMARY, runCosts } from "./commands/costs";
import { IMPORT_SUMMARY, runImport } from "./commands/import";
import { PREDICT_SUMMARY, runPredict } from "./commands/predict";
import { PREVIEW_SUMMARY, runPreview } from "./commands/preview";
import { REDRIVE_SUMMARY, runRedrive } from "./commands/redrive";
import { REPORT_SUMMARY, runReport } from "./commands/report";

/**
 * `npm run cli -- <command>`: the operator CLI. Commands that act on a running system talk to the
 * local host's HTTP API (STAMMKUNDE_URL, default http://127.0.0.1:3000); others work on files.
 */
type Command = { summary: string; run(argv: string[]): Promise<number> };
type JourneyView = {
  campaignId: string;
  key: string;
  status: string;
  ledger: { at: string; decision: string; reason?: string; until?: string; messageId?: string }[];
};

const out = (line: string) => console.log(line);
const baseUrl = () => process.env.STAMMKUNDE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;

const commands: Record<string, Command> = {
  campaigns: {
    summary: "campaigns [--update-readme]  list every campaign: trigger, wait, exits, priority, on/off",
    async run(argv) {
      const campaigns = loadCampaigns();
      if (argv.includes("--update-readme")) {
        const readme = readFileSync("README.md", "utf8");
        const updated = readme.replace(
          /<!-- campaigns:start -->[\s\S]*?<!-- campaigns:end -->/,
          `<!-- campaigns:start -->\n${catalogueMarkdown(campaigns)}\n<!-- campaigns:end -->`,
        );
        writeFileSync("README.md", updated);
      }
      for (const c of campaigns.map(describeCampaign)) {
        out(`${c.id}  (${c.priority}, ${c.on ? "on" : "off"}, ${c.reentry})`);
        out(`  trigger: ${c.trigger}`);
        out(`  wait:    ${c.wait}`);
        out(`  exits:   ${c.exit || "-"}`);
      }
      return 0;
    },
  },
  preview: {
    summary: PREVIEW_SUMMARY,
    run: (argv) =>
      runPreview(argv, {
        out,
        baseUrl: baseUrl(),
        adminToken: process.env.ADMIN_TOKEN ?? LOCAL_DEFAULTS.ADMIN_TOKEN,
      }),
  },
  predict: {
    summary: PREDICT_SUMMARY,
    run: (argv) => runPredict(argv, { out }),
  },
  costs: {
    summary: COSTS_SUMMARY,
    run: async (argv) => runCosts(argv, { out }),
  },
  report: {
    summary: REPORT_SUMMARY,
    run: (argv) => runReport(argv, { out }),
  },
  redrive: {
    summary: REDRIVE_SUMMARY,
    run: (argv) => runRedrive(argv, { out }),
  },
  import: {
    summary: IMPORT_SUMMARY,
    run: (argv) => runImport(argv, { out }),
  },
  journeys: {
    summary:
      "journeys <customerId> [--shop <id>]  the customer's journeys with their decision ledger (why a mail went or did not)",
    async run(argv) {
      const { parseArgs } = await import("node:util");
      const { values, positionals } = parseArgs({
        args: argv,
        options: { shop: { type: "string" } },
        allowPositionals: true,
      });
      const id = positionals[0];
      if (!id) return usage("journeys needs a customer id");
      const query = values.shop ? `?shop=${encodeURIComponent(values.shop)}` : "";
      const res = await fetch(`${baseUrl()}/admin/customers/${encodeURIComponent(id)}/journeys${query}`, {
        headers: { authorization: `Bearer ${process.env.ADMIN_TOKEN ?? LOCAL_DEFAULTS.ADMIN_TOKEN}` },
      }).catch((error: Error) => {
        throw new Error(
          `cannot reach the local host at ${baseUrl()} (is \`npm start\` running?): ${error.message}`,
        );
      });
      const body = (await res.json()) as { journeys?: JourneyView[]; error?: string };
      if (!res.ok || !body.journeys) {
        console.error(body.error ?? `HTTP ${res.status}`);
        return 1;
      }
      for (const j of body.journeys) {
        out(`${j.campaignId} / ${j.key}: ${j.status}`);
        for (const e of j.ledger)
          out(
            `  ${e.at}  ${e.decision}${e.reason ? ` (${e.reason})` : ""}${e.until ? ` until ${e.until}` : ""}${e.messageId ? ` ${e.messageId}` : ""}`,
          );
      }
      return 0;
    },
  },
  job: {
    summary:
      "job <dispatch|churn-sweep|fit-model> [--now <ISO-8601>]  run a scheduled job on the running local host",
    async run(argv) {
      const { parseArgs } = await import("node:util");
      const { values, positionals } = parseArgs({
        args: argv,
        options: { now: { type: "string" } },
        allowPositionals: true,
      });
      const name = positionals[0];
      if (!name) return usage("job needs a name");
      if (values.now !== undefined && Number.isNaN(Date.parse(values.now)))
        return usage(`--now: not an ISO-8601 time: ${values.now}`);
      const res = await fetch(`${baseUrl()}/admin/jobs/${encodeURIComponent(name)}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${process.env.ADMIN_TOKEN ?? LOCAL_DEFAULTS.ADMIN_TOKEN}`,
          "content-type": "application/json",
        },
        body: JSON.stringify(values.now ? { now: values.now } : {}),
      }).catch((error: Error) => {
        throw new Error(
          `cannot reach the local host at ${baseUrl()} (is \`npm start\` running?): ${error.message}`,
        );
      });
      out(JSON.stringify(await res.json(), null, 2));
      return res.ok ? 0 : 1;
    },
  },
};

function usage(problem?: string): number {
  if (problem) console.error(problem);
  out("usage: npm run cli -- <command> [options]\n\ncommands:");
  for (const command of Object.values(commands)) out(`  ${command.summary}`);
  return problem ? 2 : 0;
}

const [name, ...rest] = process.argv.slice(2);
if (!name || name === "--help" || name === "-h" || name === "help") process.exit(usage());
const command = commands[name];
if (!command) process.exit(usage(`unknown command: ${name}`));
try {
  process.exit(await command.run(rest));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
