import type { FastifyReply } from 'fastify';
import { contentDisposition, XLSX } from './query.js';

export const PDF = 'application/pdf';

/**
 * Answers with a generated file: an Excel workbook as a download, a PDF shown in the browser
 * (`inline`, so it opens for printing). The type follows the name's ending. Generated files carry
 * scoped data, so no shared cache keeps them.
 */
export function sendFile(reply: FastifyReply, fileName: string, body: Buffer | Uint8Array): FastifyReply {
  const pdf = fileName.toLowerCase().endsWith('.pdf');
  return reply
    .header('content-type', pdf ? PDF : XLSX)
    .header('content-disposition', contentDisposition(fileName, pdf ? 'inline' : 'attachment'))
    .header('cache-control', 'private, no-store')
    .send(body);
}
