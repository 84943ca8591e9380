const kmFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export function formatKm(km: number | null): string {
  return km === null ? '–' : `${kmFormat.format(km)} km`;
}

/** "4 min ago", "3 h ago", "2 days ago": how fresh a fix is, relative to now. */
export function formatAgo(iso: string | null, now = Date.now()): string {
  if (!iso) return '–';
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
