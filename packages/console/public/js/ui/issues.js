/**
 * Showing the gateway's validation issues where they belong: each `{ path, message }` goes under
 * the element whose `data-path` is that path (or the closest enclosing one), which is marked
 * aria-invalid; what fits nowhere is returned for a summary.
 */
/** A missing value reads better as "Required" than as a type mismatch against undefined. */
const humane = (message) => (/received undefined$/.test(message) ? 'Required' : message)

export function clearIssues(root) {
  for (const el of root.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid')
  for (const el of root.querySelectorAll('.field-error')) {
    el.hidden = true
    el.textContent = ''
  }
  for (const el of root.querySelectorAll('.has-error')) el.classList.remove('has-error')
}

/** Puts each issue under its field (or the closest enclosing one); returns the issues that fit none. */
export function showIssues(root, issues) {
  clearIssues(root)
  const unplaced = []
  for (const issue of issues) {
    let path = issue.path
    let target = null
    while (path && !target) {
      target = [...root.querySelectorAll('[data-path]')].find(
        (el) => el.dataset.path === path && !el.matches('input, select, textarea'),
      )
      if (!target) path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : ''
    }
    if (!target) {
      unplaced.push(issue)
      continue
    }
    target.classList.add('has-error')
    const control =
      target.querySelector(':scope > .field-control > :is(input, select, textarea)') ??
      (target.matches('.field-wrap') ? target.querySelector('input') : null)
    control?.setAttribute('aria-invalid', 'true')
    const error = target.querySelector(':scope > .field-error')
    const prefix = path === issue.path ? '' : `${issue.path.slice(path.length + 1)}: `
    const text = `${prefix}${humane(issue.message)}`
    error.textContent = error.textContent ? `${error.textContent}; ${text}` : text
    error.hidden = false
  }
  return unplaced
}
