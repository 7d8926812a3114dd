// docs/api-guide.md#fields, in its order: every field's key with its English and German header. Tests compare the product
// against this copy of the contract, never against the catalogue they are testing.
import type { FieldKey } from '../../shared/fields/field-catalogue.ts';

export const CONTRACT_FIELDS: [key: FieldKey, en: string, de: string][] = [
  ['portatourId', 'Portatour ID', 'Portatour-ID'],
  ['firstName', 'First name', 'Vorname'],
  ['lastName', 'Last name', 'Nachname'],
  ['email', 'Email', 'E-Mail'],
  ['employeeNumber', 'Employee number', 'Personalnummer'],
  ['userName', 'User name', 'Benutzername'],
  ['mobilePhone', 'Mobile phone', 'Mobiltelefon'],
  ['language', 'Language', 'Sprache'],
  ['authorizationLevel', 'Authorization level', 'Berechtigungsstufe'],
  ['active', 'Active', 'Aktiv'],
  ['hasOwnSchedule', 'Has own schedule', 'Eigene Terminplanung'],
  ['userGroups', 'User groups', 'Benutzergruppen'],
  ['note', 'Note', 'Notiz'],
  ['homeStreet', 'Home street', 'Heimatadresse Straße'],
  ['homePostalCode', 'Home postal code', 'Heimatadresse PLZ'],
  ['homeCity', 'Home city', 'Heimatadresse Ort'],
  ['homeCountry', 'Home country', 'Heimatadresse Land'],
  ['accessLinkSentAt', 'Access link sent', 'Zugangslink gesendet'],
  ['lastLoginAt', 'Last login', 'Letzte Anmeldung'],
];
