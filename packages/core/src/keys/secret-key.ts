/** Clerk secret keys: `sk_test_…` or `sk_live_…`, printable ASCII only (it goes in a header). */
export function isSecretKeyShape(value: string): boolean {
  return /^sk_(test|live)_[\x21-\x7e]+$/.test(value);
}
