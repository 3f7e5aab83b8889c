// The portal as a person uses it, in Debian's Chromium driven by playwright-core:
// type a misspelled code into the search box, submit, click the first result,
// copy an example body and a handling snippet, unfold the other profiles,
// filter a catalog's table, search as you type, read it on a phone and in dark
// mode. Screenshots (desktop and phone, light and dark) land in
// target/screenshots/portal/ for a reviewer. Starts `errcat serve` on a free
// loopback port and stops it.
// Run by scripts/test after the Rust tests: node tests/browser/portal.test.mjs
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const binary = process.env.ERRCAT_BIN ?? new URL("../../target/debug/errcat", import.meta.url).pathname;
const shots = new URL("../../target/screenshots/portal/", import.meta.url).pathname;
mkdirSync(shots, { recursive: true });
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
    const button = page.locator(".example button.copy").first();
    await button.click();
    await page.waitForFunction(() => document.querySelector(".example button.copy").textContent === "Copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert(JSON.parse(copied).errors[0].code === "resource_not_found", `copied: ${copied.slice(0, 80)}`);
  });

  await check("the copy button copies a handling snippet", async () => {
    await page.locator("#handle-ts button.copy").click();
    await page.waitForFunction(() => document.querySelector("#handle-ts button.copy").textContent === "Copied");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert(copied.includes("import { parseError }") && copied.includes('error?.code === "resource_not_found"'), `copied: ${copied}`);
  });

  await check("the entry leads with the catalog's own profile and folds the others", async () => {
    const first = await page.locator(".example h3").first().innerText();
    assert(first.startsWith("clerk"), `first body: ${first}`);
    const problem = page.locator(".other-profiles .example h3", { hasText: /^problem/ });
    assert(!(await problem.isVisible()), "the problem body starts folded");
    await page.locator(".other-profiles summary").click();
    assert(await problem.isVisible(), "unfolded, the problem body shows");
    await page.locator(".other-profiles summary").click();
    assert(!(await problem.isVisible()), "folded again");
  });

  await check("messages show example values, marked with their placeholder", async () => {
    const mark = page.locator(".message mark").first();
    assert((await mark.getAttribute("title")) === "{identifierID}", await mark.getAttribute("title"));
    const text = await page.locator(".message").innerText();
    assert(!text.includes("{identifierID}"), `message: ${text}`);
  });

  await check("a catalog's table filters by status, group and typed text", async () => {
    const visible = () => page.locator("#entries tbody tr:visible").count();
    await page.goto(`${base}/catalogs/clerk`);
    assert((await visible()) === 314, "every Clerk entry in one table");
    await page.selectOption("#f-status", "404");
    const byStatus = await visible();
    assert(byStatus > 0 && byStatus < 314, `status 404: ${byStatus}`);
    const statuses = await page.locator("#entries tbody tr:visible").evaluateAll((rows) => rows.map((r) => r.dataset.status));
    assert(statuses.every((s) => s === "404"), `statuses: ${statuses}`);
    assert(page.url().includes("status=404"), `the filter is in the address: ${page.url()}`);
    await page.goto(`${base}/catalogs/planfix`);
    const all = await visible();
    assert(all === 71, `saw ${all} rows`);
    const group = await page.locator("#f-group option").nth(1).getAttribute("value");
    await page.selectOption("#f-group", group);
    const byGroup = await visible();
    assert(byGroup > 0 && byGroup < all, `group ${group}: ${byGroup}`);
    await page.selectOption("#f-group", "");
    await page.locator("#f-text").fill("2004");
    const byText = await visible();
    assert(byText >= 1 && byText < 5, `text 2004: ${byText}`);
    assert((await page.locator("#f-count").innerText()).startsWith(`${byText} of 71`), "the count follows");
    assert(page.url().includes("filter=2004"), `the filter is in the address: ${page.url()}`);
    await page.locator("#f-text").fill("");
  });

  await check("search answers as you type", async () => {
    await page.goto(`${base}/catalogs/plunk`);
    await page.getByLabel("Search errors by code, id or text").pressSequentially("templat", { delay: 30 });
    await page.waitForSelector("#live-results li a");
    const first = await page.locator("#live-results li a").first().innerText();
    assert(/template/i.test(first), `first live hit: ${first}`);
    assert(page.url().endsWith("/catalogs/plunk"), `no page load: ${page.url()}`);
    await page.locator("#live-results li a").first().click();
    await page.waitForSelector("article h1");
  });

  await check("screenshots: desktop and phone, light and dark", async () => {
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [name, width, height] of [["desktop", 1280, 900], ["phone", 375, 812]]) {
        await page.setViewportSize({ width, height });
        await page.goto(`${base}/catalogs/plunk/errors/TEMPLATE_NOT_FOUND`);
        await page.screenshot({ path: `${shots}entry-${name}-${scheme}.png`, fullPage: true });
        await page.goto(`${base}/catalogs/plunk`);
        await page.screenshot({ path: `${shots}catalog-${name}-${scheme}.png`, fullPage: true });
        await page.goto(base);
        await page.screenshot({ path: `${shots}home-${name}-${scheme}.png`, fullPage: true });
      }
    }
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await check("dark mode renders a dark page", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`${base}/catalogs/plunk/errors/TEMPLATE_NOT_FOUND`);
    const [r, g, b] = (await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).match(/\d+/g).map(Number);
    assert(r + g + b < 150, `background rgb(${r}, ${g}, ${b})`);
    await page.emulateMedia({ colorScheme: "light" });
    const light = (await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).match(/\d+/g).map(Number);
    assert(light[0] + light[1] + light[2] > 600, `light background ${light}`);
  });

  await check("on a phone the pages do not scroll sideways", async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    for (const path of ["/", "/catalogs/clerk", "/catalogs/plunk", "/catalogs/clerk/errors/AllowlistIdentifierNotFound", "/catalogs/plunk/errors/TEMPLATE_NOT_FOUND", "/?q=not+found"]) {
      await page.goto(`${base}${path}`);
      await page.locator(".other-profiles summary").first().click().catch(() => {});
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 0, `${path} overflows by ${overflow}px`);
    }
  });
} finally {
  await browser.close();
  server.kill();
}

const failed = results.filter(([, ok]) => !ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
