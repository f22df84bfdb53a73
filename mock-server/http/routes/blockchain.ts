/** Routes of the blockchain resource: wallets, contracts, DeFi pools and NFTs. */

import { noQuery } from '../query.js';
import type { RouteDefinition } from '../types.js';
import { contractAnalyzeBody, defiMonitorBody, nftVerifyBody, walletScanBody } from './schemas.js';

export const blockchainRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/blockchain/wallet/scan',
    operationId: 'scanWallet',
    scope: 'blockchain:read',
    body: walletScanBody,
    handle({ query, body, backend }) {
      noQuery(query);
      return { status: 200, body: backend.blockchain.scanWallet(body) };
    },
  },
  {
    method: 'POST',
    path: '/blockchain/contract/analyze',
    operationId: 'analyzeContract',
    scope: 'blockchain:read',
    body: contractAnalyzeBody,
    handle({ query, body, backend }) {
      noQuery(query);
      return { status: 200, body: backend.blockchain.analyzeContract(body) };
    },
  },
  {
    method: 'POST',
    path: '/blockchain/defi/monitor',
    operationId: 'monitorDefiPool',
    scope: 'blockchain:write',
    body: defiMonitorBody,
    handle({ query, body, backend }) {
      noQuery(query);
      return { status: 201, body: backend.blockchain.monitorDefi(body) };
    },
  },
  {
    method: 'POST',
    path: '/blockchain/nft/verify',
    operationId: 'verifyNft',
    scope: 'blockchain:read',
    body: nftVerifyBody,
    handle({ query, body, backend }) {
      noQuery(query);
      return { status: 200, body: backend.blockchain.verifyNft(body) };
    },
  },
];
