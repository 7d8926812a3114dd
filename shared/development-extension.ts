// The development build's fixed Chrome extension id (derived from the public key in
// extension/build/development-key.ts). The proxy's CORS allows it by default, so `npm start` and the
// tests work without configuration; a deployment names its store ids in ALLOWED_EXTENSION_IDS instead.
export const DEVELOPMENT_EXTENSION_ID = 'bogfcckjjhhghjalkkonnpicfbjmdebe';
