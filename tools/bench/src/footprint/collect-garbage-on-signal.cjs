// Preloaded into each service by the footprint benchmark (`node --expose-gc --require <this> main.js`), never
// by the image: on SIGUSR2 it runs two full garbage collections (the second frees what finalizers of the
// first released) and writes the process's memory to the file named by FOOTPRINT_MEMORY_FILE, one JSON line
// per signal, so the benchmark reads memory the process still holds rather than garbage not yet collected.
const { appendFileSync } = require('node:fs');

const file = process.env.FOOTPRINT_MEMORY_FILE;
let collections = 0;
process.on('SIGUSR2', () => {
  global.gc();
  setTimeout(() => {
    global.gc();
    // The pages the collections freed are returned to the system by V8's background threads.
    setTimeout(() => {
      const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
      collections += 1;
      appendFileSync(file, `${JSON.stringify({ collections, rss, heapUsed, heapTotal, external })}\n`);
    }, 100);
  }, 100);
});
