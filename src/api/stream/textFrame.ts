const FIN_TEXT = 0x81;
const MAX_SHORT = 125;
const MAX_MEDIUM = 0xffff;

/**
 * One complete, unmasked WebSocket text frame (RFC 6455 §5.2) holding `text`, as a server sends it.
 * Written here rather than sent through ws's `send` because it is the stream's hot path: an event's frame
 * is built once and the same bytes are written to every client's socket (ws would frame the message again
 * for each client). Only used on connections without extensions (no permessage-deflate).
 */
export function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const header = length <= MAX_SHORT ? 2 : length <= MAX_MEDIUM ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = FIN_TEXT;
  if (header === 2) {
    frame[1] = length;
  } else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 0x1_0000_0000), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  frame.write(text, header, 'utf8');
  return frame;
}
