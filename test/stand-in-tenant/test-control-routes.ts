import { Hono } from 'hono';
import type { StandInDependencies, StandInEnv } from './app-env.ts';
import { faultSettingsSchema, type FaultInjector } from './fault-injection.ts';
import { invalidValue } from './scim-error.ts';
import { readJsonBody } from './scim-http.ts';

/** /__test: served only with `faultInjection: true` (tests, never `npm start`). */
export function testControlRoutes(dependencies: StandInDependencies, faults: FaultInjector) {
  const { store } = dependencies;
  return new Hono<StandInEnv>()
    .post('/faults', async (c) => {
      const parsed = faultSettingsSchema.safeParse(await readJsonBody(c));
      if (!parsed.success) {
        throw invalidValue(
          parsed.error.issues
            .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
            .join('; '),
        );
      }
      faults.set(parsed.data);
      return c.json({ faults: parsed.data });
    })
    .delete('/faults', (c) => {
      faults.clear();
      return c.body(null, 204);
    })
    .get('/stats', (c) => {
      const tenantId = c.req.query('tenant');
      if (tenantId === undefined || tenantId === '') throw invalidValue('?tenant= is required');
      return c.json({ ...store.statsFor(tenantId), injectedFailures: faults.injectedFailures });
    })
    .post('/reset', (c) => {
      store.resetToSeed();
      faults.clear();
      return c.json({ reset: true });
    });
}
