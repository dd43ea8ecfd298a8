/** The shared write-safety suite, run against KakaClo's refund write. */
import { describeWriteSafety, json } from '@refundkit/test-kit';
import { createKakacloClient } from './index.js';

const TOKEN = 'kk_TOKEN_9f8e7d6c5b4a3210';

describeWriteSafety({
  name: 'kakaclo refundOrder',
  write(fetch) {
    const client = createKakacloClient({
      accessToken: TOKEN,
      fetch,
      retry: { initialDelayMs: 1, maxDelayMs: 2 },
    });
    return (options) =>
      client.refundOrder(
        '10001',
        { orderItems: [{ skuCode: 'FSZW08923_R_L_NUB', quantity: 1, countryCode: 'CN' }] },
        options,
      );
  },
  success: () => json({ code: 10000, message: 'ok', data: 10002 }),
  secrets: [TOKEN],
});
