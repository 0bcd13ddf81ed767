/**
 * ZIP records (PKWARE APPNOTE 6.3): local file header, data descriptor, central directory
 * header, and the end records, with ZIP64 forms where a size, offset or count needs them.
 * Every entry is a regular file with a UTF-8 name, stored (0) or deflated (8).
 */

export const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
/** Unix (3), spec version 6.3. */
const MADE_BY = (3 << 8) | 63;
const NEEDS = 20;
const NEEDS_ZIP64 = 45;
const UTF8 = 1 << 11;
const DESCRIPTOR = 1 << 3;
/** rw-r--r-- regular file, in the high half of the external attributes. */
const FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;

export interface EntryRecord {
  name: Buffer;
  method: 0 | 8;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
  /** Sizes and CRC follow the data (streamed entries), not in the local header. */
  streamed: boolean;
  zip64: boolean;
}

/** DOS date and time of a UTC instant (DOS stamps carry no zone; every reader gets the same one). */
export function dosDateTime(instant: Date): { dosDate: number; dosTime: number } {
  const year = Math.min(Math.max(instant.getUTCFullYear(), 1980), 2107);
  return {
    dosDate: ((year - 1980) << 9) | ((instant.getUTCMonth() + 1) << 5) | instant.getUTCDate(),
    dosTime: (instant.getUTCHours() << 11) | (instant.getUTCMinutes() << 5) | (instant.getUTCSeconds() >> 1),
  };
}

const u64 = (buffer: Buffer, value: number, at: number) => buffer.writeBigUInt64LE(BigInt(value), at);

/** ZIP64 extended information: sizes and offset as 8-byte values (the normal fields hold 0xFFFFFFFF). */
function zip64Extra(e: EntryRecord, local: boolean): Buffer {
  const extra = Buffer.alloc(local ? 20 : 28);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(extra.length - 4, 2);
  u64(extra, local && e.streamed ? 0 : e.size, 4);
  u64(extra, local && e.streamed ? 0 : e.compressedSize, 12);
  if (!local) u64(extra, e.offset, 20);
  return extra;
}

export function localHeader(e: EntryRecord): Buffer {
  const extra = e.zip64 ? zip64Extra(e, true) : Buffer.alloc(0);
  const head = Buffer.alloc(30);
  head.writeUInt32LE(0x04034b50, 0);
  head.writeUInt16LE(e.zip64 ? NEEDS_ZIP64 : NEEDS, 4);
  head.writeUInt16LE(UTF8 | (e.streamed ? DESCRIPTOR : 0), 6);
  head.writeUInt16LE(e.method, 8);
  head.writeUInt16LE(e.dosTime, 10);
  head.writeUInt16LE(e.dosDate, 12);
  head.writeUInt32LE(e.streamed ? 0 : e.crc, 14);
  // ZIP64: the sizes are in the extra field (zeros there too while streaming, as Python writes it).
  head.writeUInt32LE(e.zip64 ? MAX32 : e.streamed ? 0 : e.compressedSize, 18);
  head.writeUInt32LE(e.zip64 ? MAX32 : e.streamed ? 0 : e.size, 22);
  head.writeUInt16LE(e.name.length, 26);
  head.writeUInt16LE(extra.length, 28);
  return Buffer.concat([head, e.name, extra]);
}

/** The record after a streamed entry's data: CRC and sizes, 8-byte sizes for a ZIP64 entry. */
export function dataDescriptor(e: EntryRecord): Buffer {
  const out = Buffer.alloc(e.zip64 ? 24 : 16);
  out.writeUInt32LE(0x08074b50, 0);
  out.writeUInt32LE(e.crc, 4);
  if (e.zip64) {
    u64(out, e.compressedSize, 8);
    u64(out, e.size, 16);
  } else {
    out.writeUInt32LE(e.compressedSize, 8);
    out.writeUInt32LE(e.size, 12);
  }
  return out;
}

export function centralHeader(e: EntryRecord): Buffer {
  const zip64 = e.zip64 || e.offset >= MAX32;
  const extra = zip64 ? zip64Extra(e, false) : Buffer.alloc(0);
  const head = Buffer.alloc(46);
  head.writeUInt32LE(0x02014b50, 0);
  head.writeUInt16LE(MADE_BY, 4);
  head.writeUInt16LE(zip64 ? NEEDS_ZIP64 : NEEDS, 6);
  head.writeUInt16LE(UTF8 | (e.streamed ? DESCRIPTOR : 0), 8);
  head.writeUInt16LE(e.method, 10);
  head.writeUInt16LE(e.dosTime, 12);
  head.writeUInt16LE(e.dosDate, 14);
  head.writeUInt32LE(e.crc, 16);
  head.writeUInt32LE(zip64 ? MAX32 : e.compressedSize, 20);
  head.writeUInt32LE(zip64 ? MAX32 : e.size, 24);
  head.writeUInt16LE(e.name.length, 28);
  head.writeUInt16LE(extra.length, 30);
  // comment length, disk number, internal attributes: 0
  head.writeUInt32LE(FILE_ATTRIBUTES, 38);
  head.writeUInt32LE(zip64 ? MAX32 : e.offset, 42);
  return Buffer.concat([head, e.name, extra]);
}

/** The end of central directory record, preceded by the ZIP64 record and locator when needed. */
export function endRecords(
  count: number,
  directoryOffset: number,
  directorySize: number,
  force = false,
): Buffer {
  const zip64 = force || count >= MAX16 || directoryOffset >= MAX32 || directorySize >= MAX32;
  const parts: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    u64(record, 44, 4);
    record.writeUInt16LE(MADE_BY, 12);
    record.writeUInt16LE(NEEDS_ZIP64, 14);
    u64(record, count, 24);
    u64(record, count, 32);
    u64(record, directorySize, 40);
    u64(record, directoryOffset, 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    u64(locator, directoryOffset + directorySize, 8);
    locator.writeUInt32LE(1, 16);
    parts.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? MAX16 : count, 8);
  end.writeUInt16LE(zip64 ? MAX16 : count, 10);
  end.writeUInt32LE(zip64 ? MAX32 : directorySize, 12);
  end.writeUInt32LE(zip64 ? MAX32 : directoryOffset, 16);
  parts.push(end);
  return Buffer.concat(parts);
}
