// @vitest-environment happy-dom
import { fireEvent, render, screen } from '@testing-library/preact'
import { describe, expect, it } from 'vitest'
import type { TabEvent } from '../../shared/protocol/index.ts'
import { MessageDetail } from './MessageDetail.tsx'

const message = (data: string | Uint8Array | null, extra: Partial<TabEvent> = {}) =>
  ({
    kind: 'message',
    id: 'a',
    time: 0,
    direction: 'received',
    binary: typeof data !== 'string',
    size: data === null ? null : typeof data === 'string' ? data.length : data.byteLength,
    data,
    truncated: false,
    source: { kind: 'frame', frameId: 0 },
    seq: 1,
    ...extra,
  }) as TabEvent

describe('MessageDetail', () => {
  it('shows binary as a hex dump with offsets and ASCII, and as base64', () => {
    render(<MessageDetail event={message(new Uint8Array([0x48, 0x69, 0x00, 0xff]))} />)
    expect(screen.getByLabelText('Hex dump').textContent).toBe(`00000000  ${'48 69 00 ff'.padEnd(49)}  Hi..`)
    fireEvent.click(screen.getByRole('tab', { name: 'Base64' }))
    expect(document.querySelector('pre.base64')?.textContent).toBe('SGkA/w==')
    expect(screen.getByRole('button', { name: 'Copy base64' })).toBeTruthy()
  })

  it('offers a collapsible JSON tree for JSON text', () => {
    render(<MessageDetail event={message('{"user":{"name":"<b>x</b>"},"n":[1,2]}')} />)
    expect(screen.getByRole('button', { name: /\{2 keys\}/ }).getAttribute('aria-expanded')).toBe('true')
    fireEvent.click(screen.getByRole('button', { name: /user: \{1 key\}/ }))
    expect(document.querySelector('.json-string')?.textContent).toBe('"<b>x</b>"')
    expect(document.querySelector('b')).toBeNull()
    fireEvent.click(screen.getByRole('tab', { name: 'Text' }))
    expect(document.querySelector('pre.payload')?.textContent).toBe('{"user":{"name":"<b>x</b>"},"n":[1,2]}')
  })

  it('says clearly when only part of a payload was kept', () => {
    render(<MessageDetail event={message(new Uint8Array(1024), { size: 5 * 1024 * 1024, truncated: true } as Partial<TabEvent>)} />)
    expect(screen.getByRole('note').textContent).toBe('Only part of this payload was kept: the first 1.0 KiB of 5.0 MiB.')
  })

  it('explains a payload that could not be captured', () => {
    render(<MessageDetail event={message(null)} />)
    expect(document.body.textContent).toMatch(/reading it would run page code/)
  })
})
