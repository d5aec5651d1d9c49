// Starts the real app under tauri-driver with its own data dir, XDG dirs, D-Bus session bus and ports.

import { spawn, execFile } from "node:child_process";
import { mkdtemp, mkdir, readFile, readdir, readlink, realpath, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";

import { Session, waitFor } from "./webdriver.mjs";

export const repoRoot = path.resolve(import.meta.dirname, "../../..");
const targetDir = path.resolve(repoRoot, process.env.CARGO_TARGET_DIR ?? "target");
/** The debug build the tests drive; the start-up bench points `AURALARCHIVE_APP` at the release build. */
export const appBinary = process.env.AURALARCHIVE_APP ?? path.join(targetDir, "debug", "auralarchive");
export const cliBinary = path.join(targetDir, "debug", "auralarchive-cli");
const toolsDir = path.join(process.env.HOME ?? "", ".cache", "auralarchive", "tools", "bin");

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A session bus of the app's own, at the default address for its XDG_RUNTIME_DIR. The single-instance
 * handover and the tray menu go over it. The config names no service directories, so nothing on the
 * host (a keyring, the accessibility bus, dconf) is started for a test.
 */
async function startSessionBus(runtimeDir) {
  const socket = path.join(runtimeDir, "bus");
  const config = path.join(runtimeDir, "bus.conf");
  await writeFile(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const daemon = spawn("dbus-daemon", ["--config-file", config, "--nofork", "--nopidfile", "--print-address=1"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const errors = [];
  daemon.stderr.on("data", (chunk) => errors.push(chunk.toString()));
  const exited = new Promise((resolve) => daemon.on("close", resolve));
  // dbus-daemon prints its address once it listens.
  const address = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("dbus-daemon printed no address within 10 s")), 10_000);
    createInterface({ input: daemon.stdout }).once("line", (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    daemon.once("close", (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-daemon exited with ${code}: ${errors.join("")}`));
    });
  }).catch(async (err) => {
    daemon.kill();
    await exited;
    throw err;
  });
  return {
    address: address.trim(),
    async stop() {
      daemon.kill();
      await exited;
    },
  };
}

/** Parent pid and state of a process from /proc, or undefined once it is gone. */
async function procStat(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (stat === undefined) return undefined;
  // The command name in parentheses may itself hold spaces and parentheses; the fields after it do not.
  const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { state, ppid: Number(ppid) };
}

/** True while the process exists and has not exited; an exited child its parent has not yet reaped is a zombie ("Z"). */
export async function isRunning(pid) {
  const stat = await procStat(pid);
  return stat !== undefined && stat.state !== "Z" && stat.state !== "X";
}

/** The pid of the app process that tauri-driver (through WebKitWebDriver) started. */
async function appPidUnder(ancestor) {
  const binary = await realpath(appBinary);
  const children = new Map();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await procStat(entry);
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
  }
  const queue = [...(children.get(ancestor) ?? [])];
  while (queue.length) {
    const pid = queue.shift();
    // A rebuilt binary shows as "<path> (deleted)" for processes started before the rebuild.
    const exe = await readlink(`/proc/${pid}/exe`).catch(() => "");
    if (exe === binary || exe.startsWith(`${binary} `)) return pid;
    queue.push(...(children.get(pid) ?? []));
  }
  return undefined;
}

/**
 * Processes whose working directory is in `dir`: tauri-driver starts in the app's temp root, and so the
 * WebKit driver, the app and the WebKit processes of the app inherit it.
 */
async function processesIn(dir) {
  const found = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    // An ended process, zombie or gone, has no working directory to read.
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => "");
    if (cwd === dir || cwd.startsWith(`${dir}/`)) found.push(Number(entry));
  }
  return found;
}

/**
 * The file chooser opens on the working directory rather than on "Recent", where its Open button stays
 * disabled for a while after a path is typed and Return does nothing until it is enabled.
 */
async function writeGtkSettings(configHome) {
  const dir = path.join(configHome, "glib-2.0", "settings");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "keyfile"), "[org/gtk/settings/file-chooser]\nstartup-mode='cwd'\n");
}

/**
 * Where an app keeps its state, in a fresh temp root: its data dir, XDG dirs and a D-Bus session bus.
 * `env` is the environment an app runs in there, so a second launch with it finds the first, and an app
 * launched in it again finds what the one before left (window state, settings, library).
 * `remove()` stops the bus and deletes the root once no app runs there.
 */
export async function createHome() {
  if (!process.env.DISPLAY) throw new Error("no DISPLAY: run the end-to-end tests with `npm run e2e`");
  // Real, so that it compares equal to the working directories read from /proc.
  const root = await realpath(await mkdtemp(path.join(tmpdir(), "auralarchive-e2e-")));
  const dirs = {
    data: path.join(root, "data"),
    XDG_CONFIG_HOME: path.join(root, "config"),
    XDG_DATA_HOME: path.join(root, "share"),
    XDG_CACHE_HOME: path.join(root, "cache"),
    XDG_RUNTIME_DIR: path.join(root, "runtime"),
  };
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true, mode: 0o700 });

  const bus = await startSessionBus(dirs.XDG_RUNTIME_DIR).catch(async (err) => {
    await rm(root, { recursive: true, force: true });
    throw err;
  });
  await writeGtkSettings(dirs.XDG_CONFIG_HOME);
  const env = {
    ...process.env,
    PATH: `${toolsDir}:${process.env.PATH}`,
    AURALARCHIVE_DATA_DIR: dirs.data,
    XDG_CONFIG_HOME: dirs.XDG_CONFIG_HOME,
    XDG_DATA_HOME: dirs.XDG_DATA_HOME,
    XDG_CACHE_HOME: dirs.XDG_CACHE_HOME,
    XDG_RUNTIME_DIR: dirs.XDG_RUNTIME_DIR,
    DBUS_SESSION_BUS_ADDRESS: bus.address,
    // GTK's settings from the file writeGtkSettings wrote, not from this machine's dconf.
    GSETTINGS_BACKEND: "keyfile",
  };
  return {
    root,
    env,
    dataDir: dirs.data,
    async remove() {
      await bus.stop();
      await rm(root, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

/**
 * The app in `home`, or in a fresh one of its own when none is given, with `settings` (dotted key →
 * value) set through the CLI before it starts. `pid` is its process. `close()` ends the session and
 * tauri-driver, waits for the app's processes to end and removes the home if it is the app's own.
 */
export async function launchApp({ settings = {}, home } = {}) {
  const own = home === undefined;
  home ??= await createHome();
  const { root, env } = home;
  const removeOwn = () => (own ? home.remove() : Promise.resolve());

  const port = await freePort();
  const nativePort = await freePort();
  const driverLog = [];
  let driver;
  let exited;
  const base = `http://127.0.0.1:${port}`;
  let session;
  let pid;
  let launchedAt;
  try {
    for (const [key, value] of Object.entries(settings)) await cli(home.dataDir, "settings", "set", key, value);
    driver = spawn(
      "tauri-driver",
      ["--port", String(port), "--native-port", String(nativePort), "--native-driver", "/usr/bin/WebKitWebDriver"],
      { env, cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    driver.stdout.on("data", (chunk) => driverLog.push(chunk.toString()));
    driver.stderr.on("data", (chunk) => driverLog.push(chunk.toString()));
    exited = new Promise((resolve) => driver.on("exit", resolve));
    await waitFor("tauri-driver to answer /status", async () => (await fetch(`${base}/status`)).ok, 30_000);
    launchedAt = performance.now();
    session = await Session.create(base, { browserName: "wry", "tauri:options": { application: appBinary } });
    pid = await waitFor("the app process under tauri-driver", () => appPidUnder(driver.pid), 10_000);
  } catch (err) {
    await session?.delete().catch(() => {});
    driver?.kill();
    await exited;
    await removeOwn();
    throw new Error(`${err.message}\n--- tauri-driver output ---\n${driverLog.join("")}`);
  }

  return {
    session,
    pid,
    /** `performance.now()` when the app was asked to start. */
    launchedAt,
    /** The pids of the app and its WebKit processes (they work in the app's home). */
    processes: () => processesIn(root),
    env,
    root,
    dataDir: home.dataDir,
    log: () => driverLog.join(""),
    async close() {
      await session.delete().catch(() => {});
      driver.kill();
      await exited;
      // The app and its WebKit processes can outlive tauri-driver for a moment, still writing caches
      // and settings into `root`, which would come back (or fail to go) if removed before they end,
      // and would race with the next app launched in the same home.
      const ended = await waitFor("the app's processes to end", async () => (await processesIn(root)).length === 0, 5_000).catch(() => false);
      if (!ended) {
        for (const leftover of await processesIn(root)) {
          try {
            process.kill(leftover, "SIGKILL");
          } catch {
            // It ended after all.
          }
        }
      }
      await removeOwn();
    },
  };
}

/** Runs auralarchive-cli against the app's data dir; rejects with its output when it fails. */
export async function cli(dataDir, ...args) {
  const { stdout } = await promisify(execFile)(cliBinary, ["--data-dir", dataDir, ...args], { timeout: 120_000 });
  return stdout;
}
