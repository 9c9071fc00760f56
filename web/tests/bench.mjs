// The page on a big file, against the CLI on the same file, in one run: wall time, and peak
// memory — the browser's processes (page, worker, GPU, browser; anonymous resident memory summed, sampled
// every 100 ms, minus what they held before the file was dropped) against the CLI's maximum
// resident set. Not a test: a measurement for the README.
//
// Usage: node bench.mjs FILE   (CALIDAD_BIN: a release build; CHROMIUM: the browser)

import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const binary = process.env.CALIDAD_BIN || join(root, "target/release/calidad");
const file = resolve(process.argv[2] || join(root, "benches/data/portal-1m.csv"));
const megabytes = statSync(file).size / 1e6;

/** Resident set (kB) of this script's Chromium and all its descendants. */
function resident() {
  const children = new Map();
  const rss = new Map();
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(pid));
      const match = readFileSync(`/proc/${pid}/status`, "utf8").match(/RssAnon:\s+(\d+) kB/);
      rss.set(Number(pid), match ? Number(match[1]) : 0);
    } catch {
      // the process ended between listing and reading
    }
  }
  let total = 0;
  const stack = (children.get(process.pid) || []).filter((pid) => {
    try {
      return /chrom/.test(readFileSync(`/proc/${pid}/comm`, "utf8"));
    } catch {
      return false;
    }
  });
  while (stack.length) {
    const pid = stack.pop();
    total += rss.get(pid) || 0;
    stack.push(...(children.get(pid) || []));
  }
  return total;
}

function cli() {
  const started = process.hrtime.bigint();
  let out;
  try {
    out = execFileSync("/usr/bin/time", ["-f", "%M", binary, "validate", "--format", "json", file], { maxBuffer: 1 << 30, stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    out = error.stderr;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const lines = out.toString().trim().split("\n");
  return { seconds, peakMb: Number(lines[lines.length - 1]) / 1024 };
}

const server = spawn(binary, ["serve", "--port", "0", "--web", join(root, "web")], { stdio: ["ignore", "ignore", "pipe"] });
const url = await new Promise((ok) => {
  let said = "";
  server.stderr.on("data", (chunk) => {
    said += chunk;
    const found = said.match(/http:\/\/[0-9.:]+\//);
    if (found) ok(found[0]);
  });
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]");
  const progress = [];
  await page.exposeFunction("__progress", (value) => progress.push(value));
  const before = resident();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, resident());
  }, 100);
  const started = process.hrtime.bigint();
  await page.setInputFiles("#file", file);
  await page.waitForFunction(() => {
    const bar = document.getElementById("progress-bar");
    if (!document.getElementById("progress").hidden) window.__progress(bar.value);
    return !document.getElementById("result").hidden;
  }, null, { timeout: 600000, polling: 250 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const mark = await page.textContent(".mark");
  const engineMb = Number(await page.getAttribute("body", "data-engine-memory")) / 1048576;
  const browserRun = { seconds, engineMb, peakMb: (peak - before) / 1024, totalMb: peak / 1024, progressSeen: new Set(progress).size };
  const cliRun = cli();
  console.log(JSON.stringify({ file, megabytes: Number(megabytes.toFixed(1)), mark: mark.trim(), browser: browserRun, cli: cliRun }, null, 2));
  console.log(`| page (WebAssembly, one thread) | ${browserRun.seconds.toFixed(1)} s | ${(megabytes / browserRun.seconds).toFixed(0)} MB/s | +${browserRun.peakMb.toFixed(0)} MB (browser total ${browserRun.totalMb.toFixed(0)} MB; engine memory ${browserRun.engineMb.toFixed(0)} MB) |`);
  console.log(`| CLI (\`calidad validate\`) | ${cliRun.seconds.toFixed(1)} s | ${(megabytes / cliRun.seconds).toFixed(0)} MB/s | ${cliRun.peakMb.toFixed(0)} MB |`);
} finally {
  await browser.close();
  server.kill();
}
