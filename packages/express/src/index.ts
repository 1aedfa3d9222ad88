// Express is Connect-compatible: the connect adapter does the work; this file only types it for Express.
import './augment.js';
import type {
  AuthenticatorInput,
  GetAuth,
  ReverificationConfig,
  ReverificationPreset,
} from '@sessionguard/connect';
import * as connect from '@sessionguard/connect';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export * from '@sessionguard/connect';

export type RequireAuthOptions = connect.RequireAuthOptions<Request, Response, NextFunction>;
export type RequireReverificationOptions = connect.RequireReverificationOptions<
  Request,
  Response,
  NextFunction
>;

// `callWithParentheses` takes nothing: it keeps `app.use(clerkMiddleware)` and
// `app.get(p, requireAuth, h)` from type-checking (see @sessionguard/connect).
export const clerkMiddleware: (
  input?: AuthenticatorInput<Request>,
  ...callWithParentheses: never[]
) => RequestHandler = connect.clerkMiddleware;
export const getAuth: GetAuth<Request> = connect.getAuth;
export const requireAuth: (options?: RequireAuthOptions, ...callWithParentheses: never[]) => RequestHandler =
  connect.requireAuth;
export const requireReverification: (
  preset?: ReverificationPreset | ReverificationConfig,
  options?: RequireReverificationOptions,
  ...callWithParentheses: never[]
) => RequestHandler = connect.requireReverification;
