// The Import page in the real app: the staging folder set in Settings is scanned from the page, the
// card shows the book ffmpeg made from its tags, and importing it places the file in the library.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";

import { cli, launchApp } from "./support/app.mjs";
import { saveScreenshot } from "./support/screenshots.mjs";
import { waitFor } from "./support/webdriver.mjs";

let app;
let dirs;
let library;
let staging;

/** Every file under `dir`, relative to it. */
async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

before(async () => {
  dirs = await mkdtemp(path.join(tmpdir(), "aural-e2e-import-"));
  library = path.join(dirs, "library");
  staging = path.join(dirs, "staging");
  await mkdir(library, { recursive: true });
  await mkdir(path.join(staging, "E2E Book"), { recursive: true });
  await promisify(execFile)("ffmpeg", [
    "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "anullsrc=r=22050:cl=mono", "-t", "2",
    "-metadata", "title=E2E Book", "-metadata", "album=E2E Book", "-metadata", "artist=E2E Author",
    "-c:a", "aac", "-f", "mp4", path.join(staging, "E2E Book", "book.m4b"),
  ]);
  app = await launchApp({ settings: { "library.root": library, "library.stagingDir": staging } });
  await waitFor("the sidebar", () => app.session.byTestId("nav-import"));
});

after(async () => {
  await app?.close();
  if (dirs) await rm(dirs, { recursive: true, force: true });
});

const textOf = (testId) => async () => (await (await app.session.byTestId(testId))?.property("textContent"))?.trim();

test("scanning the staging folder makes a ready card, and importing it places the file in the library", async () => {
  await (await app.session.byTestId("nav-import")).click();
  assert.equal(await waitFor("the staging folder", textOf("import-staging-dir")), staging);
  await (await app.session.byTestId("import-scan-staging")).click();
  const card = await waitFor("a card", async () => (await app.session.findAll('[data-testid^="import-status-"]'))[0]);
  const id = (await card.attribute("data-testid")).replace("import-status-", "");
  assert.equal((await card.property("textContent")).trim(), "Ready", "a new book with title and author is ready");
  assert.match(await waitFor("the target", textOf(`import-target-${id}`)), /E2E Author\/E2E Book/);
  assert.equal(await textOf("import-count-ready")(), "1");
  await saveScreenshot(app.session, "import", { readme: true });

  await (await app.session.byTestId("import-run-all")).click();
  await waitFor("the imported counter", async () => (await textOf("import-count-imported")()) === "1", 60_000);
  const placed = await filesUnder(library);
  assert.deepEqual(placed, [path.join("E2E Author", "E2E Book", "E2E Book.m4b")], "the file is in the library under the template");
  const status = JSON.parse(await cli(app.dataDir, "import", "status", "--json"));
  assert.equal(status.counts.imported, 1, "the CLI sees the same card imported");
  assert.deepEqual(await filesUnder(staging), [path.join("E2E Book", "book.m4b")], "a copy leaves the source");
});
