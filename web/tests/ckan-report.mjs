// ckanext-validation's report component (its own bundled frictionless-components, as the
// extension ships it) rendering stored validation reports in headless Chromium, as the
// resource's validation page does. For each report: whether the component took it (it shows
// a "broken report" notice for reports it cannot read), the row numbers it lists, and the
// cells it highlights; a screenshot of each goes next to the report.
//
// Usage: node ckan-report.mjs ASSETS_DIR REPORT.json…   (ASSETS_DIR: the extension's
// webassets/vendor/frictionless-components). Prints one JSON object per report.

import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [assets, ...reports] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
const results = [];
try {
  for (const file of reports) {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems = [];
    page.on("pageerror", (error) => problems.push(String(error)));
    page.on("request", (request) => {
      if (!request.url().startsWith("about:") && !request.url().startsWith("data:")) {
        problems.push(`request to ${request.url()}`);
      }
    });
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body><div id="report"></div></body></html>');
    await page.addStyleTag({ path: join(assets, "frictionless-components.min.css") });
    await page.addScriptTag({ path: join(assets, "frictionless-components.min.js") });
    const report = JSON.parse(readFileSync(file, "utf8"));
    // What the extension's module-validation-report.js does with the stored report.
    await page.evaluate((report) => {
      const element = document.getElementById("report");
      frictionlessComponents.render(frictionlessComponents.Report, { report }, element);
    }, report);
    await page.waitForTimeout(300);
    const seen = await page.evaluate(() => {
      const text = (el) => (el.textContent || "").trim();
      const root = document.getElementById("report");
      return {
        text: text(root).slice(0, 500000),
        broken: /broken|invalid report|not valid/i.test(text(root).slice(0, 200)),
        groups: [...root.querySelectorAll(".result")].length,
        rowIndexes: [...root.querySelectorAll("td.result-row-index")].map(text),
        failCells: [...root.querySelectorAll("td.fail")].map(text),
      };
    });
    await page.screenshot({ path: file.replace(/\.json$/, ".png"), fullPage: true });
    results.push({ file, problems, ...seen });
    await page.close();
  }
} finally {
  await browser.close();
}
for (const result of results) {
  console.log(JSON.stringify(result));
}
