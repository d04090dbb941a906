import { CfnOutput, Stack } from "aws-cdk-lib";
import { EventBus } from "aws-cdk-lib/aws-events";
import { Grant, type IGrantable } from "aws-cdk-lib/aws-iam";
import { ConfigurationSet, EmailSendingEvent, EventDestination } from "aws-cdk-lib/aws-ses";
import { Construct } from "constructs";
import { PLAIN_ADDRESS } from "../../shared/email/address";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";

/** The sender when the configuration names none: the local host's SENDER. */
export const DEFAULT_SENDER = LOCAL_DEFAULTS.SENDER;

/**
 * What SES publishes for messages sent with the configuration set. Everything the feedback loop
 * (record-email-feedback, route "ses-feedback") reads, and what an operator wants to see in an
 * archive or a replay; subscription events are not used (no SES contact lists).
 */
export const SES_EVENTS: readonly EmailSendingEvent[] = [
  EmailSendingEvent.SEND,
  EmailSendingEvent.DELIVERY,
  EmailSendingEvent.BOUNCE,
  EmailSendingEvent.COMPLAINT,
  EmailSendingEvent.OPEN,
  EmailSendingEvent.CLICK,
  EmailSendingEvent.REJECT,
  EmailSendingEvent.DELIVERY_DELAY,
  EmailSendingEvent.RENDERING_FAILURE,
];

export { PLAIN_ADDRESS };

export interface StammkundeEmailProps {
  /** The From address, e.g. from `cdk deploy -c sender=shop@example.com`. */
  readonly sender: string;
}

/**
 * Sending through SES: a configuration set whose events go to the account's default bus (SES can
 * publish nowhere else), where the "ses-feedback" rule picks them up. The sender's identity is
 * not created here: verifying a domain needs DNS records at the shop's registrar, done once in
 * the SES console; the stack only grants sending as that identity.
 */
export class StammkundeEmail extends Construct {
  readonly sender: string;
  readonly senderDomain: string;
  readonly configurationSet: ConfigurationSet;

  constructor(scope: Construct, id: string, props: StammkundeEmailProps) {
    super(scope, id);
    const domain = PLAIN_ADDRESS.exec(props.sender)?.[1];
    if (!domain) {
      throw new Error(
        `sender must be a plain email address such as ${DEFAULT_SENDER}, got "${props.sender}"`,
      );
    }
    this.sender = props.sender;
    this.senderDomain = domain.toLowerCase();

    const stack = Stack.of(this);
    this.configurationSet = new ConfigurationSet(this, "ConfigurationSet");
    // The default bus by its ARN, written exactly as the event destination construct checks it.
    const defaultBus = EventBus.fromEventBusArn(
      this,
      "DefaultBus",
      stack.formatArn({ service: "events", resource: "event-bus", resourceName: "default" }),
    );
    this.configurationSet.addEventDestination("ToEventBridge", {
      destination: EventDestination.eventBus(defaultBus),
      events: [...SES_EVENTS],
    });

    new CfnOutput(this, "SenderIdentity", {
      value: this.senderDomain,
      description: "Verify this domain in SES (DKIM) before sending; the functions may send only as it",
    });
  }

  /**
   * The identities a send as `sender` is authorised on: the domain (the one to verify), and the
   * address itself, which SES checks instead when the address is verified as its own identity.
   */
  identityArns(): string[] {
    const stack = Stack.of(this);
    const identity = (name: string) =>
      stack.formatArn({ service: "ses", resource: "identity", resourceName: name });
    return [identity(this.senderDomain), identity(this.sender)];
  }

  configurationSetArn(): string {
    return Stack.of(this).formatArn({
      service: "ses",
      resource: "configuration-set",
      resourceName: this.configurationSet.configurationSetName,
    });
  }

  /** ses:SendEmail as the sender, through this configuration set only; and the env that goes with it. */
  grantSend(grantee: IGrantable): Record<string, string> {
    Grant.addToPrincipal({
      grantee,
      actions: ["ses:SendEmail"],
      resourceArns: [...this.identityArns(), this.configurationSetArn()],
    });
    return { SENDER: this.sender, SES_CONFIGURATION_SET: this.configurationSet.configurationSetName };
  }
}
