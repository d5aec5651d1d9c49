// A library import as the desktop sees it: a notification server on the app's session bus receives
// the desktop notification that announces the end of an import, and the tray menu counts the import
// while it runs. The tests run in order on one app, each importing through the native file picker,
// the only way the window starts an import: imports by auralarchive-cli are jobs of another process,
// which neither the tray nor the notifications of the app know about.

import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";

import { cli, launchApp } from "./support/app.mjs";
import {
  NotificationServer,
  TrayMenu,
  openInFileChooser,
  requireWindowManager,
  visibleWindow,
} from "./support/desktop.mjs";
import { waitFor } from "./support/webdriver.mjs";

const fixture = path.join(import.meta.dirname, "fixtures", "picked-list.csv");
/** On Linux notifications are sent with the name of the executable (mainBinaryName in tauri.conf.json). */
const appName = "auralarchive";
/**
 * Rows of the large list. A debug build imports about 10,000 rows a second here, so the import runs
 * for seconds while the tray is read every 100 ms or so.
 */
const largeRows = 50_000;

let app;
let notifications;
let tray;

before(async () => {
  await requireWindowManager();
  app = await launchApp();
  notifications = await NotificationServer.start(app.env);
  await waitFor("the sidebar", () => app.session.byTestId("nav-library"));
  tray = await waitFor("the tray icon's menu on the app's D-Bus", () => TrayMenu.of(app.env, app.pid));
});

after(async () => {
  await notifications?.stop();
  await app?.close();
});

/** Writes a library list of `count` made-up owned books whose ASINs start with `prefix` (two letters). */
async function writeList(file, prefix, count) {
  const lines = ["asin,title,subtitle,authors,narrators,series,series_position,runtime_minutes,release_date,language,publisher,status"];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(6, "0");
    lines.push(`B0${prefix}${n},Generated Book ${prefix} ${n},,Author ${i % 400},Narrator ${i % 250},,,300,2020-01-01,english,Test House,owned`);
  }
  await writeFile(file, `${lines.join("\n")}\n`);
}

/** Clicks the import button `testId` and picks `file` in the native file chooser. */
async function importThroughPicker(testId, file) {
  await (await waitFor(`the import button ${testId}`, () => app.session.byTestId(testId))).click();
  const chooser = await waitFor("the GTK file chooser", () => visibleWindow("Import a library list"));
  await openInFileChooser(chooser, file);
}

const fromApp = async () => (await notifications.received()).filter((n) => n.appname === appName);

async function jobsLabel() {
  return (await tray.items()).find((i) => i.label.startsWith("Jobs running: "))?.label;
}

/** The jobs the window's activity bar shows running. */
function runningInWindow() {
  return app.session.findAll('[data-testid^="activity-job-"]:not([data-testid^="activity-job-open-"])');
}

async function bookTotal() {
  return JSON.parse(await cli(app.dataDir, "books", "list", "--per-page", "1", "--json")).total;
}

test("a finished import is announced by a desktop notification naming its outcome", async () => {
  await importThroughPicker("dashboard-import-list", fixture);

  const [announced] = await waitFor("the notification server to receive a notification from the app", async () => {
    const now = await fromApp();
    return now.length > 0 && now;
  });
  assert.deepEqual(
    { summary: announced.summary, body: announced.body },
    { summary: "Imported picked-list.csv", body: "3 new, 0 updated, 0 unchanged, 0 skipped" },
    "the notification names the imported file and counts the 3 books of the picked list as new",
  );
  assert.deepEqual(await fromApp(), [announced], "one import, one notification");
});

test("the tray counts a large import as one running job until it ends", async () => {
  // Off, so that the next test can tell whether the end of this import was announced.
  await cli(app.dataDir, "settings", "set", "general.notifications.importFinished", "false");
  const large = path.join(app.root, "large-list.csv");
  await writeList(large, "LA", largeRows);
  assert.equal(await jobsLabel(), "Jobs running: 0", "no job runs before the import starts");

  await (await app.session.byTestId("nav-library")).click();
  await importThroughPicker("library-import-list", large);

  await waitFor("the tray to count the running import", async () => (await jobsLabel()) === "Jobs running: 1");
  await waitFor("the window's activity bar to show the import", async () => (await runningInWindow()).length === 1);
  assert.ok((await bookTotal()) < 3 + largeRows, "the tray counted the import while it was still adding rows");

  await waitFor("the tray to count no running job after the import", async () => (await jobsLabel()) === "Jobs running: 0", 120_000);
  assert.equal(await bookTotal(), 3 + largeRows, "the import ended by adding every row of the large list");
  // The window drops a job from its activity bar on the update that ended it, sent after the
  // notifications had their say about that update.
  await waitFor("the activity bar to drop the ended import", async () => (await runningInWindow()).length === 0);
});

test("an import that ended while importFinished was off was not announced", async () => {
  await cli(app.dataDir, "settings", "set", "general.notifications.importFinished", "true");
  const small = path.join(app.root, "small-list.csv");
  await writeList(small, "SM", 2);

  await importThroughPicker("library-import-list", small);

  const all = await waitFor("the notification announcing the small import", async () => {
    const now = await fromApp();
    return now.some((n) => n.body.startsWith("2 new")) && now;
  });
  // The app sends its notifications in order on one connection, so one for the large import would
  // have reached the server before this one.
  assert.deepEqual(
    all.map((n) => n.body),
    ["3 new, 0 updated, 0 unchanged, 0 skipped", "2 new, 0 updated, 0 unchanged, 0 skipped"],
    "the imports that ended with importFinished on are announced, the large one in between is not",
  );
});
