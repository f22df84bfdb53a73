/**
 * The threat stream of the mock: `/v1/threats` over WebSocket, as `openapi/asyncapi.yaml`
 * describes it.
 */

export {
  createStreamTransport,
  STREAM_PATH,
  type StreamStats,
  type StreamTransport,
  type StreamTransportOptions,
} from './transport.js';
export type { SimulatorOptions } from './simulator.js';
export {
  CHANNELS,
  CHANNEL_SCOPES,
  CLOSE,
  type StreamChannel,
  type StreamFilters,
} from './protocol.js';
