// Validates one file off the page's thread: the WebAssembly engine reads the File slice by
// slice (FileReaderSync), so memory does not grow with the file.
import init, { validateBlob, fixBlob, rules, version } from "./pkg/calidad_wasm.js";

const ready = init();
let wasm = null;
ready.then((exports) => {
  wasm = exports;
});

self.onmessage = async (event) => {
  const { id, file, options } = event.data;
  try {
    await ready;
    if (event.data.kind === "rules") {
      self.postMessage({ id, rules: JSON.parse(rules(options.lang)), version: version() });
      return;
    }
    if (event.data.kind === "fix") {
      self.postMessage({ id, fixed: JSON.parse(fixBlob(file, file.name, JSON.stringify(options))) });
      return;
    }
    const started = performance.now();
    const page = validateBlob(file, file.name, JSON.stringify(options), (read, total) => {
      self.postMessage({ id, progress: { read, total } });
    });
    // The engine's memory (WebAssembly memory grows and never shrinks): for the benchmark.
    const memoryBytes = wasm?.memory?.buffer.byteLength ?? null;
    self.postMessage({ id, page: JSON.parse(page), seconds: (performance.now() - started) / 1000, memoryBytes });
  } catch (error) {
    self.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
};
