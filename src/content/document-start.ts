/**
 * Whether our content scripts run at document_start, before any script of the page: the document is still
 * being parsed and holds no element but its root (a script of the page would be one, or would come after
 * the head element a parser inserts first), or it is a new about:blank document (Firefox runs
 * document_start scripts there once its head and body exist, readyState already "complete").
 *
 * Not so when Firefox injects the content scripts into the documents already open as the add-on starts
 * (installed, enabled, updated or reloaded). By then the page's scripts have run: one could give the
 * relay a secret and a port of its own before our page script does (channel.ts), and its forged events
 * would reach the panel; and the built-ins we would keep as pristine may be the page's. Both scripts then
 * stay out of that document, as in Chrome, which never injects into open documents: it is captured from
 * its next load. (A blank frame open at that moment cannot be told from a new one, and still gets them.)
 */
export function atDocumentStart(): boolean {
  // Counting elements, not reading the root's children: the first element a world touches costs it the
  // setup of every element interface (~0.25 ms), which the relay's world otherwise never needs.
  if (document.readyState === 'loading') return document.getElementsByTagName('*').length <= 1
  return /^about:blank(?:[?#]|$)/.test(document.URL)
}
