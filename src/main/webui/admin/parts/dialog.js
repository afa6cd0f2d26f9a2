// Modal questions in a native <dialog> (focus is kept inside and Escape cancels, by the browser).
import { html, render } from 'lit';

function open(content, { onSubmit, label }) {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.setAttribute('aria-label', label);
    document.body.append(dialog);
    const close = (value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    dialog.addEventListener('cancel', () => close(null));
    const submit = (event) => {
      event.preventDefault();
      close(onSubmit(new FormData(event.target)));
    };
    render(html`<form class="stack" @submit=${submit}>${content(() => close(null))}</form>`, dialog);
    dialog.showModal();
  });
}

/** Asks to confirm something that cannot be undone; resolves true when confirmed. */
export async function confirmAction({ title, body, confirmLabel }) {
  const answer = await open((cancel) => html`
    <h2>${title}</h2>
    <div>${body}</div>
    <div class="actions">
      <button type="button" class="quiet" @click=${cancel}>Cancel</button>
      <button type="submit" class="danger" data-test="confirm">${confirmLabel}</button>
    </div>`, { onSubmit: () => true, label: title });
  return answer === true;
}

/** Asks for a form's values; resolves the FormData, or null when cancelled. */
export function askForm({ title, fields, submitLabel }) {
  return open((cancel) => html`
    <h2>${title}</h2>
    ${fields}
    <div class="actions">
      <button type="button" class="quiet" @click=${cancel}>Cancel</button>
      <button type="submit" data-test="dialog-submit">${submitLabel}</button>
    </div>`, { onSubmit: (data) => data, label: title });
}
