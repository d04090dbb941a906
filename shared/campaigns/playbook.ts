// Issue 7: the confirmation mail of the double opt-in (transactional, sent at once).
import { doubleOptIn } from "../privacy/double-opt-in";
import type { CampaignInput } from "./definition";
// The greeting and sign-off live with the playbook's copy; the layout adds the footer.
import { button, letter } from "./playbook/copy";
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
      de: letter("de", "Ihr Warenkorb wartet auf Sie", [
        "Ihr Warenkorb über {{cartTotal}} ist noch für Sie reserviert.",
        button("Zum Warenkorb", "checkoutUrl"),
        "Haben Sie Fragen? Antworten Sie einfach auf diese E-Mail.",
      ]),
      en: letter("en", "Your cart is waiting for you", [
        "Your cart of {{cartTotal}} is still saved for you.",
        button("Back to your cart", "checkoutUrl"),
        "Questions? Just reply to this email.",
      ]),
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
      de: letter("de", "Danke, dass Sie wieder bei uns bestellt haben", [
        "Sie haben zum zweiten Mal bei uns bestellt. Schön, dass Sie wiederkommen: Ab heute sind Sie bei uns Stammkunde.",
      ]),
      en: letter("en", "Thank you for ordering again", [
        "This is your second order with us. We are glad you came back: from today you are one of our regulars.",
      ]),
    },
  },
  ...DAY_ONE_CAMPAIGNS,
  doubleOptIn,
];
