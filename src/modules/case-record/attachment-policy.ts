import { fileTypeFromBuffer } from 'file-type';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** What we accept, decided from the bytes themselves: a name or a browser's claim is never trusted. */
const ALLOWED: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/jpeg': 'JPEG image',
  'image/png': 'PNG image',
  'image/gif': 'GIF image',
  'image/heic': 'HEIC image',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel spreadsheet',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'message/rfc822': 'Email message',
  'text/plain': 'Text file',
};

export const ALLOWED_DESCRIPTION =
  'PDF, JPEG, PNG, GIF, HEIC, Word, Excel, OpenDocument text, email (.eml) or plain text';

export type SniffResult = { ok: true; mediaType: string } | { ok: false; message: string };

export async function sniffAttachment(content: Uint8Array, filename: string): Promise<SniffResult> {
  if (content.length === 0) return { ok: false, message: 'The selected file is empty' };
  if (content.length > MAX_ATTACHMENT_BYTES)
    return { ok: false, message: 'The selected file must be smaller than 10MB' };
  const detected = await fileTypeFromBuffer(content);
  if (detected) {
    if (ALLOWED[detected.mime]) return { ok: true, mediaType: detected.mime };
    return { ok: false, message: `The selected file must be a ${ALLOWED_DESCRIPTION}` };
  }
  // Text formats have no magic number: accept them only when the bytes are valid UTF-8 with no control codes.
  if (/\.(txt|eml|csv)$/i.test(filename) && looksLikeText(content)) {
    return { ok: true, mediaType: /\.eml$/i.test(filename) ? 'message/rfc822' : 'text/plain' };
  }
  return { ok: false, message: `The selected file must be a ${ALLOWED_DESCRIPTION}` };
}

const isControl = (code: number) => code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d;

function looksLikeText(content: Uint8Array): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(content.subarray(0, 64 * 1024));
    for (let i = 0; i < text.length; i++)
      if (isControl(text.charCodeAt(i)) && text.charCodeAt(i) !== 0x0c) return false;
    return true;
  } catch {
    return false;
  }
}

/** A file name safe to show and to send back in Content-Disposition. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file';
  const cleaned = [...base]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || '"<>|:*?'.includes(ch) ? '_' : ch))
    .join('')
    .trim()
    .slice(0, 200);
  return cleaned || 'file';
}
