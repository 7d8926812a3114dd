import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { StandInDependencies, StandInEnv } from './app-env.ts';
import type { WriteDecision } from './fault-injection.ts';
import { getCaseInsensitive, isJsonObject, type JsonObject, type JsonValue } from './json.ts';
import { ScimError, invalidValue } from './scim-error.ts';
import { readJsonBody, scimBaseUrl, scimJson } from './scim-http.ts';
import { BULK_MAX_OPERATIONS, BULK_MAX_PAYLOAD_BYTES } from './scim-schemas.ts';
import { BULK_REQUEST_MESSAGE, BULK_RESPONSE_MESSAGE } from './scim-uris.ts';
import type { StoredUser, Tenant, TenantStore } from './tenant-store.ts';
import { createUserFromScim, patchUserFromScim, replaceUserFromScim } from './user-operations.ts';
import { destroyConnection, hang, injectedFailure, refusedPatch } from './write-gate.ts';
import { checkIfMatch } from './scim-etag.ts';

/**
 * POST /Bulk (RFC 7644 §3.7) for users: POST, PUT and PATCH operations with bulkId, failOnErrors and
 * a status per operation. Each operation runs in its own savepoint, so one failure leaves the others
 * applied — the proxy's "no rollback" rule (docs/import-semantics.md) holds for bulk writes too.
 */

interface BulkOperation {
  method: string;
  bulkId: string | undefined;
  path: string;
  /** If-Match of the operation (RFC 7644 section 3.7), honoured with `etag: true`. */
  version: string | undefined;
  data: JsonValue | undefined;
}

interface BulkOperationResult {
  method: string;
  bulkId?: string;
  location?: string;
  version?: string;
  status: string;
  response?: JsonValue;
}

function invalidSyntax(detail: string): ScimError {
  return new ScimError(400, detail, 'invalidSyntax');
}

function parseBulkRequest(body: JsonValue): {
  operations: BulkOperation[];
  failOnErrors: number | undefined;
} {
  if (!isJsonObject(body)) throw invalidSyntax('the request body must be a JSON object');
  const schemas = getCaseInsensitive(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(BULK_REQUEST_MESSAGE)) {
    throw invalidSyntax(`"schemas" must be ["${BULK_REQUEST_MESSAGE}"]`);
  }
  const failOnErrors = getCaseInsensitive(body, 'failOnErrors');
  if (
    failOnErrors !== undefined &&
    failOnErrors !== null &&
    (!Number.isInteger(failOnErrors) || Number(failOnErrors) < 1)
  ) {
    throw invalidValue('failOnErrors must be a positive integer');
  }
  const operations = getCaseInsensitive(body, 'Operations');
  if (!Array.isArray(operations)) throw invalidSyntax('"Operations" must be an array');
  if (operations.length > BULK_MAX_OPERATIONS) {
    throw new ScimError(
      413,
      `a bulk request holds at most ${BULK_MAX_OPERATIONS} operations (maxOperations)`,
    );
  }
  return {
    failOnErrors: typeof failOnErrors === 'number' ? failOnErrors : undefined,
    operations: operations.map((operation, index): BulkOperation => {
      if (!isJsonObject(operation)) throw invalidSyntax(`Operations[${index}] must be an object`);
      const method = getCaseInsensitive(operation, 'method');
      const path = getCaseInsensitive(operation, 'path');
      const bulkId = getCaseInsensitive(operation, 'bulkId');
      if (typeof method !== 'string') throw invalidSyntax(`Operations[${index}].method must be a string`);
      if (typeof path !== 'string') throw invalidSyntax(`Operations[${index}].path must be a string`);
      if (bulkId !== undefined && bulkId !== null && typeof bulkId !== 'string') {
        throw invalidSyntax(`Operations[${index}].bulkId must be a string`);
      }
      return {
        method: method.toUpperCase(),
        path,
        bulkId: typeof bulkId === 'string' ? bulkId : undefined,
        version: typeof operation.version === 'string' ? operation.version : undefined,
        data: getCaseInsensitive(operation, 'data'),
      };
    }),
  };
}

/** `/Users/{id}` or `/Users/bulkId:{bulkId}` (RFC 7644 §3.7.2) → the user's id. */
function userIdOfPath(path: string, createdByBulkId: ReadonlyMap<string, string>): string {
  const match = /^\/Users\/([^/]+)$/.exec(path);
  if (match?.[1] === undefined) throw invalidValue(`path "${path}" must be /Users/{id}`);
  const id = decodeURIComponent(match[1]);
  if (!id.startsWith('bulkId:')) return id;
  const resolved = createdByBulkId.get(id.slice('bulkId:'.length));
  if (resolved === undefined)
    throw new ScimError(409, `${id} names no user created earlier in this request`, 'invalidValue');
  return resolved;
}

function applyOperation(
  store: TenantStore,
  tenant: Tenant,
  operation: BulkOperation,
  createdByBulkId: Map<string, string>,
  etag = false,
): { user: StoredUser; status: number } {
  if (etag && (operation.method === 'PUT' || operation.method === 'PATCH'))
    checkIfMatch(store, tenant, userIdOfPath(operation.path, createdByBulkId), operation.version);
  switch (operation.method) {
    case 'POST': {
      if (operation.path !== '/Users')
        throw invalidValue(`POST needs the path /Users, not "${operation.path}"`);
      if (operation.bulkId === undefined)
        throw invalidValue('a POST operation needs a bulkId (RFC 7644 §3.7)');
      const user = createUserFromScim(store, tenant, operation.data ?? null);
      createdByBulkId.set(operation.bulkId, user.id);
      return { user, status: 201 };
    }
    case 'PUT':
      return {
        user: replaceUserFromScim(
          store,
          tenant,
          userIdOfPath(operation.path, createdByBulkId),
          operation.data ?? null,
        ),
        status: 200,
      };
    case 'PATCH':
      return {
        user: patchUserFromScim(
          store,
          tenant,
          userIdOfPath(operation.path, createdByBulkId),
          operation.data ?? null,
        ),
        status: 200,
      };
    case 'DELETE':
      throw new ScimError(
        405,
        'portatour never deletes users through this API: deactivate them (active = false)',
      );
    default:
      throw invalidValue(`method ${operation.method} is not supported in /Bulk`);
  }
}

export function scimBulkRoute(dependencies: StandInDependencies) {
  const { store, faults, shutdown } = dependencies;
  return new Hono<StandInEnv>().post(
    '/Bulk',
    bodyLimit({
      maxSize: BULK_MAX_PAYLOAD_BYTES,
      onError: () => {
        throw new ScimError(
          413,
          `a bulk request is at most ${BULK_MAX_PAYLOAD_BYTES} bytes (maxPayloadSize)`,
        );
      },
    }),
    async (c) => {
      const tenant = c.var.tenant;
      const { operations, failOnErrors } = parseBulkRequest(await readJsonBody(c));
      store.recordBulkRequest(tenant.id);
      const base = scimBaseUrl(c);
      const results: BulkOperationResult[] = [];
      const createdByBulkId = new Map<string, string>();
      let errors = 0;
      let resetConnection = false;
      // An operation answered 429/503 asks to be sent again later: the longest Retry-After of them becomes the
      // header of the bulk answer (a bulk operation's response has no headers of its own).
      let retryAfterSeconds: number | undefined;

      /** One operation, in its own savepoint when called inside the request's transaction. */
      const run = (operation: BulkOperation, decision: WriteDecision): void => {
        const echo = {
          method: operation.method,
          ...(operation.bulkId === undefined ? {} : { bulkId: operation.bulkId }),
        };
        try {
          if (decision.action === 'fail') throw injectedFailure(decision);
          const refused = operation.method === 'PATCH' && refusedPatch(dependencies, tenant.id);
          if (refused) throw refused;
          const { user, status } = store.transaction(() =>
            applyOperation(store, tenant, operation, createdByBulkId, dependencies.etag === true),
          );
          results.push({
            ...echo,
            location: `${base}/Users/${user.id}`,
            version: `W/"${user.version}"`,
            status: String(status),
          });
        } catch (error) {
          if (!(error instanceof ScimError)) throw error;
          errors++;
          const retryAfter = Number(error.headers['Retry-After']);
          if (error.headers['Retry-After'] !== undefined && Number.isFinite(retryAfter))
            retryAfterSeconds = Math.max(retryAfterSeconds ?? 0, retryAfter);
          results.push({
            ...echo,
            status: String(error.status),
            response: error.toBody() as unknown as JsonObject,
          });
        }
      };
      const decide = (): WriteDecision => faults?.beforeWrite(tenant.id) ?? { action: 'proceed', delayMs: 0 };
      const limitReached = () => failOnErrors !== undefined && errors >= failOnErrors;

      if (faults?.hangsWrites(tenant.id) === true) {
        // Hanging writes: one operation at a time with a pause before each, committed as it goes.
        for (const operation of operations) {
          if (limitReached()) break;
          const decision = decide();
          if (decision.action === 'resetConnection') {
            resetConnection = true;
            break;
          }
          if (decision.action === 'proceed') await hang(decision.delayMs, shutdown);
          run(operation, decision);
        }
      } else {
        // One transaction for the request (fast: one commit for up to 1000 users), a savepoint per operation.
        store.transaction(() => {
          for (const operation of operations) {
            if (limitReached()) break;
            const decision = decide();
            if (decision.action === 'resetConnection') {
              resetConnection = true;
              break;
            }
            run(operation, decision);
          }
        });
      }
      if (resetConnection) {
        // The operations before the reset stay applied, as on a real server that crashed mid-request.
        destroyConnection(c);
        return c.body(null, 500);
      }
      return scimJson(
        c,
        { schemas: [BULK_RESPONSE_MESSAGE], Operations: results },
        200,
        retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) },
      );
    },
  );
}
