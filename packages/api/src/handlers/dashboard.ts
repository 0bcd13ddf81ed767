import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';

/** public/index.html of this package (the same depth from src/ and dist/). */
export const DASHBOARD_FILE = fileURLToPath(new URL('../../public/index.html', import.meta.url));

/** GET /: the dashboard, a static page that reads the API from the browser. */
export function getDashboard() {
  return (_req: Request, res: Response): void => {
    res.set('Cache-Control', 'no-cache');
    res.set(
      'Content-Security-Policy',
      "default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'",
    );
    res.sendFile(DASHBOARD_FILE);
  };
}
