// The optional API routes this server answers, as the server that serves the page says
// (<meta name="aims-features">): the page shows those parts without probing for them.
const listed = new Set(
  (document.querySelector<HTMLMetaElement>('meta[name="aims-features"]')?.content ?? '')
    .split(/\s+/)
    .filter(Boolean),
);

/** `exports` (POST/GET /v1/exports), `forecast` (GET /v1/forecast), `api-key` (/v1 needs a key). */
export const offers = (feature: 'exports' | 'forecast' | 'api-key'): boolean => listed.has(feature);
