/**
 * The REST route table: one definition per operation of the spec, in the spec's resource order.
 */

import type { RouteDefinition } from '../types.js';
import { apiKeyRoutes } from './api-keys.js';
import { blockchainRoutes } from './blockchain.js';
import { evidenceRoutes } from './evidence.js';
import { monitoringRoutes } from './monitoring.js';
import { networkRoutes } from './network.js';
import { oauthRoutes } from './oauth.js';
import { processRoutes } from './processes.js';
import { threatRoutes } from './threats.js';
import { webhookRoutes } from './webhooks.js';

/** Every REST operation the mock serves under `/v1`. */
export const routes: RouteDefinition[] = [
  ...oauthRoutes,
  ...apiKeyRoutes,
  ...threatRoutes,
  ...monitoringRoutes,
  ...evidenceRoutes,
  ...networkRoutes,
  ...processRoutes,
  ...blockchainRoutes,
  ...webhookRoutes,
];
