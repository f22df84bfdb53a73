/**
 * The evidence resource: metadata with its chain of custody, and the content itself.
 *
 * @see https://docs.cyberfortress.io/api/evidence
 * @module
 */

import type { APIPromise } from '../core/api-promise.js';
import type { RequestOptions } from '../core/transport.js';
import { rGetEvidenceResponse } from '../generated/shapes.gen.js';
import type { Evidence } from '../types.js';
import { APIResource } from './resource.js';

/**
 * Evidence collected for threats: memory dumps, network captures, process trees. (Named with a
 * suffix because `Evidence` is the type of the metadata it returns.)
 *
 * @example
 * const meta = await client.evidence.get('evidence_m3m0ry4dump1');
 * const bytes = await client.evidence.download(meta.id);
 * @see https://docs.cyberfortress.io/api/evidence
 * @category Http
 */
export class EvidenceResource extends APIResource {
  /**
   * Reads evidence metadata: hash, size, chain of custody and a download URL. Each read adds an
   * `Accessed` entry to the chain of custody.
   *
   * @example
   * const { hash, sizeBytes, chainOfCustody } = await client.evidence.get('evidence_m3m0ry4dump1');
   * @see https://docs.cyberfortress.io/api/evidence#get
   */
  get(evidenceId: string, options?: RequestOptions): APIPromise<Evidence> {
    return this.transport.request<Evidence>(
      {
        method: 'GET',
        path: '/evidence/{evidence_id}',
        params: { evidence_id: evidenceId },
        response: rGetEvidenceResponse,
      },
      options,
    );
  }

  /**
   * Downloads the evidence content as bytes; its SHA-256 matches the metadata's `hash`. Each
   * download adds a `Downloaded` entry to the chain of custody.
   *
   * @example
   * const bytes = await client.evidence.download('evidence_m3m0ry4dump1');
   * await writeFile('dump.bin', bytes);
   * @see https://docs.cyberfortress.io/api/evidence#download
   */
  download(evidenceId: string, options?: RequestOptions): APIPromise<Uint8Array> {
    return this.transport.request<Uint8Array>(
      {
        method: 'GET',
        path: '/evidence/{evidence_id}/content',
        params: { evidence_id: evidenceId },
        binary: true,
      },
      options,
    );
  }
}
