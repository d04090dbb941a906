import { beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_SETTINGS, MailSettingsEnv } from "../../shared/email/brand";
import { type DeployConfigInput, parseDeployConfig } from "./config";
import { envOf, resources, type Synthesised, synthesise } from "./testing";

const brand = {
  name: "Kaffeehaus Müller",
  senderName: "Kaffeehaus Müller",
  replyTo: "hallo@kaffeehaus.example",
  logoUrl: "https://kaffeehaus.example/logo.png",
  color: "#7b3f00",
  websiteUrl: "https://kaffeehaus.example/",
  imprint: ["Kaffeehaus Müller GmbH", "Röstweg 5, 80331 München"],
};
const shop = { platform: "woocommerce", shop: "tee.example", secretName: "stammkunde/shop/tee" } as const;
const certificateArn =
  "arn:aws:acm:eu-central-1:123456789012:certificate/0b1c2d3e-aaaa-bbbb-cccc-123456789012";

describe("the brand in the deployment configuration", () => {
  it("defaults to the example shop with UTM tagging on", () => {
    const config = parseDeployConfig({});
    expect(config.brand).toEqual(EXAMPLE_SETTINGS.brand);
    expect(config.utm).toEqual({ enabled: true, source: "stammkunde", medium: "email" });
  });

  it("names each bad brand field, the shop's included", () => {
    expect(() =>
      parseDeployConfig({
        brand: { ...brand, color: "brown", replyTo: "Kaffee <x@y.example>", imprint: [] },
        shops: [{ ...shop, brand: { logoUrl: "ftp://x.example/l.png", name: "{{firstName}}" } }],
        apiDomain: { domainName: "Links.Example", certificateArn: "arn:nope" },
      }),
    ).toThrow(
      new RegExp(
        [
          "shops.0.brand.name: must not contain \\{\\{ or \\}\\}",
          "shops.0.brand.logoUrl: must be an http\\(s\\) URL",
          "brand.replyTo: must be a plain email address",
          'brand.color: must be a hex colour such as "#7b3f00"',
          "brand.imprint: ",
          "apiDomain.domainName: must be a lower-case host name",
          "apiDomain.certificateArn: must be an ACM certificate ARN",
        ].join(".*"),
      ),
    );
    expect(() => parseDeployConfig({ brand: { ...brand, slogan: "x" } })).toThrow(/brand: Unrecognized key/);
  });
});

describe("a stack with a brand, a shop's own brand and UTM switch, and its own link domain", () => {
  const config: DeployConfigInput = {
    brand,
    shops: [
      {
        ...shop,
        brand: { name: "Teeladen", logoUrl: "https://tee.example/logo.png" },
        utm: { enabled: false },
      },
    ],
    apiDomain: { domainName: "links.kaffeehaus.example", certificateArn },
  };
  let synth: Synthesised;
  beforeAll(() => {
    synth = synthesise({ config: parseDeployConfig(config) });
  }, 180_000);

  it("gives the functions that send the brands as the engine reads them", () => {
    for (const id of ["dispatch-messages", "track-journeys"]) {
      const settings = MailSettingsEnv.parse(envOf(synth.template, id).MAIL_SETTINGS);
      expect(settings.brand).toEqual(brand);
      expect(settings.shops["tee.example"]).toEqual({
        brand: { name: "Teeladen", logoUrl: "https://tee.example/logo.png" },
        utm: { enabled: false },
      });
    }
    expect(envOf(synth.template, "apply-shop-event")).not.toHaveProperty("MAIL_SETTINGS");
  });

  it("maps the API to the own domain with the certificate, and the links in mails use it", () => {
    const domains = Object.values(resources(synth.template, "AWS::ApiGatewayV2::DomainName"));
    expect(domains).toHaveLength(1);
    expect(domains[0]?.Properties).toMatchObject({
      DomainName: "links.kaffeehaus.example",
      DomainNameConfigurations: [{ CertificateArn: certificateArn, EndpointType: "REGIONAL" }],
    });
    expect(Object.values(resources(synth.template, "AWS::ApiGatewayV2::ApiMapping"))).toHaveLength(1);
    for (const id of ["dispatch-messages", "track-journeys"])
      expect(envOf(synth.template, id).PUBLIC_BASE_URL).toBe("https://links.kaffeehaus.example");
  });

  it("refuses brands too large for the functions' environment, naming the field", () => {
    const imprint = Array.from({ length: 12 }, (_, i) => `${i} ${"x".repeat(190)}`);
    expect(() => synthesise({ config: parseDeployConfig({ brand: { ...brand, imprint } }) })).toThrow(
      /brand: the brands take \d+ characters/,
    );
  });
});
