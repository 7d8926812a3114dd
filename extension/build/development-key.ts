// The public key that pins the development build's Chrome extension id (DEVELOPMENT_EXTENSION_ID in
// shared/development-extension.ts), so tests and the proxy's default CORS know it in advance. Only the
// development build carries it: a fixed, publicly known id is exactly what an attacking page needs to
// address the extension's pages, and the store assigns the production id itself.
export const DEVELOPMENT_EXTENSION_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAr3+nVRBUG20mVGPynexnfaQHrt9/XsgnuWRNvyOfzPDzC4GIH2+h7kw5LikfWB9DqXlQYn8/6ahNO+KGPUFisfpFnLV92dbm3laPlmoKSWsnykZnvj5lqgezz+03J+LzTYd6zXKckRx2i0eO6SLs+bf1Ke1BjZVQVMAOqoKPZ9q9NafMEcD4KThEcEO9GtA2WQvZpopnLt9sJ2C2sbbxe+S0zX5uMrFVYA7j6oJZcmkRnwOJdUhfA1QzC78CYjqVPf09YeSDKBmbhDaAoMQzXhWGINp7zZadgw8x/4baQYyysHGBVOuVhgYMHS2mr2Cin4l09SZCIKVOxCvXs6BvjwIDAQAB';
