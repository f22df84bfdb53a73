/**
 * The bytes behind evidence items: a memory dump with a readable header, a real pcap capture of
 * the threat's connections and a JSON process tree. Each is a few KiB, made from a generator
 * seeded by the evidence id, so the same id always yields the same bytes (and hash).
 */

import { parseIp } from './ip.js';
import { Random } from './random.js';
import type { ThreatDetail } from './wire.js';

const encoder = new TextEncoder();

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
  let offset = 0;

  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }

  return out;
}

/**
 * A memory dump: a text header naming the process, then pseudo-random pages.
 *
 * @example
 * memoryDump(random, { processName: 'suspicious.exe', pid: 4532, threatId: null, collectedAt: '2025-01-15T15:00:00Z' });
 */
export function memoryDump(
  random: Random,
  info: {
    processName: string;
    pid: number;
    threatId: string | null;
    collectedAt: string;
    hostname?: string;
  },
): Uint8Array {
  const header = [
    'CFDUMP/1.0',
    `process: ${info.processName}`,
    `pid: ${info.pid}`,
    `threat_id: ${info.threatId ?? 'none'}`,
    `hostname: ${info.hostname ?? 'unknown'}`,
    `collected_at: ${info.collectedAt}`,
    '',
    '',
  ].join('\n');
  return concat([encoder.encode(header), random.bytes(random.int(2, 6) * 1024)]);
}

function u32le(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, true);
  return out;
}

function addressBytes(text: string, fallback: Random): { version: 4 | 6; bytes: Uint8Array } {
  const ip = parseIp(text);

  if (!ip) {
    return { version: 4, bytes: fallback.bytes(4) };
  }

  const length = ip.version === 4 ? 4 : 16;
  const bytes = new Uint8Array(length);

  for (let i = 0; i < length; i++) {
    bytes[i] = Number((ip.value >> BigInt((length - 1 - i) * 8)) & 0xffn);
  }

  return { version: ip.version, bytes };
}

/** A pcap file (link type RAW) with a handful of packets between a local host and the threat. */
export function networkCapture(
  random: Random,
  threat: ThreatDetail | undefined,
  detectedMs: number,
): Uint8Array {
  // Global header: magic, version 2.4, zone 0, sigfigs 0, snaplen 65535, link type 101 (raw IP).
  const global = concat([
    u32le(0xa1b2c3d4),
    new Uint8Array([2, 0, 4, 0]),
    u32le(0),
    u32le(0),
    u32le(65_535),
    u32le(101),
  ]);
  const connection = threat?.full_analysis.network_analysis.connections[0];
  const remote = addressBytes(threat?.ip_address ?? '203.0.113.1', random);
  const local =
    remote.version === 4
      ? new Uint8Array([10, 0, random.int(0, 20), random.int(2, 254)])
      : concat([new Uint8Array([0xfd, 0, 0, 0, 0, 0, 0, 0]), random.bytes(8)]);
  const packets: Uint8Array[] = [global];
  const count = random.int(8, 24);
  let seconds = Math.floor(detectedMs / 1000) - 30;

  for (let i = 0; i < count; i++) {
    const outbound = connection ? connection.direction === 'OUTBOUND' : random.chance(0.5);
    const [source, target] =
      outbound === (i % 2 === 0) ? [local, remote.bytes] : [remote.bytes, local];
    const payload = random.bytes(random.int(40, 300));
    const tcp = new Uint8Array(20);
    const ports = new DataView(tcp.buffer);
    ports.setUint16(0, connection?.local_port ?? 51_000);
    ports.setUint16(2, connection?.remote_port ?? 443);
    tcp[12] = 0x50;
    tcp[13] = 0x18;
    let ipHeader: Uint8Array;

    if (remote.version === 4) {
      ipHeader = new Uint8Array(20);
      const view = new DataView(ipHeader.buffer);
      ipHeader[0] = 0x45;
      view.setUint16(2, 20 + 20 + payload.byteLength);
      ipHeader[8] = 64;
      ipHeader[9] = 6;
      ipHeader.set(source, 12);
      ipHeader.set(target, 16);
    } else {
      ipHeader = new Uint8Array(40);
      const view = new DataView(ipHeader.buffer);
      ipHeader[0] = 0x60;
      view.setUint16(4, 20 + payload.byteLength);
      ipHeader[6] = 6;
      ipHeader[7] = 64;
      ipHeader.set(source, 8);
      ipHeader.set(target, 24);
    }

    const frame = concat([ipHeader, tcp, payload]);
    seconds += random.int(0, 3);
    packets.push(
      u32le(seconds),
      u32le(random.int(0, 999_999)),
      u32le(frame.byteLength),
      u32le(frame.byteLength),
      frame,
    );
  }

  return concat(packets);
}

/** A process tree as JSON: the threat's process under a plausible parent chain. */
export function processTree(
  random: Random,
  threat: ThreatDetail | undefined,
  collectedAt: string,
): Uint8Array {
  const process = threat?.process_behavior;
  const windows = process?.process_name.toLowerCase().endsWith('.exe') ?? true;
  const chain = windows ? ['System', 'wininit.exe', 'services.exe'] : ['systemd', 'sshd', 'bash'];
  const children = Array.from({ length: random.int(0, 4) }, () => ({
    pid: random.int(1000, 60_000),
    name: random.pick(
      windows
        ? ['conhost.exe', 'cmd.exe', 'whoami.exe', 'net.exe']
        : ['sh', 'curl', 'base64', 'crontab'],
    ),
    command_line: random.pick([
      '-enc SQBFAFgA',
      '--silent -o /tmp/.x',
      '/c whoami /all',
      '-c "id; uname -a"',
    ]),
    children: [],
  }));
  let node: Record<string, unknown> = {
    pid: process?.process_id ?? random.int(1000, 60_000),
    name: process?.process_name ?? 'unknown',
    command_line:
      `${process?.process_name ?? 'unknown'} ${random.pick(['-k netsvcs', '--daemon', '-w hidden', ''])}`.trim(),
    anomaly_score: process?.anomaly_score ?? null,
    // Loaded modules make the tree the size real collectors produce (a few KiB).
    modules: Array.from({ length: random.int(30, 70) }, () =>
      windows
        ? `C:\\Windows\\System32\\${random.pick(['ntdll', 'kernel32', 'ws2_32', 'crypt32', 'wininet', 'advapi32'])}_${random.hex(6)}.dll`
        : `/usr/lib/x86_64-linux-gnu/${random.pick(['libc', 'libssl', 'libcrypto', 'libz', 'libpthread'])}-${random.hex(6)}.so`,
    ),
    children,
  };

  for (let i = chain.length - 1; i >= 0; i--) {
    node = {
      pid: i === 0 ? (windows ? 4 : 1) : random.int(300, 2000),
      name: chain[i],
      children: [node],
    };
  }

  const document = {
    format: 'cyberfortress.process-tree/1',
    threat_id: threat?.id ?? null,
    collected_at: collectedAt,
    root: node,
  };
  return encoder.encode(`${JSON.stringify(document, null, 2)}\n`);
}
