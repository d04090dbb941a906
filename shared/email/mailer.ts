/**
 * The port through which every email leaves: one rendered message in, SES's message id out.
 * Adapters: SES v2 (shared/email/ses-mailer.ts; the same code talks to aws-ses-v2-local) and,
 * for fault injection only, a throttling fake in test/support.
 */
export interface OutgoingEmail {
  /** A plain address or `"Display Name" <address>` (shared/email/address.ts `fromHeader`). */
  from: string;
  to: string;
  /** Where the customer's reply goes: the brand's `replyTo`. */
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post on every non-transactional mail. */
  headers: { name: string; value: string }[];
  /** SES message tags: they come back on every SES event for this message (campaign, instance). */
  tags: Record<string, string>;
  /** The SES configuration set that publishes this message's events. */
  configurationSet?: string;
}

export interface Mailer {
  /** Resolves with SES's message id once SES accepted the message; retries throttling itself. */
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

/** Normalised SES event, from either of SES's shapes (event publishing `eventType`, notifications `notificationType`). */
export type SesEventKind =
  | "send"
  | "delivery"
  | "bounce"
  | "complaint"
  | "open"
  | "click"
  | "reject"
  | "delivery-delay"
  | "rendering-failure"
  | "subscription";

export interface SesEvent {
  kind: SesEventKind;
  /** Only for bounces: a permanent bounce suppresses the address, a transient one does not. */
  permanent?: boolean;
  /** The addresses concerned (for a bounce or complaint: the bounced / complaining recipients). */
  recipients: string[];
  messageId: string;
  at: string;
  tags: Record<string, string[]>;
  /** For clicks: the link clicked. */
  link?: string;
}
