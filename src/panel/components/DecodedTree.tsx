import { useMemo, useState } from 'preact/hooks'
import type { DecodedNode } from '../decoders/index.ts'

/**
 * A decoded payload, rendered as text only (never as markup): preformatted text, or a collapsible tree
 * whose branches make their children only when opened, so huge documents stay cheap.
 */
export function DecodedTree({ node, open = true }: { node: DecodedNode; open?: boolean }) {
  switch (node.kind) {
    case 'text': {
      const style = node.style ? `payload ${node.style}` : 'payload'
      return node.label ? (
        <pre class={style} role="figure" aria-label={node.label}>
          {node.text}
        </pre>
      ) : (
        <pre class={style}>{node.text}</pre>
      )
    }
    case 'error':
      return <p class="notice">{node.message}</p>
    case 'leaf':
      return (
        <div class="json-leaf">
          <Name name={node.name} />
          <span class={`json-${node.type}`}>{node.text}</span>
        </div>
      )
    case 'branch':
      return <Branch node={node} open={open} />
  }
}

function Branch({ node, open }: { node: Extract<DecodedNode, { kind: 'branch' }>; open: boolean }) {
  const [expanded, setExpanded] = useState(open)
  const children = useMemo(() => (expanded ? node.children() : []), [node, expanded])
  return (
    <div class="json-node">
      <button type="button" class="json-toggle" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
        {expanded ? '▾' : '▸'} <Name name={node.name} />
        {node.summary}
      </button>
      {expanded && (
        <div class="json-children">
          {children.map((child, i) => (
            <DecodedTree key={'name' in child && child.name !== undefined ? child.name : i} node={child} open={false} />
          ))}
        </div>
      )}
    </div>
  )
}

function Name({ name }: { name: string | undefined }) {
  return name === undefined ? null : <span class="json-key">{name}: </span>
}
