// Runs in the page before the app: stands in for the Tauri runtime with an in-memory library, so the
// built UI can be driven in a plain browser. Command names and shapes follow ui/src/lib/ipc/bindings.ts.
(() => {
  const config = window.__FAKE_BACKEND_CONFIG__ ?? { books: 130 };
  const statuses = ["owned", "owned", "wanted", "missing", "owned", "downloading", "ignored"];
  const authorNames = ["Brandon Sanderson", "Ursula K. Le Guin", "N. K. Jemisin", "Terry Pratchett", "Becky Chambers"];
  const seriesNames = ["Stormlight Archive", "Earthsea", "Broken Earth", "Discworld", "Wayfarers"];
  const words = ["Way", "Kings", "Winds", "Shadow", "Sea", "Stone", "Sky", "Fire", "Night", "Light", "Colour", "Magic"];
  const now = Date.parse("2024-05-10T12:00:00Z");

  const books = Array.from({ length: config.books }, (_, i) => {
    const id = i + 1;
    const a = i % authorNames.length;
    const position = i % 9 === 4 ? `${(i % 5) + 1}.5` : i % 13 === 6 ? "1-3" : String((i % 7) + 1);
    return {
      id,
      asin: `B0${String(10000000 + id).slice(0, 8)}`,
      // One right-to-left title, as a Hebrew edition would have.
      title: i === 20 ? "הצל של הרוח, ספר שני בסדרה הארוכה מאוד" : `The ${words[i % words.length]} of ${words[(i * 7 + 3) % words.length]} ${Math.floor(i / 12) + 1}`,
      subtitle: i % 3 === 0 ? "A Novel" : null,
      authors: [authorNames[a]],
      authorIds: [a + 1],
      narrators: ["Kate Reading", "Michael Kramer"].slice(0, (i % 2) + 1),
      series: i % 4 === 3 ? [] : [{ id: a + 1, name: seriesNames[a], position, positionSort: parseFloat(position) }],
      status: statuses[i % statuses.length],
      runtimeMinutes: 300 + ((i * 37) % 1800),
      releaseDate: `20${String(10 + (i % 14)).padStart(2, "0")}-0${(i % 9) + 1}-1${i % 10}`,
      language: i % 10 === 0 ? "german" : "english",
      publisher: "Tor",
      addedAt: new Date(now - i * 3_600_000 * 7).toISOString(),
      summary: i % 2 === 0 ? "A long summary.\n\nWith <b>markup</b> that must show as text." : null,
      metadataSource: "list_import",
      updatedAt: new Date(now - i * 1_000_000).toISOString(),
      isbn: null,
      copyright: null,
      formatType: "unabridged",
      isAdult: false,
      rating: i % 3 === 0 ? { average: 4.6, count: 1200 + i } : null,
      coverUrl: null,
      // One cover in the cache; the page tests have no `cover:` scheme, so it shows how a missing file falls back.
      coverKey: i === 0 ? `${"ab".repeat(32)}.jpg` : null,
      genres: i % 2 === 0 ? ["Fantasy", "Epic"] : [],
      statusHistory: [],
    };
  });
  for (const b of books) {
    b.sources = [{ source: "list_import", key: "", status: b.status, since: b.addedAt, firstSeen: b.addedAt, lastSeen: b.addedAt }];
  }

  const matching = (query) => {
    let list = books.slice();
    if (query.query) list = list.filter((b) => b.title.toLowerCase().includes(query.query.toLowerCase()));
    if (query.statuses?.length) list = list.filter((b) => query.statuses.includes(b.status));
    if (query.language) list = list.filter((b) => b.language === query.language);
    if (query.authorId) list = list.filter((b) => b.authorIds.includes(query.authorId));
    if (query.seriesId) list = list.filter((b) => b.series.some((s) => s.id === query.seriesId));
    return list;
  };

  // Status changes as the library records them: each batch remembers what it changed, so it can be undone.
  const batches = new Map();
  let nextBatch = 1;
  const changeStatus = (list, status, source = "user") => {
    const moved = list.filter((b) => b.status !== status);
    if (moved.length === 0) return { changed: 0, undo: null };
    const batch = nextBatch++;
    batches.set(batch, moved.map((b) => [b, b.status]));
    for (const b of moved) move(b, status, source);
    return { changed: moved.length, undo: batch };
  };
  const move = (b, status, source) => {
    const at = new Date().toISOString();
    b.statusHistory.unshift({ at, from: b.status, to: status, source });
    b.sources = [...b.sources.filter((c) => c.source !== "user"), { source: "user", key: "", status, since: at, firstSeen: at, lastSeen: at }];
    b.status = status;
  };

  const counts = (list) => {
    const c = { owned: 0, wanted: 0, downloading: 0, missing: 0, ignored: 0 };
    for (const b of list) c[b.status] += 1;
    return c;
  };
  const hours = (list) => Math.round(list.reduce((s, b) => s + (b.runtimeMinutes ?? 0), 0) / 6) / 10;
  const page = (list, p, perPage) => ({
    total: list.length,
    page: p,
    perPage,
    items: list.slice((p - 1) * perPage, p * perPage),
  });
  const authorRow = (i) => {
    const mine = books.filter((b) => b.authorIds.includes(i + 1));
    return { id: i + 1, name: authorNames[i], counts: counts(mine), books: mine.length, totalHours: hours(mine), seriesCount: 1 };
  };
  const seriesRow = (i) => {
    const mine = books.filter((b) => b.series.some((s) => s.id === i + 1));
    const c = counts(mine);
    const counted = mine.length - c.ignored;
    return {
      id: i + 1,
      name: seriesNames[i],
      authors: [authorNames[i]],
      counts: c,
      books: mine.length,
      completionPercent: counted ? Math.round((c.owned / counted) * 1000) / 10 : null,
    };
  };
  const notFound = (what) => ({ code: "NotFound", message: `No ${what} with that id`, field: null, hint: null });
  let settings = {
    version: 1,
    general: {
      theme: config.theme ?? "dark",
      closeToTray: true,
      startMinimised: false,
      logLevel: "info",
      preferredLanguages: ["english"],
      notifications: { importFinished: true },
    },
    library: { root: config.libraryRoot ?? null, stagingDir: config.stagingDir ?? null },
  };
  const jobs = [
    { id: "job-running", kind: "list_import", state: "running", parentId: null, done: 1200, total: 2500, unit: "rows",
      message: "Importing library.csv", errorCode: null, error: null, startedAt: new Date(now - 60_000).toISOString(), finishedAt: null },
    { id: "job-failed", kind: "list_export", state: "failed", parentId: null, done: 3, total: 130, unit: "rows",
      message: null, errorCode: "DiskFull", error: "The disk is full — free some space and export again.",
      startedAt: new Date(now - 86_400_000).toISOString(), finishedAt: new Date(now - 86_000_000).toISOString() },
  ];

  // Providers as aural-api answers: settings tagged by kind with every default filled in, secrets
  // kept here and only ever reported as set or not.
  const families = {
    indexer: [["torznab", "Torznab", "apiKey"], ["newznab", "Newznab", "apiKey"], ["mam", "MyAnonamouse", "sessionCookie"], ["abb", "AudiobookBay", null]],
    downloadClient: [["qbittorrent", "qBittorrent", "password"], ["transmission", "Transmission", "password"], ["deluge", "Deluge", "password"], ["sabnzbd", "SABnzbd", "apiKey"], ["nzbget", "NZBGet", "password"]],
    audioBookShelf: [["audiobookshelf", "AudioBookShelf", "apiKey"]],
  };
  const seeding = () => ({ mode: "remove", ratio: 2.0, minutes: 10080, deleteData: false });
  const limits = { timeoutSecs: 10, requestsPerMinute: 60 };
  const blank = (kind) => {
    const client = { url: "", category: "audiobooks", savePath: null, pathMappings: [], seeding: seeding() };
    return {
      torznab: { kind, url: "", categories: [3030], minimumSeeders: 1, ...limits, extraParams: {} },
      newznab: { kind, url: "", categories: [3030], ...limits, extraParams: {} },
      mam: { kind, url: "https://www.myanonamouse.net", searchType: "all", ...limits },
      abb: { kind, url: "", ...limits },
      qbittorrent: { kind, ...client, username: "admin" },
      transmission: { kind, ...client, username: null },
      deluge: { kind, ...client },
      sabnzbd: { kind, url: "", category: "audiobooks", pathMappings: [] },
      nzbget: { kind, url: "", username: "nzbget", category: "audiobooks", pathMappings: [] },
      audiobookshelf: { kind, url: "", libraryId: null, pathMappings: [] },
    }[kind];
  };
  const kindInfo = (kind) => Object.values(families).flat().find(([k]) => k === kind);
  const familyOf = (kind) => Object.entries(families).find(([, list]) => list.some(([k]) => k === kind))[0];
  const secrets = new Map();
  const providerRow = (id, name, kind, extra = {}) => ({
    id, name, kind, family: familyOf(kind), enabled: true, priority: id, status: "ready", settings: null, attention: null,
    secret: { field: kindInfo(kind)[2], isSet: true }, failureCount: 0, disabledUntil: null, lastError: null, lastErrorAt: null,
    createdAt: new Date(now - 86_400_000).toISOString(), updatedAt: new Date(now - 3_600_000).toISOString(), ...extra,
  });
  let blocklist = [];
  let downloads = [];
  const download = (id) => {
    const d = downloads.find((x) => x.id === id);
    if (!d) throw notFound("download");
    return d;
  };
  let providers = [
    providerRow(1, "Jackett", "torznab", {
      settings: { ...blank("torznab"), url: "http://127.0.0.1:9117/api/v2.0/indexers/demo/results/torznab/" },
    }),
    providerRow(2, "MAM", "mam", {
      settings: blank("mam"),
      status: "backedOff", failureCount: 2, disabledUntil: new Date(now + 900_000).toISOString(),
      lastError: "Could not reach https://www.myanonamouse.net/tor/js/loadSearchJSONbasic.php?mam_id=<redacted>", lastErrorAt: new Date(now - 60_000).toISOString(),
    }),
  ];
  secrets.set(1, "test-key");
  secrets.set(2, "test-cookie");
  if (config.clients) {
    providers.push(providerRow(3, "qBittorrent", "qbittorrent", {
      settings: { ...blank("qbittorrent"), url: "http://127.0.0.1:8080" },
    }));
    secrets.set(3, "test-pass");
  }
  let nextProvider = providers.length + 1;
  const findProvider = (family, key) => {
    const p = providers.find((x) => x.family === family && (String(x.id) === key || x.name === key));
    if (!p) throw notFound("provider");
    return p;
  };
  const invalid = (field, message) => ({ code: "Validation", message, field, hint: null });
  // The checks aural-core's validate() makes that the page tests reach.
  const checkProvider = (name, settings) => {
    if (!name.trim()) throw invalid("name", "a provider needs a name");
    if (!/^https?:\/\/[^/]+/.test(settings.url)) throw invalid("url", `${JSON.stringify(settings.url)} is not a URL such as http://127.0.0.1:8080`);
    if ("categories" in settings && settings.categories.length === 0) throw invalid("categories", "choose at least one category, e.g. 3030 (Audio/Audiobook)");
    (settings.pathMappings ?? []).forEach((m, i) => {
      if (!m.remote.trim()) throw invalid(`pathMappings[${i}].remote`, "must not be empty");
      if (!m.local.startsWith("/")) throw invalid(`pathMappings[${i}].local`, `${JSON.stringify(m.local)} must be an absolute folder on this machine`);
    });
    if (settings.seeding?.mode === "remove" && settings.seeding.ratio == null && settings.seeding.minutes == null) {
      throw invalid("seeding", "set a ratio, a seeding time or both, or leave seeding to the client's own limits");
    }
  };
  const secretAfter = (id, update) => {
    if (!update || update.action === "keep") return id === null ? null : (secrets.get(id) ?? null);
    return update.action === "replace" ? update.value : null;
  };
  const issue = (field, message, hint, severity = "error") => ({ field, severity, message, hint });
  // Answers as the real checks do: Jackett's error 100 for a wrong key, a page that is not a feed
  // for a wrong URL, qBittorrent's "Fails." for a wrong password.
  const testSettings = (family, { key, settings, secret }) => {
    const p = key ? findProvider(family, key) : null;
    checkProvider(p?.name ?? "draft", settings);
    const value = secretAfter(p?.id ?? null, secret);
    const label = kindInfo(settings.kind)[1];
    if (settings.kind === "torznab" || settings.kind === "newznab") {
      if (!/\/api\b|torznab/.test(settings.url)) {
        return { issues: [issue("url", `${settings.url} is not a ${label} endpoint`, "Copy the Torznab feed URL from the indexer's page in Jackett or Prowlarr.")] };
      }
      if (value !== "test-key") return { issues: [issue("apiKey", "API key rejected", "Copy the API key from Jackett's dashboard.")] };
      return { issues: [issue(null, "Searches by author and title; audiobook category 3030", null, "info")] };
    }
    if (family === "downloadClient") {
      if (value !== "test-pass") {
        return { issues: [issue("password", `${label} rejected the user name or password`, `Check the user name and password set in ${label}'s Web UI options.`)] };
      }
      return { issues: [issue(null, `${label} v5.0.2`, null, "info")] };
    }
    throw { code: "Unsupported", message: `testing ${label} is not available yet`, field: null, hint: null };
  };
  const secretStatus = (p) => ({ field: kindInfo(p.kind)[2], isSet: secrets.has(p.id) });

  // Import cards as aural_api::import answers them: a scan makes one card per book (a root scanned again
  // keeps its card), counters are over every card, decisions change one card, a run is a job.
  let importCards = [];
  let nextCard = 1;
  const candidateOf = (b, confidence, reasons) => ({
    bookId: b.id, asin: b.asin, title: b.title, authors: b.authors, confidence, reasons, filesHeld: 0,
  });
  const file = (path, kind, format, part, durationMs, problem = null) => ({
    path, kind, size: kind === "audio" ? 24_000_000 : 80_000, format, part, durationMs, problem,
  });
  const detected = (fields) => ({
    title: null, authors: [], narrators: [], series: null, seriesPosition: null, year: null, publisher: null,
    language: null, asin: null, durationMs: null, ...fields,
  });
  const folderOf = (d) =>
    [d.authors[0] ?? "Unknown", d.series, `${d.seriesPosition ? `${d.seriesPosition} - ` : ""}${d.title}`].filter(Boolean).join("/");
  const scanned = () => {
    const matched = books[0];
    const weak = books[4];
    const mp3s = Array.from({ length: 12 }, (_, i) =>
      file(`/home/user/Staging/MP3 Sample Book/${String(i + 1).padStart(2, "0")} - Part ${String(i + 1).padStart(2, "0")}.mp3`, "audio", "mp3", i + 1, 1_800_000));
    return [
      {
        root: "/home/user/Staging/Kings.m4b", status: "ready",
        files: [file("/home/user/Staging/Kings.m4b", "audio", "m4b", 1, 36_000_000)],
        detected: detected({ title: "Kings (tag title)", authors: ["Brandon Sanderson"], asin: matched.asin, durationMs: 36_000_000 }),
        bestMatch: candidateOf(matched, 100, [`ASIN ${matched.asin} is this library book's`]),
        bookId: matched.id, candidates: [candidateOf(matched, 100, [`ASIN ${matched.asin} is this library book's`])],
        target: `Brandon Sanderson/Stormlight Archive/1 - ${matched.title}`, error: null, duplicate: false, coverKey: matched.coverKey,
      },
      {
        root: "/home/user/Staging/Long Way", status: "pending",
        files: [file("/home/user/Staging/Long Way/long way.m4b", "audio", "m4b", 1, 52_000_000), file("/home/user/Staging/Long Way/cover.jpg", "companion", "jpg", null, null)],
        detected: detected({ title: "The Long Way to a Small Angry Planet", authors: ["Becky Chambers"], durationMs: 52_000_000 }),
        bestMatch: null, bookId: null,
        candidates: [candidateOf(weak, 62, ["title 45 % alike", "author 100 % alike"])],
        target: "Becky Chambers/The Long Way to a Small Angry Planet", error: "no library book matches surely enough: choose a match", duplicate: false, coverKey: null,
      },
      {
        root: "/home/user/Staging/MP3 Sample Book", status: "ready",
        files: [...mp3s, file("/home/user/Staging/MP3 Sample Book/cover.jpg", "companion", "jpg", null, null)],
        detected: detected({ title: "MP3 Sample Book", authors: ["Sample Author"], series: "Sample Series", seriesPosition: "1", durationMs: 12 * 1_800_000 }),
        bestMatch: null, bookId: null, candidates: [], target: "Sample Author/Sample Series/1 - MP3 Sample Book", error: null, duplicate: false, coverKey: null,
      },
      {
        root: "/home/user/Staging/broken", status: "invalid",
        files: [file("/home/user/Staging/broken/empty.mp3", "audio", "mp3", 1, null, "the file is empty")],
        detected: detected({}), bestMatch: null, bookId: null, candidates: [], target: null,
        error: "/home/user/Staging/broken/empty.mp3: the file is empty", duplicate: false, coverKey: null,
      },
    ];
  };
  const scanInto = () => {
    const found = scanned().map((c) => {
      const open = importCards.find((x) => x.root === c.root && x.status !== "imported");
      if (open) return Object.assign(open, c);
      const card = { id: nextCard++, ...c };
      importCards.push(card);
      return card;
    });
    return found;
  };
  const importCard = (cardId) => {
    const c = importCards.find((x) => x.id === cardId);
    if (!c) throw { code: "NotFound", message: `no import card with id ${cardId}`, field: null, hint: null };
    return c;
  };
  const openCard = (cardId) => {
    const c = importCard(cardId);
    if (c.status === "imported" || c.status === "invalid") {
      throw { code: "Conflict", message: `import card ${cardId} is ${c.status} and cannot be changed`, field: "card",
        hint: "Imported and invalid cards keep what they are; dismiss the card or scan again." };
    }
    return c;
  };
  const importCounts = () => {
    const c = { ready: 0, pending: 0, missingMetadata: 0, invalid: 0, error: 0, imported: 0 };
    const field = { missing_metadata: "missingMetadata" };
    for (const card of importCards) c[field[card.status] ?? card.status] += 1;
    return c;
  };
  const importJob = (state, ids) => ({
    id: "job-import", kind: "file_import", state, parentId: null, done: state === "running" ? 0 : ids.length, total: ids.length,
    unit: "books", message: state === "running" ? `Importing ${ids.length} books` : null, errorCode: null, error: null,
    startedAt: new Date().toISOString(), finishedAt: state === "running" ? null : new Date().toISOString(),
  });
  const scanError = () => {
    if (config.importScanError) {
      throw { code: "NotFound", message: "/media/usb/Audiobooks cannot be read: No such file or directory (os error 2)", field: "paths",
        hint: "Check that it still exists and can be read (is its drive connected?), then choose it again." };
    }
  };

  const commands = {
    scan_import_files: () => {
      scanError();
      return scanInto();
    },
    scan_import_folders: () => {
      scanError();
      return scanInto();
    },
    scan_staging_folder: () => {
      if (!settings.library.stagingDir) {
        throw { code: "Validation", message: "the staging folder is not set", field: "library.stagingDir", hint: "Choose the staging folder in Settings › Library." };
      }
      return scanInto();
    },
    list_import_cards: ({ status, page: p, perPage }) => ({
      counts: importCounts(),
      cards: page([...importCards].filter((c) => status === null || c.status === status).reverse(), p, perPage),
    }),
    search_import_candidates: ({ id: cardId, query }) => {
      importCard(cardId);
      const q = query.toLowerCase();
      return books
        .filter((b) => b.title.toLowerCase().includes(q) || b.authors.some((a) => a.toLowerCase().includes(q)))
        .slice(0, 20)
        .map((b) => candidateOf(b, 48, ["title 40 % alike"]));
    },
    choose_import_match: ({ id: cardId, book }) => {
      const c = openCard(cardId);
      const b = books.find((x) => x.id === book);
      if (!b) throw notFound("book");
      const known = c.candidates.find((x) => x.bookId === book);
      const chosen = { ...(known ?? candidateOf(b, 48, ["title 40 % alike"])) };
      chosen.reasons = ["chosen by you", ...chosen.reasons];
      if (!known) c.candidates.push(chosen);
      Object.assign(c, { bestMatch: chosen, bookId: book, status: "ready", error: null, target: `${b.authors[0]}/${b.title}` });
      return c;
    },
    edit_import_card: ({ id: cardId, edit }) => {
      const c = openCard(cardId);
      c.detected = { ...c.detected, ...edit };
      const complete = edit.title && edit.authors.length > 0;
      Object.assign(c, {
        bestMatch: null, bookId: null,
        status: complete ? "ready" : "missing_metadata",
        error: complete ? null : "give the book an author, or choose a match",
        target: complete ? folderOf(c.detected) : null,
      });
      return c;
    },
    dismiss_import_card: ({ id: cardId }) => {
      importCard(cardId);
      importCards = importCards.filter((c) => c.id !== cardId);
      return null;
    },
    start_import: ({ request }) => {
      if (!settings.library.root) {
        throw { code: "Validation", message: "the library folder is not set", field: "library.root", hint: "Choose the library folder in Settings › Library." };
      }
      const ids = request.cards ?? importCards.filter((c) => c.status === "ready").map((c) => c.id);
      for (const cardId of ids) {
        const c = importCard(cardId);
        if (c.status !== "ready") {
          throw { code: "Conflict", message: `import card ${cardId} is ${c.status}, not ready`, field: "card",
            hint: "Only ready cards are imported: choose a match for a pending card, or rescan." };
        }
      }
      const emit = (event, payload) => window.__FAKE_BACKEND__.emit(event, payload);
      setTimeout(() => emit("job-updated-event", { job: importJob("running", ids) }), 0);
      // The job ends a moment later: the cards are imported and the job's end comes as an entity change.
      setTimeout(() => {
        for (const cardId of ids) Object.assign(importCard(cardId), { status: "imported" });
        emit("job-updated-event", { job: importJob("succeeded", ids) });
        emit("entities-changed-event", { entity: "job", ids: ["job-import"] });
      }, 400);
      return { jobId: "job-import" };
    },
    supervisor_status: () => ({
      leader: { pid: 4242, role: "window", description: "the AuralArchive window (pid 4242)" },
      leading: true,
      loops: [
        { name: "change feed", scope: "everyProcess", state: "running", restarts: 0, lastError: null, lastErrorAt: null, retryInMs: null },
        { name: "change pruning", scope: "leader", state: "restarting", restarts: 2, lastError: "database is locked", lastErrorAt: new Date(now - 5_000).toISOString(), retryInMs: 4_000 },
      ],
    }),
    list_providers: ({ family, page: p, perPage }) => page(providers.filter((x) => x.family === family), p, perPage),
    provider_kinds: ({ family }) =>
      families[family].map(([kind, label, secretField]) => ({ kind, label, secretField, enabledWhenAdded: kind !== "abb", blank: blank(kind) })),
    test_provider_settings: ({ family, request }) => testSettings(family, request),
    add_provider: ({ family, request }) => {
      checkProvider(request.name, request.settings);
      if (familyOf(request.settings.kind) !== family) throw invalid("kind", "wrong family");
      if (providers.some((x) => x.name.toLowerCase() === request.name.toLowerCase())) {
        throw { code: "Conflict", message: `a provider named ${request.name} exists`, field: "name", hint: null };
      }
      const p = providerRow(nextProvider++, request.name, request.settings.kind, {
        enabled: request.enabled ?? true,
        status: request.enabled === false ? "disabled" : "ready",
        priority: request.priority ?? 0,
        settings: request.settings,
      });
      if (request.secret) secrets.set(p.id, request.secret);
      p.secret = secretStatus(p);
      providers.push(p);
      return p;
    },
    edit_provider: ({ family, key, request }) => {
      const p = findProvider(family, key);
      const settings = request.settings ?? p.settings;
      checkProvider(request.name ?? p.name, settings);
      const secret = secretAfter(p.id, request.secret);
      if (secret === null) secrets.delete(p.id);
      else secrets.set(p.id, secret);
      Object.assign(p, { name: request.name ?? p.name, priority: request.priority ?? p.priority, settings });
      p.secret = secretStatus(p);
      return p;
    },
    enable_provider: ({ family, key }) => Object.assign(findProvider(family, key), { enabled: true, status: "ready" }),
    disable_provider: ({ family, key }) => Object.assign(findProvider(family, key), { enabled: false, status: "disabled" }),
    remove_provider: ({ family, key }) => {
      const p = findProvider(family, key);
      providers = providers.filter((x) => x !== p);
      secrets.delete(p.id);
      return p;
    },
    test_provider: ({ family, key }) => {
      const p = findProvider(family, key);
      if (p.kind === "mam") {
        throw { code: "Unsupported", message: "testing MyAnonamouse is not available yet", field: null, hint: "The provider is saved; MyAnonamouse support arrives in a later version." };
      }
      return { issues: [{ field: "apiKey", severity: "error", message: "API key rejected", hint: "Copy the key from Jackett's dashboard." }] };
    },
    list_books: ({ query }) => {
      const list = matching(query);
      if (query.sort === "runtime") list.sort((x, y) => x.runtimeMinutes - y.runtimeMinutes);
      if (query.sort === "title") list.sort((x, y) => x.title.localeCompare(y.title));
      if (query.desc) list.reverse();
      return page(list, query.page || 1, query.perPage || 50);
    },
    // Series collapsed: books in no series, and one entry per series holding a matching book, by name.
    list_library: ({ query }) => {
      if (!query.collapseSeries || query.seriesId) {
        const plain = commands.list_books({ query });
        return { ...plain, items: plain.items.map((b) => ({ kind: "book", ...b })) };
      }
      const list = matching(query);
      const seriesIds = new Set(list.flatMap((b) => b.series.map((s) => s.id)));
      const entries = [
        ...list.filter((b) => b.series.length === 0).map((b) => ({ kind: "book", ...b, key: b.title.toLowerCase() })),
        ...[...seriesIds].map((id) => {
          const volumes = books.filter((b) => b.series.some((s) => s.id === id));
          const owned = volumes.filter((b) => b.status === "owned").length;
          const name = volumes[0].series.find((s) => s.id === id).name;
          const counts = { owned, wanted: 0, downloading: 0, missing: volumes.length - owned, ignored: 0 };
          return { kind: "series", id, name, authors: volumes[0].authors, counts, books: volumes.length, completionPercent: (100 * owned) / volumes.length, key: name.toLowerCase() };
        }),
      ].sort((x, y) => x.key.localeCompare(y.key));
      if (query.desc) entries.reverse();
      return page(entries, query.page || 1, query.perPage || 50);
    },
    // Two indexers: one answers at once, the other only after a while (as a slow indexer would).
    search_book_releases: async ({ search, book }) => {
      const b = books.find((x) => String(x.id) === book);
      if (!b) throw notFound("book");
      const release = (title, total, rejection, seeders) => ({
        key: `key-${title.length}`,
        indexerId: 1,
        indexerName: "Jackett",
        title,
        size: 512_000_000,
        seeders,
        leechers: 1,
        usenet: false,
        published: null,
        infoUrl: null,
        infoHash: null,
        guidHash: `guid-${title.length}`,
        score: {
          total,
          components: [{ rule: "titleMatch", points: 40, reason: "the title matches" }],
          rejections: rejection ? [{ rule: "abridged", reason: rejection }] : [],
        },
      });
      const quick = { indexerId: 1, name: "Jackett", outcome: { kind: "answered", found: 2, millis: 120 } };
      const found = [release(`${b.authors[0]} - ${b.title} [M4B]`, 87, null, 12), release(`${b.title} (Abridged) MP3`, 30, "abridged", 40)];
      window.__FAKE_BACKEND__.emit("releases-found-event", { search, report: quick, releases: found });
      await new Promise((resolve) => setTimeout(resolve, 600));
      const slow = { indexerId: 2, name: "Slow indexer", outcome: { kind: "timedOut", seconds: 10 } };
      window.__FAKE_BACKEND__.emit("releases-found-event", { search, report: slow, releases: [] });
      return { releases: found, indexers: [quick, slow] };
    },
    grab_release: ({ book, release }) => {
      const d = {
        id: downloads.length + 1,
        bookId: book === null ? null : Number(book),
        kind: "torrent",
        state: "downloading",
        warnings: [],
        name: `release ${release}`,
        clientId: 1,
        progress: 0.25,
        speedBps: 1_500_000,
        etaS: 60,
        size: 512_000_000,
        localPath: null,
        error: null,
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      };
      downloads.push(d);
      return { ...d, state: "sent" };
    },
    list_downloads: ({ page: p, perPage }) => page([...downloads].reverse(), p, perPage),
    pause_download: ({ id: downloadId }) => Object.assign(download(downloadId), { state: "paused" }),
    resume_download: ({ id: downloadId }) => Object.assign(download(downloadId), { state: "downloading" }),
    cancel_download: ({ id: downloadId }) => Object.assign(download(downloadId), { state: "cancelled" }),
    reject_download: ({ id: downloadId }) => {
      const d = Object.assign(download(downloadId), { state: "cancelled" });
      blocklist.push({
        id: blocklist.length + 1,
        bookId: d.bookId,
        bookTitle: books.find((b) => b.id === d.bookId)?.title ?? null,
        indexerId: null,
        infoHash: null,
        title: d.name,
        reason: "user",
        why: "rejected by you",
        createdAt: new Date().toISOString(),
      });
      return d;
    },
    list_blocklist: ({ page: p, perPage }) => page([...blocklist].reverse(), p, perPage),
    add_to_blocklist: ({ request }) => {
      const b = request.book === null ? null : books.find((x) => String(x.id) === request.book);
      const why = { user: "rejected by you", failedDownload: "its download failed" }[request.reason ?? "user"];
      const entry = {
        id: blocklist.length + 1,
        bookId: b?.id ?? null,
        bookTitle: b?.title ?? null,
        indexerId: request.indexerId,
        infoHash: request.infoHash,
        title: request.title,
        reason: request.reason ?? "user",
        why,
        createdAt: new Date().toISOString(),
      };
      blocklist.push(entry);
      return entry;
    },
    remove_from_blocklist: ({ id: entryId }) => {
      if (!blocklist.some((e) => e.id === entryId)) throw notFound("blocklist entry");
      blocklist = blocklist.filter((e) => e.id !== entryId);
      return null;
    },
    get_book: ({ key }) => {
      const b = books.find((x) => String(x.id) === key);
      if (!b) throw notFound("book");
      return b;
    },
    set_book_status: ({ key, status }) => {
      const b = books.find((x) => String(x.id) === key);
      if (!b) throw notFound("book");
      if (status === "downloading") {
        throw {
          code: "Validation",
          message: "a book cannot be set to downloading by hand",
          field: "status",
          hint: "Start a download instead; the book shows as downloading while it runs.",
        };
      }
      return { book: b, change: changeStatus([b], status) };
    },
    set_books_status: ({ selection, status }) => {
      const chosen = selection.ids ? books.filter((b) => selection.ids.includes(b.id)) : matching(selection.matching);
      return changeStatus(chosen, status);
    },
    undo_status_change: ({ undo: batch }) => {
      const moves = batches.get(batch);
      if (!moves) throw { code: "NotFound", message: `No status change ${batch} to undo`, field: null, hint: null };
      batches.delete(batch);
      const redo = nextBatch++;
      batches.set(redo, moves.map(([b]) => [b, b.status]));
      for (const [b, status] of moves) move(b, status, "user");
      return { changed: moves.length, undo: redo };
    },
    library_stats: () => ({
      totalBooks: config.hugeStats ? 4_114_168 : books.length,
      byStatus: counts(books),
      totalHours: config.hugeStats ? 4_114_168 : hours(books),
      ownedHours: hours(books.filter((b) => b.status === "owned")),
      authors: authorNames.length,
      series: seriesNames.length,
      addedLast7Days: books.filter((b) => now - Date.parse(b.addedAt) < 7 * 86_400_000).length,
      byLanguage: ["english", "german"].map((language) => ({ language, books: books.filter((b) => b.language === language).length })),
      recentlyAdded: books.slice(0, 12),
    }),
    list_authors: ({ query }) => page(authorNames.map((_, i) => authorRow(i)), query.page || 1, query.perPage || 50),
    get_author: ({ key }) => {
      const i = Number(key) - 1;
      if (!authorNames[i]) throw notFound("author");
      return authorRow(i);
    },
    list_series: ({ query }) => page(seriesNames.map((_, i) => seriesRow(i)), query.page || 1, query.perPage || 50),
    get_series: ({ key }) => {
      const i = Number(key) - 1;
      if (!seriesNames[i]) throw notFound("series");
      return seriesRow(i);
    },
    list_jobs: ({ page: p, perPage }) => page(jobs, p, perPage),
    cancel_job: ({ id }) => {
      const j = jobs.find((x) => x.id === id);
      if (!j) throw notFound("job");
      j.state = "cancelled";
      return j;
    },
    get_settings: () => settings,
    get_settings_warnings: () => config.settingsWarnings ?? [],
    update_settings: ({ section }) => {
      const { section: name, values } = section;
      if (name === "library" && values.stagingDir && !values.stagingDir.startsWith("/")) {
        throw { code: "Validation", message: `"${values.stagingDir}" is not an absolute path; give the full path of the folder`, field: "library.stagingDir", hint: null };
      }
      settings = { ...settings, [name]: values };
      return settings;
    },
    choose_library_root: () => {
      settings = { ...settings, library: { ...settings.library, root: "/home/user/Audiobooks" } };
      return settings;
    },
    import_library_list: () => ({ jobId: "job-new" }),
    export_library_list: ({ format }) => ({ path: `/home/user/library.${format}`, rows: books.length }),
  };

  const callbacks = new Map();
  const listeners = new Map();
  let nextId = 1;
  const log = [];
  // Each command with its arguments, for tests that check what the window sent.
  const calls = [];

  window.__FAKE_BACKEND__ = {
    log,
    calls,
    emit(event, payload) {
      for (const [eventId, handler] of listeners.get(event) ?? []) callbacks.get(handler)?.({ event, id: eventId, payload });
    },
  };
  window.__TAURI_EVENT_PLUGIN_INTERNALS__ = {
    unregisterListener(event, eventId) {
      listeners.set(event, (listeners.get(event) ?? []).filter(([id]) => id !== eventId));
    },
  };
  window.isTauri = true;
  window.__TAURI_INTERNALS__ = {
    metadata: { currentWindow: { label: "main" }, currentWebview: { windowLabel: "main", label: "main" } },
    transformCallback(callback) {
      const id = nextId++;
      callbacks.set(id, callback);
      return id;
    },
    unregisterCallback(id) {
      callbacks.delete(id);
    },
    async invoke(cmd, args) {
      log.push(cmd);
      calls.push({ cmd, args: JSON.parse(JSON.stringify(args ?? {})) });
      if (cmd === "plugin:event|listen") {
        const eventId = nextId++;
        listeners.set(args.event, [...(listeners.get(args.event) ?? []), [eventId, args.handler]]);
        return eventId;
      }
      if (cmd === "plugin:event|unlisten") return null;
      if (cmd.startsWith("plugin:store|")) throw "store plugin not present in the fake backend";
      const run = commands[cmd];
      if (!run) throw `unknown command ${cmd}`;
      return structuredClone(await run(args ?? {}));
    },
  };
})();
