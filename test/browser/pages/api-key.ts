// A page that holds a long-lived API key: the SDK refuses it unless the page opts in with
// `dangerouslyAllowBrowser`, since anyone who opens the page can read the key.
import { CyberFortress, CyberFortressError } from '../../../src/index.js';
import { pageError, type ApiKeyResults } from './results.js';

const results: ApiKeyResults = { done: false };
window.__results = results;

async function main(): Promise<void> {
  const { apiOrigin, apiKey } = window.__config;
  const baseURL = `${apiOrigin}/v1`;
  try {
    new CyberFortress({ apiKey, baseURL });
  } catch (error) {
    results.refused = {
      ...pageError(error),
      isCyberFortressError: error instanceof CyberFortressError,
    };
  }

  const optedIn = new CyberFortress({ apiKey, baseURL, dangerouslyAllowBrowser: true });
  results.allowedListed = (await optedIn.threats.list({ limit: 2 })).data.length;
}

main()
  .catch((error: unknown) => {
    results.error = pageError(error);
  })
  .finally(() => {
    results.done = true;
  });
