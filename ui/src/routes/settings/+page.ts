import { redirect } from "@sveltejs/kit";

// The Settings entry in the sidebar opens the first section.
export function load(): never {
  redirect(307, "/settings/general");
}
