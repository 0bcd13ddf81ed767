// Dashboard URLs. The AI system filter travels with every link, so a filtered view stays
// filtered as one moves around it and can be shared as it is.

let aiSystem: string | undefined;

export const currentAiSystem = (): string | undefined => aiSystem;
export function setCurrentAiSystem(id: string | undefined): void {
  aiSystem = id;
}

/** A dashboard link with its query, carrying the AI system filter unless `params` sets it. */
export function link(path: string, params: Record<string, string | number | undefined> = {}): string {
  const search = new URLSearchParams();
  const all: Record<string, string | number | undefined> = { aiSystem, ...params };
  for (const [name, value] of Object.entries(all))
    if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

export const controlLink = (id: string): string =>
  link(`/${/^A\./.test(id) ? 'controls' : 'clauses'}/${encodeURIComponent(id)}`);
export const artifactLink = (key: string, version?: number): string =>
  link(`/artifacts/${encodeURIComponent(key)}`, { v: version });
export const aiSystemLink = (id: string): string => link(`/ai-systems/${encodeURIComponent(id)}`);
export const runLink = (id: string): string => link(`/runs/${encodeURIComponent(id)}`);
export const exportLink = (id: string): string => link(`/exports/${encodeURIComponent(id)}`);
