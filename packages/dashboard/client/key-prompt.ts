// The API-key prompt: a modal dialog in the page (never window.prompt), asked once for every
// request that is waiting on it.
import { h } from './dom.js';

let pending: Promise<string | undefined> | undefined;

/** Resolves when no prompt is open. */
export const promptOpen = async (): Promise<void> => {
  await pending?.catch(() => undefined);
};

/** Asks for a key; undefined when the person cancels. `refused` says the last key was not accepted. */
export function askForKey(refused: boolean): Promise<string | undefined> {
  pending ??= show(refused).finally(() => {
    pending = undefined;
  });
  return pending;
}

function show(refused: boolean): Promise<string | undefined> {
  return new Promise((resolve) => {
    const input = h('input', {
      id: 'api-key-input',
      name: 'apiKey',
      type: 'password',
      autocomplete: 'off',
      required: true,
      minlength: 1,
      'aria-describedby': 'api-key-help',
    });
    const dialog = h(
      'dialog',
      { id: 'api-key-dialog', 'aria-labelledby': 'api-key-title' },
      h(
        'form',
        { method: 'dialog' },
        h('h2', { id: 'api-key-title' }, 'API key needed'),
        h(
          'p',
          { id: 'api-key-help' },
          refused
            ? 'The server refused that key. Enter a valid API key for this workspace.'
            : 'This server needs an API key. It is kept for this browser session only and sent as a header.',
        ),
        h('label', { for: 'api-key-input' }, 'API key'),
        input,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', value: 'ok', class: 'primary' }, 'Use this key'),
          h('button', { type: 'submit', value: 'cancel', formnovalidate: true }, 'Cancel'),
        ),
      ),
    );
    dialog.addEventListener('close', () => {
      const key = input.value.trim();
      dialog.remove();
      resolve(dialog.returnValue === 'ok' && key ? key : undefined);
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}
