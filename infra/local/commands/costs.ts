import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { type Assumptions, costMarkdown, DEFAULT_ASSUMPTIONS, PRICES, TIERS } from "../../cloud/costs";

export const COSTS_SUMMARY =
  "costs [--customers 10000,100000,1000000] [--events-per-customer 3] [--mails-per-customer 2] [--update-readme]  " +
  "monthly AWS cost from the bench's units and AWS list prices";

const NUMBER_FLAGS = {
  "events-per-customer": "eventsPerCustomer",
  "mails-per-customer": "mailsPerCustomer",
  "kb-per-customer": "kbPerCustomer",
  "shop-secrets": "shopSecrets",
} as const satisfies Record<string, keyof Assumptions>;

/** `costs`: the table of README "Costs", for your own numbers of customers, events and mails. */
export function runCosts(argv: string[], io: { out: (line: string) => void; readme?: string }): number {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        customers: { type: "string" },
        "update-readme": { type: "boolean" },
        ...Object.fromEntries(Object.keys(NUMBER_FLAGS).map((k) => [k, { type: "string" as const }])),
      },
      strict: true,
    }).values;
  } catch (error) {
    io.out(`error: ${(error as Error).message}`);
    return 2;
  }
  const assumptions: Assumptions = { ...DEFAULT_ASSUMPTIONS };
  for (const [flag, key] of Object.entries(NUMBER_FLAGS)) {
    const text = values[flag];
    if (typeof text !== "string") continue;
    const n = Number(text);
    if (!Number.isFinite(n) || n < 0) {
      io.out(`error: --${flag}: a number of 0 or more, got ${text}`);
      return 2;
    }
    assumptions[key] = n;
  }
  const customers =
    typeof values.customers === "string"
      ? values.customers.split(",").map((s) => Number(s.trim()))
      : [...TIERS];
  if (customers.some((n) => !Number.isInteger(n) || n < 1)) {
    io.out(`error: --customers: whole numbers above 0, separated by commas, got ${values.customers}`);
    return 2;
  }
  const table = costMarkdown(customers, assumptions);
  if (values["update-readme"]) {
    const path = io.readme ?? "README.md";
    const readme = readFileSync(path, "utf8");
    if (!readme.includes("<!-- costs:start -->")) {
      io.out(`error: ${path} has no <!-- costs:start --> ... <!-- costs:end --> block`);
      return 2;
    }
    writeFileSync(
      path,
      readme.replace(
        /<!-- costs:start -->[\s\S]*?<!-- costs:end -->/,
        `<!-- costs:start -->\n${table}\n<!-- costs:end -->`,
      ),
    );
  }
  io.out(table);
  io.out(
    `\n${PRICES.region} list prices as of ${PRICES.asOf}; ${assumptions.eventsPerCustomer} events and ` +
      `${assumptions.mailsPerCustomer} mails per customer and month (infra/cloud/costs.ts lists every assumption).`,
  );
  return 0;
}
