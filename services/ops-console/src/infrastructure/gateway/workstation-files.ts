import type { NextFunction, Request, Response } from 'express';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/** Paths the console answers itself; everything else that is a GET belongs to the web app. */
const SERVER_PATHS = /^\/(api|docs|health|metrics|asyncapi\.json)(\/|$|\?|-)/;

/**
 * Serves the built workstation (Vite's output) and, for any other GET that asks for a page, its
 * index.html: the app routes in history mode, so `/cases/<id>` opened from a bookmark must load
 * the app, not a 404. Hashed assets are cached for a year; index.html never (it names them).
 */
export function workstationFiles(webDir: string) {
  const root = path.resolve(webDir);
  const index = path.join(root, 'index.html');
  return (req: Request, res: Response, next: NextFunction): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path)) return next();
    let file: string;
    try {
      file = path.resolve(root, `.${decodeURIComponent(req.path)}`);
    } catch {
      return next(); // a malformed escape: not a file of ours
    }
    if (file.startsWith(`${root}${path.sep}`) && existsSync(file) && statSync(file).isFile()) {
      const hashed = file.includes(`${path.sep}assets${path.sep}`);
      res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      return res.sendFile(file);
    }
    // A missing asset is a 404; a page path is the app's to route.
    if (path.extname(req.path) !== '' || !existsSync(index)) return next();
    res.setHeader('cache-control', 'no-store');
    res.sendFile(index);
  };
}
