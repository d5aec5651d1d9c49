// The real app window searching releases: a Torznab indexer on loopback that answers like
// Jackett (the public-shaped feed in tests/fixtures/indexers) and one that never answers; the book
// page shows the quick indexer's releases first and the hung one's timeout after.

import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { after, before, test } from "node:test";

import { cli, cliBinary, createHome, launchApp } from "./support/app.mjs";
import { saveScreenshot } from "./support/screenshots.mjs";
import { waitFor } from "./support/webdriver.mjs";

const fixtures = path.join(import.meta.dirname, "..", "fixtures", "indexers");
const KEY = "test-pass-e2e-search";

let home;
let app;
let indexer;

/** Caps and searches as Jackett answers them; `/hang/api` never answers. */
async function serveIndexer() {
  const caps = await readFile(path.join(fixtures, "jackett_torznab_caps_books.xml"));
  const feed = await readFile(path.join(fixtures, "jackett_torznab_audiobooks.xml"));
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname.startsWith("/hang/")) return;
    const xml = url.searchParams.get("t") === "caps" ? caps : feed;
    res.writeHead(200, { "content-type": "application/xml" }).end(xml);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

async function addIndexer(name, url, timeout) {
  const child = promisify(execFile)(
    cliBinary,
    ["--data-dir", home.dataDir, "indexers", "add", name, "--kind", "torznab", "--url", url, "--timeout-secs", String(timeout), "--api-key-stdin", "--json"],
    { timeout: 60_000 },
  );
  child.child.stdin.end(`${KEY}\n`);
  return JSON.parse((await child).stdout).id;
}

before(async () => {
  indexer = await serveIndexer();
  home = await createHome();
  const list = path.join(home.root, "wanted.csv");
  await writeFile(list, "asin,title,authors,series,series_position,status\nB0SEARCH01,The Way of Kings,Brandon Sanderson,The Stormlight Archive,1,wanted\n");
  await cli(home.dataDir, "library", "import", list);
  const base = `http://127.0.0.1:${indexer.address().port}`;
  await addIndexer("Local Jackett", `${base}/api/v2.0/indexers/demo/results/torznab/`, 10);
  await addIndexer("Hung indexer", `${base}/hang/api`, 2);
  app = await launchApp({ home });
});

after(async () => {
  await app?.close();
  await home?.remove();
  indexer?.close();
});

test("a book's release search shows the ranked releases, the quick indexer first and the hung one's timeout", async () => {
  await waitFor("the sidebar", () => app.session.byTestId("nav-library"));
  await (await app.session.byTestId("nav-library")).click();
  // The title, not the row's middle, which may be the series link.
  const row = await waitFor("the wanted book's title", async () => (await app.session.findAll('[data-testid^="book-row-"] .title'))[0]);
  await row.click();
  await (await waitFor("the search button", () => app.session.byTestId("release-search-start"))).click();

  const firstRows = await waitFor("the quick indexer's releases", async () => {
    const rows = await app.session.findAll('[data-testid^="release-row-"]');
    return rows.length > 0 && rows;
  });
  assert.ok(firstRows.length >= 3, `releases from the feed: ${firstRows.length}`);
  const stillSearching = await (await app.session.byTestId("release-search-start")).text();
  assert.equal(stillSearching, "Searching…", "the hung indexer is still being waited for");

  await waitFor("the search to end", async () => (await (await app.session.byTestId("release-search-start")).text()) === "Search again", 20_000);
  const chips = await (await app.session.byTestId("release-search-indexers")).text();
  assert.match(chips, /Local Jackett · \d+ found/);
  assert.match(chips, /Hung indexer · no answer within 2 s/);
  const best = await app.session.execute(`return document.querySelector('[data-testid^="release-row-"]').textContent;`);
  assert.match(best, /The Way of Kings/, `the book's own release ranks first: ${best}`);
  const page = await app.session.pageSource();
  assert.ok(!page.includes(KEY), "the API key never reaches the window");
  await saveScreenshot(app.session, "book-release-search", { readme: true });
});
