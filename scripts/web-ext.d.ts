// The part of web-ext's programmatic API that scripts/open-firefox.ts uses (web-ext ships no types).
declare module 'web-ext' {
  interface ExtensionRunner {
    /** Called once Firefox has closed. */
    registerCleanup(callback: () => void): void
    exit(): Promise<void>
  }
  interface RunParams {
    sourceDir: string
    firefox: string
    startUrl?: string | string[]
    args?: string[]
    noInput?: boolean
  }
  const webExt: {
    cmd: {
      /** Resolves once Firefox runs with the extension installed as a temporary add-on. */
      run(params: RunParams): Promise<ExtensionRunner>
    }
  }
  export default webExt
}
