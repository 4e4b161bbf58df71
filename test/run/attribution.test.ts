import { describe, expect, it } from 'vitest';
import { attributeStreamCapture } from '../../src/core/run/attribution.ts';

// Names from two bundles of different shape: the sample (prefix dropped from the key) and
// redis-multi (captured here: '<stream>__<group>' names, keys with spaces and quotes).
const SAMPLE_KEYS = ['quantum:stream:trade.intent', 'quantum:stream:trade.closed', 'quantum:stream:exit.intent'];
const MULTI_KEYS = ['shop:orders', 'shop:payments', 'audit log "eu"', 'notifications', 'orders'];

describe('attributeStreamCapture', () => {
  it('matches the trailing part of a key whose prefix the script dropped', () => {
    expect(attributeStreamCapture('raw/redis_groups_trade_intent.txt', SAMPLE_KEYS)).toEqual({
      subject: 'quantum:stream:trade.intent',
      method: 'file-name',
      detail:
        "file name 'redis_groups_trade_intent.txt' matches the trailing name " +
        "part 'trade_intent' of 'quantum:stream:trade.intent'",
      rest: [],
      whole: false,
    });
  });

  it('takes the longest whole key, and what follows it as the group', () => {
    const a = attributeStreamCapture('raw/redis_consumers_shop_orders__billing.txt', MULTI_KEYS);
    expect(a).toMatchObject({ subject: 'shop:orders', rest: ['billing'] });
    expect(attributeStreamCapture('raw/redis_pending_orders__billing.txt', MULTI_KEYS)).toMatchObject({
      subject: 'orders',
      rest: ['billing'],
    });
  });

  it("reads keys with spaces and quotes, and drops format words such as 'raw'", () => {
    expect(attributeStreamCapture('raw/redis_groups_audit_log__eu_.raw.txt', MULTI_KEYS)).toMatchObject({
      subject: 'audit log "eu"',
      rest: [],
    });
    expect(attributeStreamCapture('raw/redis_groups_shop_payments.raw.txt', MULTI_KEYS)).toMatchObject({
      subject: 'shop:payments',
      rest: [],
    });
  });

  it('gives undefined on a tie or when no key occurs in the name', () => {
    expect(attributeStreamCapture('raw/redis_groups_intent.txt', SAMPLE_KEYS)).toBeUndefined();
    expect(attributeStreamCapture('raw/redis_groups_inventory.txt', MULTI_KEYS)).toBeUndefined();
  });
});
