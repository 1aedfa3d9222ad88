/** The `issuer` option: one issuer, a list of them, or a predicate on the token's `iss`. */
export type IssuerOption = string | readonly string[] | ((iss: string) => boolean);
