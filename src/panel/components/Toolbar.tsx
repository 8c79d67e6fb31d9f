import { useState } from 'preact/hooks'
import type { Store } from '../store/store.ts'
import { Settings } from './Settings.tsx'

/** Capture options of the inspected tab: keep earlier page loads, and the per-tab cap. */
export function Toolbar({ store }: { store: Store }) {
  const [settingsOpen, setSettingsOpen] = useState(false)
  const state = store.state.value
  return (
    <div class="toolbar" role="toolbar" aria-label="Capture">
      <label>
        <input
          type="checkbox"
          checked={state?.preserveLog ?? false}
          disabled={!state}
          onChange={(e) => store.setPreserveLog(e.currentTarget.checked)}
        />
        Preserve log
      </label>
      <button type="button" aria-expanded={settingsOpen} onClick={() => setSettingsOpen(!settingsOpen)}>
        Settings
      </button>
      {settingsOpen && state && <Settings limits={state.limits} onSave={(limits) => store.setLimits(limits)} />}
    </div>
  )
}
