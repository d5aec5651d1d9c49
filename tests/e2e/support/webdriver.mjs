// A small W3C WebDriver client over fetch: only the commands the end-to-end tests use.

/** The key under which W3C WebDriver returns an element reference. */
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverError extends Error {
  constructor(command, status, body) {
    super(`${command} failed (HTTP ${status}): ${body?.value?.message ?? JSON.stringify(body)}`);
    this.code = body?.value?.error;
  }
}

/** Longer than any command takes here, creating a session (starting the app) included. */
const COMMAND_TIMEOUT_MS = 60_000;

async function call(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    // A driver that stops answering fails the test instead of hanging the run.
    signal: AbortSignal.timeout(COMMAND_TIMEOUT_MS),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) throw new WebDriverError(`${method} ${path}`, response.status, json);
  return json.value;
}

export class Session {
  static async create(base, capabilities) {
    const value = await call(base, "POST", "/session", { capabilities: { alwaysMatch: capabilities } });
    return new Session(base, value.sessionId);
  }

  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  send(method, path, body) {
    return call(this.base, method, `/session/${this.id}${path}`, body);
  }

  /** Elements whose data-testid matches a CSS attribute selector, e.g. `[data-testid^="book-row-"]`. */
  async findAll(css) {
    const found = await this.send("POST", "/elements", { using: "css selector", value: css });
    return found.map((e) => new Element(this, e[ELEMENT]));
  }

  async byTestId(id) {
    const [element] = await this.findAll(`[data-testid="${id}"]`);
    return element;
  }

  back() {
    return this.send("POST", "/back", {});
  }

  /** Runs `script` (a function body; `arguments` holds `args`) in the page and returns its value. */
  execute(script, ...args) {
    return this.send("POST", "/execute/sync", { script, args });
  }

  async screenshot() {
    return Buffer.from(await this.send("GET", "/screenshot"), "base64");
  }

  /** The page's current DOM as HTML. */
  pageSource() {
    return this.send("GET", "/source");
  }

  delete() {
    return call(this.base, "DELETE", `/session/${this.id}`);
  }
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  send(method, path, body) {
    return this.session.send(method, `/element/${this.id}${path}`, body);
  }

  click() {
    return this.send("POST", "/click", {});
  }

  type(text) {
    return this.send("POST", "/value", { text });
  }

  text() {
    return this.send("GET", "/text");
  }

  attribute(name) {
    return this.send("GET", `/attribute/${name}`);
  }

  /** A DOM property such as `textContent`, which unlike `text()` ignores how CSS clips the text. */
  property(name) {
    return this.send("GET", `/property/${name}`);
  }

  async enabled() {
    return this.send("GET", "/enabled");
  }
}

/**
 * Polls `probe` until it returns a truthy value, which is returned; fails after `ms` naming what was awaited
 * and the last value or error seen. Elements re-render, so a stale element during polling is not an error.
 */
export async function waitFor(what, probe, ms = 20_000) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
