import { DOCUMENT_KINDS } from '@aims/connector-sdk';
import { z } from 'zod';

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a slug ([a-z0-9][a-z0-9-]*)');

export const DEFAULT_INCLUDE = ['**/*.md', '**/*.markdown', '**/*.pdf', '**/*.yaml', '**/*.yml'];
export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.git/**', '**/*.meta.yaml', '**/*.meta.yml'];

export const pathRuleSchema = z.object({
  /** Glob relative to the root, e.g. `policies/**\/*.pdf`. */
  pattern: z.string().min(1),
  kind: z.enum(DOCUMENT_KINDS),
  attributes: z.record(z.string(), z.unknown()).optional(),
  owner: z.string().min(1).optional(),
  aiSystems: z.array(slug).optional(),
});

export const rootSchema = z.object({
  /** Slice id part; default: the folder name as a slug. */
  id: slug.optional(),
  /** Absolute path of the folder. */
  path: z.string().min(1),
  include: z.array(z.string().min(1)).default(DEFAULT_INCLUDE),
  exclude: z.array(z.string().min(1)).default(DEFAULT_EXCLUDE),
});

export const localFolderConfigSchema = z.object({
  roots: z.array(rootSchema).min(1),
  /** Gives files without front matter or sidecar (e.g. PDFs) a kind and default attributes; first match wins. */
  mappings: z.array(pathRuleSchema).default([]),
  /** Files larger than this are skipped and recorded as a gap. */
  maxFileBytes: z
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
});

export type LocalFolderConfig = z.infer<typeof localFolderConfigSchema>;
export type RootConfig = z.infer<typeof rootSchema>;

/** The slug a root is known by. */
export function rootId(root: RootConfig): string {
  if (root.id) return root.id;
  const name =
    root.path
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? 'root';
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'root'
  );
}
