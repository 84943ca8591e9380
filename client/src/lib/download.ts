import { apiErrorOf } from './api';

/** The file name a Content-Disposition header offers, if any. */
export function attachmentName(contentDisposition: string | null): string | null {
  return contentDisposition?.match(/filename="([^"]+)"/)?.[1] ?? null;
}

/**
 * Downloads a file that needs the staff token. A plain link cannot send an Authorization
 * header, so the file is fetched, wrapped in a Blob and saved through a temporary link.
 */
export async function downloadWithToken(path: string, token: string, fallbackName: string): Promise<string> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw await apiErrorOf(response);
  const fileName = attachmentName(response.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the Blob after this task ends; revoking at once can cancel the save.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return fileName;
}
