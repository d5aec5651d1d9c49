// The Import page against the fake backend (fake-backend.js answers like aural_api::import): scanning
// makes cards with counters, a pending card gets a match chosen or searched or its metadata edited,
// ready cards import as a job, and errors say what to do. Needs `npm run build -w ui` first.
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

const id = (testId) => `[data-testid="${testId}"]`;

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

/** Opens the Import page with a library folder and a staging folder set, unless the test says otherwise. */
async function openImport(config = {}) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const full = { books: 130, libraryRoot: "/home/user/Audiobooks", stagingDir: "/home/user/Staging", ...config };
  await context.addInitScript(`window.__FAKE_BACKEND_CONFIG__ = ${JSON.stringify(full)};`);
  await context.addInitScript({ path: fakeBackend });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/import`);
  return { page, errors, close: () => context.close() };
}

const text = async (page, testId) => (await page.textContent(id(testId)))?.trim();

async function waitForText(page, testId, want) {
  await page.waitForFunction(
    ([sel, w]) => document.querySelector(sel)?.textContent?.trim() === w,
    [id(testId), want],
  );
}

async function counters(page) {
  const out = {};
  for (const s of ["ready", "pending", "missing_metadata", "invalid", "error", "imported"]) out[s] = Number(await text(page, `import-count-${s}`));
  return out;
}

before(async () => {
  assert.ok(existsSync(join(root, "index.html")), "ui/build/index.html is missing: run `npm run build -w ui` first");
  server = await serve();
  base = `http://127.0.0.1:${server.address().port}`;
  shots = process.env.UI_SMOKE_SCREENSHOTS ?? (await mkdtemp(join(tmpdir(), "aural-ui-import-")));
  browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});

describe("Import page", () => {
  it("scans, shows cards with counters, takes a chosen candidate and imports every ready card", async () => {
    const { page, errors, close } = await openImport();
    await page.waitForSelector(id("import-empty"));
    assert.equal(await text(page, "import-staging-dir"), "/home/user/Staging");
    await page.click(id("nav-import"));

    await page.click(id("import-add-files"));
    await page.waitForSelector(id("import-card-4"));
    assert.match(await text(page, "import-scan-result"), /Found 4 books/);
    assert.deepEqual(await counters(page), { ready: 2, pending: 1, missing_metadata: 0, invalid: 1, error: 0, imported: 0 });

    // The matched card: detected and matched side by side, confidence with reasons, target.
    assert.equal(await text(page, "import-confidence-1"), "100 %");
    assert.match(await text(page, "import-reasons-1"), /ASIN .* is this library book's/);
    assert.match(await text(page, "import-target-1"), /Brandon Sanderson\/Stormlight Archive\//);
    // The multi-file card lists every part and its cover.
    await page.click(id("import-files-toggle-3"));
    assert.equal(await page.locator(`${id("import-files-3")} li`).count(), 13, "12 MP3 parts and cover.jpg");
    // The invalid card says why.
    assert.match(await text(page, "import-error-4"), /the file is empty/);
    assert.equal(await page.locator(id("import-select-4")).count(), 0, "an invalid card cannot be selected");

    // The pending card asks for a choice and never has one made for it.
    assert.equal(await text(page, "import-status-2"), "Pending");
    assert.match(await text(page, "import-error-2"), /choose a match/);
    await page.screenshot({ path: join(shots, "import-scanned.png"), fullPage: true });
    await page.click(id("import-candidate-2-5"));
    await waitForText(page, "import-status-2", "Ready");
    assert.match(await text(page, "import-reasons-2"), /^chosen by you/);
    assert.deepEqual(await counters(page), { ready: 3, pending: 0, missing_metadata: 0, invalid: 1, error: 0, imported: 0 });

    await page.click(id("import-run-all"));
    await page.waitForSelector(id("import-started"));
    await waitForText(page, "import-count-imported", "3");
    assert.equal(await text(page, "import-count-ready"), "0");
    await waitForText(page, "import-status-2", "Imported");
    await page.screenshot({ path: join(shots, "import-imported.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await close();
  });

  it("imports only the selected ready cards", async () => {
    const { page, errors, close } = await openImport();
    await page.click(id("import-add-folders"));
    await page.waitForSelector(id("import-card-3"));
    await page.check(id("import-select-3"));
    assert.equal(await text(page, "import-run-selected"), "Import selected (1)");
    await page.click(id("import-run-selected"));
    await waitForText(page, "import-count-imported", "1");
    assert.equal(await text(page, "import-status-3"), "Imported");
    assert.equal(await text(page, "import-status-1"), "Ready", "the card not selected stays");
    assert.deepEqual(errors, []);
    await close();
  });

  it("edits a pending card's metadata so it imports as a new book, and keeps the edit", async () => {
    const { page, errors, close } = await openImport();
    await page.click(id("import-scan-staging"));
    await page.waitForSelector(id("import-card-2"));
    await page.click(id("import-edit-2"));
    await page.fill(id("import-edit-title-2"), "A Closed and Common Orbit");
    await page.fill(id("import-edit-authors-2"), "Becky Chambers");
    await page.fill(id("import-edit-narrators-2"), "Rachel Dulude");
    await page.fill(id("import-edit-series-2"), "Wayfarers");
    await page.fill(id("import-edit-position-2"), "2");
    await page.fill(id("import-edit-year-2"), "2016");
    await page.click(id("import-edit-save-2"));

    await waitForText(page, "import-status-2", "Ready");
    await page.waitForSelector(id("import-new-book-2"));
    assert.match(await text(page, "import-target-2"), /Becky Chambers\/Wayfarers\/2 - A Closed and Common Orbit/);
    assert.equal(await text(page, "import-count-pending"), "0");
    const card = await page.textContent(id("import-card-2"));
    assert.match(card, /Rachel Dulude/);
    assert.match(card, /2016/);

    // Emptying the author leaves it waiting, with what is missing said.
    await page.click(id("import-edit-2"));
    assert.equal(await page.inputValue(id("import-edit-title-2")), "A Closed and Common Orbit", "the form starts from the saved edit");
    await page.fill(id("import-edit-authors-2"), "");
    await page.click(id("import-edit-save-2"));
    await waitForText(page, "import-status-2", "Missing metadata");
    assert.match(await text(page, "import-error-2"), /author/);
    assert.deepEqual(errors, []);
    await close();
  });

  it("searches the library for a pending card's match, and dismisses a card", async () => {
    const { page, errors, close } = await openImport();
    await page.click(id("import-add-files"));
    await page.waitForSelector(id("import-card-2"));
    await page.fill(id("import-search-input-2"), "Kings");
    await page.click(id("import-search-submit-2"));
    const result = page.locator('[data-testid^="import-search-choose-2-"]').first();
    await result.waitFor();
    const bookId = (await result.getAttribute("data-testid")).replace("import-search-choose-2-", "");
    await result.click();
    await waitForText(page, "import-status-2", "Ready");
    assert.match(await text(page, "import-card-2"), /chosen by you/);
    assert.equal(await page.getAttribute(`${id("import-card-2")} a[href^="/books/"]`, "href"), `/books/${bookId}`);

    await page.click(id("import-dismiss-4"));
    await page.waitForSelector(id("import-card-4"), { state: "detached" });
    assert.equal(await text(page, "import-count-invalid"), "0");
    assert.deepEqual(errors, []);
    await close();
  });

  it("filters by a counter", async () => {
    const { page, errors, close } = await openImport();
    await page.click(id("import-add-files"));
    await page.waitForSelector(id("import-card-4"));
    await page.click(id("import-filter-pending"));
    await page.waitForSelector(id("import-card-1"), { state: "detached" });
    assert.equal(await page.locator('[data-testid^="import-card-"]').count(), 1);
    await page.click(id("import-filter-pending"));
    await page.waitForSelector(id("import-card-1"));
    assert.deepEqual(errors, []);
    await close();
  });

  it("says what went wrong and what to do: a bad path, no staging folder, no library folder", async () => {
    const { page, errors, close } = await openImport({ importScanError: true, stagingDir: null, libraryRoot: null });
    await page.waitForSelector(id("import-no-staging"));
    await page.waitForSelector(id("import-no-root"));
    await page.click(id("import-add-folders"));
    await page.waitForSelector(id("import-scan-error"));
    const shown = await text(page, "import-scan-error");
    assert.match(shown, /\/media\/usb\/Audiobooks cannot be read/);
    assert.match(shown, /drive connected/, "the hint says what to do");
    await page.screenshot({ path: join(shots, "import-scan-error.png") });
    assert.deepEqual(errors, []);
    await close();
  });

  it("refuses to import without a library folder and says where to set it", async () => {
    const { page, errors, close } = await openImport({ libraryRoot: null });
    await page.click(id("import-add-files"));
    await page.waitForSelector(id("import-card-1"));
    await page.click(id("import-run-1"));
    await page.waitForSelector(id("import-run-error"));
    assert.match(await text(page, "import-run-error"), /library folder is not set.*Settings › Library/s);
    assert.equal(await text(page, "import-count-imported"), "0");
    assert.deepEqual(errors, []);
    await close();
  });
});
