import { SES_DETAIL_TYPES } from "../../shared/events/routing";
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
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(body.toString("utf8"));
      } catch {
        return {
          statusCode: 400,
          body: {
            error: "the body is not valid JSON",
            issues: [{ path: "(body)", message: "not valid JSON" }],
          },
        };
      }
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
