/**
 * The API key: entered once, kept in this browser's localStorage, sent to the gateway as the
 * `x-api-key` header (and as `?apiKey=` on the live stream, where browsers cannot set headers).
 */
import { getApiKey, setApiKey } from '../core/api.js'
import { h } from '../core/dom.js'
import { field, formDialog } from './dialog.js'
import { toast } from './feedback.js'

export function openKeyDialog() {
  const input = h('input', {
    type: 'password',
    name: 'apiKey',
    autocomplete: 'off',
    spellcheck: 'false',
    value: getApiKey(),
    placeholder: 'e.g. admin-key-…',
  })
  const show = h('input', {
    type: 'checkbox',
    onchange: () => {
      input.type = show.checked ? 'text' : 'password'
    },
  })
  return formDialog({
    title: 'API key',
    description:
      'When the gateway has API keys turned on, the console sends this key with every request. It is stored only in this browser.',
    body: [
      field('Key', input, 'Leave empty to send no key.'),
      h('label', { class: 'check' }, show, 'Show key'),
    ],
    submitLabel: 'Save key',
    onSubmit: async () => {
      setApiKey(input.value)
      toast(input.value.trim() ? 'API key saved' : 'API key removed')
      return true
    },
  })
}
