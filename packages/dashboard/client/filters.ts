// Filter forms. They are GET forms: applying one navigates to its URL (see router.ts), so every
// filtered view can be linked, reloaded and gone back to. Select boxes apply on change.
import { type Child, h } from './dom.js';
import { currentAiSystem, link } from './links.js';

export function selectField(
  name: string,
  label: string,
  options: readonly (readonly [string, string])[],
  current: string | null,
): HTMLElement {
  const id = `f-${name}`;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      {
        id,
        name,
        onchange: (event: Event) => (event.target as HTMLSelectElement).form?.requestSubmit(),
      },
      options.map(([value, text]) => h('option', { value, selected: value === (current ?? '') }, text)),
    ),
  );
}

export function inputField(name: string, label: string, current: string | null, type = 'text'): HTMLElement {
  const id = `f-${name}`;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h('input', {
      id,
      name,
      type,
      value: current ?? '',
      ...(type === 'search' ? { placeholder: 'Title or key' } : {}),
    }),
  );
}

/** The form, with the AI system filter carried along and a way back to no filters. */
export function filterForm(label: string, path: string, ...fields: Child[]): HTMLFormElement {
  const aiSystem = currentAiSystem();
  return h(
    'form',
    {
      method: 'get',
      action: path,
      class: 'filters',
      'data-filters': 'true',
      'aria-label': label,
      role: 'search',
    },
    fields,
    aiSystem ? h('input', { type: 'hidden', name: 'aiSystem', value: aiSystem }) : null,
    h(
      'div',
      { class: 'field actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Apply'),
      h('a', { href: link(path), class: 'reset' }, 'Clear filters'),
    ),
  );
}

export const ANY: readonly [string, string] = ['', 'Any'];
export const YES_NO = (yes: string, no: string): (readonly [string, string])[] => [
  ANY,
  ['true', yes],
  ['false', no],
];

/** A date input's value as the start of that day in UTC. */
export const dayStart = (value: string | null): string | undefined =>
  value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : undefined;
