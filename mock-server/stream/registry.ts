/**
 * Finds the stream transport serving a mock's state, for the control API's
 * `POST /__mock/stream/drop`, which only sees the state.
 */

import type { MockState } from '../http/state.js';

interface Droppable {
  dropConnections(options?: { clean?: boolean }): number;
}

const streams = new WeakMap<MockState, Droppable>();

/** @internal called when a stream transport attaches to a port of this state's mock. */
export function registerStream(state: MockState, stream: Droppable): void {
  streams.set(state, stream);
}

/**
 * Ends every stream connection of the mock (see `StreamTransport.dropConnections`).
 * @returns how many were ended; 0 when the mock serves no stream
 */
export function dropStreamConnections(state: MockState, clean: boolean): number {
  return streams.get(state)?.dropConnections({ clean }) ?? 0;
}
