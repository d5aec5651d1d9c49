// Screenshots of the real window: every one lands in tests/e2e/screenshots/; those the README shows
// are also written to docs/screenshots/ when UPDATE_SCREENSHOTS=1.

import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { repoRoot } from "./app.mjs";

const folder = path.join(repoRoot, "tests", "e2e", "screenshots");

export async function saveScreenshot(session, name, { readme = false } = {}) {
  const png = await session.screenshot();
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(folder, `${name}.png`), png);
  if (readme && process.env.UPDATE_SCREENSHOTS === "1") {
    await writeFile(path.join(repoRoot, "docs", "screenshots", `${name}.png`), png);
  }
  return png;
}
