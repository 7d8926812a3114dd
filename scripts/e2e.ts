// `npm run e2e`: the real-browser tests. Installs Debian's chromium when it is missing (and we may),
// builds the extension (the development builds the tests load, and the production Chrome build whose
// refusal of other local pages they prove), checks the Firefox builds with `web-ext lint`, then runs
// test/e2e one file at a time. Exits non-zero when any step fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildExtension, DEVELOPMENT_BUILDS, PRODUCTION_BUILDS } from './build-extension.ts';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
const FIREFOX = '/usr/bin/firefox-esr';

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: projectRoot });
  if (result.status !== 0) {
    console.error(`e2e: \`${command} ${args.join(' ')}\` failed (${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

// Debian's browsers: Chromium for the extension tests, Firefox ESR for the Firefox smoke test.
const missing = [
  ...(!existsSync(CHROMIUM) && !process.env.CHROMIUM_PATH ? ['chromium'] : []),
  ...(!existsSync(FIREFOX) ? ['firefox-esr'] : []),
];
if (missing.length) {
  if (process.getuid?.() !== 0) {
    console.error(
      `e2e: ${missing.join(' and ')} missing; install with \`sudo apt-get install -y ${missing.join(' ')}\`.`,
    );
    process.exit(1);
  }
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', ...missing]);
}

await buildExtension([...PRODUCTION_BUILDS, ...DEVELOPMENT_BUILDS], { quiet: true });
// Mozilla's linter (`web-ext lint`; warnings count as failures) on the Firefox build the smoke test
// loads, and on the one that ships.
run('npm', ['run', '--silent', 'lint:firefox']);
run('npx', ['web-ext', 'lint', '--source-dir', 'dist/firefox', '--warnings-as-errors', '--no-input']);
run('npx', ['vitest', 'run', '--config', 'vitest.e2e.config.ts', ...process.argv.slice(2)]);
