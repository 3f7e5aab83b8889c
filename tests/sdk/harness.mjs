// What the Node client tests share: named checks that report and carry on,
// an equality assertion, and `errcat mock` on a free loopback port.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const root = fileURLToPath(new URL("../../", import.meta.url));
/** The errcat binary under test. */
export const binary = process.env.ERRCAT_BIN ?? `${root}target/debug/errcat`;

const results = [];
const mocks = [];

/** Runs one named check; a failure is reported and the next check still runs. */
export async function check(name, body) {
  try {
    await body();
    results.push(true);
    console.log(`ok   ${name}`);
  } catch (error) {
    results.push(false);
    console.log(`FAIL ${name}: ${error.message}`);
  }
}

export function assertEqual(actual, expected, what) {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** Starts `errcat mock` with `args` (run from the repository root) and resolves to its base URL. */
export async function startMock(args) {
  const mock = spawn(binary, ["mock", "--listen", "127.0.0.1:0", ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "ignore"],
  });
  mocks.push(mock);
  return new Promise((resolve, reject) => {
    createInterface({ input: mock.stdout }).once("line", (line) => resolve(line.match(/http:\/\/\S+/)[0]));
    mock.once("exit", (code) => reject(new Error(`errcat mock exited with ${code}`)));
  });
}

/** Stops every mock, prints the tally and exits: 1 when any check failed. */
export function finish() {
  for (const mock of mocks) mock.kill();
  const failed = results.filter((ok) => !ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}
