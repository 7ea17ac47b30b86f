import { demoSeed, type BookeoSeed } from '@signupassist/connector-bookeo/sandbox';

/** Secret key of the many-business seed's application. */
export const MANY_SECRET_KEY = 'MANYSWIM-SECRETKEY-7f3a91';

/** Account id, apiKey and vendor id of business `index` (1-based) of the many-business seed. */
export function manyBusiness(index: number) {
  const number = String(index).padStart(2, '0');
  return {
    accountId: `SWIMSCHOOL${number}`,
    apiKey: `SWIMSCHOOL${number}-APIKEY-${(index * 7919).toString(36).toUpperCase()}`,
    name: `Swim School ${number}`,
    vendorId: `swim-school-${number}`,
  };
}

/**
 * Builds a seed of `count` swim schools under one Bookeo application, each a copy of the demo
 * swim school's catalog with its own account and apiKey.
 */
export function manyBusinessesSeed(count: number): BookeoSeed {
  const template = demoSeed().businesses[0]!;
  return {
    secretKey: MANY_SECRET_KEY,
    businesses: Array.from({ length: count }, (_, offset) => {
      const business = manyBusiness(offset + 1);
      return {
        ...structuredClone(template),
        accountId: business.accountId,
        apiKey: business.apiKey,
        name: business.name,
      };
    }),
  };
}
