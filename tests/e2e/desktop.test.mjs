// The app as part of the desktop, under a real window manager (see scripts/e2e.sh): the native file
// picker for a library list, close-to-tray, the single-instance handover, the tray menu and the
// remembered window size. The steps up to "closeToTray off" run in order on one app, which that step
// quits; the later ones start their own.

import assert from "node:assert/strict";
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, test } from "node:test";

import { cli, createHome, isRunning, launchApp } from "./support/app.mjs";
import {
  TrayMenu,
  clientGeometry,
  isActive,
  launchAgain,
  managedWindow,
  mapState,
  moveResize,
  openInFileChooser,
  requestClose,
  requireWindowManager,
  visibleWindow,
} from "./support/desktop.mjs";
import { waitFor } from "./support/webdriver.mjs";

const fixture = path.join(import.meta.dirname, "fixtures", "picked-list.csv");
const pickedTitles = ["A Path Typed by Hand", "The Chosen Lighthouse", "The Picked Lock"];

let app;
let mainWindow;

before(async () => {
  await requireWindowManager();
  app = await launchApp();
  await waitFor("the sidebar", () => app.session.byTestId("nav-library"));
  mainWindow = await waitFor("the main window to be mapped", () => managedWindow(app.pid, "AuralArchive"));
});

after(async () => {
  await app?.close();
});

/** Waits until the window's map state is `want`; a destroyed window fails at once, as it cannot come back. */
async function waitForMapState(want, why) {
  const state = await waitFor(`the main window to be ${want} (${why})`, async () => {
    const now = await mapState(mainWindow);
    return (now === want || now === "gone") && now;
  });
  assert.equal(state, want, `the main window was destroyed instead: ${why}`);
}

/** A second launch must hand over to the running app and exit, well before a normal start would finish. */
async function assertSecondLaunchHandsOver() {
  const second = await launchAgain(app.env, 15_000);
  assert.ok(!second.timedOut, `a second launch kept running instead of handing over:\n${second.output}`);
  assert.equal(second.code, 0, `a second launch exits cleanly after handing over:\n${second.output}`);
  assert.ok(await isRunning(app.pid), "the first instance keeps running");
}

test("the native file picker imports the chosen list into the library", async () => {
  const picked = path.join(app.root, "picked-list.csv");
  await copyFile(fixture, picked);
  await (await waitFor("the empty dashboard's import button", () => app.session.byTestId("dashboard-import-list"))).click();

  const chooser = await waitFor("the GTK file chooser", () => visibleWindow("Import a library list"));
  await openInFileChooser(chooser, picked);

  const total = await waitFor("the books tile to count the 3 picked books", async () => {
    const text = await (await app.session.byTestId("stats-total-books"))?.property("textContent");
    return text?.trim() === "3" && text;
  });
  assert.equal(total.trim(), "3", "the picked list has 3 rows, all valid");
  const books = JSON.parse(await cli(app.dataDir, "books", "list", "--json"));
  assert.deepEqual(
    books.items.map((b) => b.title).sort(),
    pickedTitles,
    "the library holds exactly the books of the file typed into the picker",
  );
});

test("a second launch while the window is open exits and leaves the window shown", async () => {
  await assertSecondLaunchHandsOver();
  assert.equal(await mapState(mainWindow), "IsViewable", "the window stays shown");
});

test("closing the window keeps the app running in the tray", async () => {
  const setting = JSON.parse(await cli(app.dataDir, "settings", "get", "general.closeToTray", "--json"));
  assert.equal(setting.value, true, "closeToTray is on by default");

  await requestClose(mainWindow);
  await waitForMapState("IsUnMapped", "a close request hides the window while closeToTray is on");
  assert.ok(await isRunning(app.pid), "the app keeps running with its window hidden");
  assert.ok(await app.session.byTestId("nav-library"), "the hidden window's page still answers WebDriver");
});

test("a second launch shows and focuses the window hidden in the tray", async () => {
  await assertSecondLaunchHandsOver();
  await waitForMapState("IsViewable", "the running app shows its window when launched again");
  await waitFor("the shown window to have the keyboard focus", () => isActive(mainWindow));

  await (await app.session.byTestId("nav-library")).click();
  const total = await waitFor("the library page of the shown window", async () => (await app.session.byTestId("library-total"))?.text());
  assert.equal(total.trim(), "3", "the shown window is the same app, with the books imported before");
});

test("the tray menu counts no job after the import and hides and shows the window", async () => {
  const tray = await waitFor("the tray icon's menu on the app's D-Bus", () => TrayMenu.of(app.env, app.pid));
  // The import started from the file picker has finished, and its end reaches the tray as an event.
  const labels = await waitFor("the tray menu to count no running job", async () => {
    const now = (await tray.items()).map((i) => i.label);
    return now.includes("Jobs running: 0") && now;
  });
  assert.deepEqual(
    labels,
    ["Show/Hide window", "Jobs running: 0", "Quit AuralArchive"],
    "the tray menu offers show/hide, the count of running jobs and quit",
  );

  await tray.click("Show/Hide window");
  await waitForMapState("IsUnMapped", "Show/Hide hides a shown window");
  assert.ok(await isRunning(app.pid), "hiding from the tray keeps the app running");
  await tray.click("Show/Hide window");
  await waitForMapState("IsViewable", "Show/Hide shows a hidden window");
});

test("the Settings page sets the library folder through the native folder picker", async () => {
  const folder = path.join(app.root, "Audiobooks");
  await mkdir(folder);
  await (await waitFor("the Settings link", () => app.session.byTestId("nav-settings"))).click();
  await (await waitFor("the Library section tab", () => app.session.byTestId("settings-tab-library"))).click();
  await (await waitFor("the choose-folder button", () => app.session.byTestId("settings-library-root-choose"))).click();

  const chooser = await waitFor("the GTK folder chooser", () => visibleWindow("Choose the library folder"));
  await openInFileChooser(chooser, `${folder}/`);

  const shown = await waitFor("the page to show the chosen folder", async () => {
    const text = await (await app.session.byTestId("settings-library-root"))?.property("textContent");
    return text?.trim() === folder && text;
  });
  assert.equal(shown.trim(), folder, "the page shows the folder picked in the dialog");
  const setting = JSON.parse(await cli(app.dataDir, "settings", "get", "library.root", "--json"));
  assert.equal(setting.value, folder, "the folder is saved in settings.json, where the CLI reads it");
});

test("with closeToTray off, closing the window quits the app", async () => {
  await cli(app.dataDir, "settings", "set", "general.closeToTray", "false");
  await requestClose(mainWindow);
  // The setting is read at each close request, so the running app applies it without a restart.
  await waitFor("the app process to exit after a close request with closeToTray off", async () => !(await isRunning(app.pid)));
  assert.equal(await mapState(mainWindow), "gone", "quitting destroys the window");
});

test("Quit in the tray menu ends the app although closeToTray is on", async () => {
  const other = await launchApp();
  try {
    const setting = JSON.parse(await cli(other.dataDir, "settings", "get", "general.closeToTray", "--json"));
    assert.equal(setting.value, true, "closeToTray is on, so only Quit can end the app");
    const window = await waitFor("the second app's window to be mapped", () => managedWindow(other.pid, "AuralArchive"));
    const tray = await waitFor("the tray icon's menu of a second app", () => TrayMenu.of(other.env, other.pid));
    await tray.click("Quit AuralArchive");
    await waitFor("the app process to exit after Quit", async () => !(await isRunning(other.pid)));
    assert.equal(await isRunning(other.pid), false, "Quit ends the process");
    assert.equal(await mapState(window), "gone", "Quit destroys the window rather than hiding it");
  } finally {
    await other.close();
  }
});

test("with startMinimised on, the app starts hidden in the tray and a second launch shows it", async () => {
  const hidden = await launchApp({ settings: { "general.startMinimised": "true" } });
  try {
    await waitFor("the hidden window's page to load", () => hidden.session.byTestId("nav-library"));
    assert.equal(
      await managedWindow(hidden.pid, "AuralArchive"),
      undefined,
      "the window is never shown, so the window manager has nothing to manage",
    );
    const second = await launchAgain(hidden.env, 15_000);
    assert.ok(!second.timedOut && second.code === 0, `a second launch hands over:\n${second.output}`);
    const shown = await waitFor("the window to be shown by the second launch", () => managedWindow(hidden.pid, "AuralArchive"));
    assert.equal(await mapState(shown), "IsViewable");
  } finally {
    await hidden.close();
  }
});

test("the window opens again at the size and place it had when the app quit", async () => {
  // Both apps run in one home, where the first leaves its window state for the second.
  const home = await createHome();
  try {
    // Not the default size (tauri.conf.json) nor where the window manager puts a new window.
    const wanted = { x: 220, y: 130, width: 1024, height: 640 };
    let left;
    const first = await launchApp({ home });
    try {
      const window = await waitFor("the first app's window to be mapped", () => managedWindow(first.pid, "AuralArchive"));
      const opened = await clientGeometry(window);
      assert.notDeepEqual([opened.width, opened.height], [wanted.width, wanted.height], "a new window has another size");
      await moveResize(window, wanted);
      // The frame's corner goes to x, y and the client area sits inside the frame's decorations.
      left = await waitFor("the window manager to move and resize the window", async () => {
        const now = await clientGeometry(window);
        const inFrame = now.x >= wanted.x && now.x < wanted.x + 50 && now.y >= wanted.y && now.y < wanted.y + 50;
        return now.width === wanted.width && now.height === wanted.height && inFrame && now;
      });
      const tray = await waitFor("the first app's tray menu", () => TrayMenu.of(first.env, first.pid));
      await tray.click("Quit AuralArchive");
      await waitFor("the first app to exit after Quit", async () => !(await isRunning(first.pid)));
    } finally {
      await first.close();
    }

    const second = await launchApp({ home });
    try {
      const window = await waitFor("the second app's window to be mapped", () => managedWindow(second.pid, "AuralArchive"));
      let now;
      await waitFor("the window to take its remembered geometry", async () => {
        now = await clientGeometry(window);
        return now.x === left.x && now.y === left.y && now.width === left.width && now.height === left.height;
      }).catch(() => {});
      assert.deepEqual(now, left, "the window opens where and as large as it was when the app quit");
    } finally {
      await second.close();
    }
  } finally {
    await home.remove();
  }
});
