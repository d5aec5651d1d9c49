// Starts the real app under tauri-driver with its own data dir, XDG dirs and ports.

import { spawn, execFile } from "node:child_process";
import { mkdtemp, mkdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { Session, waitFor } from "./webdriver.mjs";

export const repoRoot = path.resolve(import.meta.dirname, "../../..");
const targetDir = path.resolve(repoRoot, process.env.CARGO_TARGET_DIR ?? "target");
export const appBinary = path.join(targetDir, "debug", "auralarchive");
export const cliBinary = path.join(targetDir, "debug", "auralarchive-cli");
const toolsDir = path.join(process.env.HOME ?? "", ".cache", "auralarchive", "tools", "bin");

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The app with a fresh data dir. `close()` ends the session, tauri-driver and the temp dirs. */
export async function launchApp() {
  if (!process.env.DISPLAY) throw new Error("no DISPLAY: run the end-to-end tests with `npm run e2e`");
  const root = await mkdtemp(path.join(tmpdir(), "auralarchive-e2e-"));
  const dirs = {
    data: path.join(root, "data"),
    XDG_CONFIG_HOME: path.join(root, "config"),
    XDG_DATA_HOME: path.join(root, "share"),
    XDG_CACHE_HOME: path.join(root, "cache"),
    XDG_RUNTIME_DIR: path.join(root, "runtime"),
  };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true, mode: 0o700 });

  const port = await freePort();
  const nativePort = await freePort();
  const driverLog = [];
  const driver = spawn(
    "tauri-driver",
    ["--port", String(port), "--native-port", String(nativePort), "--native-driver", "/usr/bin/WebKitWebDriver"],
    {
      env: {
        ...process.env,
        PATH: `${toolsDir}:${process.env.PATH}`,
        AURALARCHIVE_DATA_DIR: dirs.data,
        XDG_CONFIG_HOME: dirs.XDG_CONFIG_HOME,
        XDG_DATA_HOME: dirs.XDG_DATA_HOME,
        XDG_CACHE_HOME: dirs.XDG_CACHE_HOME,
        XDG_RUNTIME_DIR: dirs.XDG_RUNTIME_DIR,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  driver.stdout.on("data", (chunk) => driverLog.push(chunk.toString()));
  driver.stderr.on("data", (chunk) => driverLog.push(chunk.toString()));
  const exited = new Promise((resolve) => driver.on("exit", resolve));

  const base = `http://127.0.0.1:${port}`;
  let session;
  try {
    await waitFor("tauri-driver to answer /status", async () => (await fetch(`${base}/status`)).ok, 30_000);
    session = await Session.create(base, { browserName: "wry", "tauri:options": { application: appBinary } });
  } catch (err) {
    driver.kill();
    await exited;
    await rm(root, { recursive: true, force: true });
    throw new Error(`${err.message}\n--- tauri-driver output ---\n${driverLog.join("")}`);
  }

  return {
    session,
    dataDir: dirs.data,
    log: () => driverLog.join(""),
    async close() {
      await session.delete().catch(() => {});
      driver.kill();
      await exited;
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Runs auralarchive-cli against the app's data dir; rejects with its output when it fails. */
export async function cli(dataDir, ...args) {
  const { stdout } = await promisify(execFile)(cliBinary, ["--data-dir", dataDir, ...args], { timeout: 120_000 });
  return stdout;
}
