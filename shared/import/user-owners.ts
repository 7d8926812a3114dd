// Who owns which e-mail address and employee number in the company (docs/api-guide.md#fields: both unique per tenant), kept
// compactly while the users stream past the planner: only users whose address or number some other
// row of the file carries are remembered, with three strings each, never a user record.
import { emailKey } from '../fields/field-values.ts';
import type { UserRecord } from '../fields/user-fields.ts';

export interface Owner {
  portatourId: string;
  firstName: string;
  lastName: string;
}

export class UserOwners {
  private readonly ids: string[] = [];
  private readonly firstNames: string[] = [];
  private readonly lastNames: string[] = [];
  private readonly byEmail = new Map<string, number>();
  private readonly byEmployeeNumber = new Map<string, number>();

  /** Remembers the user as the owner of its e-mail address and/or its employee number. */
  add(user: UserRecord, of: { email: boolean; employeeNumber: boolean }): void {
    const ordinal = this.ids.push(user.portatourId) - 1;
    this.firstNames.push(user.firstName);
    this.lastNames.push(user.lastName);
    if (of.email && user.email) this.byEmail.set(emailKey(user.email), ordinal);
    if (of.employeeNumber && user.employeeNumber)
      this.byEmployeeNumber.set(user.employeeNumber.trim(), ordinal);
  }

  ofEmail(email: string): Owner | undefined {
    return this.owner(this.byEmail.get(emailKey(email)));
  }

  ofEmployeeNumber(employeeNumber: string): Owner | undefined {
    return this.owner(this.byEmployeeNumber.get(employeeNumber.trim()));
  }

  private owner(ordinal: number | undefined): Owner | undefined {
    if (ordinal === undefined) return undefined;
    return {
      portatourId: this.ids[ordinal]!,
      firstName: this.firstNames[ordinal]!,
      lastName: this.lastNames[ordinal]!,
    };
  }
}
