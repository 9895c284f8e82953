import { createHmac } from 'node:crypto';

/** Request signing of the outbound channels (server only: it needs node:crypto). */

/**
 * DingTalk's 加签: HMAC-SHA256 over `timestamp + "\n" + secret` keyed with the secret, Base64,
 * then URL-encoded, sent as the `timestamp` (ms) and `sign` query parameters.
 */
export function dingTalkSign(secret: string, timestampMs: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(mac);
}

/** The DingTalk robot URL with `timestamp` and `sign` added (the access_token is already in it). */
export function dingTalkUrl(url: string, secret: string, timestampMs: number): string {
  if (!secret) return url;
  const sep = url.includes('?') ? '&' : '?';
  return `${url}${sep}timestamp=${timestampMs}&sign=${dingTalkSign(secret, timestampMs)}`;
}

/**
 * The WeCom robot URL: WeCom does not sign requests, the robot's `key` is the secret. A key saved
 * apart from the URL is added as `key=`; a URL pasted with its key is used as it is.
 */
export function weComUrl(url: string, key: string): string {
  if (!key || /[?&]key=/.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}key=${encodeURIComponent(key)}`;
}

/** Generic webhook signature: hex HMAC-SHA256 of `${timestamp}.${body}`, sent as `sha256=<hex>`. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}
