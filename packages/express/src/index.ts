// Express is Connect-compatible: the connect adapter does the work; this file only types it for Express.
import './augment.js';
import type {
  AuthenticatorInput,
  GetAuth,
  ReverificationConfig,
  ReverificationPreset,
} from '@sessionguard/connect';
import * as connect from '@sessionguard/connect';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

export * from '@sessionguard/connect';

// `req.auth` through Express's own extension point (express.request, which every app's requests
// inherit; Node's IncomingMessage stays untouched): before or without clerkMiddleware it throws the
// error that says to register it, instead of reading undefined.
connect.installAuthAccessor(express.request);

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
