// A CKAN page in headless Chromium: loads URL, waits for calidad's block (#calidad), prints
// what a reader sees in it (its text, whether it is visible, the mark) and keeps a screenshot.
//
// Usage: node ckan-page.mjs URL SCREENSHOT.png
import { chromium } from "playwright-core";

const [url, shot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  const response = await page.goto(url, { waitUntil: "load", timeout: 60000 });
  const block = page.locator("#calidad");
  const found = (await block.count()) > 0;
  const seen = {
    status: response ? response.status() : 0,
    found,
    visible: found && (await block.isVisible()),
    text: found ? (await block.innerText()).slice(0, 20000) : "",
    mark: found ? await page.locator("[data-calidad-mark]").first().textContent().catch(() => null) : null,
    pageText: (await page.locator("body").innerText()).slice(0, 200000),
    errors,
  };
  if (found) {
    await block.scrollIntoViewIfNeeded();
  }
  await page.screenshot({ path: shot, fullPage: true });
  console.log(JSON.stringify(seen));
} finally {
  await browser.close();
}
