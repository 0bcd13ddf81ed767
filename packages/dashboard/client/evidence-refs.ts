// Lists of evidence versions cited by a control's explanation.
import { h } from './dom.js';
import { day, staleReason } from './format.js';
import { artifactLink } from './links.js';
import type { EvidenceRef } from './types.js';

export function evidenceList(refs: readonly EvidenceRef[], stale: boolean): HTMLElement {
  return h(
    'ul',
    { class: 'refs' },
    refs.map((ref) =>
      h(
        'li',
        {},
        h('a', { href: artifactLink(ref.key, ref.version) }, ref.title ?? ref.key),
        h(
          'span',
          { class: 'muted' },
          ` v${ref.version} · ${ref.kind} · effective ${day(ref.effectiveAt)}`,
          !stale && ref.expiresAt ? ` · fresh until ${day(ref.expiresAt)}` : '',
        ),
        stale
          ? h(
              'div',
              { class: 'stale-why' },
              `Stale: ${staleReason(ref.staleReason)}`,
              ref.staleSince ? ` since ${day(ref.staleSince)}` : '',
              ref.note ? ` (${ref.note})` : '',
            )
          : null,
      ),
    ),
  );
}
