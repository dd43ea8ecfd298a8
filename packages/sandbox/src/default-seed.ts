import type { Seed } from './orders.js';

/**
 * The orders a fresh sandbox serves. They carry the ids of the specs' examples, so every
 * documented example request succeeds against a fresh sandbox, plus orders in currencies
 * with 0 (JPY) and 3 (KWD) decimals, an id above 2^53, and a shipped KakaClo order.
 */
export const DEFAULT_SEED: Seed = {
  keeta: {
    orders: [
      {
        orderViewId: '756823555555859',
        shopId: '466663',
        currency: 'SAR',
        products: [
          {
            orderProductId: '1234534224',
            spuId: '9312039',
            skuId: '9312040',
            name: 'Chicken burger',
            count: 3,
            unitPrice: '24.00',
          },
          {
            orderProductId: '1234534225',
            spuId: '9312041',
            skuId: '9312042',
            name: 'Fries',
            count: 1,
            unitPrice: '10.50',
          },
        ],
      },
      {
        orderViewId: '756823555555860',
        shopId: '466663',
        currency: 'KWD',
        products: [
          {
            orderProductId: '2234534224',
            spuId: '9312043',
            skuId: '9312044',
            name: 'Shawarma',
            count: 3,
            unitPrice: '1.250',
          },
        ],
      },
      {
        orderViewId: '1152921504606846977',
        shopId: '466663',
        currency: 'JPY',
        products: [
          {
            orderProductId: '9007199254740993',
            spuId: '9312045',
            skuId: '9312046',
            name: 'Ramen',
            count: 2,
            unitPrice: '1500',
          },
        ],
      },
    ],
  },
  shoplazza: {
    orders: [
      {
        shop: 'demo-store',
        id: '1232123',
        currency: 'USD',
        shipping: '10.00',
        lineItems: [
          {
            id: '31d95f28-baf0-47c9-ad53-dbf3833f1b85',
            title: 'Linen shirt',
            quantity: 2,
            price: '81.00',
          },
          { id: 'LI123', title: 'Canvas tote', quantity: 3, price: '35.00', unshipped: 1 },
        ],
      },
      {
        shop: 'demo-store',
        id: '1232124',
        currency: 'JPY',
        lineItems: [{ id: 'LI200', title: 'Tea bowl', quantity: 2, price: '4500' }],
      },
      {
        shop: 'demo-store',
        id: '1232125',
        currency: 'KWD',
        lineItems: [{ id: 'LI300', title: 'Dates', quantity: 4, price: '2.125' }],
      },
    ],
  },
  kakaclo: {
    orders: [
      {
        id: '10001',
        currency: 'USD',
        shipped: false,
        remark: 'test',
        items: [
          {
            itemId: '120001',
            skuCode: 'FSZW08923_R_L_NUB',
            countryCode: 'CN',
            quantity: 2,
            unitPrice: '12.99',
          },
          {
            itemId: '120002',
            skuCode: 'FSZW08923_R_L_NUB',
            countryCode: 'US',
            quantity: 3,
            unitPrice: '12.99',
          },
        ],
      },
      {
        id: '10003',
        currency: 'USD',
        shipped: true,
        items: [
          {
            itemId: '130001',
            skuCode: 'FSZW08924_B_M',
            countryCode: 'CN',
            quantity: 1,
            unitPrice: '20.00',
          },
        ],
      },
      {
        id: '10004',
        currency: 'KWD',
        shipped: false,
        items: [
          {
            itemId: '140001',
            skuCode: 'FSZW08925_W_S',
            countryCode: 'US',
            quantity: 2,
            unitPrice: '3.500',
          },
        ],
      },
    ],
  },
};
