// Which rows of the file name which user (docs/import-semantics.md matching): rows are indexed by the values of
// their key columns as they are read; each user that arrives takes the rows its Portatour ID, employee number or
// e-mail address names. Also what rows say about each other (two rows, one key) and who owns an address or number.
import { MATCH_KEYS, USER_FIELDS, type MatchKey, type UserRecord } from '../fields/user-fields.ts';
import type { RowError } from '../problems.ts';
import type { ColumnMapping } from './column-mapping.ts';
import type { Say } from './plan-columns.ts';
import { duplicateKey } from './plan-messages.ts';
import { keyValue } from './planned-row.ts';
import type { StoredRows } from './row-store.ts';
import { RowsByValue } from './rows-by-value.ts';
import { UserOwners } from './user-owners.ts';
import type { ValidatedRow } from './validate-row.ts';

export class RowMatcher {
  /**
   * Rows by the value of each key field: the values two rows share (duplicates), and the rows a user's values
   * name (a row is matched only through the field of its own key).
   */
  private rowsByValue: Record<MatchKey, RowsByValue> = {
    portatourId: new RowsByValue(),
    employeeNumber: new RowsByValue(),
    email: new RowsByValue(),
  };
  private duplicates: Map<number, RowError[]> | undefined;
  /**
   * Rows by the e-mail address and employee number they carry (not only as key) while users arrive: a user is
   * remembered as an owner only when a row other than its own asks for its address or number.
   */
  private valuesInRows: { email: RowsByValue; employeeNumber: RowsByValue } | undefined;
  private readonly matched: (UserRecord | undefined)[] = [];
  /** Row positions of users named by two or more rows (through different keys). */
  private readonly rowsOfUser = new Map<string, number[]>();
  /** Owners of the addresses and numbers rows ask for. */
  readonly owners = new UserOwners();

  constructor(
    private readonly rows: StoredRows,
    private readonly mappings: readonly ColumnMapping[],
    private readonly say: Say,
  ) {}

  /** Every row is in (rows say about each other what they can). */
  get fileRead(): boolean {
    return this.duplicates !== undefined;
  }

  /** Indexes the row at `position` by the key values it carries (`keyRow`: its key columns read). */
  index(position: number, keyRow: ValidatedRow): void {
    for (const field of MATCH_KEYS) {
      const value = keyRow.values[field];
      if (typeof value === 'string' && value.trim())
        this.rowsByValue[field].add(keyValue(field, value), position);
    }
  }

  /** Every row is in: what rows say about each other can be worked out. */
  fileComplete(): Map<number, RowError[]> {
    if (!this.duplicates) {
      this.duplicates = this.duplicateErrors();
      // When every row is keyed by one of these fields, filter() below keeps the very same index for matching:
      // every row that carries a user's value is then that user's own row, which is all rememberOwner asks.
      this.valuesInRows = { email: this.rowsByValue.email, employeeNumber: this.rowsByValue.employeeNumber };
      // From here on the index only finds rows for users: each row under the field of its own key.
      for (const field of MATCH_KEYS)
        this.rowsByValue[field] = this.rowsByValue[field].filter(
          (position) => this.rows.keyFieldAt(position) === field,
        );
    }
    return this.duplicates;
  }

  /** Two rows may not name the same user, e-mail or employee number (docs/import-semantics.md): an error on every row involved. */
  private duplicateErrors(): Map<number, RowError[]> {
    const errors = new Map<number, RowError[]>();
    for (const field of ['portatourId', 'email', 'employeeNumber'] as const) {
      const column =
        this.mappings.find((m) => m.field === field)?.header ?? USER_FIELDS[field].meta.header.en;
      for (const [value, positions] of this.rowsByValue[field].repeated()) {
        const numbers = positions.map((p) => this.rows.numberAt(p));
        for (const rowNumber of numbers) {
          const others = numbers.filter((n) => n !== rowNumber).join(', ');
          const list = errors.get(rowNumber) ?? [];
          list.push(duplicateKey(this.say, rowNumber, column, field, value, others));
          errors.set(rowNumber, list);
        }
      }
    }
    return errors;
  }

  /**
   * The positions of the rows that name `user` (none planned yet), now matched to it; remembers the user as an
   * owner of its address and number where other rows ask for them.
   */
  match(user: UserRecord, planned: (position: number) => boolean): number[] {
    // Each of the user's key values normalized once: both the rows it names and the owners look them up.
    const keys: UserKeys = {
      portatourId: user.portatourId ? keyValue('portatourId', user.portatourId) : undefined,
      employeeNumber: user.employeeNumber ? keyValue('employeeNumber', user.employeeNumber) : undefined,
      email: user.email ? keyValue('email', user.email) : undefined,
    };
    const positions = this.rowsNaming(keys, planned);
    this.rememberOwner(user, keys, positions);
    // Two rows may also reach one user through different keys (row 2 by Portatour ID, row 3 by that user's
    // old email): each user may appear only once (docs/import-semantics.md), else both rows would write the same account.
    if (positions.length > 1) this.rowsOfUser.set(user.portatourId, positions);
    for (const position of positions) this.matched[position] = user;
    return positions;
  }

  /** The user the row at `position` was matched to, until it is planned. */
  matchedAt(position: number): UserRecord | undefined {
    return this.matched[position];
  }

  /** The row at `position` is planned. */
  release(position: number): void {
    this.matched[position] = undefined;
  }

  /** The numbers of the rows that name the user, when two or more do. */
  rowNumbersOf(userId: string): number[] {
    return (this.rowsOfUser.get(userId) ?? []).map((p) => this.rows.numberAt(p));
  }

  /**
   * Remembers the user as the owner of its e-mail address / employee number when a row other than `own` (the
   * rows matched to it) carries them: only such a row can be refused for asking for another user's.
   */
  private rememberOwner(user: UserRecord, keys: UserKeys, own: readonly number[]): void {
    const askedByOthers = (field: 'email' | 'employeeNumber'): boolean => {
      const key = keys[field];
      if (!key) return false;
      const rows = this.valuesInRows![field];
      if (rows.empty) return false;
      const others = rows.get(key).some((position) => !own.includes(position));
      rows.delete(key); // each address and number belongs to one user only (docs/api-guide.md#fields)
      return others;
    };
    const email = askedByOthers('email');
    const employeeNumber = askedByOthers('employeeNumber');
    if (email || employeeNumber) this.owners.add(user, { email, employeeNumber });
  }

  /** Rows whose key names this user; a row already matched to another user (a duplicate address) keeps it. */
  private rowsNaming(keys: UserKeys, planned: (position: number) => boolean): number[] {
    const positions: number[] = [];
    for (const field of NAMING_ORDER) {
      const normalized = keys[field];
      const rows = this.rowsByValue[field];
      // A file keyed by one field leaves the other two indexes empty: nothing to look up there.
      if (!normalized || rows.empty) continue;
      for (const position of rows.get(normalized))
        if (
          this.rows.keyFieldAt(position) === field &&
          !this.matched[position] &&
          !planned(position) &&
          !positions.includes(position)
        )
          positions.push(position);
      // Every row this value can match is now matched: the index need not hold it any longer.
      rows.delete(normalized);
    }
    return positions.sort((a, b) => a - b);
  }
}

/** A user's key values as the index holds them (undefined: the user has none). */
type UserKeys = Record<MatchKey, string | undefined>;

const NAMING_ORDER: readonly MatchKey[] = ['portatourId', 'employeeNumber', 'email'];
