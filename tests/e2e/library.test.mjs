// The real app window: a library list imported by the CLI while the window is open shows up
// through the change feed; then search, open a book, go back and page through the library.
// fixtures/library.csv holds 120 made-up books (three pages at 50 per page).

import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";

import { cli, launchApp } from "./support/app.mjs";
import { managedWindow, moveResize } from "./support/desktop.mjs";
import { saveScreenshot } from "./support/screenshots.mjs";
import { waitFor } from "./support/webdriver.mjs";

const fixture = path.join(import.meta.dirname, "fixtures", "library.csv");

let app;

before(async () => {
  app = await launchApp();
});

after(async () => {
  await app?.close();
});

const shoot = (name) => saveScreenshot(app.session, name);
const shootForReadme = (name) => saveScreenshot(app.session, name, { readme: true });

const textOf = (testId) => async () => (await app.session.byTestId(testId))?.text();

test("the window opens on the dashboard", async () => {
  // A binary from plain `cargo build` loads the dev server instead of the embedded UI and stays blank.
  await waitFor("the sidebar (is the app built with `npx tauri build --debug --no-bundle`?)", () =>
    app.session.byTestId("nav-library"),
  );
  const empty = await waitFor("the empty-library state", () => app.session.byTestId("dashboard-empty"));
  assert.ok(empty, "a fresh data folder opens on the dashboard's empty state");
  assert.ok(await app.session.byTestId("dashboard-import-list"), "the empty state offers to import a library list");
  await shoot("dashboard-empty");
});

test("a list imported by the CLI appears in the open library page", async () => {
  await (await app.session.byTestId("nav-library")).click();
  await waitFor("the empty library page", () => app.session.byTestId("library-search-input"));

  await cli(app.dataDir, "library", "import", fixture);

  const total = await waitFor("library-total to show the 120 imported books", async () => {
    const text = await textOf("library-total")();
    return text?.includes("120") && text;
  });
  assert.match(total, /120/, "the fixture has 120 rows, all valid");
  await waitFor("the first page of rows", async () => (await app.session.findAll('[data-testid^="book-row-"]')).length > 0);
  await shootForReadme("library");
});

const firstRowId = async () => (await app.session.findAll('[data-testid^="book-row-"]'))[0]?.attribute("data-testid");

test("next page moves from page 1 to page 2 of 3", async () => {
  const label = await waitFor("the page label", textOf("library-page-label"));
  assert.match(label, /\b1\b.*\b3\b/, "120 books at 50 per page make three pages, starting on the first");
  const pageOneRow = await firstRowId();
  await (await app.session.byTestId("library-page-next")).click();
  await waitFor("the page label to reach page 2 of 3", async () => /\b2\b.*\b3\b/.test((await textOf("library-page-label")()) ?? ""));
  const pageTwoRow = await waitFor("the rows of page 2", async () => {
    const id = await firstRowId();
    return id !== pageOneRow && id;
  });
  assert.match(pageTwoRow, /^book-row-\d+$/, "page 2 shows other books than page 1");
  await shoot("library-page-2");
});

/** A book's status as the CLI reads it from the database. */
const statusOf = async (id) => JSON.parse(await cli(app.dataDir, "books", "show", id, "--json")).status;
const rowIds = async () =>
  Promise.all((await app.session.findAll('[data-testid^="book-row-"]')).map(async (r) => (await r.attribute("data-testid")).slice("book-row-".length)));

test("a bulk status change from the selection bar reaches the database and Undo takes it back", async () => {
  const [first, second] = await waitFor("two rows", async () => {
    const ids = await rowIds();
    return ids.length >= 2 && ids;
  });
  const before = [await statusOf(first), await statusOf(second)];
  await (await app.session.byTestId(`book-select-${first}`)).click();
  await (await app.session.byTestId(`book-select-${second}`)).click();
  await waitFor("the selection bar to count two books", async () => (await textOf("selection-count")())?.includes("2 books selected"));
  await (await app.session.findAll('[data-testid="selection-status"] option[value="ignored"]'))[0].click();
  await waitFor("both books ignored in the database", async () => (await statusOf(first)) === "ignored" && (await statusOf(second)) === "ignored");
  assert.deepEqual([await statusOf(first), await statusOf(second)], ["ignored", "ignored"]);
  await shoot("library-bulk-change");

  await (await waitFor("the toast's Undo", () => app.session.byTestId("toast-action"))).click();
  await waitFor("both books back as they were", async () =>
    JSON.stringify([await statusOf(first), await statusOf(second)]) === JSON.stringify(before),
  );
  assert.deepEqual([await statusOf(first), await statusOf(second)], before, "Undo restored both statuses");
});

test("a column header sorts the table, and a second click reverses it", async () => {
  const shortest = JSON.parse(await cli(app.dataDir, "books", "list", "--sort", "runtime", "--per-page", "1", "--json")).items[0].id;
  const longest = JSON.parse(await cli(app.dataDir, "books", "list", "--sort", "runtime", "--desc", "--per-page", "1", "--json")).items[0].id;
  await (await app.session.byTestId("book-sort-runtime")).click();
  await waitFor("the shortest book first", async () => (await rowIds())[0] === String(shortest));
  assert.equal((await rowIds())[0], String(shortest), "ascending by length");
  await (await app.session.byTestId("book-sort-runtime")).click();
  await waitFor("the longest book first", async () => (await rowIds())[0] === String(longest));
  assert.equal((await rowIds())[0], String(longest), "a second click reverses");
});

test("End then Enter opens the last row of the page, and Esc comes back to it", async () => {
  const first = await app.session.execute(`
    const row = document.querySelector('[data-testid^="book-row-"][tabindex="0"]');
    row.focus();
    return row.getAttribute("data-testid");`);
  const [row] = await app.session.findAll(`[data-testid="${first}"]`);
  await row.type("\uE010");
  // The first row scrolls out of the virtual list, so only ids are compared from here on.
  const last = await waitFor("focus on the last row", async () => {
    const id = await app.session.execute("return document.activeElement?.getAttribute('data-testid');");
    return id?.startsWith("book-row-") && id !== first && id;
  });
  const focused = (await app.session.findAll(`[data-testid="${last}"]`))[0];
  await focused.type("\uE007");
  const title = await waitFor("the book page", textOf("book-detail-title"));
  const book = JSON.parse(await cli(app.dataDir, "books", "show", last.slice("book-row-".length), "--json"));
  assert.equal(title.trim(), book.title, "Enter opened the focused row's book");
  await (await app.session.byTestId("book-detail-back")).type("\uE00C");
  await waitFor("the same row focused again", async () =>
    (await app.session.execute("return document.activeElement?.getAttribute('data-testid');")) === last,
  );
});

test("at the smallest window size the pager and the status column stay in view", async () => {
  const window = await waitFor("the main window", () => managedWindow(app.pid, "AuralArchive"));
  await moveResize(window, { x: 0, y: 0, width: 960, height: 600 });
  const layout = await waitFor("the window at 960×600", async () => {
    const l = await app.session.execute(`
      const box = (sel) => document.querySelector(sel)?.getBoundingClientRect().toJSON();
      return {
        width: window.innerWidth,
        height: window.innerHeight,
        pager: box('[data-testid="library-page-label"]'),
        bar: box('[data-testid="activity-bar"]'),
        headers: [...document.querySelectorAll('[role="columnheader"]')].map((c) => c.textContent.trim()).filter(Boolean),
      };`);
    return l.width <= 960 && l;
  });
  assert.ok(layout.headers.some((h) => h.startsWith("Title")) && layout.headers.includes("Status"), `${layout.headers}`);
  const bottom = layout.bar ? layout.bar.top : layout.height;
  assert.ok(layout.pager && layout.pager.bottom <= bottom, `pager ${JSON.stringify(layout.pager)} above ${bottom}`);
  await shootForReadme("library-960x600");
  await moveResize(window, { x: 0, y: 0, width: 1280, height: 800 });
});

test("searching finds a book whose detail page opens and returns", async () => {
  await (await app.session.byTestId("library-search-input")).type("Silent Cartographer");
  // One book in the fixture has this title, so the search narrows the table to its row.
  const row = await waitFor("exactly one search result", async () => {
    const rows = await app.session.findAll('[data-testid^="book-row-"]');
    return rows.length === 1 && rows[0];
  });
  assert.match(await row.attribute("data-testid"), /^book-row-\d+$/, "rows are keyed by book id");

  await row.click();
  const title = await waitFor("the book detail title", textOf("book-detail-title"));
  assert.equal(title.trim(), "The Silent Cartographer");
  await shoot("book-detail");

  await app.session.back();
  await waitFor("the library page after going back", () => app.session.byTestId("library-search-input"));
});

test("the dashboard counts the imported books", async () => {
  await (await app.session.byTestId("nav-dashboard")).click();
  const total = await waitFor("the books tile to count 120", async () => {
    const text = await (await app.session.byTestId("stats-total-books"))?.property("textContent");
    return text?.includes("120") && text;
  });
  assert.match(total, /120/, "stats are SQL aggregates over the same library");
  await shootForReadme("dashboard");
});

test("a series page lists its volumes with their status", async () => {
  await (await app.session.byTestId("nav-series")).click();
  const row = await waitFor("the first series row", async () => (await app.session.findAll('[data-testid^="series-row-"]'))[0]);
  await row.click();
  const name = await waitFor("the series name", textOf("series-detail-name"));
  assert.ok(name.trim().length > 0, "the detail page names the series it shows");
  const volumes = await waitFor("the volumes of the series", async () => {
    const rows = await app.session.findAll('[data-testid^="book-row-"]');
    return rows.length > 0 && rows;
  });
  assert.ok(volumes.length >= 1, "a series in the list has at least one book");
  await shootForReadme("series");
});

test("the Settings page shows the settings the CLI reads and saves a change", async () => {
  await (await app.session.byTestId("nav-settings")).click();
  const box = await waitFor("the close-to-tray switch", () => app.session.byTestId("settings-close-to-tray"));
  assert.equal(await box.property("checked"), true, "closeToTray is on by default, as the CLI reports");
  await shootForReadme("settings");
  await box.click();
  const saved = await waitFor("settings.json to hold closeToTray off", async () => {
    const setting = JSON.parse(await cli(app.dataDir, "settings", "get", "general.closeToTray", "--json"));
    return setting.value === false && setting;
  });
  assert.equal(saved.value, false, "the window's change is saved where the CLI reads it");
});

test("an indexer added by the CLI is listed in Settings, and its test points at the URL when nothing answers", async () => {
  const added = JSON.parse(
    await cli(
      app.dataDir,
      "indexers", "add", "Local Jackett", "--kind", "torznab",
      "--url", "http://127.0.0.1:9117/api/v2.0/indexers/all/results/torznab/",
      "--api-key", "test-pass-e2e-key", "--json",
    ),
  );
  await (await app.session.byTestId("settings-tab-indexers")).click();
  const status = await waitFor("the indexer's row", textOf(`provider-status-${added.id}`));
  assert.equal(status.trim(), "Ready", "a new indexer is ready");
  await (await app.session.byTestId(`provider-test-${added.id}`)).click();
  // Nothing listens on 127.0.0.1:9117 here, so the real Torznab test fails on the connection.
  const field = await waitFor("the test's report", textOf(`provider-report-${added.id}-field-url`));
  assert.equal(field.trim(), "url", "the report points at the URL field");
  const page = await app.session.pageSource();
  assert.ok(!page.includes("test-pass-e2e-key"), "the API key never reaches the window");
});
