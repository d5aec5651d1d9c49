// Drives the built UI (ui/build) in headless Chromium against the fake backend in fake-backend.js:
// every page renders, the test ids the end-to-end specs use are present, and errors become toasts.
// Needs `npm run build -w ui` first and Debian's chromium (/usr/bin/chromium, or CHROMIUM_PATH).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdtemp } from "node:fs/promises";
import { existsSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../../ui/build/", import.meta.url));
const fakeBackend = fileURLToPath(new URL("./fake-backend.js", import.meta.url));
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json" };

let server;
let base;
let browser;
let shots;

async function serve() {
  const s = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(root, path);
    const target = existsSync(file) && extname(file) ? file : join(root, "index.html");
    try {
      const body = await readFile(target);
      res.writeHead(200, { "content-type": types[extname(target)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => s.listen(0, "127.0.0.1", resolve));
  return s;
}

async function open(path, { backend = true, theme, books = 130, settingsWarnings, hugeStats = false, clients = false, viewport = { width: 1360, height: 860 } } = {}) {
  const context = await browser.newContext({ viewport });
  if (backend) {
    await context.addInitScript(`window.__FAKE_BACKEND_CONFIG__ = ${JSON.stringify({ books, theme, settingsWarnings, hugeStats, clients })};`);
    await context.addInitScript({ path: fakeBackend });
  }
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}${path}`);
  return { page, errors, close: () => context.close() };
}

const id = (testId) => `[data-testid="${testId}"]`;

before(async () => {
  assert.ok(existsSync(join(root, "index.html")), "ui/build/index.html is missing: run `npm run build -w ui` first");
  server = await serve();
  base = `http://127.0.0.1:${server.address().port}`;
  shots = process.env.UI_SMOKE_SCREENSHOTS ?? (await mkdtemp(join(tmpdir(), "aural-ui-")));
  browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

describe("UI against the fake backend", () => {
  it("dashboard shows the figures and the running job", async () => {
    const { page, errors, close } = await open("/");
    await page.waitForSelector(id("stats-total-books"));
    assert.equal(await page.textContent(id("stats-total-books")), "130");
    assert.match(await page.textContent(id("stats-total-hours")), /h$/);
    await page.waitForSelector(id("activity-job-job-running"));
    assert.equal(await page.getAttribute("html", "data-theme"), "dark");
    await page.screenshot({ path: join(shots, "dashboard.png") });
    assert.deepEqual(errors, []);
    await close();
  });

  it("library pages, searches, filters, switches to covers and opens a book", async () => {
    const { page, errors, close } = await open("/library");
    await page.waitForSelector('[data-testid^="book-row-"]');
    assert.equal(await page.textContent(id("library-total")), "130");
    assert.equal(await page.textContent(id("library-page-label")), "Page 1 of 3");
    await page.screenshot({ path: join(shots, "library-table.png") });

    await page.click(id("library-page-next"));
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === "Page 2 of 3", id("library-page-label"));
    assert.match(page.url(), /page=2/);

    await page.keyboard.press("Control+k");
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), "library-search-input");
    await page.keyboard.type("kings");
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent !== "130", id("library-total"));
    assert.equal(await page.textContent(id("library-page-label")), "Page 1 of 1");

    await page.click(id("library-status-filter"));
    await page.check(id("library-status-owned"));
    await page.waitForURL(/status=owned$/);
    await page.check(id("library-status-wanted"));
    await page.waitForURL(/status=owned%2Cwanted/);
    assert.equal((await page.textContent(id("library-status-filter"))).trim(), "Owned, Wanted");
    await page.keyboard.press("Escape");

    await page.click(id("library-view-grid"));
    await page.waitForSelector('[data-testid^="book-card-"]');
    await page.screenshot({ path: join(shots, "library-grid.png") });
    await page.click(id("library-view-table"));

    const row = page.locator('[data-testid^="book-row-"]').first();
    const rowId = (await row.getAttribute("data-testid")).replace("book-row-", "");
    await row.click();
    await page.waitForURL(new RegExp(`/books/${rowId}$`));
    await page.waitForSelector(id("book-detail-title"));
    assert.deepEqual(errors, []);
    await close();
  });

  it("picks rows with Ctrl and Shift, changes them in bulk and undoes it from the toast", async () => {
    const { page, errors, close } = await open("/library?status=wanted");
    await page.waitForSelector('[data-testid^="book-row-"]');
    const rows = page.locator('[data-testid^="book-row-"]');
    const total = Number(await page.textContent(id("library-total")));
    await rows.nth(0).click({ modifiers: ["Control"] });
    await rows.nth(2).click({ modifiers: ["Shift"] });
    assert.equal(await page.textContent(id("selection-count")), "3 books selected");
    assert.equal(await page.locator('[data-testid^="book-row-"][aria-selected="true"]').count(), 3);
    await page.screenshot({ path: join(shots, "library-selection.png") });

    await page.selectOption(id("selection-status"), "owned");
    await page.waitForFunction(([sel, n]) => document.querySelector(sel)?.textContent === String(n), [id("library-total"), total - 3]);
    assert.match(await page.textContent(id("toast")), /3 books set to Owned/);
    assert.equal(await page.isVisible(id("selection-bar")), false, "the selection ends with the change");

    await page.click(id("toast-action"));
    await page.waitForFunction(([sel, n]) => document.querySelector(sel)?.textContent === String(n), [id("library-total"), total]);

    await page.focus('[data-testid^="book-row-"][tabindex="0"]');
    await page.keyboard.press("Control+a");
    assert.equal(await page.textContent(id("selection-count")), `All ${total} matching books selected`);
    await page.click(id("selection-clear"));
    assert.deepEqual(errors, []);
    await close();
  });

  it("a row's own context menu sets its status, from the mouse and from the keyboard", async () => {
    const { page, close } = await open("/library?status=missing");
    await page.waitForSelector('[data-testid^="book-row-"]');
    const total = Number(await page.textContent(id("library-total")));
    const row = page.locator('[data-testid^="book-row-"]').first();
    await row.click({ button: "right" });
    await page.waitForSelector(id("context-menu"));
    await page.screenshot({ path: join(shots, "library-context-menu.png") });
    await page.keyboard.press("Escape");
    assert.equal(await page.isVisible(id("context-menu")), false);

    await page.focus('[data-testid^="book-row-"][tabindex="0"]');
    await page.keyboard.press("Shift+F10");
    await page.waitForSelector(id("context-menu"));
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowRight");
    await page.waitForSelector(id("context-submenu"));
    await page.click(id("menu-status-wanted"));
    await page.waitForFunction(([sel, n]) => document.querySelector(sel)?.textContent === String(n), [id("library-total"), total - 1]);
    assert.match(await page.textContent(id("toast")), /1 book set to Wanted/);
    await close();
  });

  it("sorts by a column header, and reverses on a second click", async () => {
    const { page, close } = await open("/library");
    await page.waitForSelector('[data-testid^="book-row-"]');
    await page.click(id("book-sort-runtime"));
    await page.waitForURL(/sort=runtime$/);
    assert.equal(await page.getAttribute(`:has(> ${id("book-sort-runtime")})`, "aria-sort"), "ascending");
    await page.click(id("book-sort-runtime"));
    await page.waitForURL(/sort=runtime&desc=1/);
    assert.equal(await page.getAttribute(`:has(> ${id("book-sort-runtime")})`, "aria-sort"), "descending");
    await page.click(id("book-sort-status"));
    await page.waitForURL(/sort=status$/);
    await close();
  });

  it("fits the smallest window: title and status show, the pager sits above the activity bar", async () => {
    const { page, close } = await open("/library", { viewport: { width: 960, height: 600 } });
    await page.waitForSelector('[data-testid^="book-row-"]');
    const header = await page.$$eval('[role="columnheader"]', (cells) => cells.map((c) => c.textContent.trim()).filter(Boolean));
    assert.ok(header.some((h) => h.startsWith("Title")) && header.includes("Status"), `title and status stay: ${header}`);
    assert.ok(!header.includes("Released"), `the released date gives way first: ${header}`);
    const pager = await page.locator(id("library-page-label")).boundingBox();
    const bar = await page.locator(".activity-bar, [data-testid='activity-bar']").first().boundingBox();
    assert.ok(pager && pager.y + pager.height <= (bar ? bar.y : 600), `pager ${JSON.stringify(pager)} above ${JSON.stringify(bar)}`);
    const scroll = await page.evaluate(() => {
      const sideways = [...document.querySelectorAll("*")].filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "hidden" && getComputedStyle(e).overflowX !== "visible");
      return sideways.map((e) => e.className);
    });
    assert.deepEqual(scroll, [], "nothing scrolls sideways");
    await page.screenshot({ path: join(shots, "library-960x600.png") });

    await page.click(id("library-columns"));
    await page.uncheck(id("library-column-author"));
    await page.keyboard.press("Escape");
    const narrower = await page.$$eval('[role="columnheader"]', (cells) => cells.map((c) => c.textContent.trim()).filter(Boolean));
    assert.ok(!narrower.includes("Author"), `the hidden column is gone: ${narrower}`);
    await close();
  });

  it("resizes a column by dragging its edge: header and cells move together, and the table scrolls sideways past the window", async () => {
    const { page, close } = await open("/library", { viewport: { width: 960, height: 600 } });
    await page.waitForSelector('[data-testid^="book-row-"]');
    const headerCell = page.locator(`:has(> ${id("book-sort-title")})`);
    const before = (await headerCell.boundingBox()).width;
    const handle = await page.locator(id("book-resize-title")).boundingBox();
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + 400, handle.y + handle.height / 2, { steps: 5 });
    await page.mouse.up();
    const after = (await headerCell.boundingBox()).width;
    assert.ok(after > before + 300, `the title column widened from ${before} to ${after}`);
    const firstTitle = await page.locator('[data-testid^="book-row-"] .title-cell').first().boundingBox();
    assert.ok(Math.abs(firstTitle.width - after) < 2, `cells follow the header: ${firstTitle.width} vs ${after}`);
    const header = await page.$$eval('[role="columnheader"]', (cells) => cells.map((c) => c.textContent.trim()).filter(Boolean));
    assert.ok(header.includes("Status"), `status stays: ${header}`);

    const scroller = page.locator(".vtable-scroll");
    assert.ok(await scroller.evaluate((e) => e.scrollWidth > e.clientWidth), "a table wider than the window scrolls sideways");
    await scroller.evaluate((e) => {
      e.scrollLeft = 200;
      e.dispatchEvent(new Event("scroll"));
    });
    await page.waitForFunction(() => document.querySelector(".vtable-header-clip")?.scrollLeft === document.querySelector(".vtable-scroll")?.scrollLeft);

    await page.focus(id("book-resize-title"));
    await page.keyboard.press("Delete");
    await page.waitForFunction(([sel, w]) => document.querySelector(sel).getBoundingClientRect().width < w - 300, [`:has(> ${id("book-sort-title")})`, after]);
    await close();
  });

  it("jumps to a typed page, and to the first and last", async () => {
    const { page, close } = await open("/library?perPage=25");
    await page.waitForSelector('[data-testid^="book-row-"]');
    await page.fill(id("library-page-jump"), "4");
    await page.press(id("library-page-jump"), "Enter");
    await page.waitForURL(/page=4/);
    assert.equal(await page.textContent(id("library-page-label")), "Page 4 of 6");
    await page.click(id("library-page-last"));
    await page.waitForURL(/page=6/);
    await page.fill(id("library-page-jump"), "99");
    await page.press(id("library-page-jump"), "Enter");
    assert.equal(await page.textContent(id("library-page-label")), "Page 6 of 6", "a page past the end is the last");
    await page.click(id("library-page-first"));
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === "Page 1 of 6", id("library-page-label"));
    await close();
  });

  it("comes back to the list as it was left: by Esc, by Backspace, and from the sidebar", async () => {
    const { page, close } = await open("/library?status=wanted&sort=runtime");
    await page.waitForSelector('[data-testid^="book-row-"]');
    await page.focus('[data-testid^="book-row-"][tabindex="0"]');
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowDown");
    const chosen = await page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
    await page.keyboard.press("Enter");
    await page.waitForSelector(id("book-detail-title"));
    await page.keyboard.press("Escape");
    await page.waitForURL(/\/library\?status=wanted&sort=runtime$/);
    await page.waitForFunction((want) => document.activeElement?.getAttribute("data-testid") === want, chosen);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), chosen, "the same row has focus again");

    await page.keyboard.press("Enter");
    await page.waitForSelector(id("book-detail-title"));
    await page.keyboard.press("Backspace");
    await page.waitForURL(/\/library\?status=wanted&sort=runtime$/);

    await page.click(id("nav-dashboard"));
    await page.waitForURL(/\/$/);
    await page.click(id("nav-library"));
    await page.waitForURL(/\/library\?status=wanted&sort=runtime$/);
    assert.match(page.url(), /\/library\?status=wanted&sort=runtime$/, "the sidebar returns to the list as it was left");
    await close();
  });

  it("lays out right-to-left titles from the right and cuts them at their end", async () => {
    const { page, close } = await open(`/library?q=${encodeURIComponent("הצל")}`, { viewport: { width: 960, height: 600 } });
    await page.waitForSelector(id("book-row-21"));
    const title = page.locator(`${id("book-row-21")} .title`);
    assert.equal(await title.evaluate((e) => getComputedStyle(e).direction), "rtl");
    assert.ok(await title.evaluate((e) => e.scrollWidth > e.clientWidth), "the long title is cut");
    assert.equal(await title.getAttribute("title"), "הצל של הרוח, ספר שני בסדרה הארוכה מאוד", "the whole title shows on hover");
    assert.equal(await page.isVisible(id("peek-book-row")), false, "no peek before the keyboard is used");
    await page.focus(id("book-row-21"));
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowUp");
    await page.waitForSelector(id("peek-book-row"), { state: "visible" });
    assert.match(await page.textContent(id("peek-book-row")), /הצל של הרוח, ספר שני בסדרה הארוכה מאוד · by /, "and on keyboard focus");
    await close();
  });

  it("table and cover grid are each one Tab stop, moved through with the arrow keys", async () => {
    const { page, close } = await open("/library");
    await page.waitForSelector('[data-testid^="book-row-"]');
    const stops = await page.$$eval('[role="grid"] :is(a[href], button, input, [tabindex])', (els) =>
      els.filter((e) => e.tabIndex >= 0 && !e.closest('[role="columnheader"]')).length,
    );
    assert.equal(stops, 1, "only the active row takes Tab");
    await page.focus('[data-testid^="book-row-"][tabindex="0"]');
    await page.keyboard.press("ArrowRight");
    assert.match(await page.evaluate(() => document.activeElement?.getAttribute("data-testid")), /^book-link-author-/);

    await page.click(id("library-view-grid"));
    await page.waitForSelector('[data-testid^="book-card-"][tabindex="0"]');
    assert.equal(await page.locator('[data-testid^="book-card-"][tabindex="0"]').count(), 1);
    await page.focus('[data-testid^="book-card-"][tabindex="0"]');
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.index), "1");
    await page.keyboard.press("ArrowDown");
    const perRow = await page.evaluate(() => Number(document.activeElement?.dataset.index) - 1);
    assert.ok(perRow > 1, `down moves a whole row of ${perRow}`);
    await page.click(id("library-view-table"));
    await close();
  });

  it("sizes the cover grid with its slider, and shows the placeholder for a cover it cannot read", async () => {
    const { page, errors, close } = await open("/library?sort=addedDate");
    await page.click(id("library-view-grid"));
    await page.waitForSelector(id("book-card-1"));
    // Book 1 has a cover key; there is no cover scheme outside the app, so the picture fails and gives way.
    await page.waitForSelector(id("book-cover-placeholder-1"));
    assert.equal(await page.locator(id("book-cover-1")).count(), 0);
    const edge = async () => (await page.locator(id("book-cover-placeholder-2")).boundingBox()).width;
    const before = await edge();
    await page.fill(id("library-cover-size"), "224");
    await page.waitForFunction((w) => document.querySelector('[data-testid="book-cover-placeholder-2"]').getBoundingClientRect().width > w, before);
    assert.equal(await edge(), 224);
    const cards = await page.$$eval('[data-testid^="book-card-"][data-index]', (els) => els.map((e) => e.getBoundingClientRect().toJSON()));
    const overlapping = cards.some((a, i) => cards.some((b, j) => i !== j && a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1));
    assert.ok(!overlapping, "bigger cards still do not overlap");
    assert.ok(await page.locator(`${id("book-card-2")} .series`).count() <= 1);
    await page.click(id("library-view-table"));
    assert.deepEqual(errors, []);
    await close();
  });

  it("collapses series into one entry each with its progress, in the table and the grid, and opens one as its volumes", async () => {
    const { page, errors, close } = await open("/library");
    await page.waitForSelector('[data-testid^="book-row-"]');
    await page.click(id("library-collapse-series"));
    await page.waitForURL(/collapse=series/);
    await page.waitForSelector('[data-testid^="book-row-series-"]');
    assert.equal(await page.getAttribute(id("library-collapse-series"), "aria-pressed"), "true");
    const entries = await page.$$eval('[data-testid^="book-row-"]', (rows) => rows.map((r) => r.dataset.testid));
    const series = entries.filter((e) => e.startsWith("book-row-series-"));
    assert.equal(new Set(series).size, series.length, `each series once: ${entries}`);
    assert.ok(entries.length > series.length, "books in no series stay among them");
    // 5 series and the 32 books (every fourth) that are in none.
    assert.equal(await page.textContent(id("library-total")), "37");
    assert.match(await page.textContent(`${id("book-row-series-1")}`), /of \d+ books owned/);
    assert.equal(await page.locator(id("library-sort-select")).isDisabled(), true, "collapsed series are listed by name");

    await page.click(id("library-view-grid"));
    await page.waitForSelector(id("series-card-1"));
    await page.click(id("library-view-table"));

    await page.click(id("book-row-series-1"));
    await page.waitForURL(/series=1&sort=series/);
    await page.waitForSelector(id("library-series-filter"));
    const volumes = await page.$$eval('[data-testid^="book-row-"]', (rows) => rows.map((r) => r.dataset.testid));
    assert.ok(volumes.length > 1 && volumes.every((v) => /^book-row-\d+$/.test(v)), `the series opens as its volumes: ${volumes}`);
    assert.deepEqual(errors, []);
    await close();
  });

  it("searches releases from the book page, showing each indexer's answer as it comes", async () => {
    const { page, errors, close } = await open("/books/2");
    await page.waitForSelector(id("book-detail-title"));
    await page.click(id("release-search-start"));
    await page.waitForSelector(id("release-search-indexer-1"));
    assert.equal(await page.textContent(id("release-search-start")), "Searching…", "still waiting for the slow indexer");
    assert.equal(await page.locator('[data-testid^="release-row-"]').count(), 2, "the first answer shows at once");
    await page.waitForSelector(id("release-search-indexer-2"));
    assert.match(await page.textContent(id("release-search-indexer-2")), /no answer within 10 s/);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === "Search again", id("release-search-start"));
    const rows = await page.$$eval('[data-testid^="release-row-"]', (els) => els.map((e) => e.textContent));
    assert.match(rows[0], /^87/, `the best release first: ${rows}`);
    assert.match(rows[1], /✕/, "the rejected one last, marked");
    await page.locator('[data-testid^="release-row-"]').nth(1).click();
    assert.match(await page.textContent(id("release-why")), /Never grabbed automatically: abridged/);

    // The best release can be grabbed; the download client's answer comes back as a toast.
    await page.locator('[data-testid^="release-row-"]').nth(0).click();
    await page.click(id("release-grab"));
    await page.waitForFunction(() => /Sent to the download client/.test(document.body.textContent ?? ""));
    await page.click(id("nav-downloads"));
    await page.waitForSelector(id("download-row-1"));
    assert.match(await page.textContent(id("download-row-1")), /downloading · 512 MB · 2 MB\/s/);
    assert.equal(await page.getAttribute(`${id("download-row-1")} [role="progressbar"]`, "aria-valuenow"), "25");
    await page.click(id("download-pause-1"));
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === "paused", id("download-state-1"));
    await page.click(id("download-cancel-1"));
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === "cancelled", id("download-state-1"));
    assert.equal(await page.locator(id("download-cancel-1")).count(), 0, "an ended download offers no actions");
    await page.goBack();
    await page.waitForSelector(id("release-search-start"));
    await page.click(id("release-search-start"));
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === "Search again", id("release-search-start"));

    // The user rejects the best release: it drops below the accepted ones and is on the blocklist.
    await page.locator('[data-testid^="release-row-"]').nth(0).click();
    await page.click(id("release-reject"));
    await page.waitForFunction((sel) => /blocklisted: rejected by you/.test(document.querySelector(sel)?.textContent ?? ""), id("release-why"));
    assert.equal(await page.locator(id("release-reject")).count(), 0, "a rejected release is not offered again");
    const after = await page.$$eval('[data-testid^="release-row-"]', (els) => els.map((e) => e.textContent));
    assert.ok(after.every((r) => /✕/.test(r)), `both are rejected now: ${after}`);
    await page.click(id("nav-settings"));
    await page.click(id("settings-tab-blocklist"));
    await page.waitForSelector(id("blocklist-row-1"));
    assert.match(await page.textContent(id("blocklist-row-1")), /\[M4B\][\s\S]*rejected by you/);
    await page.click(id("blocklist-remove-1"));
    await page.waitForSelector(id("blocklist-empty"));
    assert.deepEqual(errors, []);
    await close();
  });

  it("rejects a download from the Downloads page: cancelled, and its release on the blocklist", async () => {
    const { page, errors, close } = await open("/books/2");
    await page.waitForSelector(id("book-detail-title"));
    await page.click(id("release-search-start"));
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === "Search again", id("release-search-start"));
    await page.locator('[data-testid^="release-row-"]').nth(0).click();
    await page.click(id("release-grab"));
    await page.waitForFunction(() => /Sent to the download client/.test(document.body.textContent ?? ""));
    await page.click(id("nav-downloads"));
    await page.waitForSelector(id("download-reject-1"));
    await page.click(id("download-reject-1"));
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === "cancelled", id("download-state-1"));
    assert.equal(await page.locator(id("download-reject-1")).count(), 0, "an ended download offers no actions");
    await page.click(id("nav-settings"));
    await page.click(id("settings-tab-blocklist"));
    await page.waitForSelector(id("blocklist-row-1"));
    const grabbed = await page.evaluate(() => window.__FAKE_BACKEND__.calls.find((c) => c.cmd === "reject_download"));
    assert.deepEqual(grabbed?.args, { id: 1, deleteData: false }, "the files stay");
    assert.match(await page.textContent(id("blocklist-row-1")), /for The [\s\S]*rejected by you/);
    assert.deepEqual(errors, []);
    await close();
  });

  it("lays the dashboard tiles out evenly at any width, and never cuts a large number", async () => {
    for (const width of [960, 1280, 1600]) {
      const { page, close } = await open("/", { hugeStats: true, viewport: { width, height: 800 } });
      await page.waitForSelector(id("stats-total-hours"));
      assert.equal(await page.textContent(id("stats-total-hours")), "4,114,168 h");
      const layout = await page.$$eval(".tiles > *", (tiles) => {
        const rows = new Map();
        for (const t of tiles) {
          const top = Math.round(t.getBoundingClientRect().top);
          rows.set(top, (rows.get(top) ?? 0) + 1);
        }
        const values = tiles.map((t) => t.querySelector(".value"));
        return { perRow: [...rows.values()], cut: values.filter((v) => v.scrollWidth > v.clientWidth + 1).map((v) => v.textContent) };
      });
      assert.ok(!layout.perRow.includes(1) || layout.perRow.length === 1, `no tile alone on a row at ${width}px: ${layout.perRow}`);
      assert.deepEqual(layout.cut, [], `nothing cut at ${width}px`);
      await close();
    }
  });

  it("offers the library's languages with their counts", async () => {
    const { page, close } = await open("/library");
    await page.waitForSelector(`${id("library-language-filter")} option[value="german"]`, { state: "attached" });
    assert.match(await page.textContent(`${id("library-language-filter")} option[value="german"]`), /German \(13\)/);
    await page.selectOption(id("library-language-filter"), "german");
    await page.waitForURL(/language=german/);
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === "13", id("library-total"));
    await close();
  });

  it("table rows answer the arrow keys and Enter", async () => {
    const { page, close } = await open("/library");
    await page.waitForSelector('[data-testid^="book-row-"]');
    await page.focus('[data-testid^="book-row-"][tabindex="0"]');
    const first = await page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
    await page.keyboard.press("ArrowDown");
    const second = await page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
    assert.notEqual(second, first);
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/books/${second.replace("book-row-", "")}$`));
    await close();
  });

  it("book detail sets any status, shows who says what, and undoes the change from the toast", async () => {
    const { page, close } = await open("/books/1");
    await page.waitForSelector(id("book-detail-title"));
    assert.match(await page.textContent(id("book-detail-authors")), /Brandon Sanderson/);
    assert.ok(await page.isVisible("text=<b>markup</b>"), "the summary renders as text, not HTML");
    assert.equal(
      await page.getAttribute(`${id("book-detail-narrators")} a`, "href"),
      "/library?narrator=Kate%20Reading",
      "a narrator links to their books",
    );
    const offered = await page.$$eval(`${id("book-status-select")} option:not([disabled])`, (o) => o.map((x) => x.value));
    assert.deepEqual(offered.sort(), ["ignored", "missing", "owned", "wanted"], "only choices that are accepted");

    await page.selectOption(id("book-status-select"), "wanted");
    await page.click(id("book-status-save"));
    await page.waitForSelector(`${id("book-status-save")}:disabled`);
    await page.waitForSelector(id("toast-action"));
    assert.match(await page.textContent(id("toast")), /is now Wanted/);
    assert.match(await page.textContent(id("book-status-sources")), /Set by you[\s\S]*Wanted/);
    assert.match(await page.textContent(id("book-status-history")), /Owned → Wanted/);

    await page.selectOption(id("book-status-select"), "owned");
    await page.click(id("book-status-save"));
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes("Wanted → Owned"), id("book-status-history"));
    await page.screenshot({ path: join(shots, "book-status.png") });

    await page.locator(id("toast-action")).last().click();
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes("Owned → Wanted"), `${id("book-status-history")} li:first-child`);
    assert.equal(await page.inputValue(id("book-status-select")), "wanted");
    await close();
  });

  it("authors and series lists open their detail pages", async () => {
    const { page, close } = await open("/authors");
    await page.click(id("author-row-2"));
    await page.waitForSelector(id("author-detail-name"));
    assert.equal(await page.textContent(id("author-detail-name")), "Ursula K. Le Guin");
    await page.waitForSelector('[data-testid^="book-row-"]');
    await page.screenshot({ path: join(shots, "author.png") });

    await page.click(id("nav-series"));
    await page.click(id("series-row-1"));
    await page.waitForSelector(id("series-detail-name"));
    assert.equal(await page.textContent(id("series-detail-name")), "Stormlight Archive");
    await page.waitForSelector('[data-testid^="book-row-"]');
    await page.screenshot({ path: join(shots, "series.png") });
    await close();
  });

  it("an empty library offers to import a list", async () => {
    const { page, close } = await open("/", { books: 0 });
    await page.waitForSelector(id("dashboard-empty"));
    assert.match(await page.textContent(id("dashboard-empty")), /Libation/);
    await page.click(id("dashboard-import-list"));
    await page.waitForSelector(id("toast"));
    assert.match(await page.textContent(id("toast")), /import started/i);
    await page.screenshot({ path: join(shots, "dashboard-empty.png") });
    await close();
  });

  it("activity page lists jobs and cancels a running one", async () => {
    const { page, close } = await open("/");
    await page.click(id("activity-bar") + " button");
    await page.waitForURL(/\/activity$/);
    await page.waitForSelector(id("activity-row-job-failed"));
    assert.match(await page.textContent(id("activity-row-job-failed")), /disk is full/);
    await page.click(id("activity-row-cancel-job-running"));
    await page.waitForSelector(id("activity-row-cancel-job-running"), { state: "detached" });
    assert.match(await page.textContent(id("background-leader")), /This window runs/);
    const pruning = await page.textContent(id("background-loop-change pruning"));
    assert.match(pruning, /restarting in 4 s after 2 restarts/, "a failing loop says when it runs again");
    assert.match(pruning, /database is locked/, "and why it failed");
    await page.screenshot({ path: join(shots, "activity.png") });
    await close();
  });

  it("theme toggle saves the light theme", async () => {
    const { page, close } = await open("/");
    await page.waitForSelector(id("stats-total-books"));
    await page.click(id("theme-toggle"));
    await page.waitForFunction(() => document.documentElement.dataset.theme === "light");
    const saved = await page.evaluate(() => window.__TAURI_INTERNALS__.invoke("get_settings"));
    assert.equal(saved.general.theme, "light", "the choice is saved as a setting, not only shown");
    await page.screenshot({ path: join(shots, "dashboard-light.png") });
    await close();
  });

  it("settings page saves each section and puts a refused value on its field", async () => {
    const { page, errors, close } = await open("/");
    await page.click(id("nav-settings"));
    await page.waitForURL(/\/settings\/general$/);
    await page.click(id("settings-close-to-tray"));
    await page.click(id("settings-theme-light"));
    await page.waitForFunction(() => document.documentElement.dataset.theme === "light");
    const general = (await page.evaluate(() => window.__TAURI_INTERNALS__.invoke("get_settings"))).general;
    assert.equal(general.closeToTray, false, "unticking close to tray is saved");
    assert.equal(general.theme, "light", "the theme buttons save too, with the rest of the section unchanged");
    assert.equal(general.logLevel, "info", "values not touched are sent back as they were");

    await page.click(id("settings-tab-library"));
    await page.waitForSelector(id("settings-library-root"));
    assert.equal(await page.textContent(id("settings-library-root")), "Not set");
    await page.click(id("settings-library-root-choose"));
    await page.waitForFunction(
      (sel) => document.querySelector(sel)?.textContent === "/home/user/Audiobooks",
      id("settings-library-root"),
    );
    await page.fill(id("settings-staging-dir"), "downloads");
    await page.press(id("settings-staging-dir"), "Enter");
    await page.waitForSelector(id("settings-row-staging-dir-error"));
    assert.match(await page.textContent(id("settings-row-staging-dir-error")), /absolute path/);
    assert.equal(await page.$(id("settings-row-library-root-error")), null, "the error sits on its own field only");
    await page.screenshot({ path: join(shots, "settings-library.png") });
    assert.deepEqual(errors, []);
    await close();
  });

  it("provider sections list each provider's state and show a test's report on its field", async () => {
    const { page, errors, close } = await open("/settings/general");
    await page.click(id("settings-tab-indexers"));
    await page.waitForSelector(id("provider-row-1"));
    assert.equal(await page.textContent(id("provider-status-1")), "Ready");
    assert.match(await page.textContent(id("provider-status-2")), /^Paused after 2 failures until /);
    assert.match(await page.textContent(id("provider-last-error-2")), /<redacted>/, "the last error is shown as the backend redacted it");

    await page.click(id("provider-test-1"));
    await page.waitForSelector(id("provider-report-1-field-apiKey"));
    assert.match(await page.textContent(id("provider-report-1")), /API key rejected/);
    await page.click(id("provider-test-2"));
    await page.waitForSelector(id("provider-test-error-2"));
    assert.match(await page.textContent(id("provider-test-error-2")), /not available yet/, "a test that cannot run says why, not that it passed");

    await page.click(id("provider-toggle-1"));
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === "Disabled", id("provider-status-1"));
    await page.screenshot({ path: join(shots, "settings-indexers.png") });

    await page.click(id("settings-tab-clients"));
    await page.waitForSelector(id("providers-empty-downloadClient"));
    assert.deepEqual(errors, []);
    await close();
  });

  it("settings the app could not read at start are shown once the window is up", async () => {
    const settingsWarnings = [
      "general.theme = 7: invalid type: integer `7`, expected `dark` or `light`; using the default",
      "the settings file as it was is kept in /data/settings.json.bad-1",
    ];
    const { page, close } = await open("/", { settingsWarnings });
    const toast = await page.waitForSelector('[data-testid="toast"]');
    const text = await toast.textContent();
    assert.match(text, /could not be read/);
    assert.match(text, /general\.theme/, "the toast names the setting that fell back");
    assert.match(text, /settings\.json\.bad-1/, "and where the file as it was is kept");
    await close();
  });

  it("backend events update the window: notices, job progress, entity changes", async () => {
    const { page, close } = await open("/library");
    await page.waitForSelector(id("activity-job-job-running"));
    await page.evaluate(() =>
      window.__FAKE_BACKEND__.emit("notice-event", { level: "success", title: "Import finished", body: "<i>130</i> books", desktop: true }),
    );
    await page.waitForSelector(id("toast"));
    assert.match(await page.textContent(id("toast")), /<i>130<\/i> books/);

    await page.evaluate(() =>
      window.__FAKE_BACKEND__.emit("job-updated-event", {
        job: { id: "job-running", kind: "list_import", state: "succeeded", parentId: null, done: 2500, total: 2500,
          unit: "rows", message: null, errorCode: null, error: null, startedAt: "2024-05-10T11:59:00Z", finishedAt: "2024-05-10T12:00:00Z" },
      }),
    );
    await page.waitForSelector(id("activity-job-job-running"), { state: "detached" });

    const before = (await page.evaluate(() => window.__FAKE_BACKEND__.log.filter((c) => c === "list_library").length));
    await page.evaluate(() => window.__FAKE_BACKEND__.emit("entities-changed-event", { entity: "book", ids: ["1"] }));
    await page.waitForFunction(
      (n) => window.__FAKE_BACKEND__.log.filter((c) => c === "list_library").length > n,
      before,
    );
    await close();
  });
});

describe("Provider forms", () => {
  const calls = (page, cmd) => page.evaluate((c) => window.__FAKE_BACKEND__.calls.filter((x) => x.cmd === c).map((x) => x.args), cmd);
  const invalid = (page, field) => page.getAttribute(id(`provider-form-field-${field}`), "data-invalid");

  it("adds a Torznab indexer: a failed test marks the field with its hint, and the fixed form saves", async () => {
    const { page, errors, close } = await open("/settings/indexers");
    await page.click(id("provider-add-indexer"));
    await page.click(id("provider-form-kind-torznab"));
    assert.equal(await page.inputValue(id("provider-form-timeoutSecs")), "10", "the form starts from the kind's defaults");
    assert.equal(await page.inputValue(id("provider-form-categories")), "3030");
    await page.fill(id("provider-form-name"), "Prowlarr");
    await page.fill(id("provider-form-url"), "http://127.0.0.1:9696/3");
    await page.fill(id("provider-form-secret"), "test-key");
    assert.equal(await page.getAttribute(id("provider-form-secret"), "type"), "password", "a secret is never shown in clear");
    await page.click(id("provider-form-save"));

    await page.waitForSelector(id("provider-form-url-problem"));
    assert.match(await page.textContent(id("provider-form-url-problem")), /not a Torznab endpoint/);
    assert.match(await page.textContent(id("provider-form-url-hint")), /Copy the Torznab feed URL/);
    assert.equal(await invalid(page, "url"), "true");
    assert.equal(await invalid(page, "name"), "false", "only the wrong field is marked");
    await page.waitForSelector(id("provider-form-save-anyway"));
    assert.deepEqual(await calls(page, "add_provider"), [], "a failing test saves nothing");

    await page.fill(id("provider-form-url"), "http://127.0.0.1:9696/3/api");
    await page.click(id("provider-form-save"));
    await page.waitForSelector(id("provider-form"), { state: "detached" });
    await page.waitForSelector(id("provider-name-3"));
    assert.equal(await page.textContent(id("provider-name-3")), "Prowlarr");
    const [added] = await calls(page, "add_provider");
    assert.equal(added.request.settings.kind, "torznab");
    assert.deepEqual(added.request.settings.categories, [3030]);
    assert.equal(added.request.secret, "test-key");
    const tests = await calls(page, "test_provider_settings");
    assert.equal(tests.length, 2, "each save tested the form first");
    await page.screenshot({ path: join(shots, "settings-indexer-added.png") });
    assert.deepEqual(errors, []);
    await close();
  });

  it("saves anyway when the user insists on a provider whose test fails", async () => {
    const { page, errors, close } = await open("/settings/indexers");
    await page.click(id("provider-add-indexer"));
    await page.click(id("provider-form-kind-torznab"));
    await page.fill(id("provider-form-name"), "Jackett 2");
    await page.fill(id("provider-form-url"), "http://127.0.0.1:9117/api/v2.0/indexers/other/results/torznab/");
    await page.fill(id("provider-form-secret"), "not-the-key");
    await page.click(id("provider-form-save"));
    await page.waitForSelector(id("provider-form-apiKey-problem"));
    assert.match(await page.textContent(id("provider-form-apiKey-problem")), /API key rejected/);
    assert.equal(await invalid(page, "apiKey"), "true");
    await page.screenshot({ path: join(shots, "settings-indexer-test-failed.png") });

    await page.click(id("provider-form-save-anyway"));
    await page.waitForSelector(id("provider-form"), { state: "detached" });
    await page.waitForSelector(id("provider-name-3"));
    assert.equal(await page.textContent(id("provider-name-3")), "Jackett 2");
    assert.equal((await calls(page, "test_provider_settings")).length, 1, "saving anyway does not test again");
    assert.deepEqual(errors, []);
    await close();
  });

  it("edits a download client's path mapping and seeding rule, keeping its password", async () => {
    const { page, errors, close } = await open("/settings/clients", { clients: true });
    await page.click(id("provider-edit-3"));
    assert.equal(await page.textContent(id("provider-form-secret-status")), "Set");
    assert.equal(await page.$(id("provider-form-secret")), null, "no field holds the stored password");
    assert.equal(await page.inputValue(id("provider-form-username")), "admin");

    await page.click(id("provider-form-mapping-add"));
    await page.fill(id("provider-form-pathMappings[0].remote"), "/downloads");
    await page.fill(id("provider-form-pathMappings[0].local"), "mnt/nas/downloads");
    await page.click(id("provider-form-save"));
    await page.waitForSelector(id("provider-form-pathMappings[0].local-problem"));
    assert.match(await page.textContent(id("provider-form-pathMappings[0].local-problem")), /absolute folder/);
    assert.equal(await invalid(page, "pathMappings[0].local"), "true");
    assert.equal(await invalid(page, "pathMappings[0].remote"), "false");
    assert.equal(await page.$(id("provider-form-save-anyway")), null, "a field that cannot be saved is not offered for saving anyway");

    await page.fill(id("provider-form-pathMappings[0].local"), "/mnt/nas/downloads");
    assert.equal(await page.inputValue(id("provider-form-seeding.ratio")), "2");
    await page.fill(id("provider-form-seeding.ratio"), "");
    await page.fill(id("provider-form-seeding.minutes"), "1440");
    await page.click(id("provider-form-save"));
    await page.waitForSelector(id("provider-form"), { state: "detached" });

    const edits = await calls(page, "edit_provider");
    assert.equal(edits.length, 1);
    assert.deepEqual(edits[0].request.secret, { action: "keep" }, "the stored password is kept, not resent");
    assert.deepEqual(edits[0].request.settings.pathMappings, [{ remote: "/downloads", local: "/mnt/nas/downloads" }]);
    assert.deepEqual(edits[0].request.settings.seeding, { mode: "remove", ratio: null, minutes: 1440, deleteData: false });
    const [tested] = await calls(page, "test_provider_settings");
    assert.equal(tested.request.key, "3", "the test used the stored password of the provider being edited");

    await page.click(id("provider-edit-3"));
    assert.equal(await page.inputValue(id("provider-form-pathMappings[0].local")), "/mnt/nas/downloads", "the mapping round-trips");
    assert.equal(await page.textContent(id("provider-form-secret-status")), "Set");
    await page.screenshot({ path: join(shots, "settings-client-edit.png") });
    assert.deepEqual(errors, []);
    await close();
  });

  it("removes a provider only after confirmation", async () => {
    const { page, errors, close } = await open("/settings/indexers");
    await page.waitForSelector(id("provider-row-1"));
    await page.click(id("provider-remove-1"));
    await page.waitForSelector(id("provider-remove-dialog-1"));
    await page.click(id("provider-remove-cancel-1"));
    await page.waitForSelector(id("provider-remove-dialog-1"), { state: "detached" });
    assert.deepEqual(await calls(page, "remove_provider"), [], "cancelling removes nothing");

    await page.click(id("provider-remove-1"));
    await page.click(id("provider-remove-confirm-1"));
    await page.waitForSelector(id("provider-row-1"), { state: "detached" });
    assert.ok(await page.$(id("provider-row-2")), "the other provider stays");
    assert.deepEqual(errors, []);
    await close();
  });
});

describe("UI without a backend", () => {
  it("shows the failure as a toast and keeps the shell usable", async () => {
    const { page, errors, close } = await open("/", { backend: false });
    await page.waitForSelector(id("toast"));
    assert.match(await page.textContent(id("toast")), /backend is not available/);
    await page.waitForSelector(id("nav-library"));
    await page.click(id("nav-library"));
    await page.waitForSelector(id("library-search-input"));
    await page.screenshot({ path: join(shots, "no-backend.png") });
    assert.deepEqual(errors, []);
    await close();
  });
});
