import { describe, expect, it } from "vitest";
import {
  BOOK_SORTS,
  BOOK_STATUSES,
  isBookSort,
  isBookStatus,
  isJobActive,
  isNameSort,
  jobKindLabel,
  jobStateLabel,
  sortLabel,
  statusLabel,
} from "./status";

describe("status labels", () => {
  it("names every status the backend sends", () => {
    expect(BOOK_STATUSES.map(statusLabel)).toEqual(["Owned", "Wanted", "Downloading", "Missing", "Ignored"]);
  });

  it("accepts only the backend's status words", () => {
    expect(isBookStatus("owned")).toBe(true);
    expect(isBookStatus("Owned")).toBe(false);
    expect(isBookStatus("have")).toBe(false);
  });

  it("labels every sort key and rejects unknown ones", () => {
    expect(BOOK_SORTS.map(sortLabel)).toEqual(["Title", "Author", "Series", "Release date", "Date added", "Length", "Status", "Narrator"]);
    expect(isBookSort("releaseDate")).toBe(true);
    expect(isBookSort("release_date")).toBe(false);
    expect(isNameSort("missing")).toBe(true);
    expect(isNameSort("title")).toBe(false);
  });
});

describe("job labels", () => {
  it("names job kinds and states", () => {
    expect(jobKindLabel("list_import")).toBe("Library list import");
    expect(jobKindLabel("list_export")).toBe("Library list export");
    expect(jobStateLabel("interrupted")).toBe("Interrupted");
  });

  it("treats only queued and running jobs as active", () => {
    const active = (["queued", "running", "succeeded", "failed", "cancelled", "interrupted"] as const).filter(
      isJobActive,
    );
    expect(active).toEqual(["queued", "running"]);
  });
});
