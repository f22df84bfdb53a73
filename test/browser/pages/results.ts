// What the test pages leave on `window.__results` for the test to read.

/** An error as the page saw it. */
export interface PageError {
  name: string;
  message: string;
}

/** The dashboard page: a short-lived OAuth token from its backend, then REST and the stream. */
export interface DashboardResults {
  done: boolean;
  pageOrigin: string;
  apiOrigin?: string;
  /** The first characters of the token the backend handed over (never the whole token). */
  tokenPrefix?: string;
  threats?: { id: string; ipAddress: string; threatScore: number }[];
  detail?: {
    id: string;
    requestId: string | undefined;
    rateLimitRemaining: number | undefined;
  };
  /** The first threat again, read through `client.graphql.request`. */
  graphqlThreat?: { id: string; ipAddress: string; threatLevel: string };
  /** True once `client.stream.connect()` resolved: the test then injects a threat. */
  streamOpen?: boolean;
  streamThreat?: { id: string; threatScore: number; country: string };
  /** The same threat, as the page's GraphQL subscription (`threatDetected(severity: [CRITICAL])`) received it. */
  subscriptionThreat?: { id: string; threatScore: number; threatLevel: string };
  /** A header outside the mock's allowed list: the browser's own CORS check must refuse it. */
  disallowedHeader?: PageError | 'sent';
  error?: PageError;
}

/** The page that tries a long-lived API key. */
export interface ApiKeyResults {
  done: boolean;
  refused?: PageError & { isCyberFortressError: boolean };
  /** With `dangerouslyAllowBrowser: true` the same key works: how many threats it listed. */
  allowedListed?: number;
  error?: PageError;
}

declare global {
  interface Window {
    __results?: DashboardResults | ApiKeyResults;
    /** Settings the test server writes into the page. */
    __config: { apiOrigin: string; apiKey?: string };
  }
}

/** An error as plain data, for the test to read through `page.evaluate`. */
export function pageError(error: unknown): PageError {
  return error instanceof Error
    ? { name: error.constructor.name, message: error.message }
    : { name: typeof error, message: String(error) };
}
