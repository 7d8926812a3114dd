/** The values JSON.parse can produce; request bodies are narrowed from this, never from `any`. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** SCIM attribute names are case-insensitive (RFC 7643 §2.1): the exact key wins, else any casing. */
export function findKeyCaseInsensitive(object: JsonObject, key: string): string | undefined {
  if (key in object) return key;
  const wanted = key.toLowerCase();
  return Object.keys(object).find((candidate) => candidate.toLowerCase() === wanted);
}

export function getCaseInsensitive(object: JsonObject, key: string): JsonValue | undefined {
  const found = findKeyCaseInsensitive(object, key);
  return found === undefined ? undefined : object[found];
}
