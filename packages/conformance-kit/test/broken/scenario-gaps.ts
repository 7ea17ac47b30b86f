import type { AnyConnector } from '@signupassist/contract';
import type { SandboxScenario, StartConformanceSandbox } from '@signupassist/contract/testing';

/** Wraps a sandbox start function so that its scenario is changed by `alter`. */
export function alteredScenarioSandbox(
  start: StartConformanceSandbox,
  alter: (scenario: SandboxScenario) => SandboxScenario,
): StartConformanceSandbox {
  return async (options) => {
    const sandbox = await start(options);
    return { ...sandbox, scenario: () => alter(sandbox.scenario()) };
  };
}

/** Wraps a connector so that programs and sessions carry no prices. */
export function pricelessConnector(base: AnyConnector): AnyConnector {
  return {
    ...base,
    listPrograms: async (context, query) => {
      const programs = await base.listPrograms(context, query);
      return programs.map(({ fromPrice: _fromPrice, ...program }) => program);
    },
    listSessions: async (context, query) => {
      const sessions = await base.listSessions(context, query);
      return sessions.map(({ price: _price, ...session }) => session);
    },
  };
}
