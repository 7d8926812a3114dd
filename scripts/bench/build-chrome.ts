// Builds the Chrome extension for the content-script benchmark in its own process, whose output the bench
// sends to stderr: vite and @crxjs print progress on stdout, where only the benchmark JSON lines belong.
// The production build: the one the stores get.
import { buildExtension } from '../build-extension.ts';

await buildExtension([{ browser: 'chrome', development: false }], { quiet: true });
