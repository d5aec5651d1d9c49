import adapter from "@sveltejs/adapter-static";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: {
    runes: true,
  },
  kit: {
    // Tauri serves the files itself: every route falls back to the SPA shell.
    adapter: adapter({ fallback: "index.html", strict: true }),
  },
};

export default config;
