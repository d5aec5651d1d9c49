// A desktop SPA: Tauri serves the built files, so nothing renders on a server or at build time.
export const ssr = false;
export const prerender = false;
