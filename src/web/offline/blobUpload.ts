import { uploadContentTypes } from '../../domain/file-types';
import { api, queryString } from '../api/client';
import { blobOf, markBlobUploaded } from './db';
import type { LocalBlob } from './types';

/**
 * Uploads a photo or signature kept on the phone, under its own id as the client id: the server
 * names the attachment after it and answers a resend (an answer lost on a weak signal) with the
 * first upload, so however often this runs the file is stored once. The attachment id is saved
 * on the blob at once, so the next run skips it.
 */
export async function uploadBlob(blob: LocalBlob, purpose: string, schoolId: string): Promise<string> {
  const url = `/api/attachments${queryString({ purpose, schoolId, fileName: blob.fileName, clientId: blob.id })}`;
  const contentType = uploadContentTypes.includes(blob.type) ? blob.type : 'application/octet-stream';
  const created = await api.upload<{ id: string }>(url, blobOf(blob), contentType);
  await markBlobUploaded(blob.id, created.id);
  return created.id;
}
