// @vitest-environment happy-dom
import { fireEvent, render, screen } from '@testing-library/preact'
import { describe, expect, it, vi } from 'vitest'
import type { DecodedNode } from '../decoders/index.ts'
import { DecodedTree } from './DecodedTree.tsx'

describe('DecodedTree', () => {
  it('opens the root, and makes and shows children only when a branch is opened', () => {
    const grandchildren = vi.fn((): DecodedNode[] => [{ kind: 'leaf', name: 'deep', text: '1', type: 'number' }])
    const tree: DecodedNode = {
      kind: 'branch',
      summary: '{1 key}',
      children: () => [{ kind: 'branch', name: 'inner', summary: '{1 key}', children: grandchildren }],
    }
    const { container } = render(<DecodedTree node={tree} />)
    expect(screen.getByRole('button', { name: '▾ {1 key}' }).getAttribute('aria-expanded')).toBe('true')
    const inner = screen.getByRole('button', { name: '▸ inner: {1 key}' })
    expect(grandchildren).not.toHaveBeenCalled()
    fireEvent.click(inner)
    expect(container.querySelector('.json-leaf')!.textContent).toBe('deep: 1')
    expect(container.querySelector('.json-number')!.textContent).toBe('1')
    fireEvent.click(inner)
    expect(container.querySelector('.json-leaf')).toBeNull()
  })

  it('renders markup in values, names and text as text', () => {
    const tree: DecodedNode = {
      kind: 'branch',
      summary: '<i>s</i>',
      children: () => [
        { kind: 'leaf', name: '<b>k</b>', text: '"<img src=x onerror=alert(1)>"', type: 'string' },
        { kind: 'text', text: '<script>alert(2)</script>' },
        { kind: 'error', message: '<u>bad</u>' },
      ],
    }
    const { container } = render(<DecodedTree node={tree} />)
    expect(container.querySelector('img, b, i, u, script')).toBeNull()
    expect(container.textContent).toBe('▾ <i>s</i><b>k</b>: "<img src=x onerror=alert(1)>"<script>alert(2)</script><u>bad</u>')
  })

  it('names preformatted text when the decoder labels it', () => {
    render(<DecodedTree node={{ kind: 'text', text: '00000000  de ad', style: 'hexdump', label: 'Hex dump' }} />)
    const dump = screen.getByRole('figure', { name: 'Hex dump' })
    expect(dump.className).toBe('payload hexdump')
    expect(dump.textContent).toBe('00000000  de ad')
  })
})
