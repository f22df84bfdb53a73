/**
 * Strict parsing of IP addresses, CIDR ranges and domain names, shared by threats, blocks and
 * API key whitelists. Addresses are held as bigints so that range checks are one comparison.
 */

/** A parsed address. IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is reported as IPv4. */
export interface ParsedIp {
  version: 4 | 6;
  value: bigint;
  /** Canonical text: dotted quad, or RFC 5952 lowercase compressed IPv6. */
  text: string;
}

export interface ParsedCidr {
  version: 4 | 6;
  network: bigint;
  prefix: number;
  text: string;
}

const IPV4_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const MAPPED_PREFIX = 0xffffn << 32n;

function parseIpv4Value(text: string): bigint | undefined {
  const parts = text.split('.');

  if (parts.length !== 4) {
    return undefined;
  }

  let value = 0n;

  for (const part of parts) {
    if (!IPV4_OCTET.test(part) || Number(part) > 255) {
      return undefined;
    }

    value = (value << 8n) | BigInt(part);
  }

  return value;
}

function parseIpv6Value(text: string): bigint | undefined {
  if (text.length > 45 || text.includes(':::')) {
    return undefined;
  }

  let groups: number[] = [];
  const halves = text.split('::');

  if (halves.length > 2) {
    return undefined;
  }

  const parseHalf = (half: string, allowIpv4Tail: boolean): number[] | undefined => {
    if (half === '') {
      return [];
    }

    const out: number[] = [];
    const pieces = half.split(':');

    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i] as string;

      if (allowIpv4Tail && i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4Value(piece);

        if (v4 === undefined) {
          return undefined;
        }

        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
        continue;
      }

      if (!HEX_GROUP.test(piece)) {
        return undefined;
      }

      out.push(parseInt(piece, 16));
    }

    return out;
  };

  if (halves.length === 2) {
    const head = parseHalf(halves[0] as string, false);
    const tail = parseHalf(halves[1] as string, true);

    // `::` stands for at least one zero group.
    if (!head || !tail || head.length + tail.length > 7) {
      return undefined;
    }

    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = parseHalf(text, true);

    if (!all || all.length !== 8) {
      return undefined;
    }

    groups = all;
  }

  let value = 0n;

  for (const group of groups) {
    value = (value << 16n) | BigInt(group);
  }

  return value;
}

/** RFC 5952 text of a 128-bit value: lowercase, longest zero run (2+ groups) compressed. */
export function formatIpv6(value: bigint): string {
  const groups: number[] = [];

  for (let shift = 112n; shift >= 0n; shift -= 16n) {
    groups.push(Number((value >> shift) & 0xffffn));
  }

  let bestStart = -1;
  let bestLength = 0;

  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }

    let j = i;

    while (j < 8 && groups[j] === 0) {
      j++;
    }

    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }

    i = j;
  }

  const hex = groups.map((group) => group.toString(16));

  if (bestLength < 2) {
    return hex.join(':');
  }

  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
}

/**
 * Parses an IPv4 or IPv6 address strictly (no leading zeros in IPv4, no zone ids, no brackets).
 *
 * @example
 * parseIp('2001:DB8::1')?.text; // '2001:db8::1'
 */
export function parseIp(input: unknown): ParsedIp | undefined {
  if (typeof input !== 'string' || input.length === 0 || input.length > 45) {
    return undefined;
  }

  if (!input.includes(':')) {
    const value = parseIpv4Value(input);
    return value === undefined ? undefined : { version: 4, value, text: formatIpv4(value) };
  }

  const value = parseIpv6Value(input);

  if (value === undefined) {
    return undefined;
  }

  // An IPv4-mapped address is the IPv4 host it wraps, for whitelists and block matching.
  if (value >> 32n === 0xffffn && (value & ~0xffffffffn) === MAPPED_PREFIX) {
    const v4 = value & 0xffffffffn;
    return { version: 4, value: v4, text: formatIpv4(v4) };
  }

  return { version: 6, value, text: formatIpv6(value) };
}

/** The canonical text of an IP, or undefined when it is not one. */
export function canonicalIp(input: unknown): string | undefined {
  return parseIp(input)?.text;
}

export interface CidrOptions {
  /** Refuse ranges broader than /8 (IPv4) and /32 (IPv6), as blocks do. */
  limitBreadth?: boolean;
}

/** A parsed CIDR, or the reason it is refused (a sentence for an error detail). */
export function parseCidr(input: unknown, options: CidrOptions = {}): ParsedCidr | string {
  if (typeof input !== 'string') {
    return 'Must be a CIDR range such as 198.51.100.0/24';
  }

  const slash = input.indexOf('/');

  if (slash < 0) {
    return 'Must be a CIDR range such as 198.51.100.0/24 (missing /prefix)';
  }

  const addressText = input.slice(0, slash);
  const address = parseIp(addressText);
  const prefixText = input.slice(slash + 1);

  if (!address) {
    return 'Invalid network address in CIDR range';
  }

  // A mapped address would silently change the prefix's meaning (bits of 128 versus 32).
  if (address.version === 4 && addressText.includes(':')) {
    return 'Use the IPv4 form for an IPv4 range, not an IPv4-mapped IPv6 address';
  }

  const bits = address.version === 4 ? 32 : 128;

  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText) || Number(prefixText) > bits) {
    return `Invalid prefix length: must be 0..${bits}`;
  }

  const prefix = Number(prefixText);
  const minimum = address.version === 4 ? 8 : 32;

  if (options.limitBreadth && prefix < minimum) {
    return `Prefix /${prefix} is too broad: the broadest range accepted is /${minimum}`;
  }

  const hostBits = BigInt(bits - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const network = address.value & ~hostMask;

  if ((address.value & hostMask) !== 0n) {
    const suggestion = `${address.version === 4 ? formatIpv4(network) : formatIpv6(network)}/${prefix}`;
    return `Host bits are set in ${input}; the network address is ${suggestion}`;
  }

  return { version: address.version, network, prefix, text: `${address.text}/${prefix}` };
}

export function cidrContains(cidr: ParsedCidr, ip: ParsedIp): boolean {
  if (cidr.version !== ip.version) {
    return false;
  }

  const bits = cidr.version === 4 ? 32n : 128n;
  const hostBits = bits - BigInt(cidr.prefix);
  return ip.value >> hostBits === cidr.network >> hostBits;
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const TLD = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * A domain name per RFC 1123 with at least two labels and an alphabetic (or IDNA) TLD, in
 * lowercase without a trailing dot; or undefined.
 */
export function canonicalDomain(input: unknown): string | undefined {
  if (typeof input !== 'string') {
    return undefined;
  }

  const name = input.toLowerCase().replace(/\.$/, '');

  if (name.length === 0 || name.length > 253) {
    return undefined;
  }

  const labels = name.split('.');

  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) {
    return undefined;
  }

  return TLD.test(labels[labels.length - 1] as string) ? name : undefined;
}

/** Whether an IPv4 value falls in a private, loopback, link-local, CGNAT or reserved range. */
export function isNonPublicIpv4(value: bigint): boolean {
  const a = Number(value >> 24n);
  const b = Number((value >> 16n) & 0xffn);
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    a >= 224 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168)
  );
}
