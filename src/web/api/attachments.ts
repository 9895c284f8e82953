import type { AttachmentPurpose } from '../../domain/file-types';
import { uploadContentTypes } from '../../domain/file-types';
import { shrinkPhoto } from '../lib/shrinkPhoto';
import { api, queryString } from './client';
import type { Attachment } from './types';

/**
 * Uploads one evidence file as the raw body. The server decides the type from the bytes, so an
 * unknown or empty browser type (HEIC, some Android cameras) goes as octet-stream and the
 * server's message says what it accepts.
 */
export async function uploadAttachment(file: File, purpose: AttachmentPurpose, schoolId: string | undefined): Promise<Attachment> {
  const body = await shrinkPhoto(file);
  const contentType = uploadContentTypes.includes(body.type) ? body.type : 'application/octet-stream';
  // A re-encoded photo is a JPEG whatever it was called before.
  const fileName = body === file ? file.name : `${file.name.replace(/\.[^.]*$/, '')}.jpg`;
  return api.upload<Attachment>(`/api/attachments${queryString({ purpose, schoolId, fileName })}`, body, contentType);
}

export const isImage = (a: Pick<Attachment, 'contentType'>): boolean => a.contentType.startsWith('image/');
