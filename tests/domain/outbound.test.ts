import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffMs, MAX_ATTEMPTS, maskUrl, robotText, saveChannelInput, truncateBytes } from '../../src/domain/outbound.js';
import { dingTalkSign, dingTalkUrl, webhookSignature, weComUrl } from '../../src/domain/outbound-sign.js';

describe('signing', () => {
  it('signs DingTalk as its docs say: Base64(HMAC-SHA256(secret, timestamp + "\\n" + secret)), URL-encoded', () => {
    const secret = 'SEC0123456789abcdef';
    const ts = 1764979200000;
    const expected = encodeURIComponent(createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64'));
    expect(dingTalkSign(secret, ts)).toBe(expected);
    const url = dingTalkUrl('https://oapi.dingtalk.com/robot/send?access_token=abc', secret, ts);
    expect(url).toBe(`https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=${ts}&sign=${expected}`);
    // The signature survives the round trip through the query string.
    expect(new URL(url).searchParams.get('sign')).toBe(createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64'));
    expect(dingTalkUrl('https://x/robot/send?access_token=abc', '', ts)).toBe('https://x/robot/send?access_token=abc');
  });

  it('adds the WeCom robot key unless the URL has it', () => {
    expect(weComUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send', 'k-1')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-1');
    expect(weComUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a', 'b')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a');
  });

  it('signs a webhook over timestamp and body', () => {
    const sig = webhookSignature('s'.repeat(16), '1700000000', '{"a":1}');
    expect(sig).toBe(`sha256=${createHmac('sha256', 's'.repeat(16)).update('1700000000.{"a":1}').digest('hex')}`);
    expect(webhookSignature('s'.repeat(16), '1700000001', '{"a":1}')).not.toBe(sig);
  });
});

describe('messages, retries, masking', () => {
  it('keeps a robot text within WeCom’s 2,048 bytes', () => {
    const long = robotText({ title: '隐患逾期', body: '很长的说明'.repeat(500), link: '' });
    expect(new TextEncoder().encode(long).length).toBeLessThanOrEqual(2000);
    expect(long.endsWith('…')).toBe(true);
    expect(truncateBytes('短', 100)).toBe('短');
  });

  it('backs off 30 s, 1, 2, 4 … minutes, capped at an hour', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(30)).toBe(3_600_000);
    expect(MAX_ATTEMPTS).toBeGreaterThan(1);
  });

  it('masks every query value of a URL', () => {
    expect(maskUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=secret-key')).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****');
    expect(maskUrl('https://oapi.dingtalk.com/robot/send?access_token=t&x=1')).toBe('https://oapi.dingtalk.com/robot/send?access_token=****&x=****');
    expect(maskUrl('not a url')).toBe('****');
  });

  it('accepts only http(s) URLs without credentials and known event kinds', () => {
    const ok = { name: '区安稳群', kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a', eventKinds: ['overdue'] };
    expect(saveChannelInput.safeParse(ok).success).toBe(true);
    expect(saveChannelInput.safeParse({ ...ok, url: 'ftp://x' }).success).toBe(false);
    expect(saveChannelInput.safeParse({ ...ok, url: 'https://u:p@x.cn/' }).success).toBe(false);
    expect(saveChannelInput.safeParse({ ...ok, eventKinds: ['nope'] }).success).toBe(false);
    expect(saveChannelInput.safeParse({ ...ok, kind: 'email' }).success).toBe(false);
  });
});
