import type { AnyConnector, Money } from '@signupassist/contract';

/** Returns the price rounded to whole major units, such as 86 for 8550 cents. */
function toWholeUnits(money: Money): Money {
  return { ...money, amountMinor: Math.round(money.amountMinor / 100) };
}

/**
 * Wraps a connector so that session prices are integers in whole major units (86 for 85.50
 * USD), which parse as integer minor units but are a hundred times too low.
 */
export function wholeUnitMoneyConnector(base: AnyConnector): AnyConnector {
  return {
    ...base,
    listSessions: async (context, query) => {
      const sessions = await base.listSessions(context, query);
      return sessions.map((session) =>
        session.price ? { ...session, price: toWholeUnits(session.price) } : session,
      );
    },
  };
}
