import {
  GetAccountCommand,
  type GetAccountCommandOutput,
  SESv2Client,
  type SESv2ClientConfig,
  SendEmailCommand,
  type SendEmailCommandInput,
  type SendEmailCommandOutput,
} from "@aws-sdk/client-sesv2";
import type { Mailer, OutgoingEmail } from "./mailer";

/** The one call SesMailer makes; an `SESv2Client` fits, and so does a fault-injecting wrapper. */
export interface SesSendClient {
  send(command: SendEmailCommand): Promise<SendEmailCommandOutput>;
}

/**
 * SES refused this message and will refuse it again (rejected, account suspended, MAIL FROM not
 * verified, bad request): the caller records a skip. `message` has addresses redacted, because
 * SES puts the unverified address into some of its messages and callers log this error.
 */
export class PermanentSendError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "PermanentSendError";
  }
}

/**
 * Worth trying again later. `mayHaveBeenSent: false` means SES certainly did not accept the message
 * (throttled until the attempts ran out, connection refused): release the claim. `true` means the
 * outcome is unknown (5xx, timeout, reset): SES has no idempotency key, so keep the claim and let
 * the lease decide, rather than risk a second copy.
 */
export class TransientSendError extends Error {
  constructor(
    readonly code: string,
    readonly mayHaveBeenSent: boolean,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "TransientSendError";
  }
}

/** A rate limiter as the mailer sees it (`RateLimiter` fits); a permit without `release` is kept. */
export interface SendLimiter {
  acquire(): Promise<{ release(): void } | undefined>;
}

export interface SesMailerOptions {
  client: SesSendClient;
  /**
   * Awaited before every attempt, retries included. A throttled attempt hands its permit back
   * (when the limiter gives one): SES did not accept it, so it did not use SES's rate either.
   */
  limiter: SendLimiter;
  /** Attempts per message while SES throttles; then TransientSendError (not sent). Default 8. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** For metrics: called before each backoff. Carries no message data. */
  onThrottled?: (retry: { attempt: number; delayMs: number }) => void;
}

export class SesMailer implements Mailer {
  private readonly options: Required<Omit<SesMailerOptions, "onThrottled">> &
    Pick<SesMailerOptions, "onThrottled">;

  constructor(options: SesMailerOptions) {
    this.options = {
      maxAttempts: 8,
      baseDelayMs: 100,
      maxDelayMs: 5_000,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      ...options,
    };
  }

  async send(email: OutgoingEmail): Promise<{ messageId: string }> {
    const { client, limiter, maxAttempts, baseDelayMs, maxDelayMs, sleep, random } = this.options;
    const input = toSendEmailInput(email);
    for (let attempt = 1; ; attempt++) {
      const permit = await limiter.acquire();
      let output: SendEmailCommandOutput;
      try {
        // A fresh (cheap) command per attempt: nothing a failed attempt left on it is reused.
        output = await client.send(new SendEmailCommand(input));
      } catch (error) {
        const failure = describe(error);
        if (failure.kind === "throttled") permit?.release();
        if (failure.kind !== "throttled" || attempt >= maxAttempts) throw toSendError(failure, attempt);
        // Exponential backoff with full jitter, so throttled workers do not retry in lockstep.
        const delayMs = Math.round(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
        this.options.onThrottled?.({ attempt, delayMs });
        await sleep(delayMs);
        continue;
      }
      if (!output.MessageId) {
        throw new TransientSendError("NoMessageId", true, "SES answered without a MessageId");
      }
      return { messageId: output.MessageId };
    }
  }
}

export function toSendEmailInput(email: OutgoingEmail): SendEmailCommandInput {
  for (const { name, value } of email.headers) {
    // Checked here, not left to SES: a CR/LF in a value would be header injection in any transport.
    if (!/^[!-9;-~]{1,126}$/.test(name) || !/^[ -~]{0,995}$/.test(value)) {
      throw new PermanentSendError("InvalidHeader", `header "${name.slice(0, 40)}" is not printable ASCII`);
    }
  }
  const tags = Object.entries(email.tags)
    .map(([name, value]) => ({ Name: sesTagValue(name), Value: sesTagValue(value) }))
    .filter((tag) => tag.Name !== "" && tag.Value !== "");
  const utf8 = (Data: string) => ({ Data, Charset: "UTF-8" });
  return {
    FromEmailAddress: email.from,
    Destination: { ToAddresses: [email.to] },
    ...(email.replyTo ? { ReplyToAddresses: [email.replyTo] } : {}),
    Content: {
      Simple: {
        Subject: utf8(email.subject),
        Body: { Html: utf8(email.html), Text: utf8(email.text) },
        ...(email.headers.length > 0
          ? { Headers: email.headers.map(({ name, value }) => ({ Name: name, Value: value })) }
          : {}),
      },
    },
    ...(tags.length > 0 ? { EmailTags: tags } : {}),
    ...(email.configurationSet ? { ConfigurationSetName: email.configurationSet } : {}),
  };
}

/**
 * SES tag names and values allow only ASCII letters, digits, "_" and "-" (SES v2 API reference),
 * at most 256 characters. Anything else becomes "_"; whoever matches tags on SES events coming
 * back compares against this same function's output.
 */
export function sesTagValue(raw: string): string {
  return raw.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 256);
}

interface Failure {
  kind: "throttled" | "permanent" | "not-sent" | "unknown";
  code: string;
  message: string;
  requestId?: string;
}

const THROTTLING = new Set(["TooManyRequestsException", "ThrottlingException", "Throttling"]);
const REFUSED = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

function describe(error: unknown): Failure {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    name?: string;
    code?: string;
    message?: string;
    $fault?: string;
    $metadata?: { httpStatusCode?: number; requestId?: string };
    $retryable?: { throttling?: boolean };
  };
  const code = e.name && e.name !== "Error" ? e.name : (e.code ?? "UnknownError");
  const message = redact(e.message ?? String(error));
  const status = e.$metadata?.httpStatusCode;
  const base = { code, message, ...(e.$metadata?.requestId ? { requestId: e.$metadata.requestId } : {}) };
  if (
    THROTTLING.has(code) ||
    status === 429 ||
    status === 503 ||
    e.$retryable?.throttling === true ||
    message.includes("Maximum sending rate exceeded")
  ) {
    return { kind: "throttled", ...base };
  }
  // The daily quota: nothing this invocation can wait out, yet nothing wrong with the message.
  if (code === "LimitExceededException" || (e.code !== undefined && REFUSED.has(e.code))) {
    return { kind: "not-sent", ...base };
  }
  if (e.$fault === "client" || (status !== undefined && status >= 400 && status < 500)) {
    return { kind: "permanent", ...base };
  }
  return { kind: "unknown", ...base };
}

function toSendError(failure: Failure, attempts: number): Error {
  const { kind, code, message, requestId } = failure;
  if (kind === "permanent") return new PermanentSendError(code, message, requestId);
  const text = kind === "throttled" ? `still throttled after ${attempts} attempts: ${message}` : message;
  return new TransientSendError(code, kind === "unknown", text, requestId);
}

function redact(message: string): string {
  return message.replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, "<address>");
}

/** An SES client for SesMailer: the SDK's own retries are off, so every retry is ours and counted. */
export function createSesClient(config: SESv2ClientConfig = {}): SESv2Client {
  return new SESv2Client({ ...config, maxAttempts: 1 });
}

/** The account's SendQuota.MaxSendRate (AWS only; the emulator answers GetAccount only if configured). */
export async function maxSendRateFromAccount(client: {
  send(command: GetAccountCommand): Promise<GetAccountCommandOutput>;
}): Promise<number | undefined> {
  const account = await client.send(new GetAccountCommand({}));
  const rate = account.SendQuota?.MaxSendRate;
  return typeof rate === "number" && Number.isFinite(rate) && rate > 0 ? rate : undefined;
}
