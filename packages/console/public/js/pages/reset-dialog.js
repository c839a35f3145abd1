/** The offset reset dialog of a consumer group: to earliest, latest, a time or an offset. */
import { api, seg } from '../core/api.js'
import { h } from '../core/dom.js'
import { field, formDialog } from '../ui/dialog.js'
import { toast } from '../ui/feedback.js'

/** Opens the dialog; resolves with the gateway's answer, or undefined when cancelled. */
export async function resetOffsets(group) {
  const topics = [
    ...new Set(group.offsets.map((o) => o.topic).concat(group.members.flatMap((m) => m.subscription ?? []))),
  ].sort()
  const topic = h(
    'select',
    { name: 'topic' },
    topics.map((t) => h('option', { value: t }, t)),
  )
  const to = h(
    'select',
    { name: 'to' },
    [
      ['earliest', 'Earliest: reprocess everything retained'],
      ['latest', 'Latest: skip everything now in the topic'],
      ['timestamp', 'A time: first record at or after it'],
      ['offset', 'An offset'],
    ].map(([v, l]) => h('option', { value: v }, l)),
  )
  const stamp = h('input', { name: 'timestamp', type: 'datetime-local', step: '1' })
  const offset = h('input', { name: 'offset', inputmode: 'numeric', placeholder: '0', autocomplete: 'off' })
  const partitions = h('input', { name: 'partitions', placeholder: 'all', autocomplete: 'off' })
  const stampField = field('Time', stamp)
  const offsetField = field(
    'Offset',
    offset,
    'Must be between the earliest and latest offsets of each partition.',
  )
  const sync = () => {
    stampField.hidden = to.value !== 'timestamp'
    offsetField.hidden = to.value !== 'offset'
  }
  to.addEventListener('change', sync)
  sync()
  if (topics.length === 0) {
    toast('This group has no topics to reset', { tone: 'error' })
    return undefined
  }
  const done = await formDialog({
    title: `Reset offsets of ${group.id}`,
    description:
      'Moves the committed offsets, so the group’s next consumer starts there. The group must have no running members.',
    body: [
      field('Topic', topic),
      field('Reset to', to),
      stampField,
      offsetField,
      field('Partitions', partitions, 'Comma-separated partition numbers; empty = every partition.'),
    ],
    submitLabel: 'Reset offsets',
    onSubmit: async () => {
      const body = { topic: topic.value, to: to.value }
      if (to.value === 'timestamp') body.timestamp = stamp.value ? new Date(stamp.value).toISOString() : ''
      if (to.value === 'offset') body.offset = offset.value.trim()
      const list = partitions.value
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
      if (list.length) body.partitions = list.map(Number)
      return api.post(`/api/kafka/groups/${seg(group.id)}/reset`, body)
    },
  })
  if (done) {
    const moved = done.partitions
      .map((p) => `${p.partition}: ${p.previous ?? 'none'} → ${p.offset}`)
      .join(', ')
    toast(`Offsets of ${done.topic} reset (${moved})`, { timeout: 7000 })
  }
  return done
}
