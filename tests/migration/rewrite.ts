// The only change a Clerk user makes: the import specifiers. A textual rewrite of `from '…'` and
// `import('…')` whose specifier is Clerk's package (or one of its subpaths), nothing else.
const CLERK_TO_OURS: Readonly<Record<string, string>> = {
  '@clerk/express': '@sessionguard/express',
  '@clerk/fastify': '@sessionguard/fastify',
};

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*)(['"])(@clerk\/(?:express|fastify))((?:\/[\w.-]+)*)\2/g;

export function rewriteImports(source: string): string {
  return source.replace(
    SPECIFIER,
    (_match, lead: string, quote: string, name: string, subpath: string) =>
      `${lead}${quote}${CLERK_TO_OURS[name]}${subpath}${quote}`,
  );
}
