import { renderTemplate, TemplateError } from "../email/templates";
import { type Campaign, type CampaignInput, defineCampaigns } from "./definition";
import { PLAYBOOK } from "./playbook";
import { TEMPLATE_VARIABLES } from "./render";

/**
 * Every campaign this deployment runs: the playbook every shop gets on day one. Loaded (and so
 * validated) by the functions at cold start, by `npm test` and by `cdk synth`: a wrong definition
 * fails all three with the campaign and the field named.
 */
export function loadCampaigns(inputs: readonly CampaignInput[] = PLAYBOOK): Campaign[] {
  const campaigns = defineCampaigns(inputs);
  const problems: string[] = [];
  const probe = Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, "x"]));
  for (const c of campaigns) {
    for (const [locale, template] of Object.entries(c.templates)) {
      try {
        // The preheader goes into the HTML part, so it is checked as part of it.
        renderTemplate({ ...template, html: `${template.html}${template.preheader ?? ""}` }, probe);
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        problems.push(`campaign ${c.id}: templates.${locale}.${error.part}: ${error.message}`);
      }
    }
  }
  if (problems.length) throw new Error(`invalid campaign definitions:\n  ${problems.join("\n  ")}`);
  return campaigns;
}
