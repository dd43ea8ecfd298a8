/**
 * The demo (`pnpm demo`, the last step of `bash scripts/setup`): starts the sandbox, refunds
 * through each client, then makes a refund's answer get lost and shows the safe way out:
 * no resend, a status query, and the ledger proving the money moved exactly once.
 */
import { OutcomeUnknownError } from '@refundkit/http';
import { createKakacloClient } from '@refundkit/kakaclo';
import { createKeetaClient } from '@refundkit/keeta';
import { startSandbox } from '@refundkit/sandbox';
import { createShoplazzaClient } from '@refundkit/shoplazza';

const sandbox = await startSandbox();
console.log(`sandbox: ${sandbox.url}`);
try {
  const keeta = createKeetaClient({
    baseUrl: sandbox.baseUrls.keeta,
    ...sandbox.credentials.keeta,
  });
  const order = { orderViewId: 756823555555859n, shopId: 466663 };
  await keeta.applyPartialRefund({
    ...order,
    products: [{ orderProductId: 1234534224, refundCount: 1 }],
    partRefundType: 200001,
  });
  const left = await keeta.previewPartialRefund(order);
  console.log(
    `keeta: refunded 1 chicken burger; still refundable: ${left?.products?.map((p) => `${p.refundCount} × ${p.name}`).join(', ')}`,
  );

  const shoplazza = createShoplazzaClient({
    baseUrl: sandbox.baseUrls.shoplazza,
    accessToken: sandbox.credentials.shoplazza.accessToken,
    currency: 'USD',
  });
  const record = await shoplazza.refundOrder('1232123', {
    refund_total: '0.30',
    refund_payments: [
      { payment_line_id: 'PAY1', refund_price: '0.10' },
      { payment_line_id: 'PAY2', refund_price: '0.20' },
    ],
  });
  console.log(`shoplazza: refund ${record.refund_record_id} of 0.10 + 0.20 = 0.30 USD, exactly`);

  const kakaclo = createKakacloClient({
    baseUrl: sandbox.baseUrls.kakaclo,
    ...sandbox.credentials.kakaclo,
  });
  sandbox.addFaults([{ kind: 'drop_after_apply', provider: 'kakaclo', operation: 'refundOrder' }]);
  try {
    await kakaclo.refundOrder('10004');
  } catch (error) {
    if (!(error instanceof OutcomeUnknownError)) throw error;
    console.log(`kakaclo: the answer was lost (${error.name}); the client did not resend`);
  }
  const { list = [] } = await kakaclo.queryRefund('10004');
  console.log(
    `kakaclo: the status query finds ${list.length} refund: ${list.map((r) => `${r.refundNo} ${r.refundStatus}`).join(', ')}`,
  );

  console.log('ledger:');
  for (const entry of sandbox.ledger()) {
    console.log(
      `  ${entry.id}  ${entry.provider.padEnd(9)}  order ${entry.orderId.padEnd(15)}  ${entry.amount} ${entry.currency}`,
    );
  }
  const kakacloRefunds = sandbox.ledger({ provider: 'kakaclo', orderId: '10004' }).length;
  console.log(`kakaclo order 10004 was refunded ${kakacloRefunds} time(s)`);
  if (kakacloRefunds !== 1) process.exitCode = 1;
} finally {
  await sandbox.close();
}
