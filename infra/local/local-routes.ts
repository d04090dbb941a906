import { SES_DETAIL_TYPES } from "../../shared/events/routing";
import { parseBoundedJson } from "../../shared/http/edge-guard";
import type { LocalRoute } from "./http-server";
import type { LocalBus } from "./local-bus";

/** A settable clock for the local host: real time unless a test or an operator pins it. */
export class LocalClock {
  private pinned: number | undefined;
  now(): Date {
    return this.pinned === undefined ? new Date() : new Date(this.pinned);
  }
  set(iso: string | undefined): void {
    this.pinned = iso === undefined ? undefined : Date.parse(iso);
  }
}

const DETAIL_TYPE: Record<string, string> = {
  Send: "Email Sent",
  Delivery: "Email Delivered",
  Bounce: "Email Bounced",
  Complaint: "Email Complaint Received",
  Open: "Email Opened",
  Click: "Email Clicked",
  Reject: "Email Rejected",
  DeliveryDelay: "Email Delivery Delayed",
  "Rendering Failure": "Email Rendering Failed",
  Subscription: "Email Subscribed",
};

/**
 * `POST /local/ses-events`: SES local does not publish events, so this puts an SES event record
 * (as SES would publish it, or a whole EventBridge envelope) on the local default bus, where the
 * same routing table delivers it to record-email-feedback.
 */
export function sesInjectionRoute(bus: LocalBus): LocalRoute {
  return {
    method: "POST",
    path: "/local/ses-events",
    auth: "admin",
    async handle({ body }) {
      const json = parseBoundedJson(body.toString("utf8"));
      if (!json.ok) return { statusCode: 400, body: { error: json.error, issues: [json.issue] } };
      if (typeof json.value !== "object" || json.value === null || Array.isArray(json.value)) {
        const issue = { path: "(body)", message: "must be a JSON object" };
        return { statusCode: 400, body: { error: "the body must be a JSON object", issues: [issue] } };
      }
      const parsed = json.value as Record<string, unknown>;
      const record = (parsed.detail ?? parsed) as Record<string, unknown>;
      const kind = String(record.eventType ?? record.notificationType ?? "");
      const detailType = (parsed["detail-type"] as string | undefined) ?? DETAIL_TYPE[kind];
      if (!detailType || !SES_DETAIL_TYPES.includes(detailType)) {
        return {
          statusCode: 400,
          body: {
            error: "not an SES event",
            issues: [{ path: "eventType", message: "unknown SES event type" }],
          },
        };
      }
      await bus.publishToDefaultBus([{ source: "aws.ses", detailType, detail: record }]);
      return { statusCode: 202, body: { accepted: 1 } };
    },
  };
}
