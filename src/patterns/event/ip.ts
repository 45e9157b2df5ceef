/**
 * IP addresses and CIDR blocks for the `cidr` operator and for exact matches on IP literals. Addresses are parsed
 * into bytes without allocating (into a caller's buffer), because this runs once per candidate event value.
 */

export type IpVersion = 4 | 6;

/** A parsed CIDR block: the network bytes (host bits cleared) and the prefix length. */
export interface Cidr {
  readonly version: IpVersion;
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

const COLON = 0x3a;
const DOT = 0x2e;

/** Longest textual address we accept (IPv6 with an embedded IPv4 tail); longer strings are rejected at once. */
const MAX_ADDRESS_LENGTH = 45;

/**
 * Parses an IPv4 (dotted decimal) or IPv6 (RFC 4291 text, optional `::` and IPv4 tail) address into `out` (16
 * bytes). Returns 4 or 6, or 0 when `text` is not an address. IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) count
 * as IPv4, as Java's InetAddress (used by event-ruler) treats them. Zone ids (`%eth0`) are not addresses here.
 */
export function parseIp(text: string, out: Uint8Array): 0 | IpVersion {
  const length = text.length;
  if (length < 2 || length > MAX_ADDRESS_LENGTH) return 0;
  if (text.indexOf(':') < 0) return parseIpv4(text, 0, length, out, 0) ? 4 : 0;
  if (!parseIpv6(text, out)) return 0;
  if (isV4Mapped(out)) {
    out.copyWithin(0, 12, 16);
    return 4;
  }
  return 6;
}

function parseIpv4(text: string, start: number, end: number, out: Uint8Array, offset: number): boolean {
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      digits++;
      if (digits > 3 || value > 255) return false;
    } else if (c === DOT) {
      if (digits === 0 || part === 3) return false;
      out[offset + part] = value;
      part++;
      value = 0;
      digits = 0;
    } else {
      return false;
    }
  }
  if (digits === 0 || part !== 3) return false;
  out[offset + 3] = value;
  return true;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function parseIpv6(text: string, out: Uint8Array): boolean {
  const length = text.length;
  let i = 0;
  let group = 0;
  let gap = -1; // group index where `::` stands
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return false;
    gap = 0;
    i = 2;
  }
  while (i < length) {
    if (group >= 8) return false;
    let j = i;
    let value = 0;
    while (j < length && j - i < 5) {
      const h = hexValue(text.charCodeAt(j));
      if (h < 0) break;
      value = value * 16 + h;
      j++;
    }
    const digits = j - i;
    if (digits === 0 || (digits > 4 && text.charCodeAt(j) !== DOT)) return false;
    if (j < length && text.charCodeAt(j) === DOT) {
      // An embedded IPv4 address takes the last two groups.
      if (group > 6 || !parseIpv4(text, i, length, out, group * 2)) return false;
      group += 2;
      break;
    }
    out[group * 2] = value >> 8;
    out[group * 2 + 1] = value & 0xff;
    group++;
    if (j === length) break;
    if (text.charCodeAt(j) !== COLON) return false;
    if (text.charCodeAt(j + 1) === COLON) {
      if (gap >= 0) return false;
      gap = group;
      i = j + 2;
    } else {
      i = j + 1;
      if (i === length) return false; // a single trailing colon
    }
  }
  if (gap < 0) return group === 8;
  if (group >= 8) return false; // `::` must stand for at least one group
  const tail = group - gap;
  out.copyWithin(16 - tail * 2, gap * 2, group * 2);
  out.fill(0, gap * 2, 16 - tail * 2);
  return true;
}

function isV4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/**
 * Parses `address/bits` with event-ruler's rules and messages. Host bits are cleared (event-ruler#89: a block is
 * its network, so 10.0.0.7/24 covers 10.0.0.0-255). event-ruler rejects /32 (IPv4) and /128 (IPv6); a single
 * address is written as an exact string instead. Throws an Error whose message is the reason.
 */
export function parseCidr(text: string): Cidr {
  const slash = text.indexOf('/');
  if (slash < 0 || slash !== text.lastIndexOf('/') || slash === text.length - 1) {
    throw new Error("Malformed CIDR, one '/' required");
  }
  const address = text.slice(0, slash);
  const bitsText = text.slice(slash + 1);
  if (!/^[+-]?[0-9]{1,9}$/.test(bitsText)) throw new Error('Malformed CIDR, mask bits must be an integer');
  const prefix = Number(bitsText);
  if (prefix < 0) throw new Error('Malformed CIDR, mask bits must not be negative');
  const bytes = new Uint8Array(16);
  const version = parseIp(address, bytes);
  if (version === 0) throw new Error(`Nonstandard IP address: ${address}`);
  if (version === 4 && prefix > 31) throw new Error('IPv4 mask bits must be < 32');
  if (version === 6 && prefix > 127) throw new Error('IPv6 mask bits must be < 128');
  const size = version === 4 ? 4 : 16;
  for (let i = 0; i < size; i++) {
    const keep = Math.min(8, Math.max(0, prefix - i * 8));
    bytes[i] = (bytes[i] ?? 0) & (0xff << (8 - keep)) & 0xff;
  }
  bytes.fill(0, size);
  return { version, bytes, prefix };
}

/** True when `address` (already parsed, `version` from parseIp) lies inside `cidr`. */
export function cidrContains(cidr: Cidr, version: 0 | IpVersion, address: Uint8Array): boolean {
  if (version !== cidr.version) return false;
  const whole = cidr.prefix >> 3;
  for (let i = 0; i < whole; i++) if (address[i] !== cidr.bytes[i]) return false;
  const rest = cidr.prefix & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((address[whole] ?? 0) & mask) === cidr.bytes[whole];
}

/** True when two parsed addresses are the same address. */
export function sameAddress(version: IpVersion, a: Uint8Array, b: Uint8Array): boolean {
  const size = version === 4 ? 4 : 16;
  for (let i = 0; i < size; i++) if (a[i] !== b[i]) return false;
  return true;
}
