/**
 * Whether our content scripts run at document_start, before any script of the page: the document is still
 * being parsed and its root element is still empty, or it is a new about:blank document (Firefox runs
 * document_start scripts there once its head and body exist, readyState already "complete").
 *
 * Not so when Firefox injects the content scripts into the documents already open as the add-on starts
 * (installed, enabled, updated or reloaded). By then the page's scripts have run: a `message` listener of
 * theirs would see our handshake and its MessagePort before the relay does (and could stop it and hand the
 * relay a port of its own, whose forged events would reach the panel), and the built-ins we would keep as
 * pristine may be the page's. Both scripts then stay out of that document, as in Chrome, which never
 * injects into open documents: it is captured from its next load. (A blank frame open at that moment
 * cannot be told from a new one, and still gets them.)
 */
export function atDocumentStart(): boolean {
  if (document.readyState === 'loading') return document.documentElement === null || document.documentElement.firstChild === null
  return /^about:blank(?:[?#]|$)/.test(document.URL)
}
