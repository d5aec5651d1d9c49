import { sveltekit } from "@sveltejs/kit/vite";
import { defineConfig } from "vitest/config";

// `tauri build --debug` and `tauri dev` set TAURI_ENV_DEBUG=true: keep that bundle readable.
const tauriDebug = process.env.TAURI_ENV_DEBUG === "true";

export default defineConfig({
  plugins: [sveltekit()],
  clearScreen: false,
  server: {
    host: "127.0.0.1",
    port: 1420,
    strictPort: true,
    watch: { ignored: ["**/src-tauri/**", "**/target/**"] },
  },
  build: {
    // WebKitGTK 2.40+ (Debian 12 and later) matches Safari 16 in what it runs.
    target: ["es2022", "safari16"],
    minify: !tauriDebug,
    sourcemap: tauriDebug,
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
