import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EngineEnv } from "../../shared/runtime/engine";
import { localEnvOf, mailSettingsOf, readConfigFile } from "./config-file";

const dir = mkdtempSync(join(tmpdir(), "local-config-"));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const brand = {
  name: "Kaffeehaus Müller",
  senderName: "Kaffeehaus Müller",
  replyTo: "hallo@kaffeehaus.example",
  logoUrl: "https://kaffeehaus.example/logo.png",
  color: "#7b3f00",
  websiteUrl: "https://kaffeehaus.example/",
  imprint: ["Kaffeehaus Müller GmbH"],
};

describe("npm start -- --config <file>", () => {
  it("gives the local functions the env the deployed ones would get", () => {
    const config = readConfigFile(
      file("ok.json", JSON.stringify({ sender: "shop@kaffeehaus.example", brand })),
    );
    const env = EngineEnv.parse(localEnvOf(config));
    expect(env.SENDER).toBe("shop@kaffeehaus.example");
    expect(env.MAIL_SETTINGS.brand).toEqual(brand);
  });

  it("names the file and the bad field, or says the file is not JSON", () => {
    const bad = file("bad.json", JSON.stringify({ brand: { ...brand, color: "brown" } }));
    expect(() => readConfigFile(bad)).toThrow(
      /config .*bad\.json is invalid: brand\.color: must be a hex colour/,
    );
    expect(() => readConfigFile(file("broken.json", "{"))).toThrow(/broken\.json: .*JSON/);
  });

  it("without a file, previews in the example shop's brand", () => {
    expect(mailSettingsOf(undefined).settings.brand.name).toBe("Example Shop");
  });
});
