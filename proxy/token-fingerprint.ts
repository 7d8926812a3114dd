// Who did something, without keeping the token: a short SHA-256 fingerprint of the Authorization header
// identifies the same caller across audit records and rate limits but cannot be used to sign in.
export async function tokenFingerprint(authorization: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(authorization.trim()));
  return Array.from(new Uint8Array(digest).slice(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
}
