// `npm run lcm -- <command>`: a small CLI over the three services' REST APIs for people who would rather
// not curl. See `npm run lcm -- --help`.
import { runCli } from './run-cli';

runCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => console.log(text),
  err: (text) => console.error(text),
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
