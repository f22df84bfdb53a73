/**
 * The blockchain resource: wallets, smart contracts, DeFi pools and NFTs, each a sub-resource
 * (`client.blockchain.wallet.scan(...)`), made on first use.
 *
 * @see https://docs.cyberfortress.io/api/blockchain
 * @module
 */

import type { APIPromise } from '../core/api-promise.js';
import type { RequestOptions } from '../core/transport.js';
import {
  rAnalyzeContractResponse,
  rMonitorDefiPoolResponse,
  rScanWalletResponse,
  rVerifyNftResponse,
} from '../generated/shapes.gen.js';
import type {
  ContractAnalysis,
  ContractAnalyzeParams,
  DefiMonitor,
  DefiMonitorParams,
  NftVerification,
  NftVerifyParams,
  WalletScan,
  WalletScanParams,
} from '../types.js';
import { APIResource } from './resource.js';

/**
 * Wallet risk scans.
 *
 * @example
 * const scan = await client.blockchain.wallet.scan({ chain: 'ethereum', address: '0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb4' });
 * @see https://docs.cyberfortress.io/api/blockchain#wallet
 * @category Http
 */
export class Wallet extends APIResource {
  /**
   * Scores a wallet address: flags, mixer and scam interactions, checksum validity.
   *
   * @example
   * const { riskScore, riskLevel, flags } = await client.blockchain.wallet.scan({
   *   chain: 'ethereum',
   *   address: '0x742d35Cc6634C0532925a3b844Bc9e7595f0bEb4',
   *   deepScan: true,
   * });
   * @see https://docs.cyberfortress.io/api/blockchain#wallet-scan
   */
  scan(params: WalletScanParams, options?: RequestOptions): APIPromise<WalletScan> {
    return this.transport.request<WalletScan>(
      {
        method: 'POST',
        path: '/blockchain/wallet/scan',
        body: params,
        response: rScanWalletResponse,
      },
      options,
    );
  }
}

/**
 * Smart contract analysis.
 *
 * @example
 * await client.blockchain.contract.analyze({ chain: 'ethereum', address: '0x1f9840a85d5aF5bf1D1762F925BDADdC4201F984' });
 * @see https://docs.cyberfortress.io/api/blockchain#contract
 * @category Http
 */
export class Contract extends APIResource {
  /**
   * Looks for vulnerabilities and rug-pull indicators, and optionally simulates a call.
   *
   * @example
   * const analysis = await client.blockchain.contract.analyze({
   *   chain: 'ethereum',
   *   address: '0x1f9840a85d5aF5bf1D1762F925BDADdC4201F984',
   *   simulateTransaction: { function: 'swap', params: ['1000000000000000000'], value: '0' },
   * });
   * console.log(analysis.contractSafetyScore);
   * @see https://docs.cyberfortress.io/api/blockchain#contract-analyze
   */
  analyze(params: ContractAnalyzeParams, options?: RequestOptions): APIPromise<ContractAnalysis> {
    return this.transport.request<ContractAnalysis>(
      {
        method: 'POST',
        path: '/blockchain/contract/analyze',
        body: params,
        response: rAnalyzeContractResponse,
      },
      options,
    );
  }
}

/**
 * DeFi pool monitoring.
 *
 * @example
 * await client.blockchain.defi.monitor({ chain: 'ethereum', protocol: 'uniswap_v3', poolAddress: '0x8ad599c3A0ff1De082011EFDDc58f1908eb6e6D8' });
 * @see https://docs.cyberfortress.io/api/blockchain#defi
 * @category Http
 */
export class Defi extends APIResource {
  /**
   * Starts monitoring a liquidity pool for large swaps, liquidity changes and price impact.
   *
   * @example
   * const monitor = await client.blockchain.defi.monitor({
   *   chain: 'ethereum',
   *   protocol: 'uniswap_v3',
   *   poolAddress: '0x8ad599c3A0ff1De082011EFDDc58f1908eb6e6D8',
   *   alerts: { largeSwaps: true, liquidityChanges: true, priceImpact: 5 },
   * });
   * console.log(monitor.monitorId);
   * @see https://docs.cyberfortress.io/api/blockchain#defi-monitor
   */
  monitor(params: DefiMonitorParams, options?: RequestOptions): APIPromise<DefiMonitor> {
    return this.transport.request<DefiMonitor>(
      {
        method: 'POST',
        path: '/blockchain/defi/monitor',
        body: params,
        response: rMonitorDefiPoolResponse,
      },
      options,
    );
  }
}

/**
 * NFT authenticity checks.
 *
 * @example
 * await client.blockchain.nft.verify({ chain: 'ethereum', contract: '0xBC4CA0EdA7647A8aB7C2061c2E118A18a936f13D', tokenId: '1234' });
 * @see https://docs.cyberfortress.io/api/blockchain#nft
 * @category Http
 */
export class Nft extends APIResource {
  /**
   * Checks an NFT's authenticity, metadata and ownership.
   *
   * @example
   * const { authentic, flags } = await client.blockchain.nft.verify({
   *   chain: 'ethereum',
   *   contract: '0xBC4CA0EdA7647A8aB7C2061c2E118A18a936f13D',
   *   tokenId: '1234',
   * });
   * @see https://docs.cyberfortress.io/api/blockchain#nft-verify
   */
  verify(params: NftVerifyParams, options?: RequestOptions): APIPromise<NftVerification> {
    return this.transport.request<NftVerification>(
      {
        method: 'POST',
        path: '/blockchain/nft/verify',
        body: params,
        response: rVerifyNftResponse,
      },
      options,
    );
  }
}

/**
 * Blockchain security: `wallet`, `contract`, `defi` and `nft`.
 *
 * @example
 * const scan = await client.blockchain.wallet.scan({ chain: 'bitcoin', address: '1BoatSLRHtKNngkdXEeobR76b53LETtpyT' });
 * @see https://docs.cyberfortress.io/api/blockchain
 * @category Http
 */
export class Blockchain extends APIResource {
  #wallet: Wallet | undefined;
  #contract: Contract | undefined;
  #defi: Defi | undefined;
  #nft: Nft | undefined;

  /** Wallet risk scans. */
  get wallet(): Wallet {
    return (this.#wallet ??= new Wallet(this.transport));
  }

  /** Smart contract analysis. */
  get contract(): Contract {
    return (this.#contract ??= new Contract(this.transport));
  }

  /** DeFi pool monitoring. */
  get defi(): Defi {
    return (this.#defi ??= new Defi(this.transport));
  }

  /** NFT authenticity checks. */
  get nft(): Nft {
    return (this.#nft ??= new Nft(this.transport));
  }
}
