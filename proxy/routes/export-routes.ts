// Export of the complete user list and the empty template (docs/api-guide.md#endpoints).
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { exportQuerySchema, problemResponses, templateQuerySchema, tenantParams } from '../api-schemas.ts';
import { ProblemError } from '../problem.ts';
import { problemFromUpstream, type TenantEnv } from '../tenant-access.ts';
import { SCIM_ENTERPRISE_USER } from '../user-api/scim-user-mapping.ts';
import { SCIM_PAGE_SIZE, SCIM_USER_BATCH } from '../user-api/scim-client.ts';
import { attachment, encodeTable, type TableSheet } from '../export/encode-table.ts';
import { streamXlsx } from '../spreadsheet/write-spreadsheet.ts';
import {
  dateColumns,
  exportFileName,
  fieldInfoRows,
  headerRow,
  parseFieldList,
  userRows,
} from '../export/user-table.ts';
import { FIELD_KEYS, type UserRecord } from '../../shared/fields/user-fields.ts';

const fileResponse = {
  description: 'The file, as an attachment',
  content: {
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
      schema: z.string().openapi({ format: 'binary' }),
    },
    'text/csv': { schema: z.string() },
    'application/vnd.oasis.opendocument.spreadsheet': { schema: z.string().openapi({ format: 'binary' }) },
  },
};

const exportRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{tenant}/users/export',
  summary: 'Export the complete user list (every field) as XLSX, CSV or ODS',
  description:
    'CSV is UTF-8 with BOM and CRLF line ends. Cells that start with = + - @ or a tab/CR are prefixed with an apostrophe so spreadsheet programs show them as text. Dates and times (accessLinkSentAt, lastLoginAt) are UTC: date cells in XLSX and ODS (shown as yyyy-mm-dd hh:mm UTC), ISO 8601 text in CSV.',
  security: [{ bearer: [] }],
  request: { params: tenantParams, query: exportQuerySchema },
  responses: { 200: fileResponse, ...problemResponses(400, 401, 403, 409, 502) },
});

const templateRoute = createRoute({
  method: 'get',
  path: '/api/v1/tenants/{tenant}/template',
  summary: 'An empty import file: the headers (and a "Field info" sheet in XLSX)',
  security: [{ bearer: [] }],
  request: { params: tenantParams, query: templateQuerySchema },
  responses: { 200: fileResponse, ...problemResponses(401, 403, 409, 502) },
});

/** SCIM filter values are quoted strings (RFC 7644 §3.4.2.2): escape what would end the string. */
function scimString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export const exportRoutes = new OpenAPIHono<TenantEnv>()
  .openapi(exportRoute, async (c) => {
    const { tenant, directory } = c.get('access');
    const query = c.req.valid('query');
    const keys = parseFieldList(query.fields);
    if (query.email !== undefined && query.employeeNumber !== undefined) {
      throw new ProblemError('invalid-request', 'Give email= or employeeNumber=, not both.');
    }
    const filter =
      query.email !== undefined
        ? `emails.value eq ${scimString(query.email.trim())}`
        : query.employeeNumber !== undefined
          ? `${SCIM_ENTERPRISE_USER}:employeeNumber eq ${scimString(query.employeeNumber.trim())}`
          : undefined;
    const fileName = exportFileName('users', tenant.id, query.format);
    const usersSheet = query.lang === 'de' ? 'Benutzer' : 'Users';
    if (query.format === 'xlsx') {
      const fieldInfoSheet = {
        name: query.lang === 'de' ? 'Feldinfo' : 'Field info',
        rows: fieldInfoRows(query.lang),
      };
      // Written while the user API sends its pages (100,000 users). The first page is read before the
      // answer starts, so a refusal or an unreachable user API is still a problem, not a broken download.
      // Nothing is written back: the users' versions are not kept.
      const pages = directory.userPages(filter, undefined, SCIM_PAGE_SIZE, SCIM_USER_BATCH, false);
      let first: IteratorResult<UserRecord[]>;
      try {
        first = await pages.next();
      } catch (error) {
        throw problemFromUpstream(error);
      }
      async function* batches() {
        if (first.done) return;
        yield userRows(first.value, keys, query.lang);
        for await (const page of pages) yield userRows(page, keys, query.lang);
      }
      const usersRows = {
        name: usersSheet,
        rows: [headerRow(keys, query.lang)],
        batches: batches(),
        dateColumns: dateColumns(keys),
      };
      return attachment(streamXlsx([usersRows, fieldInfoSheet]), 'xlsx', fileName);
    }
    let users: UserRecord[];
    try {
      users = await directory.listUsers(filter);
    } catch (error) {
      throw problemFromUpstream(error);
    }
    const sheets: TableSheet[] = [
      {
        name: usersSheet,
        rows: [headerRow(keys, query.lang), ...userRows(users, keys, query.lang)],
        dateColumns: dateColumns(keys),
      },
    ];
    return attachment(encodeTable(query.format, sheets, query.delimiter), query.format, fileName);
  })
  .openapi(templateRoute, async (c) => {
    const { tenant } = c.get('access');
    const query = c.req.valid('query');
    const sheets: TableSheet[] = [
      { name: query.lang === 'de' ? 'Benutzer' : 'Users', rows: [headerRow(FIELD_KEYS, query.lang)] },
    ];
    if (query.format === 'xlsx')
      sheets.push({ name: query.lang === 'de' ? 'Feldinfo' : 'Field info', rows: fieldInfoRows(query.lang) });
    return attachment(
      encodeTable(query.format, sheets, query.delimiter),
      query.format,
      exportFileName('template', tenant.id, query.format),
    );
  });
