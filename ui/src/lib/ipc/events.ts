import { isTauri } from "@tauri-apps/api/core";
import { events } from "./bindings";
import { AppError, backendUnavailable } from "./errors";

type PayloadOf<E> = E extends { listen: (cb: (event: { payload: infer P }) => void) => unknown } ? P : never;

export type EntitiesChanged = PayloadOf<typeof events.entitiesChangedEvent>;
export type JobUpdated = PayloadOf<typeof events.jobUpdatedEvent>;
export type Notice = PayloadOf<typeof events.noticeEvent>;
export type DownloadUpdated = PayloadOf<typeof events.downloadUpdatedEvent>;
export type NoticeLevel = Notice["level"];

export interface AppEventHandlers {
  onEntitiesChanged: (change: EntitiesChanged) => void;
  onJobUpdated: (update: JobUpdated) => void;
  onNotice: (notice: Notice) => void;
  onDownloadUpdated: (update: DownloadUpdated) => void;
}

/** Listens to every backend event; resolves to one function that stops all of them. */
export async function subscribeToAppEvents(handlers: AppEventHandlers): Promise<() => void> {
  if (!isTauri()) throw backendUnavailable();
  try {
    const unlisteners = await Promise.all([
      events.entitiesChangedEvent.listen((e) => handlers.onEntitiesChanged(e.payload)),
      events.jobUpdatedEvent.listen((e) => handlers.onJobUpdated(e.payload)),
      events.noticeEvent.listen((e) => handlers.onNotice(e.payload)),
      events.downloadUpdatedEvent.listen((e) => handlers.onDownloadUpdated(e.payload)),
    ]);
    return () => unlisteners.forEach((stop) => stop());
  } catch (error) {
    throw AppError.from(error);
  }
}

export type ReleasesFound = PayloadOf<typeof events.releasesFoundEvent>;

/** Hears the answers of one release search as each indexer gives them; resolves to the function that stops listening. */
export async function listenReleasesFound(search: string, onFound: (found: ReleasesFound) => void): Promise<() => void> {
  if (!isTauri()) throw backendUnavailable();
  try {
    return await events.releasesFoundEvent.listen((e) => {
      if (e.payload.search === search) onFound(e.payload);
    });
  } catch (error) {
    throw AppError.from(error);
  }
}
