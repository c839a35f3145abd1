/**
 * Modal dialogs on the native <dialog> element (focus trapping, Escape and the backdrop come
 * from the browser). A form dialog keeps itself open and shows the gateway's error when its
 * action fails, so nothing a person typed is lost.
 */
import { h, uid } from '../core/dom.js'
import { errorBox } from './feedback.js'
import { icon } from './icons.js'

/**
 * formDialog({ title, description?, body: Node | Node[], submitLabel, tone?, onSubmit(form) })
 * Resolves with what onSubmit returned, or undefined when cancelled.
 */
export function formDialog({ title, description, body, submitLabel = 'Save', tone = 'primary', onSubmit }) {
  return new Promise((resolve) => {
    const titleId = uid('dlg-title')
    const errors = h('div', { class: 'dialog-errors' })
    const submit = h('button', { type: 'submit', class: `btn btn-${tone}` }, submitLabel)
    const form = h(
      'form',
      { method: 'dialog', class: 'dialog-form', novalidate: true },
      h(
        'header',
        { class: 'dialog-head' },
        h('h2', { id: titleId }, title),
        h(
          'button',
          { type: 'button', class: 'icon-btn', 'aria-label': 'Close', onclick: () => dialog.close() },
          icon('close'),
        ),
      ),
      description ? h('p', { class: 'dialog-desc' }, description) : null,
      h('div', { class: 'dialog-body' }, body),
      errors,
      h(
        'footer',
        { class: 'dialog-foot' },
        h('button', { type: 'button', class: 'btn btn-ghost', onclick: () => dialog.close() }, 'Cancel'),
        submit,
      ),
    )
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId }, form)
    let result
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      submit.disabled = true
      submit.setAttribute('aria-busy', 'true')
      errors.replaceChildren()
      try {
        result = await onSubmit(form)
        dialog.close()
      } catch (error) {
        errors.replaceChildren(errorBox(error, { title: `${submitLabel} failed` }))
      } finally {
        submit.disabled = false
        submit.removeAttribute('aria-busy')
      }
    })
    dialog.addEventListener('close', () => {
      dialog.remove()
      resolve(result)
    })
    document.body.append(dialog)
    dialog.showModal()
    form.querySelector('input, select, textarea')?.focus()
  })
}

/** A yes/no question; with `typeToConfirm`, the person must type that text first (deletes). */
export function confirmDialog({
  title,
  text,
  confirmLabel = 'Confirm',
  tone = 'danger',
  typeToConfirm,
  onConfirm,
}) {
  const id = uid('confirm')
  const body = [h('p', null, text)]
  if (typeToConfirm) {
    body.push(
      h(
        'label',
        { class: 'field', for: id },
        h('span', { class: 'field-label' }, `Type ${typeToConfirm} to confirm`),
      ),
      h('input', { id, name: 'confirm', autocomplete: 'off', spellcheck: 'false' }),
    )
  }
  return formDialog({
    title,
    body,
    submitLabel: confirmLabel,
    tone,
    onSubmit: async (form) => {
      if (typeToConfirm && form.elements.confirm.value !== typeToConfirm) {
        throw new Error(`Type ${typeToConfirm} exactly to confirm.`)
      }
      return (await onConfirm?.()) ?? true
    },
  })
}

/** A labelled form control: field('Partitions', input, 'hint'). */
export function field(label, control, hint) {
  const id = control.id || uid('f')
  control.id = id
  const hintId = hint ? `${id}-hint` : undefined
  if (hintId) control.setAttribute('aria-describedby', hintId)
  return h(
    'div',
    { class: 'field' },
    h('label', { class: 'field-label', for: id }, label),
    control,
    hint ? h('p', { class: 'field-hint', id: hintId }, hint) : null,
  )
}
