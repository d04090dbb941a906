import { describe, expect, it } from "vitest";
import { parseBody } from "./common";

describe("reading a webhook body", () => {
  it("refuses bytes that are not UTF-8 instead of storing U+FFFD in their place", () => {
    const raw = Buffer.concat([
      Buffer.from('{"first_name":"An'),
      Buffer.from([0xc0, 0xaf]),
      Buffer.from('na"}'),
    ]);
    expect(parseBody(raw)).toEqual({ ok: false, issues: [{ path: "(body)", message: "not valid UTF-8" }] });
  });

  it("reads UTF-8 with multi-byte characters and keeps 18-digit ids exact", () => {
    const raw = Buffer.from('{"first_name":"Jürgen","id":115310627314723954}');
    expect(parseBody(raw)).toEqual({ ok: true, body: { first_name: "Jürgen", id: "115310627314723954" } });
  });
});
