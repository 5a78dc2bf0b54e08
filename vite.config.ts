import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import path from "node:path";
import { defineConfig, type Plugin } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * The PDF worker (app/server/pdf-extract.server.ts) needs a real file to start: the server build
 * emits its entry as build/server/pdf-worker.js, bundled like the rest of the server.
 */
function serverWorkers(): Plugin {
  let ssr = false;
  return {
    name: "baseline-server-workers",
    apply: "build",
    configResolved(config) {
      ssr = Boolean(config.build.ssr);
    },
    buildStart() {
      if (ssr) this.emitFile({ type: "chunk", id: path.resolve("app/server/pdf-worker.server.ts"), fileName: "pdf-worker.js" });
    },
  };
}

export default defineConfig({
  plugins: [tailwindcss(), remix(remixConfig), tsconfigPaths(), serverWorkers()],
  server: { port: 3000 },
  build: { target: "es2022" },
});
