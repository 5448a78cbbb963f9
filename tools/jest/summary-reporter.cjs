// Writes this project's test counts to LCM_TEST_SUMMARY_DIR so `npm test` can print one line for all projects.
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const dir = process.env.LCM_TEST_SUMMARY_DIR;
    if (!dir) return;
    fs.mkdirSync(dir, { recursive: true });
    const name = path.relative(path.join(__dirname, '../..'), this.rootDir).replace(/[\\/]/g, '_') || 'root';
    const failedSuites =
      results.numFailedTestSuites - results.testResults.filter((r) => r.numFailingTests > 0).length;
    fs.writeFileSync(
      path.join(dir, `${name}.json`),
      JSON.stringify({
        project: name,
        passed: results.numPassedTests,
        failed: results.numFailedTests + Math.max(0, failedSuites),
        skipped: results.numPendingTests + results.numTodoTests,
        // A skipped test's name says why it is skipped (e.g. "needs MONGODB_URI"); npm test repeats them.
        skippedNames: results.testResults.flatMap((file) =>
          file.testResults
            .filter((t) => t.status === 'pending' || t.status === 'todo')
            .map((t) => t.fullName),
        ),
      }),
    );
  }
}

module.exports = SummaryReporter;
