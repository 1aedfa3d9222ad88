// Kept by hand in step with package.json (tests/backend-api/version.test.ts checks it): importing
// package.json at runtime would need JSON import attributes, which not every runtime and bundler take.
export const PACKAGE_NAME = '@sessionguard/core';
export const PACKAGE_VERSION = '0.1.0';
export const USER_AGENT = `${PACKAGE_NAME}@${PACKAGE_VERSION}`;
