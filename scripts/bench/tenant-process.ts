// The stand-in tenant of the benchmarks in its own process (README.md#benchmarks): tenant `bench` with 100,000 users
// with every field set, the empty tenants `bench-new`, `bench-bulk`, `bench-new-first` and `bench-new-again` for the
// create benchmark, its bare client and a proxy's first and second import, and `bench-warm`, where the create path is
// run first; /__test/stats is on so the re-import can prove it wrote nothing. Prints one JSON line `{url, users,
// seedSeconds}`; SIGTERM stops it.
// Run: node --import tsx scripts/bench/tenant-process.ts [users]
import { startStandInTenant } from '../../test/stand-in-tenant/server.ts';
import {
  BENCH_TENANT,
  BENCH_TOKEN,
  BULK_TENANT,
  BULK_TOKEN,
  NEW_USERS_AGAIN_TENANT,
  NEW_USERS_AGAIN_TOKEN,
  NEW_USERS_FIRST_TENANT,
  NEW_USERS_FIRST_TOKEN,
  NEW_USERS_TENANT,
  NEW_USERS_TOKEN,
  WARM_TENANT,
  WARM_TOKEN,
  benchUser,
  bulkCreate,
} from './bench-users.ts';

const users = Number(process.argv[2] ?? 100_000);
const tenant = await startStandInTenant({ port: 0, faultInjection: true });
const started = performance.now();
for (const [id, token] of [
  [BENCH_TENANT, BENCH_TOKEN],
  [NEW_USERS_TENANT, NEW_USERS_TOKEN],
  [BULK_TENANT, BULK_TOKEN],
  [NEW_USERS_FIRST_TENANT, NEW_USERS_FIRST_TOKEN],
  [NEW_USERS_AGAIN_TENANT, NEW_USERS_AGAIN_TOKEN],
  [WARM_TENANT, WARM_TOKEN],
] as const) {
  tenant.store.putTenant({
    id,
    name: `Benchmark ${id}`,
    licenses: 2 * users,
    hostSystem: null,
    defaultLanguage: 'en',
    adminToken: token,
    userToken: null,
  });
}
tenant.store.seedUsers(BENCH_TENANT, users, (index) => benchUser(BENCH_TENANT, index));
const seedSeconds = (performance.now() - started) / 1000;
// The stand-in's create path is run once before any benchmark: the create benchmark's proxy and then its bare client
// write into the same stand-in, and whichever came first met a create path V8 had not optimised yet (in six runs,
// three in each order, the first writer's 20 /Bulk requests took the stand-in 15% longer on average than the
// second's). A long-running user API is warm for both. Before the listing below: a write empties its JSON cache.
const WARM_CREATES = 2_000;
const WARM_BATCH = 500;
for (let first = 0; first < WARM_CREATES; first += WARM_BATCH) {
  const response = await bulkCreate(
    `${tenant.url}/t/${WARM_TENANT}/scim/v2`,
    WARM_TOKEN,
    WARM_TENANT,
    Array.from({ length: WARM_BATCH }, (_, offset) => first + offset),
  );
  if (!response.ok) throw new Error(`warming the create path: ${response.status} ${await response.text()}`);
  await response.arrayBuffer();
}
// The stand-in renders each user's JSON on its first listing and keeps it while no user changes: one listing
// before any benchmark, so the first benchmark (the export) does not pay ~3 s of the stand-in's CPU that every
// later one is spared.
for (let startIndex = 1; startIndex <= users; startIndex += 1000) {
  const response = await fetch(
    `${tenant.url}/t/${BENCH_TENANT}/scim/v2/Users?startIndex=${startIndex}&count=1000`,
    {
      headers: { authorization: `Bearer ${BENCH_TOKEN}` },
    },
  );
  await response.arrayBuffer();
}
console.log(JSON.stringify({ url: tenant.url, users, seedSeconds }));
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void tenant.close().then(() => process.exit(0)));
