// The real app window with a small library made for the views: a right-to-left title, two series
// that share a name, covers fetched from a local server into the cover cache, and a list view
// (sort, hidden column, dragged width) that must survive a restart.

import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";
import { after, before, test } from "node:test";

import { cli, createHome, launchApp } from "./support/app.mjs";
import { saveScreenshot } from "./support/screenshots.mjs";
import { waitFor } from "./support/webdriver.mjs";

const RTL_TITLE = "הספרייה של הלילה הארוך ביותר: מסע בין ספרים שלא נכתבו אף פעם ובין הקוראים שחיכו להם";
const ARROW_RIGHT = "\uE014";

let home;
let app;
let covers;

function csvLine(fields) {
  return fields.map((f) => (/[",\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(",");
}

/** Answers like an image CDN: the test picture at /cover.jpg, 404 elsewhere. */
async function serveCovers() {
  const jpeg = await readFile(path.join(import.meta.dirname, "..", "fixtures", "covers", "cover.jpg"));
  const server = createServer((req, res) => {
    if (req.url === "/cover.jpg") res.writeHead(200, { "content-type": "image/jpeg" }).end(jpeg);
    else res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

before(async () => {
  covers = await serveCovers();
  const cover = `http://127.0.0.1:${covers.address().port}/cover.jpg`;
  home = await createHome();
  const rows = [
    ["B0VIEW0001", RTL_TITLE, "", "נועה כהן", "", "", "", "512", "2020-03-01", "hebrew", "", "owned", ""],
    ["B0VIEW0002", "Legacy of the First", "", "Mara Quill", "", "Legacy", "1", "600", "2015-01-01", "english", "", "owned", cover],
    ["B0VIEW0003", "Legacy Reclaimed", "", "Mara Quill", "", "Legacy", "2", "610", "2016-01-01", "english", "", "wanted", cover],
    ["B0VIEW0004", "The Legacy Code", "", "Tobias Renn", "", "Legacy", "1", "420", "2019-05-05", "english", "", "owned", `${cover}?missing`],
  ];
  // Few enough that every row and card is drawn without scrolling; sorted by title they follow the others.
  for (let i = 5; i <= 10; i++) {
    rows.push([`B0VIEW${String(i).padStart(4, "0")}`, `Volume ${i} of the Filler`, "", "Ada Filler", "", "", "", String(100 + i), "2001-01-01", "english", "", "missing", ""]);
  }
  const header = "asin,title,subtitle,authors,narrators,series,series_position,runtime_minutes,release_date,language,publisher,status,cover_url";
  const list = path.join(home.root, "views.csv");
  await writeFile(list, [header, ...rows.map(csvLine)].join("\n") + "\n");
  await cli(home.dataDir, "library", "import", list);
  app = await launchApp({ home });
});

after(async () => {
  await app?.close();
  await home?.remove();
  covers?.close();
});

const shoot = (name, readme = false) => saveScreenshot(app.session, name, { readme });

async function openLibrary() {
  await waitFor("the sidebar", () => app.session.byTestId("nav-library"));
  // From elsewhere only: a click on the page already shown races with the test's next click.
  if ((await app.session.execute("return location.pathname")) !== "/library") await (await app.session.byTestId("nav-library")).click();
  await waitFor("the library rows", async () => (await app.session.findAll('[data-testid^="book-row-"]')).length > 0);
}

test("a right-to-left title is laid out right to left and cut at its own end", async () => {
  await openLibrary();
  const id = await waitFor("the Hebrew title's row", () =>
    app.session.execute(`
      const span = [...document.querySelectorAll(".title")].find((s) => s.textContent.startsWith("הספרייה"));
      return span ? span.closest('[data-testid^="book-row-"]').dataset.testid : null;`),
  );
  const title = await app.session.execute(`
    const span = document.querySelector('[data-testid="${id}"] .title');
    return {
      dir: span.getAttribute("dir"),
      rtl: span.matches(":dir(rtl)"),
      direction: getComputedStyle(span).direction,
      cut: span.scrollWidth > span.clientWidth,
      overflow: getComputedStyle(span).textOverflow,
    };`);
  assert.equal(title.dir, "auto", "the title's direction comes from its own text");
  assert.ok(title.rtl && title.direction === "rtl", `the Hebrew title runs right to left: ${JSON.stringify(title)}`);
  assert.ok(title.cut && title.overflow === "ellipsis", `the long title is cut with an ellipsis: ${JSON.stringify(title)}`);
  const latin = await app.session.execute(`
    const span = [...document.querySelectorAll(".title")].find((s) => s.textContent.startsWith("Volume"));
    return getComputedStyle(span).direction;`);
  assert.equal(latin, "ltr", "a Latin title beside it stays left to right");
  await shoot("library-rtl");
});

test("two authors' series of the same name stay two series", async () => {
  await (await app.session.byTestId("nav-series")).click();
  const legacy = await waitFor("both Legacy series", async () => {
    const rows = await app.session.execute(`
      return [...document.querySelectorAll('[data-testid^="series-row-"]')]
        .map((r) => r.textContent.replace(/\\s+/g, " ").trim())
        .filter((t) => t.includes("Legacy"));`);
    return rows.length >= 2 && rows;
  });
  assert.equal(legacy.length, 2, `one row per series: ${legacy}`);
  assert.ok(legacy.some((r) => r.includes("Mara Quill")) && legacy.some((r) => r.includes("Tobias Renn")), `each under its author: ${legacy}`);
});

test("covers fetched into the cache show in the grid; a book whose cover failed keeps its placeholder", async () => {
  await openLibrary();
  await (await app.session.byTestId("library-view-grid")).click();
  const shown = await waitFor("two covers drawn from the cover cache", async () => {
    const pictures = await app.session.execute(`
      return [...document.querySelectorAll('img[data-testid^="book-cover-"]')]
        .filter((img) => img.complete && img.naturalWidth > 0)
        .map((img) => ({ id: img.dataset.testid, src: img.getAttribute("src"), width: img.naturalWidth }));`);
    return pictures.length >= 2 && pictures;
  }, 40_000);
  assert.ok(shown.every((p) => p.src.startsWith("cover://localhost/") && p.width === 120), `cached pictures: ${JSON.stringify(shown)}`);
  const placeholders = await app.session.findAll('[data-testid^="book-cover-placeholder-"]');
  assert.ok(placeholders.length > 0, "books without a cached cover show the placeholder");
  const slider = await app.session.byTestId("library-cover-size");
  assert.ok(slider, "the grid has a cover size control");
  await shoot("library-covers", true);
  await (await app.session.byTestId("library-view-table")).click();
});

test("sort, hidden column and a dragged column width come back after a restart", async () => {
  await openLibrary();
  await (await app.session.byTestId("book-sort-runtime")).click();
  await waitFor("the runtime sort", async () => (await app.session.execute("return location.search")).includes("sort=runtime"));
  await (await app.session.byTestId("library-columns")).click();
  const released = await waitFor("the Released choice", () => app.session.byTestId("library-column-released"));
  await released.click();
  await (await app.session.byTestId("library-columns")).click();
  const headerWidth = () =>
    app.session.execute(`return document.querySelector('[data-testid="book-sort-title"]').parentElement.getBoundingClientRect().width;`);
  const before = await headerWidth();
  const resizer = await app.session.byTestId("book-resize-title");
  for (let i = 0; i < 4; i++) await resizer.type(ARROW_RIGHT);
  const widened = await waitFor("the title column to widen", async () => {
    const w = await headerWidth();
    return w >= before + 60 && w;
  });
  const headers = () =>
    app.session.execute(`return [...document.querySelectorAll('[role="columnheader"]')].map((c) => c.textContent.trim()).filter(Boolean);`);
  assert.ok(!(await headers()).includes("Released"), "the hidden column is gone before the restart");
  // The preference store writes shortly after a change; give it time before the app goes away.
  await new Promise((resolve) => setTimeout(resolve, 1_500));

  await app.close();
  app = await launchApp({ home });
  await openLibrary();
  const search = await app.session.execute("return location.search");
  assert.match(search, /sort=runtime/, "the library opens with the sort it had");
  assert.ok(!(await headers()).includes("Released"), "the hidden column stays hidden");
  const after = await headerWidth();
  assert.ok(Math.abs(after - widened) < 2, `the title keeps its dragged width: ${after} vs ${widened}`);
  await shoot("library-after-restart");
});

