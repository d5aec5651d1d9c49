const DASH = "—";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A release date as stored ("2021-03-04" or just "2021") as "4 Mar 2021" or "2021". */
export function formatReleaseDate(value: string | null | undefined): string {
  if (!value) return DASH;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const month = MONTHS[Number(day[2]) - 1];
    if (!month) return value;
    return `${Number(day[3])} ${month} ${day[1]}`;
  }
  const month = /^(\d{4})-(\d{2})$/.exec(value);
  if (month) {
    const name = MONTHS[Number(month[2]) - 1];
    return name ? `${name} ${month[1]}` : value;
  }
  return value;
}

/** An RFC 3339 timestamp in the viewer's time zone: "4 Mar 2021, 14:05". */
export function formatTimestamp(value: string | null | undefined): string {
  if (!value) return DASH;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const hh = String(d.getHours()).padStart(2, "0");
  const mm = String(d.getMinutes()).padStart(2, "0");
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${hh}:${mm}`;
}

/** How long ago a timestamp was, for lists of recent things: "just now", "5 min ago", "3 h ago", "2 days ago". */
export function formatAgo(value: string, now: Date): string {
  const then = new Date(value);
  if (Number.isNaN(then.getTime())) return value;
  const seconds = Math.floor((now.getTime() - then.getTime()) / 1000);
  if (seconds < 60) return "just now";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 14) return days === 1 ? "1 day ago" : `${days} days ago`;
  return formatTimestamp(value);
}
