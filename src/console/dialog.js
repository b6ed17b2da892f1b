import { h } from './dom.js';

/**
 * Asks before acting: a modal <dialog> (keyboard: Tab stays inside, Escape cancels) with the action's optional
 * fields. Resolves with the field values, or null when cancelled.
 */
export function confirmAction({ title, message, fields = [], confirmLabel = 'Confirm', danger = false }) {
  return new Promise((resolve) => {
    const inputs = fields.map((field) => {
      const id = `field-${field.name}`;
      const control =
        field.type === 'select'
          ? h(
              'select',
              { id, name: field.name },
              ...field.options.map((option) => h('option', { value: option }, option)),
            )
          : h('input', {
              id,
              name: field.name,
              type: field.type ?? 'text',
              required: field.required,
              pattern: field.pattern,
              placeholder: field.placeholder,
              value: field.value,
              autocomplete: 'off',
            });
      if (field.type === 'checkbox' && field.checked) control.checked = true;
      return field.type === 'checkbox'
        ? h('div', { class: 'check' }, control, h('label', { for: id }, field.label))
        : h('div', { class: 'field' }, h('label', { for: id }, field.label), control);
    });
    const form = h(
      'form',
      { method: 'dialog' },
      h('h2', { id: 'dialog-title' }, title),
      message ? h('p', {}, message) : null,
      ...inputs,
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          { type: 'button', value: 'cancel', class: 'secondary', onclick: () => dialog.close('cancel') },
          'Cancel',
        ),
        h('button', { type: 'submit', value: 'confirm', class: danger ? 'danger' : 'primary' }, confirmLabel),
      ),
    );
    const dialog = h('dialog', { 'aria-labelledby': 'dialog-title' }, form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!form.reportValidity()) return;
      dialog.close('confirm');
    });
    dialog.addEventListener('close', () => {
      const values = {};
      for (const field of fields) {
        const control = form.elements.namedItem(field.name);
        values[field.name] = field.type === 'checkbox' ? control.checked : control.value.trim();
      }
      dialog.remove();
      resolve(dialog.returnValue === 'confirm' ? values : null);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
