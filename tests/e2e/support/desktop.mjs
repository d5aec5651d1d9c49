// The desktop around the app, driven as a user's session would: windows through the window manager
// (wmctrl, xdotool and xwininfo on the X display), the tray menu through dbusmenu on the app's bus,
// a notification server on that bus, and second launches of the app binary.

import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";

import { appBinary } from "./app.mjs";
import { waitFor } from "./webdriver.mjs";

const exec = promisify(execFile);

async function run(command, args, options = {}) {
  const { stdout } = await exec(command, args, { timeout: 10_000, ...options });
  return stdout;
}

/** Fails with what to do when no window manager runs: only one sends close requests and moves focus. */
export async function requireWindowManager() {
  try {
    await run("wmctrl", ["-m"]);
  } catch {
    throw new Error(`no window manager on ${process.env.DISPLAY}: run the end-to-end tests with \`npm run e2e\`, which starts one`);
  }
}

/**
 * The id (hex, as wmctrl prints it) of the top-level window titled `title` that process `pid` has
 * mapped. Only mapped windows are managed, so a hidden window is not found here; keep its id.
 */
export async function managedWindow(pid, title) {
  for (const line of (await run("wmctrl", ["-l", "-p"])).split("\n")) {
    // Columns: window id, desktop, pid, client host, title.
    const match = /^(0x[0-9a-f]+)\s+\S+\s+(\d+)\s+\S+\s(.*)$/.exec(line);
    if (match && Number(match[2]) === pid && match[3] === title) return match[1];
  }
  return undefined;
}

/** X's map state of a window: "IsViewable", "IsUnMapped", "IsUnviewable", or "gone" once it was destroyed. */
export async function mapState(windowId) {
  const info = await run("xwininfo", ["-id", windowId]).catch(() => undefined);
  return info === undefined ? "gone" : (/Map State:\s*(\w+)/.exec(info)?.[1] ?? "unknown");
}

/**
 * Where a window's client area is on the screen and how large it is, from xwininfo. The client area
 * leaves out the frame the window manager draws, so two windows compare equal whatever its decorations.
 */
export async function clientGeometry(windowId) {
  const info = await run("xwininfo", ["-id", windowId]);
  const field = (name) => Number(new RegExp(`${name}:\\s*(-?\\d+)`).exec(info)?.[1]);
  return {
    x: field("Absolute upper-left X"),
    y: field("Absolute upper-left Y"),
    width: field("Width"),
    height: field("Height"),
  };
}

/**
 * Asks the window manager to move and resize a window (_NET_MOVERESIZE_WINDOW): its frame's top-left
 * corner to `x`, `y` and its client area to `width` × `height`.
 */
export async function moveResize(windowId, { x, y, width, height }) {
  await run("wmctrl", ["-i", "-r", windowId, "-e", `0,${x},${y},${width},${height}`]);
}

/** Asks the window manager to close a window (_NET_CLOSE_WINDOW, passed on as WM_DELETE_WINDOW). */
export async function requestClose(windowId) {
  await run("wmctrl", ["-i", "-c", windowId]);
}

export async function isActive(windowId) {
  const active = await run("xdotool", ["getactivewindow"]).catch(() => "");
  return active.trim() !== "" && Number(active.trim()) === Number(windowId);
}

/** The id of the visible window titled exactly `title`, if there is one. */
export async function visibleWindow(title) {
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // xdotool exits with 1 when nothing matches.
  const found = await run("xdotool", ["search", "--onlyvisible", "--name", `^${escaped}$`]).catch(() => "");
  return found.split("\n").find((id) => id.trim() !== "");
}

/** Asks the window manager to raise and focus a window (_NET_ACTIVE_WINDOW). */
async function activate(windowId) {
  await run("xdotool", ["windowactivate", windowId]);
}

/**
 * Opens `file` in the GTK file chooser `chooser`: Ctrl+L focuses its location field, Ctrl+A selects what
 * is there, the path is typed over it and Return presses Open. GTK checks a typed path asynchronously
 * and ignores Return until it has, so Return is pressed again while the chooser stays open and focused.
 */
export async function openInFileChooser(chooser, file, ms = 20_000) {
  await activate(chooser);
  await waitFor("the file chooser to have the keyboard focus", () => isActive(chooser));
  await run("xdotool", ["key", "ctrl+l", "ctrl+a"]);
  await run("xdotool", ["type", "--delay", "15", file]);
  const deadline = Date.now() + ms;
  for (;;) {
    // Anything else in front of the chooser now is GTK's error dialog about the typed path.
    if (!(await isActive(chooser))) throw new Error(`the file chooser lost the keyboard focus after typing ${file}`);
    await run("xdotool", ["key", "Return"]);
    const closed = await waitFor("the file chooser to close", async () => (await mapState(chooser)) !== "IsViewable", 1_000).catch(() => false);
    if (closed) return;
    if (Date.now() > deadline) throw new Error(`the file chooser was still open ${ms} ms after typing ${file} and pressing Return`);
  }
}

/**
 * Starts the app binary once more in `env` and waits for it to exit. Resolves with its exit code and
 * output, or with `timedOut` (after killing it) when it was still running after `ms`.
 */
export function launchAgain(env, ms) {
  return new Promise((resolve, reject) => {
    const child = spawn(appBinary, [], { env, stdio: ["ignore", "pipe", "pipe"] });
    const output = [];
    child.stdout.on("data", (chunk) => output.push(chunk.toString()));
    child.stderr.on("data", (chunk) => output.push(chunk.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill();
    }, ms);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, output: output.join("") });
    });
  });
}

/**
 * A method call on the session bus of `env` through dbus-send, whose arguments carry their types
 * (`int32:0`, `string:clicked`); resolves with the reply as one line. Calls on this machine answer in
 * milliseconds; the timeout is for a connection that does not answer at all.
 */
function busCall(env, destination, objectPath, method, ...args) {
  const call = ["--session", "--print-reply", "--reply-timeout=1000", `--dest=${destination}`, objectPath, method, ...args];
  const options = { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: env.DBUS_SESSION_BUS_ADDRESS } };
  return run("dbus-send", call, options).then((reply) => reply.replace(/\s+/g, " "));
}

const DBUS = ["org.freedesktop.DBus", "/org/freedesktop/DBus"];

/** Where libayatana-appindicator exports each tray icon of a process, one child node per icon. */
const NOTIFICATION_ITEMS = "/org/ayatana/NotificationItem";

/**
 * The tray icon's menu as the desktop's tray sees it: libayatana-appindicator exports the GTK menu
 * over D-Bus with the com.canonical.dbusmenu interface, which a tray host reads and clicks through.
 */
export class TrayMenu {
  /** The menu of the tray icon of process `pid`, on the session bus of `env`; undefined while there is none. */
  static async of(env, pid) {
    const names = [...(await busCall(env, ...DBUS, "org.freedesktop.DBus.ListNames")).matchAll(/string "(:[^"]+)"/g)];
    // The app has several connections; the one of GTK's main loop exports the menu. Another never
    // answers, so the first connection with a menu wins rather than waiting for all of them.
    const probe = async ([, name]) => {
      const owner = await busCall(env, ...DBUS, "org.freedesktop.DBus.GetConnectionUnixProcessID", `string:${name}`);
      if (Number(/uint32 (\d+)/.exec(owner)?.[1]) !== pid) throw new Error(`${name} is another process`);
      const xml = await busCall(env, name, NOTIFICATION_ITEMS, "org.freedesktop.DBus.Introspectable.Introspect");
      for (const [, item] of xml.matchAll(/<node name="([^"]+)"/g)) {
        const menu = new TrayMenu(env, name, `${NOTIFICATION_ITEMS}/${item}/Menu`);
        if ((await menu.items().catch(() => [])).length) return menu;
      }
      throw new Error(`${name} exports no tray menu`);
    };
    return Promise.any(names.map(probe)).catch(() => undefined);
  }

  constructor(env, name, objectPath) {
    this.env = env;
    this.name = name;
    this.path = objectPath;
  }

  /** The entries as `{ id, label, enabled }`, separators left out. */
  async items() {
    const layout = await busCall(this.env, this.name, this.path, "com.canonical.dbusmenu.GetLayout", "int32:0", "int32:-1", "array:string:label,enabled");
    const items = [];
    // Each item prints as: struct { int32 <id> array [ dict entry( string "label" variant string "…" ) … ] array [ <children> ] }
    for (const [, id, properties] of layout.matchAll(/struct \{ int32 (\d+) array \[((?: dict entry\([^)]*\))*) \]/g)) {
      const label = /string "label" variant string "([^"]*)"/.exec(properties)?.[1];
      // Item 0 is the menu itself.
      if (id !== "0" && label !== undefined) {
        items.push({ id: Number(id), label, enabled: !/string "enabled" variant boolean false/.test(properties) });
      }
    }
    return items;
  }

  /** Clicks the entry labelled `label` as a tray host does when the user picks it. */
  async click(label) {
    const item = (await this.items()).find((i) => i.label === label);
    if (!item) throw new Error(`the tray menu has no entry "${label}"`);
    await busCall(this.env, this.name, this.path, "com.canonical.dbusmenu.Event", `int32:${item.id}`, "string:clicked", "variant:int32:0", "uint32:0");
  }
}

/**
 * A notification server on the app's session bus: dunst, which implements org.freedesktop.Notifications
 * as a desktop's server does, showing each notification on the X display. The app sends its desktop
 * notifications there.
 */
export class NotificationServer {
  /** Starts dunst on the session bus of `env` and waits until it owns the notifications name. */
  static async start(env) {
    const daemon = spawn("dunst", [], { env, stdio: ["ignore", "pipe", "pipe"] });
    const output = [];
    daemon.stdout.on("data", (chunk) => output.push(chunk.toString()));
    daemon.stderr.on("data", (chunk) => output.push(chunk.toString()));
    const exited = new Promise((resolve) => daemon.on("close", resolve));
    const server = new NotificationServer(env, daemon, exited, output);
    try {
      await waitFor("dunst to own org.freedesktop.Notifications", async () => {
        if (daemon.exitCode !== null) throw new Error(`dunst exited with ${daemon.exitCode}: ${output.join("")}`);
        const reply = await busCall(env, ...DBUS, "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.Notifications");
        return reply.includes("boolean true");
      });
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  }

  constructor(env, daemon, exited, output) {
    this.env = env;
    this.daemon = daemon;
    this.exited = exited;
    this.output = output;
  }

  /**
   * Every notification received so far as `{ id, appname, summary, body }`, oldest first. dunst lists
   * only closed notifications in its history, so the ones still shown are closed first.
   */
  async received() {
    const options = { env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: this.env.DBUS_SESSION_BUS_ADDRESS } };
    await run("dunstctl", ["close-all"], options);
    // The history is one array of dictionaries whose values are typed: { "summary": { "type": "s", "data": "…" } }.
    const history = JSON.parse(await run("dunstctl", ["history"], options));
    return history.data
      .flat()
      .map((n) => ({ id: n.id.data, appname: n.appname.data, summary: n.summary.data, body: n.body.data }))
      .sort((a, b) => a.id - b.id);
  }

  async stop() {
    this.daemon.kill();
    await this.exited;
  }
}
