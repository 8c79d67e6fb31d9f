import { useState } from 'preact/hooks'

/** Copies text; DevTools panels may refuse the async clipboard, so a hidden textarea is the fallback. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState(false)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
    } catch {
      const area = document.createElement('textarea')
      area.value = text
      document.body.append(area)
      area.select()
      document.execCommand('copy')
      area.remove()
    }
    setDone(true)
    setTimeout(() => setDone(false), 1200)
  }
  return (
    <button type="button" onClick={copy} aria-label={label}>
      {done ? 'Copied' : label}
    </button>
  )
}
