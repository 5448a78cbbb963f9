export type { CliIo } from './run-cli';
export { runCli } from './run-cli';
