// The stand-in store's tenants: their definitions, licenses and demo tokens.
import { notFound } from './scim-error.ts';
import type { StoreDatabase } from './store-database.ts';
import type { Tenant } from './store-types.ts';
import type { TenantDefinition } from './tenant-definitions.ts';
import { tenantFromRow, type TenantRow } from './tenant-store-sql.ts';

export class TenantTable {
  constructor(private readonly database: StoreDatabase) {}

  /** True when the database has no tenant yet (new file or `:memory:`). */
  isEmpty(): boolean {
    return (this.database.statement('SELECT COUNT(*) AS n FROM tenants').get() as { n: number }).n === 0;
  }

  /** Creates or changes a tenant. */
  put(definition: TenantDefinition): Tenant {
    this.database
      .statement(
        `INSERT INTO tenants (id, name, licenses, host_system, default_language, country, admin_token, user_token)
       VALUES (@id, @name, @licenses, @host_system, @default_language, @country, @admin_token, @user_token)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, licenses = excluded.licenses,
         host_system = excluded.host_system, default_language = excluded.default_language,
         country = excluded.country,
         admin_token = excluded.admin_token, user_token = excluded.user_token`,
      )
      .run({
        id: definition.id,
        name: definition.name,
        licenses: definition.licenses,
        host_system: definition.hostSystem,
        default_language: definition.defaultLanguage,
        country: definition.country ?? 'DE',
        admin_token: definition.adminToken,
        user_token: definition.userToken,
      });
    this.database.changed();
    return this.require(definition.id);
  }

  setLicenses(tenantId: string, licenses: number): void {
    this.require(tenantId);
    this.database.statement('UPDATE tenants SET licenses = ? WHERE id = ?').run(licenses, tenantId);
  }

  get(tenantId: string): Tenant | undefined {
    const row = this.database.statement('SELECT * FROM tenants WHERE id = ?').get(tenantId) as
      TenantRow | undefined;
    return row === undefined ? undefined : tenantFromRow(row);
  }

  list(): Tenant[] {
    return (this.database.statement('SELECT * FROM tenants ORDER BY rowid').all() as TenantRow[]).map(
      tenantFromRow,
    );
  }

  require(tenantId: string): Tenant {
    const tenant = this.get(tenantId);
    if (tenant === undefined) throw notFound(`tenant "${tenantId}" does not exist`);
    return tenant;
  }

  /** Who a demo token signs in: the tenant and whether it is that tenant's administrator. */
  authenticate(token: string): { tenantId: string; isAdministrator: boolean } | undefined {
    const row = this.database
      .statement('SELECT id, admin_token FROM tenants WHERE admin_token = @token OR user_token = @token')
      .get({ token }) as { id: string; admin_token: string } | undefined;
    return row === undefined ? undefined : { tenantId: row.id, isAdministrator: row.admin_token === token };
  }
}
