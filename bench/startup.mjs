// Start-up bench: from asking for the app to a dashboard showing its figures, with a library of
// AURAL_BENCH_BOOKS books (default 250,000), plus the memory of the app and its WebKit processes
// once idle, and where the time went: the app process starting, the web view starting to load the
// page, the page's scripts having run, the dashboard filled. Prints numbers; asserts nothing about
// them. Run with `npm run bench:startup` (the release build: `npx tauri build --no-bundle` first),
// or against the debug build with AURALARCHIVE_APP=$CARGO_TARGET_DIR/debug/auralarchive.
// AURAL_BENCH_SEEDED=DIR starts from a copy of a data folder seeded before (with
// `cargo run --release --example seed_library -- DIR N`) instead of seeding one.

import { execFile } from "node:child_process";
import { cp, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { test } from "node:test";

import { createHome, launchApp, repoRoot } from "../tests/e2e/support/app.mjs";

const BOOKS = Number(process.env.AURAL_BENCH_BOOKS ?? 250_000);
const RUNS = 3;

/** When `pid` started, in ms since the epoch (to the kernel's 10 ms clock ticks). */
async function startedAt(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const ticks = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  const uptime = Number((await readFile("/proc/uptime", "utf8")).split(" ")[0]);
  return Date.now() - uptime * 1000 + ticks * 10;
}

async function pssKiB(pid) {
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, "utf8").catch(() => "");
  const line = rollup.split("\n").find((l) => l.startsWith("Pss:"));
  return line ? Number(line.split(/\s+/)[1]) : 0;
}

/** Polls the page every 10 ms until the dashboard shows the library's book count. */
async function dashboardShown(session) {
  for (;;) {
    const shown = await session
      .execute(`return document.querySelector('[data-testid="stats-total-books"]')?.textContent ?? "";`)
      .catch(() => "");
    if (shown.replace(/\D/g, "") === String(BOOKS)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

test(`start-up with ${BOOKS.toLocaleString("en-GB")} books`, { timeout: 30 * 60_000 }, async () => {
  const home = await createHome();
  try {
    const seeded = Date.now();
    if (process.env.AURAL_BENCH_SEEDED) {
      await cp(process.env.AURAL_BENCH_SEEDED, home.dataDir, { recursive: true });
    } else {
      await promisify(execFile)(
        "cargo",
        ["run", "--quiet", "--example", "seed_library", "--", home.dataDir, String(BOOKS)],
        { cwd: repoRoot, timeout: 20 * 60_000 },
      );
    }
    console.log(`seeded ${BOOKS} books in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
    const times = [];
    for (let run = 0; run < RUNS; run++) {
      const app = await launchApp({ home });
      try {
        const asked = Date.now() - (performance.now() - app.launchedAt);
        await dashboardShown(app.session);
        const shown = Date.now();
        times.push(performance.now() - app.launchedAt);
        const page = await app.session.execute(
          `const nav = performance.getEntriesByType("navigation")[0];
           return { origin: performance.timeOrigin, scripts: nav?.domContentLoadedEventEnd ?? 0 };`,
        );
        const started = await startedAt(app.pid);
        console.log(
          `run ${run + 1}: app process started +${(started - asked).toFixed(0)} ms; page load started +${(page.origin - asked).toFixed(0)} ms; ` +
            `page scripts run +${(page.origin + page.scripts - asked).toFixed(0)} ms; dashboard filled +${(shown - asked).toFixed(0)} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, 5_000));
        let pss = 0;
        for (const pid of await app.processes()) pss += await pssKiB(pid);
        console.log(`run ${run + 1}: dashboard filled after ${times.at(-1).toFixed(0)} ms; app + WebKit idle PSS ${(pss / 1024).toFixed(0)} MB`);
      } finally {
        await app.close();
      }
    }
    times.sort((a, b) => a - b);
    console.log(`median launch to filled dashboard: ${times[Math.floor(RUNS / 2)].toFixed(0)} ms (${path.basename(process.env.AURALARCHIVE_APP ?? "debug build")})`);
  } finally {
    await home.remove();
  }
});
