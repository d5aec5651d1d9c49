import { describe, expect, it } from "vitest";
import { formatAgo, formatReleaseDate, formatTimestamp } from "./date";

describe("formatReleaseDate", () => {
  it.each([
    ["2021-03-04", "4 Mar 2021"],
    ["1999-12-31", "31 Dec 1999"],
    ["2021-07", "Jul 2021"],
    ["2021", "2021"],
    ["2021-13-01", "2021-13-01"],
    [null, "—"],
    ["", "—"],
  ])("%s reads %s", (value, want) => {
    expect(formatReleaseDate(value)).toBe(want);
  });
});

describe("formatTimestamp", () => {
  it("shows an RFC 3339 time in the local zone (UTC under test)", () => {
    expect(formatTimestamp("2024-05-06T07:08:09Z")).toBe("6 May 2024, 07:08");
    expect(formatTimestamp("2024-05-06T23:30:00-02:00")).toBe("7 May 2024, 01:30");
  });

  it("leaves text that is not a time as it is, and shows absence as a dash", () => {
    expect(formatTimestamp("yesterday")).toBe("yesterday");
    expect(formatTimestamp(null)).toBe("—");
  });
});

describe("formatAgo", () => {
  const now = new Date("2024-05-10T12:00:00Z");

  it.each([
    ["2024-05-10T11:59:30Z", "just now"],
    ["2024-05-10T11:55:00Z", "5 min ago"],
    ["2024-05-10T09:00:00Z", "3 h ago"],
    ["2024-05-09T11:00:00Z", "1 day ago"],
    ["2024-05-07T12:00:00Z", "3 days ago"],
    ["2024-04-01T08:00:00Z", "1 Apr 2024, 08:00"],
  ])("%s is %s", (value, want) => {
    expect(formatAgo(value, now)).toBe(want);
  });
});
