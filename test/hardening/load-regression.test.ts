// A scaled-down run of scripts/load-test.ts as a regression check: concurrent previews of the ~5 MB
// file and concurrent exports all succeed against a proxy in its own process. No timing is asserted; the full
// run (50 previews, 200 exports, peak RSS < 1 GB) is `npm run load`.
import { describe, expect, it } from 'vitest';
import { runLoadTest } from '../../scripts/load-test.ts';

describe('load (scaled down)', () => {
  it('answers 5 concurrent previews of a 5 MB file and 20 concurrent exports without an error', async () => {
    const result = await runLoadTest({ previews: 5, exports: 20 });
    expect(result.errors).toEqual([]);
    expect(result).toMatchObject({ previewErrors: 0, exportErrors: 0 });
    expect(result.proxyPeakRssMB).toBeGreaterThan(result.proxyRssBeforeMB); // it was measured
    expect(result.proxyPeakRssMB).toBeLessThan(result.limitMB);
  }, 180_000);
});
