import type { Campaign } from "./definition";

/** One line per campaign, as the CLI lists them and the README's catalogue shows them. */
export function describeCampaign(c: Campaign) {
  const conditions = (list: Campaign["trigger"]["where"]) =>
    list.map(
      (w) => `${w.path.replace(/^event\./, "")} ${w.op}${"value" in w ? ` ${JSON.stringify(w.value)}` : ""}`,
    );
  const where = conditions(c.trigger.where);
  const wait =
    c.wait.kind === "none"
      ? "none (sent at once)"
      : c.wait.kind === "delay"
        ? c.wait.duration
        : c.wait.kind === "local-time"
          ? `${c.wait.after}, then ${c.wait.at} local time`
          : `${c.wait.offset} from ${c.wait.path}`;
  const exits = c.exits.map((e) =>
    e.kind === "order-since"
      ? "any order since"
      : `${e.event}${e.where.length ? ` where ${conditions(e.where).join(" and ")}` : ""}${e.sameKey ? " (same key)" : ""}`,
  );
  return {
    id: c.id,
    name: c.name,
    trigger: `${c.trigger.event}${where.length ? ` where ${where.join(" and ")}` : ""}`,
    wait,
    exit: [...exits, ...(c.priority === "transactional" ? [] : ["consent revoked"])].join("; "),
    priority: c.priority,
    reentry: c.reentry.kind === "cooldown" ? `cooldown ${c.reentry.duration}` : c.reentry.kind,
    on: c.enabled,
    description: c.description,
  };
}

export function catalogueMarkdown(campaigns: readonly Campaign[]): string {
  const rows = campaigns.map(describeCampaign);
  return [
    "| campaign | trigger | wait | exits | priority | re-entry | on |",
    "|---|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| **${r.id}**: ${r.description} | ${r.trigger} | ${r.wait} | ${r.exit || "-"} | ${r.priority} | ${r.reentry} | ${r.on ? "yes" : "no"} |`,
    ),
  ].join("\n");
}
