// Issue 7: the confirmation mail of the double opt-in (transactional, sent at once).
import { doubleOptIn } from "../privacy/double-opt-in";
import type { CampaignInput } from "./definition";
// The shared footer (why the mail came, one-click unsubscribe) and greeting live with the playbook's copy.
import { footer, hello } from "./playbook/copy";
import { DAY_ONE_CAMPAIGNS } from "./playbook/index";

/** The retention playbook (see the README's campaign catalogue, generated from these definitions). */
export const PLAYBOOK: CampaignInput[] = [
  {
    id: "high-value-cart",
    name: "High-value cart reminder",
    description:
      "A checkout of at least 500 EUR not completed within 4 hours: one personal reminder with the cart link.",
    priority: "lifecycle",
    trigger: {
      event: "checkout.updated",
      where: [
        { path: "event.data.completed", op: "eq", value: false },
        {
          path: "event.data.total",
          op: "money-gte",
          value: { EUR: "500", CHF: "500", USD: "550", GBP: "450" },
        },
      ],
      correlate: "event.data.checkoutId",
    },
    wait: { kind: "delay", duration: "PT4H" },
    exits: [
      {
        kind: "event",
        event: "checkout.updated",
        where: [{ path: "event.data.completed", op: "eq", value: true }],
        sameKey: true,
      },
    ],
    reentry: { kind: "once-per-key" },
    maxDeferral: "P2D",
    templates: {
      de: {
        subject: "Ihr Warenkorb wartet auf Sie",
        html: `<p>${hello.de},</p><p>Ihr Warenkorb über {{cartTotal}} ist noch für Sie reserviert.{{#checkoutUrl}} <a href="{{checkoutUrl}}">Zum Warenkorb</a>{{/checkoutUrl}}</p><p>Haben Sie Fragen? Antworten Sie einfach auf diese E-Mail.</p>${footer.de.html}`,
        text: `${hello.de},\n\nIhr Warenkorb über {{cartTotal}} ist noch für Sie reserviert.{{#checkoutUrl}} {{checkoutUrl}}{{/checkoutUrl}}\n\n${footer.de.text}`,
      },
      en: {
        subject: "Your cart is waiting for you",
        html: `<p>${hello.en},</p><p>Your cart of {{cartTotal}} is still saved for you.{{#checkoutUrl}} <a href="{{checkoutUrl}}">Back to your cart</a>{{/checkoutUrl}}</p><p>Questions? Just reply to this email.</p>${footer.en.html}`,
        text: `${hello.en},\n\nYour cart of {{cartTotal}} is still saved for you.{{#checkoutUrl}} {{checkoutUrl}}{{/checkoutUrl}}\n\n${footer.en.text}`,
      },
    },
  },
  {
    id: "repeat-buyer-thanks",
    name: "Repeat-buyer thanks",
    description:
      "On the second order the customer becomes a Stammkunde: a thank-you at 10:00 their time, no offer.",
    priority: "lifecycle",
    trigger: { event: "order.placed", where: [{ path: "profile.orderCount", op: "eq", value: 2 }] },
    wait: { kind: "local-time", after: "PT1H", at: "10:00" },
    exits: [],
    reentry: { kind: "once-ever" },
    templates: {
      de: {
        subject: "Danke, dass Sie wieder bei uns bestellt haben",
        html: `<p>${hello.de},</p><p>Sie haben zum zweiten Mal bei uns bestellt. Schön, dass Sie wiederkommen: Ab heute sind Sie bei uns Stammkunde.</p>${footer.de.html}`,
        text: `${hello.de},\n\nSie haben zum zweiten Mal bei uns bestellt. Schön, dass Sie wiederkommen: Ab heute sind Sie bei uns Stammkunde.\n\n${footer.de.text}`,
      },
      en: {
        subject: "Thank you for ordering again",
        html: `<p>${hello.en},</p><p>This is your second order with us. We are glad you came back: from today you are one of our regulars.</p>${footer.en.html}`,
        text: `${hello.en},\n\nThis is your second order with us. We are glad you came back: from today you are one of our regulars.\n\n${footer.en.text}`,
      },
    },
  },
  ...DAY_ONE_CAMPAIGNS,
  doubleOptIn,
];
