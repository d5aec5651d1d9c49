import "@tanstack/query-core";

declare module "@tanstack/query-core" {
  interface Register {
    mutationMeta: {
      /** The component shows this mutation's error next to its control, so no toast. */
      errorShownInline?: boolean;
    };
  }
}
