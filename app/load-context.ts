declare module '@remix-run/node' {
  interface AppLoadContext {
    cspNonce: string
    csrfToken: string
    clientIp: string
  }
}

export {}
