import type { LocalHost } from "../../infra/local/host";

export interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
}

/** What SES v2 local has accepted for one recipient (the store is shared by the whole test run). */
export async function mailTo(host: LocalHost, recipient: string): Promise<StoredEmail[]> {
  const res = await fetch(`${host.sesEndpoint}/store`);
  const { emails } = (await res.json()) as { emails: StoredEmail[] };
  return emails.filter((e) =>
    e.destination.to.some((to) => to.toLowerCase().includes(recipient.toLowerCase())),
  );
}

export function header(email: StoredEmail, name: string): string | undefined {
  return email.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}
