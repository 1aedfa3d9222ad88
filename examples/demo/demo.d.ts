// Types of demo.js (plain JavaScript), for the tests that start the demo in process.
import type { TestIssuer } from '@sessionguard/testing';

export declare const FRAMEWORKS: readonly ['express', 'connect', 'fastify', 'hono'];

export interface DemoOptions {
  framework?: (typeof FRAMEWORKS)[number] | (string & {});
  port?: number;
  host?: string;
  instance?: 'development' | 'production' | (string & {});
  sessionLifetimeInSeconds?: number;
}

export interface Demo {
  url: string;
  framework: string;
  instance: string;
  issuer: TestIssuer;
  mintToken(options?: {
    role?: string;
    fva?: [number, number];
    sessionId?: string;
    expiresInSeconds?: number;
  }): Promise<string>;
  /** The terminal's and the page's curl lines, with fresh hour-long tokens. */
  curlLines(): Promise<string[]>;
  close(): Promise<void>;
}

export declare function startDemo(options?: DemoOptions): Promise<Demo>;
