// Chrome derives an unpacked extension's id from the manifest `key`: the first 128 bits of the
// SHA-256 of the public key (DER), each hex digit written as a letter a–p.
import { createHash } from 'node:crypto';

export function extensionIdFromPublicKey(base64Key: string): string {
  const digest = createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex');
  return [...digest.slice(0, 32)].map((hex) => String.fromCharCode(97 + parseInt(hex, 16))).join('');
}
