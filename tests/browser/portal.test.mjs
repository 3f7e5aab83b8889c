// The portal as a person uses it, in Debian's Chromium driven by playwright-core:
// type a misspelled code into the search box, submit, click the first result,
// copy an example body. Starts `errcat serve` on a free loopback port and stops it.
// Run by scripts/test after the Rust tests: node tests/browser/portal.test.mjs
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const binary = process.env.ERRCAT_BIN ?? new URL("../../target/debug/errcat", import.meta.url).pathname;
const results = [];

async function check(name, body) {
  try {
    await body();
    results.push([name, true]);
    console.log(`ok   ${name}`);
  } catch (error) {
    results.push([name, false]);
    console.log(`FAIL ${name}: ${error.message}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

const server = spawn(binary, ["serve", "--listen", "127.0.0.1:0"], { stdio: ["ignore", "pipe", "ignore"] });
const base = await new Promise((resolve, reject) => {
  createInterface({ input: server.stdout }).once("line", (line) => resolve(line.match(/http:\/\/\S+/)[0]));
  server.once("exit", (code) => reject(new Error(`errcat serve exited with ${code}`)));
});

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const context = await browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await context.newPage();

  await check("the home page lists the five catalogs", async () => {
    await page.goto(base);
    const cards = await page.locator(".cards li").count();
    assert(cards === 5, `saw ${cards} catalogs`);
  });

  await check("typing a misspelled code and pressing Enter finds it", async () => {
    await page.getByLabel("Search errors by code, id or text").fill("resorce_not_fuond");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#results-heading");
    const first = await page.locator(".results li a").first().innerText();
    assert(first.includes("resource_not_found"), `first result: ${first}`);
    assert(page.url().endsWith("/?q=resorce_not_fuond"), `a link to the search: ${page.url()}`);
  });

  await check("clicking a result opens the entry page", async () => {
    await page.locator(".results li a").first().click();
    await page.waitForSelector("article h1");
    const heading = await page.locator("article h1").innerText();
    assert(heading.includes("AllowlistIdentifierNotFound"), `heading: ${heading}`);
  });

  await check("the copy button copies an example body", async () => {
    await page.locator("button.copy").first().click();
    await page.waitForFunction(() => document.querySelector("button.copy").textContent === "Copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert(JSON.parse(copied).code === "resource_not_found", `copied: ${copied.slice(0, 80)}`);
  });

  await check("on a phone the page does not scroll sideways", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `overflows by ${overflow}px`);
  });
} finally {
  await browser.close();
  server.kill();
}

const failed = results.filter(([, ok]) => !ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
