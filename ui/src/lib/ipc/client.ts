import { isTauri } from "@tauri-apps/api/core";
import { commands, type ApiError } from "./bindings";
import type {
  AuthorRow,
  BlocklistEntryDto,
  BlocklistRequest,
  BookDetail,
  DownloadDto,
  BookStatus,
  BookStatusChanged,
  ListFormat,
  ExportReport,
  ImportCandidateDto,
  ImportCardDto,
  ImportCardEdit,
  ImportCardStatus,
  ImportOverviewDto,
  ImportRunRequest,
  JobDto,
  JobStarted,
  ProviderDto,
  ProviderFamily,
  ProviderKindDto,
  SeriesRow,
  SearchResultsDto,
  StatusChangeDto,
  StatsDto,
  SupervisorStatusDto,
  TestReport,
} from "./bindings";
import { AppError, backendUnavailable } from "./errors";

export type {
  AuthorRow,
  DownloadDto,
  BlocklistEntryDto,
  BlocklistReason,
  BlocklistRequest,
  BookDetail,
  BookRow,
  BookStatusChanged,
  BookSort,
  BookStatus,
  ListFormat,
  DetectedDto,
  ImportCandidateDto,
  ImportCardDto,
  ImportCardEdit,
  ImportCardStatus,
  ImportCountsDto,
  ImportFileDto,
  ImportOverviewDto,
  ImportRunRequest,
  JobDto,
  JobKind,
  JobState,
  LoopDto,
  MetadataSource,
  NameSort,
  SupervisorStatusDto,
  MamSearchType,
  PathMapping,
  ProviderDto,
  ProviderFamily,
  ProviderKind,
  ProviderKindDto,
  ProviderSettings,
  SecretField,
  SecretUpdate,
  SeedingRule,
  Severity,
  TestIssue,
  TestReport,
  SeriesPositionDto,
  SeriesRow,
  LibraryEntryDto,
  IndexerReportDto,
  ReleaseDto,
  SearchResultsDto,
  SourceKind,
  StatusChangeDto,
} from "./bindings";
export type { EntitiesChanged, JobUpdated, NoticeLevel } from "./events";

/** What every generated command resolves to. */
export type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: ApiError };

type DataOf<F> = F extends (...args: never[]) => Promise<infer R> ? (R extends { status: "ok"; data: infer D } ? D : never) : never;

// Types with `#[serde(default)]` come out with optional fields (or, with serde phases on, split into
// `X_Serialize`/`X_Deserialize`), so these are taken from the commands rather than by name. The UI
// always sends whole queries.
export type BookQuery = Required<Parameters<typeof commands.listBooks>[0]>;
export type BookSelection = Parameters<typeof commands.setBooksStatus>[0];
export type BookPage = DataOf<typeof commands.listBooks>;
export type LibraryPage = DataOf<typeof commands.listLibrary>;
export type AuthorPage = DataOf<typeof commands.listAuthors>;
export type SeriesPage = DataOf<typeof commands.listSeries>;
export type JobPage = DataOf<typeof commands.listJobs>;
export type ProviderPage = DataOf<typeof commands.listProviders>;
export type AddProviderRequest = Parameters<typeof commands.addProvider>[1];
export type EditProviderRequest = Parameters<typeof commands.editProvider>[2];
export type TestSettingsRequest = Parameters<typeof commands.testProviderSettings>[1];
export type BlocklistPage = DataOf<typeof commands.listBlocklist>;
export type DownloadPage = DataOf<typeof commands.listDownloads>;
export type NameListQuery = Required<Parameters<typeof commands.listAuthors>[0]>;
export type Settings = DataOf<typeof commands.getSettings>;
export type GeneralSettings = NonNullable<Settings["general"]>;
export type LibrarySettings = NonNullable<Settings["library"]>;
export type SettingsSection = Parameters<typeof commands.updateSettings>[0];
export type Theme = NonNullable<GeneralSettings["theme"]>;
export type LogLevel = NonNullable<GeneralSettings["logLevel"]>;

/** A command's result as a value, or its `ApiError` thrown as an `AppError`. */
export function unwrap<T>(result: CommandResult<T>): T {
  if (result.status === "error") throw AppError.fromApiError(result.error);
  return result.data;
}

/** Runs one generated command; every failure (backend missing, transport, ApiError) surfaces as an `AppError`. */
export async function call<T>(command: () => Promise<CommandResult<T>>, inApp: () => boolean = isTauri): Promise<T> {
  if (!inApp()) throw backendUnavailable();
  let result: CommandResult<T>;
  try {
    result = await command();
  } catch (error) {
    throw AppError.from(error);
  }
  return unwrap(result);
}

export const ipc = {
  books: {
    list: (query: BookQuery): Promise<BookPage> => call(() => commands.listBooks(query)),
    library: (query: BookQuery): Promise<LibraryPage> => call(() => commands.listLibrary(query)),
    get: (key: string): Promise<BookDetail> => call(() => commands.getBook(key)),
    setStatus: (key: string, status: BookStatus): Promise<BookStatusChanged> =>
      call(() => commands.setBookStatus(key, status)),
    setStatusOf: (selection: BookSelection, status: BookStatus): Promise<StatusChangeDto> =>
      call(() => commands.setBooksStatus(selection, status)),
    undoStatusChange: (undo: number): Promise<StatusChangeDto> => call(() => commands.undoStatusChange(undo)),
    stats: (): Promise<StatsDto> => call(() => commands.libraryStats()),
    importList: (): Promise<JobStarted | null> => call(() => commands.importLibraryList()),
    exportList: (format: ListFormat): Promise<ExportReport | null> =>
      call(() => commands.exportLibraryList(format)),
  },
  authors: {
    list: (query: NameListQuery): Promise<AuthorPage> => call(() => commands.listAuthors(query)),
    get: (key: string): Promise<AuthorRow> => call(() => commands.getAuthor(key)),
  },
  series: {
    list: (query: NameListQuery): Promise<SeriesPage> => call(() => commands.listSeries(query)),
    get: (key: string): Promise<SeriesRow> => call(() => commands.getSeries(key)),
    merge: (from: string, into: string): Promise<SeriesRow> => call(() => commands.mergeSeries(from, into)),
    split: (key: string): Promise<SeriesRow[]> => call(() => commands.splitSeries(key)),
  },
  jobs: {
    list: (page: number, perPage: number): Promise<JobPage> => call(() => commands.listJobs(page, perPage)),
    cancel: (id: string): Promise<JobDto> => call(() => commands.cancelJob(id)),
  },
  supervisor: {
    status: (): Promise<SupervisorStatusDto> => call(() => commands.supervisorStatus()),
  },
  providers: {
    list: (family: ProviderFamily, page: number, perPage: number): Promise<ProviderPage> =>
      call(() => commands.listProviders(family, page, perPage)),
    enable: (family: ProviderFamily, key: string): Promise<ProviderDto> => call(() => commands.enableProvider(family, key)),
    disable: (family: ProviderFamily, key: string): Promise<ProviderDto> => call(() => commands.disableProvider(family, key)),
    test: (family: ProviderFamily, key: string): Promise<TestReport> => call(() => commands.testProvider(family, key)),
    remove: (family: ProviderFamily, key: string): Promise<ProviderDto> => call(() => commands.removeProvider(family, key)),
    /** The kinds a family offers, each with the settings its form starts from. */
    kinds: (family: ProviderFamily): Promise<ProviderKindDto[]> =>
      call(async () => ({ status: "ok" as const, data: await commands.providerKinds(family) })),
    add: (family: ProviderFamily, request: AddProviderRequest): Promise<ProviderDto> => call(() => commands.addProvider(family, request)),
    edit: (family: ProviderFamily, key: string, request: EditProviderRequest): Promise<ProviderDto> =>
      call(() => commands.editProvider(family, key, request)),
    /** Tests settings from a form before they are saved; `key` names the provider being edited. */
    testSettings: (family: ProviderFamily, request: TestSettingsRequest): Promise<TestReport> =>
      call(() => commands.testProviderSettings(family, request)),
  },
  search: {
    /** Asks every enabled indexer for `book`; answers also arrive one by one as `releasesFound` events named `search`. */
    bookReleases: (search: string, book: string): Promise<SearchResultsDto> => call(() => commands.searchBookReleases(search, book)),
  },
  downloads: {
    list: (page: number, perPage: number): Promise<DownloadPage> => call(() => commands.listDownloads([], page, perPage)),
    pause: (id: number): Promise<DownloadDto> => call(() => commands.pauseDownload(id)),
    resume: (id: number): Promise<DownloadDto> => call(() => commands.resumeDownload(id)),
    /** Takes it out of its client; its files stay. */
    cancel: (id: number): Promise<DownloadDto> => call(() => commands.cancelDownload(id, false)),
    /** Cancels it, blocklists its release for the book and looks for the next best one; its files stay. */
    reject: (id: number): Promise<DownloadDto> => call(() => commands.rejectDownload(id, false)),
    /** Sends a release the last search found (by its key) to a download client: the chosen one, else the first that fits. */
    grab: (book: string | null, release: string, client: string | null): Promise<DownloadDto> =>
      call(() => commands.grabRelease(book, release, client)),
  },
  blocklist: {
    list: (page: number, perPage: number): Promise<BlocklistPage> => call(() => commands.listBlocklist(page, perPage)),
    add: (request: BlocklistRequest): Promise<BlocklistEntryDto> => call(() => commands.addToBlocklist(request)),
    remove: (id: number): Promise<null> => call(() => commands.removeFromBlocklist(id)),
  },
  import: {
    /** Opens the native file picker (several files) and scans what was chosen; `null` when the user closed it. */
    scanFiles: (): Promise<ImportCardDto[] | null> => call(() => commands.scanImportFiles()),
    /** Opens the native folder picker (several folders) and scans them; `null` when the user closed it. */
    scanFolders: (): Promise<ImportCardDto[] | null> => call(() => commands.scanImportFolders()),
    scanStaging: (): Promise<ImportCardDto[]> => call(() => commands.scanStagingFolder()),
    list: (status: ImportCardStatus | null, page: number, perPage: number): Promise<ImportOverviewDto> =>
      call(() => commands.listImportCards(status, page, perPage)),
    search: (id: number, query: string): Promise<ImportCandidateDto[]> => call(() => commands.searchImportCandidates(id, query)),
    choose: (id: number, book: number): Promise<ImportCardDto> => call(() => commands.chooseImportMatch(id, book)),
    edit: (id: number, edit: ImportCardEdit): Promise<ImportCardDto> => call(() => commands.editImportCard(id, edit)),
    /** Forgets the card; its files are not touched. */
    dismiss: (id: number): Promise<null> => call(() => commands.dismissImportCard(id)),
    /** Starts importing as a job: `cards` null imports every ready card. */
    start: (request: ImportRunRequest): Promise<JobStarted> => call(() => commands.startImport(request)),
  },
  settings: {
    get: (): Promise<Settings> => call(() => commands.getSettings()),
    update: (section: SettingsSection): Promise<Settings> => call(() => commands.updateSettings(section)),
    /** Opens the native folder picker; `null` when the user closed it without choosing. */
    chooseLibraryRoot: (): Promise<Settings | null> => call(() => commands.chooseLibraryRoot()),
    /** What start-up had to put right in the settings file, one line each; empty when it was fine. */
    startUpWarnings: (): Promise<string[]> => call(() => commands.getSettingsWarnings()),
  },
};
