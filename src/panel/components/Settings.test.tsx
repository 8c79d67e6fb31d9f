// @vitest-environment happy-dom
import { fireEvent, render, screen } from '@testing-library/preact'
import { describe, expect, it, vi } from 'vitest'
import { Settings } from './Settings.tsx'

describe('Settings', () => {
  it('shows the cap and saves messages and megabytes', () => {
    const onSave = vi.fn()
    render(<Settings limits={{ maxMessages: 10_000, maxPayloadBytes: 16 * 1024 * 1024 }} onSave={onSave} />)
    const messages = screen.getByLabelText('Maximum messages per tab') as HTMLInputElement
    expect(messages.value).toBe('10000')
    fireEvent.input(messages, { target: { value: '2000' } })
    fireEvent.input(screen.getByLabelText('Maximum payload megabytes per tab'), { target: { value: '4' } })
    fireEvent.submit(screen.getByRole('form', { name: 'Settings' }))
    expect(onSave).toHaveBeenCalledWith({ maxMessages: 2000, maxPayloadBytes: 4 * 1024 * 1024 })
  })
})
