import { describe, expect, it } from "vitest";
import {
  consentEvent,
  customerEvent,
  orderPlaced,
  orderRefunded,
  seededRandom,
  shuffle,
} from "../../test/support/builders";
import type { CanonicalEvent } from "../events/catalog";
import { foldEvent, type ProfileState } from "./profile";
import { viewProfile } from "./profile-view";

function foldAll(events: readonly CanonicalEvent[]): ProfileState {
  let state: ProfileState | undefined;
  for (const e of events) state = foldEvent(state, e).state;
  if (!state) throw new Error("no events");
  return state;
}

const anna = { id: "c-42", email: "anna@example.com", firstName: "Anna" };

describe("profile folding", () => {
  it("counts orders and sums net revenue per currency", () => {
    const view = viewProfile(
      foldAll([
        orderPlaced({ orderId: "o-1", amount: "100.00", at: "2026-01-01T10:00:00.000Z", customer: anna }),
        orderPlaced({ orderId: "o-2", amount: "50.50", at: "2026-02-01T10:00:00.000Z", customer: anna }),
        orderRefunded({ orderId: "o-1", amount: "20.00" }),
      ]),
    );
    expect(view.orderCount).toBe(2);
    expect(view.totalRevenue).toEqual({ amount: "130.50", currency: "EUR" });
    expect(view.firstOrderAt).toBe("2026-01-01T10:00:00.000Z");
    expect(view.lastOrderAt).toBe("2026-02-01T10:00:00.000Z");
    expect(view.lifecycleStage).toBe("repeat");
  });

  it("does not count a fully refunded order, whichever arrives first", () => {
    const order = orderPlaced({ orderId: "o-9", amount: "40.00", customer: anna });
    const refund = orderRefunded({ orderId: "o-9", amount: "40.00" });
    for (const events of [
      [order, refund],
      [refund, order],
    ]) {
      const view = viewProfile(foldAll(events));
      expect(view.orderCount).toBe(0);
      expect(view.totalRevenue.amount).toBe("0.00");
      expect(view.lifecycleStage).toBe("prospect");
    }
  });

  it("nets a refund whose order and event ids contain colons (Shopify's ids do)", () => {
    const view = viewProfile(
      foldAll([
        orderPlaced({
          id: "shopify:order:820982911946154508:placed",
          orderId: "gid:o:1",
          amount: "10.00",
          customer: anna,
        }),
        orderRefunded({ id: "shopify:refund:929361462", orderId: "gid:o:1", amount: "10.00" }),
      ]),
    );
    expect(view.orderCount).toBe(0);
    expect(view.totalRevenue.amount).toBe("0.00");
  });

  it("counts a duplicate delivery once and reports it as no change", () => {
    const order = orderPlaced({ customer: anna });
    const once = foldAll([order]);
    const again = foldEvent(once, order);
    expect(again.changed).toBe(false);
    expect(viewProfile(again.state).orderCount).toBe(1);
  });

  it("counts one order delivered under two event ids (create and paid) once", () => {
    const view = viewProfile(
      foldAll([orderPlaced({ id: "create", orderId: "o-5" }), orderPlaced({ id: "paid", orderId: "o-5" })]),
    );
    expect(view.orderCount).toBe(1);
    expect(view.totalRevenue.amount).toBe("129.90");
  });

  it("keeps the newest value of each identity field, whatever the order of arrival", () => {
    const older = customerEvent("customer.updated", {
      at: "2026-01-01T00:00:00.000Z",
      customer: { id: "c-42", firstName: "Anna", locale: "de-DE" },
    });
    const newer = customerEvent("customer.updated", {
      at: "2026-03-01T00:00:00.000Z",
      customer: { id: "c-42", firstName: "Anne" },
    });
    for (const events of [
      [older, newer],
      [newer, older],
    ]) {
      const view = viewProfile(foldAll(events));
      expect(view.firstName).toBe("Anne");
      expect(view.locale).toBe("de-DE");
    }
  });

  it("derives consent from the latest consent event: pending without confirmation, granted with it", () => {
    const pending = consentEvent("consent.granted", { at: "2026-01-01T00:00:00.000Z" });
    expect(viewProfile(foldAll([pending])).consent.email.marketing).toBe("pending");
    const confirmed = consentEvent("consent.granted", {
      at: "2026-01-02T00:00:00.000Z",
      confirmedAt: "2026-01-02T00:00:00.000Z",
    });
    const revoked = consentEvent("consent.revoked", { at: "2026-01-03T00:00:00.000Z" });
    expect(viewProfile(foldAll([revoked, confirmed, pending])).consent.email.marketing).toBe("revoked");
    expect(viewProfile(foldAll([confirmed, pending])).consent.email.marketing).toBe("granted");
  });

  it("names the category bought again: in the most orders, ties to the latest, none when nothing repeats", () => {
    const order = (n: number, categories: string[], amount = "10.00") =>
      orderPlaced({
        orderId: `o-${n}`,
        amount,
        at: `2026-0${n}-01T10:00:00.000Z`,
        customer: anna,
        categories,
      });
    const once = [order(1, ["coffee", "books"]), order(2, ["shoes"])];
    const tie = [...once, order(3, ["books"]), order(4, ["coffee"])];
    const refunded = [
      ...tie,
      order(5, ["books"]),
      order(6, ["books"]),
      orderRefunded({ orderId: "o-6", amount: "10.00" }),
    ];

    expect(viewProfile(foldAll(once)).repeatCategory).toBeNull();
    expect(viewProfile(foldAll(tie)).repeatCategory).toBe("coffee");
    // A fully refunded order is not a purchase: books in 3 counted orders beat coffee in 2.
    expect(viewProfile(foldAll(refunded)).repeatCategory).toBe("books");
  });

  it("gives one profile for any permutation of events with duplicates (property, 300 seeds)", () => {
    const events: CanonicalEvent[] = [
      orderPlaced({
        id: "e1",
        orderId: "o-1",
        amount: "19.99",
        at: "2026-01-05T10:00:00.000Z",
        customer: anna,
      }),
      orderPlaced({
        id: "e2",
        orderId: "o-2",
        amount: "250.00",
        at: "2026-02-05T10:00:00.000Z",
        categories: ["shoes"],
      }),
      orderPlaced({
        id: "e3",
        orderId: "o-3",
        amount: "5.00",
        currency: "CHF",
        at: "2026-03-05T10:00:00.000Z",
      }),
      orderPlaced({
        id: "e3b",
        orderId: "o-3",
        amount: "6.00",
        currency: "CHF",
        at: "2026-03-05T10:00:00.000Z",
      }),
      orderRefunded({ id: "e4", orderId: "o-2", amount: "50.00" }),
      orderRefunded({ id: "e5", orderId: "o-1", amount: "19.99" }),
      orderRefunded({ id: "e6", orderId: "o-404", amount: "9.00" }),
      customerEvent("customer.registered", { id: "e7", at: "2026-02-01T00:00:00.000Z" }),
      customerEvent("customer.updated", {
        id: "e8",
        at: "2026-04-10T00:00:00.000Z",
        customer: { id: "c-42", email: "new@example.com" },
      }),
      consentEvent("consent.granted", {
        id: "e9",
        at: "2026-01-01T00:00:00.000Z",
        confirmedAt: "2026-01-01T00:00:00.000Z",
      }),
      consentEvent("consent.revoked", { id: "e10", at: "2026-04-01T00:00:00.000Z" }),
    ];
    const reference = viewProfile(foldAll(events));
    expect(reference.orderCount).toBe(2);
    expect(reference.revenueByCurrency).toEqual({ EUR: "200.00", CHF: "6.00" });
    expect(reference.email).toBe("new@example.com");
    const random = seededRandom(42);
    for (let seed = 0; seed < 300; seed++) {
      const withDuplicates = [...events, ...events.filter(() => random() < 0.3)];
      const state = foldAll(shuffle(withDuplicates, random));
      expect(viewProfile(state)).toEqual(reference);
    }
  });
});
