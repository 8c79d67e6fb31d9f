import { useRef, useState } from 'preact/hooks'
import { version } from '../../../manifest.json'
import { exportHar, importHar } from '../export/har.ts'
import { exportJson, importJson } from '../export/json.ts'
import type { Store } from '../store/store.ts'
import { Settings } from './Settings.tsx'

/** Capture controls of the inspected tab: clear, pause, keep earlier loads, caps, export and import. */
export function Toolbar({ store }: { store: Store }) {
  const [settingsOpen, setSettingsOpen] = useState(false)
  const [importError, setImportError] = useState<string | null>(null)
  const file = useRef<HTMLInputElement>(null)
  const state = store.state.value
  const live = store.imported.value === null

  const download = (name: string, text: string, type: string) => {
    const url = URL.createObjectURL(new Blob([text], { type }))
    const a = document.createElement('a')
    a.href = url
    a.download = name
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
  const stamp = () => new Date().toISOString().replace(/[:.]/g, '-')

  const onImport = async () => {
    const chosen = file.current?.files?.[0]
    if (!chosen) return
    try {
      const text = await chosen.text()
      const events = chosen.name.endsWith('.har') ? importHar(text) : importJson(text).events
      setImportError(null)
      store.showImported(chosen.name, events)
    } catch (error) {
      setImportError(`Could not import ${chosen.name}: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      file.current!.value = ''
    }
  }

  return (
    <div class="toolbar" role="toolbar" aria-label="Capture">
      <button type="button" data-action="clear" onClick={store.clear} disabled={!live}>
        Clear
      </button>
      {/* A toggle keeps one name; aria-pressed (and the banner) say whether capture is paused. */}
      <button type="button" data-action="pause" aria-pressed={store.paused.value} onClick={() => store.setPaused(!store.paused.value)} disabled={!live}>
        Pause capture
      </button>
      <label>
        <input
          type="checkbox"
          checked={state?.preserveLog ?? false}
          disabled={!state || !live}
          onChange={(e) => store.setPreserveLog(e.currentTarget.checked)}
        />
        Preserve log
      </label>
      <button type="button" data-action="settings" aria-expanded={settingsOpen} onClick={() => setSettingsOpen(!settingsOpen)}>
        Settings
      </button>
      <button
        type="button"
        data-action="export-har"
        onClick={() => download(`websockets-${stamp()}.har`, exportHar(store.allEvents(), version), 'application/json')}
      >
        Export HAR
      </button>
      <button type="button" data-action="export-json" onClick={() => download(`websockets-${stamp()}.json`, exportJson(store.allEvents()), 'application/json')}>
        Export JSON
      </button>
      <label class="import">
        Import
        <input ref={file} type="file" accept=".har,.json,application/json" aria-label="Import" onChange={onImport} />
      </label>
      {importError && (
        <span role="alert" class="error">
          {importError}
        </span>
      )}
      {settingsOpen && state && <Settings limits={state.limits} onSave={(limits) => store.setLimits(limits)} />}
    </div>
  )
}
