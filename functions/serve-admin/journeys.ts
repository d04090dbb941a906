import type { HttpResult } from "../../shared/http/responses";
import { json } from "../../shared/http/responses";
import type { JourneyInstance } from "../../shared/persistence/journey-store";
import { type CustomerPartitions, kindOf } from "../../shared/privacy/customer-partition";

/**
 * `GET /admin/customers/<id>/journeys`: "why did (or didn't) she get this mail" in one request.
 * One Query of the customer's partition (no scan), every journey instance with its status and its
 * decision ledger (scheduled, deferred with the reason and until when, claimed, sent with SES's
 * message id, skipped or exited with the reason), oldest trigger first. The trigger's own data
 * (cart links, order lines) is left out: the export route has everything.
 */
export async function journeysResponse(
  shop: string,
  customerKey: string,
  customerId: string,
  partitions: Pick<CustomerPartitions, "items">,
): Promise<HttpResult> {
  const items = await partitions.items(shop, customerKey);
  if (items.length === 0) return json(404, { error: "no such customer" });
  const journeys = items
    .filter((item) => kindOf(item) === "journey")
    .map((item) => item as unknown as JourneyInstance)
    .sort((a, b) => (a.triggeredAt < b.triggeredAt ? -1 : a.triggeredAt > b.triggeredAt ? 1 : 0))
    .map((j) => ({
      campaignId: j.campaignId,
      key: j.key,
      status: j.status,
      priority: j.priority,
      trigger: { type: j.trigger?.type, eventId: j.triggerEventId, at: j.triggeredAt },
      firstDueAt: j.firstDueAt,
      dueAt: j.dueAt,
      attempts: j.attempts,
      ...(j.messageId ? { messageId: j.messageId } : {}),
      ledger: j.ledger,
    }));
  return json(200, { shop, customerId, journeys });
}
