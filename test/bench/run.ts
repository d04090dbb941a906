import "../../infra/local/require-node";
import "./quiet";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { costMarkdown, MEASURED, PRICES } from "../../infra/cloud/costs";
import { freePort, startDynamoDbLocal, startSesLocal } from "../../infra/local/emulators";
import { startLocalHost } from "../../infra/local/host";
import { bundles } from "./bundles.bench";
import { campaignEngine } from "./campaigns.bench";
import { connectorTimes } from "./connectors.bench";
import { engineCost } from "./engine-cost.bench";
import { renderMarkdown, type Section, updateReadme } from "./harness";
import { importThroughput } from "./import.bench";
import { mailRendering } from "./mail-render.bench";
import { modelFits } from "./models.bench";
import { throughput, unitsPerEvent } from "./pipeline.bench";
import { heavyCustomer } from "./profile-size.bench";
import { sweepReads } from "./sweep.bench";

/**
 * `npm run bench [-- --update-readme]`: figures, not pass/fail. Everything is measured in one run
 * on the same emulators, and speeds are given as ratios to a baseline from the same run, since
 * the machines are noisy.
 */
const { values } = parseArgs({ options: { "update-readme": { type: "boolean", default: false } } });

const dynamo = await startDynamoDbLocal({ port: await freePort() });
const ses = await startSesLocal({ port: await freePort() });
const header = `Measured ${new Date().toISOString().slice(0, 10)} on ${process.platform}/${process.arch}, node ${process.version}.`;
const sections: Section[] = [];
/** Each section is printed as soon as it is measured: a full run takes minutes. */
const add = (section: Section) => {
  sections.push(section);
  console.log(renderMarkdown([section], "").trimStart());
};
console.log(`${header}\n`);
let wcuPerNewEvent: number = MEASURED.profileWriteWcuPerEvent;
try {
  const host = await startLocalHost({
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    sesEndpoint: ses.endpoint,
    tableName: `bench-${randomUUID().slice(0, 8)}`,
  });
  try {
    const units = await unitsPerEvent(host);
    wcuPerNewEvent = units.wcuPerNewEvent;
    add(units);
    add(await throughput(host));
    add(await importThroughput(host));
    add(await heavyCustomer(host));
  } finally {
    await host.stop();
  }
  // Its own hosts and tables on the same emulators (a campaign without a wait, a bulk-loaded table).
  add(await campaignEngine({ dynamo: dynamo.endpoint, ses: ses.endpoint }));
  add(await engineCost({ dynamo: dynamo.endpoint, ses: ses.endpoint }));
  add(await sweepReads({ dynamo: dynamo.endpoint, ses: ses.endpoint }));
  add(connectorTimes());
  add(await modelFits());
  add(await mailRendering());
  add(await bundles());
} finally {
  await Promise.all([dynamo.stop(), ses.stop()]);
}

const markdown = renderMarkdown(sections, header);
// The cost model (README "Costs") with this run's profile-writer units instead of the recorded ones.
const costs = costMarkdown(undefined, undefined, { ...MEASURED, profileWriteWcuPerEvent: wcuPerNewEvent });
console.log(
  `\n**Monthly AWS cost with this run's ${wcuPerNewEvent.toFixed(2)} WCU per event (${PRICES.region})**\n\n${costs}`,
);
if (values["update-readme"]) updateReadme(markdown);
