// The export bench's evidence: about 1 GB over a few thousand versions of mixed sizes and types,
// a few of 50 MB, all generated from fixed seeds (the same bytes on every run) and streamed.
import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { BundleContent, BundleInput, BundleVersion } from '@aims/bundle';

const MB = 1024 * 1024;
const CHUNK = 256 * 1024;

export interface Item {
  key: string;
  version: number;
  kind: string;
  mediaType: string;
  size: number;
  seed: number;
  text: boolean;
}

/** A small linear congruential generator: the dataset's shape depends on nothing but the seed. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const TYPES = [
  { mediaType: 'text/markdown', kind: 'policy.document', text: true },
  { mediaType: 'application/json', kind: 'ci.workflow-run', text: true },
  { mediaType: 'application/pdf', kind: 'record.document', text: false },
  { mediaType: 'image/png', kind: 'ml.model-card', text: false },
] as const;

/** `versions` items plus `large` of 50 MB, sized so the total is close to `targetBytes`. */
export function items(versions = 3000, large = 4, targetBytes = 1_000_000_000): Item[] {
  const random = lcg(42);
  const shapes = Array.from({ length: versions }, () => {
    const r = random();
    // Mostly small text, some medium files, a few of several MB.
    const size =
      r < 0.6
        ? 1024 + random() * 48 * 1024
        : r < 0.9
          ? 64 * 1024 + random() * 448 * 1024
          : MB + random() * 4 * MB;
    return { size, type: TYPES[Math.floor(random() * TYPES.length)] ?? TYPES[0] };
  });
  const budget = targetBytes - large * 50 * MB;
  const scale = budget / shapes.reduce((sum, s) => sum + s.size, 0);
  const out: Item[] = shapes.map((s, i) => ({
    key: `bench/folder/evidence/${String(Math.floor(i / 3)).padStart(5, '0')}.${s.type.mediaType.split('/')[1]}`,
    version: (i % 3) + 1,
    kind: s.type.kind,
    mediaType: s.type.mediaType,
    size: Math.max(1, Math.round(s.size * scale)),
    seed: i + 1,
    text: s.type.text,
  }));
  for (let i = 0; i < large; i += 1) {
    out.push({
      key: `bench/s3/datasets/training-${i}.bin`,
      version: 1,
      kind: 'ml.dataset',
      mediaType: 'application/octet-stream',
      size: 50 * MB,
      seed: 100_000 + i,
      text: false,
    });
  }
  return out;
}

const WORDS =
  'the model card records intended use limitations evaluation results approved by risk owner policy review data set lineage bias test passed control evidence audit'.split(
    ' ',
  );

/** Text that compresses like prose, or AES-CTR noise that does not; `size` bytes in 256 KiB chunks. */
export function content(item: Item): Readable {
  const iv = createHash('sha256').update(`iv:${item.seed}`).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), iv);
  const random = lcg(item.seed);
  let left = item.size;
  return new Readable({
    read() {
      if (left === 0) {
        this.push(null);
        return;
      }
      const n = Math.min(CHUNK, left);
      left -= n;
      if (!item.text) {
        this.push(cipher.update(Buffer.alloc(n)));
        return;
      }
      const words: string[] = [`# ${item.key} v${item.version} part ${item.size - left}\n`];
      let length = words[0]?.length ?? 0;
      while (length < n) {
        const word = WORDS[Math.floor(random() * WORDS.length)] ?? 'x';
        words.push(word);
        length += word.length + 1;
      }
      this.push(Buffer.from(words.join(' '), 'utf8').subarray(0, n));
    },
  });
}

const CONTROLS = Array.from({ length: 38 }, (_, i) => `A.${2 + (i % 9)}.${1 + Math.floor(i / 9)}`);

/** The bundle input for the items, with their recorded digests; controls cite some versions. */
export function benchInput(
  list: readonly Item[],
  digests: ReadonlyMap<string, string>,
  asOf: string,
): BundleInput {
  const versions: BundleVersion[] = list.map((item, i) => {
    const sha256 = digests.get(`${item.key}#${item.version}`);
    if (!sha256) throw new Error(`no digest for ${item.key}`);
    const control = CONTROLS[i % CONTROLS.length] ?? 'A.2.1';
    const c: BundleContent = { sha256, mediaType: item.mediaType, size: item.size };
    return {
      key: item.key,
      version: item.version,
      kind: item.kind,
      title: `Evidence ${i}`,
      collectedAt: '2026-11-01T00:00:00Z',
      expiresAt: '2027-11-01T00:00:00Z',
      content: c,
      controls: [control],
      freshness: [
        { controlId: control, requirementId: 'evidence', freshUntil: '2027-11-01T00:00:00Z', stale: false },
      ],
    };
  });
  const objectives = [...new Set(CONTROLS.map((id) => id.split('.').slice(0, 2).join('.')))].map((id) => ({
    id,
    title: `Objective ${id}`,
  }));
  return {
    organisation: 'Bench Ltd',
    workspace: 'bench',
    asOf,
    toolVersion: 'aims-evidence-mesh bench',
    objectives,
    versions,
    controls: CONTROLS.map((id, c) => ({
      id,
      title: `Control ${id}`,
      objectiveId: id.split('.').slice(0, 2).join('.'),
      status: c % 3 === 0 ? 'partially_compliant' : 'compliant',
      coverage: c % 3 === 0 ? 50 : 100,
      explanation: {
        summary: `Control ${id}`,
        requirements: [
          {
            id: 'evidence',
            description: 'Evidence of the control',
            satisfied: true,
            satisfiedBy: versions
              .filter((_, i) => i % CONTROLS.length === c)
              .slice(0, 20)
              .map((v) => ({ key: v.key, version: v.version })),
            stale: [],
          },
        ],
      },
    })),
    applicability: CONTROLS.map((controlId) => ({ controlId, applicable: true })),
    gaps: CONTROLS.filter((_, c) => c % 3 === 0).map((controlId) => ({
      controlId,
      status: 'partially_compliant' as const,
      priority: 'medium' as const,
      ownerRole: 'owner',
      dueAt: '2027-01-01T00:00:00Z',
      missing: [{ requirementId: 'evidence', description: 'fresh evidence' }],
    })),
    auditChainHead: { seq: list.length, hash: 'b'.repeat(64) },
  };
}
