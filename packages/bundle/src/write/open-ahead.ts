import { Readable } from 'node:stream';
import type { PlannedVersion } from '../bag/plan.js';
import { BundleContentMissingError, BundleWriteError } from '../errors.js';
import type { ContentOpener } from '../input.js';

type Opened = { source?: Readable; error?: unknown };

function open(version: PlannedVersion, openContent: ContentOpener): Promise<Opened> {
  const content = version.content;
  if (content === undefined) return Promise.resolve({});
  // Never rejects: a failure is kept and raised when the version's turn comes.
  return openContent(content).then(
    (source) =>
      source === undefined
        ? { error: new BundleContentMissingError(version.key, version.version, content.sha256) }
        : { source: source instanceof Readable ? source : Readable.from(source) },
    (error: unknown) => ({
      error: new BundleWriteError(
        `could not open the content of ${version.key} version ${version.version}`,
        error,
      ),
    }),
  );
}

/**
 * The versions in order, each with its content stream (none for a version without content).
 * While the caller copies one version, the next `ahead` are being opened, which hides the
 * store's latency (a GET round trip on S3); at most `ahead + 1` streams are open at a time.
 */
export async function* withContent(
  versions: readonly PlannedVersion[],
  openContent: ContentOpener,
  ahead = 4,
): AsyncGenerator<{ version: PlannedVersion; source?: Readable }> {
  const pending: Promise<Opened>[] = [];
  let opened = 0;
  const refill = () => {
    while (opened < versions.length && pending.length < Math.max(1, ahead + 1)) {
      pending.push(open(versions[opened] as PlannedVersion, openContent));
      opened += 1;
    }
  };
  try {
    for (const version of versions) {
      refill();
      const current = (await pending.shift()) ?? {};
      refill();
      if (current.error !== undefined) throw current.error;
      yield current.source ? { version, source: current.source } : { version };
    }
  } finally {
    // Stopped early (a failed copy): release the streams opened ahead.
    for (const next of pending) void next.then((o) => o.source?.destroy());
  }
}
