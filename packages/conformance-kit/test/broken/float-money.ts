import { minorToDecimal, type AnyConnector, type Money } from '@signupassist/contract';

/** Returns the amount in major units as a float, such as 85.5 for 8550 cents. */
function toMajorUnits(money: Money): Money {
  return { ...money, amountMinor: Number(minorToDecimal(money)) };
}

/**
 * Wraps a connector so that catalog prices carry the provider's decimal amount as a float
 * (85.5) in `amountMinor`, where the contract wants integer minor units (8550).
 */
export function floatMoneyConnector(base: AnyConnector): AnyConnector {
  return {
    ...base,
    listPrograms: async (context, query) => {
      const programs = await base.listPrograms(context, query);
      return programs.map((program) =>
        program.fromPrice ? { ...program, fromPrice: toMajorUnits(program.fromPrice) } : program,
      );
    },
    listSessions: async (context, query) => {
      const sessions = await base.listSessions(context, query);
      return sessions.map((session) =>
        session.price ? { ...session, price: toMajorUnits(session.price) } : session,
      );
    },
  };
}
