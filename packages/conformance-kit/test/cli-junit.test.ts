import { describe, expect, it } from 'vitest';
import { renderJunit } from '../src/cli/junit.js';
import { escapeXmlAttribute, escapeXmlText } from '../src/cli/xml.js';
import type { CheckResult, ConformanceReport } from '../src/types.js';
import { parseXml, type XmlElement } from './cli-support.js';

/** A message with every character class that needs escaping or replacing in XML. */
const NASTY =
  'amount <float> & "quoted" \'single\' ]]> bell\u0007 nul\u0000 esc\u001b lone\uD800 ok 😀';

function check(overrides: Partial<CheckResult> & Pick<CheckResult, 'id' | 'verdict'>): CheckResult {
  return {
    title: `Title of ${overrides.id}`,
    level: 'catalog',
    writes: false,
    status: overrides.verdict === 'skipped' ? 'skipped' : 'passed',
    durationMs: 12,
    ...overrides,
  };
}

function report(checks: CheckResult[]): ConformanceReport {
  return {
    reportVersion: 1,
    connector: { id: 'bookeo', displayName: 'Bookeo', version: '0.1.0', contractRange: '^1.0.0' },
    contractVersion: '1.0.0',
    kitVersion: '0.1.0',
    levelRequested: 'full',
    levelReached: 'catalog',
    mode: 'sandbox',
    startedAt: '2026-12-04T16:00:00.000Z',
    durationMs: 1234,
    checks,
    passed: false,
  };
}

const CHECKS: CheckResult[] = [
  check({ id: 'catalog.programs', verdict: 'passed', durationMs: 5 }),
  check({
    id: 'catalog.money',
    verdict: 'failed',
    status: 'failed',
    message: `${NASTY}\nsecond line\r\nthird`,
  }),
  check({ id: 'holds.expiry', verdict: 'skipped', level: 'full', message: 'no <holds> & such' }),
  check({
    id: 'book.once',
    verdict: 'expected_failure',
    status: 'failed',
    level: 'full',
    message: 'booked twice <2>',
    baselineReason: 'provider "bug" & co.',
  }),
  check({
    id: 'cancel.refund',
    verdict: 'unexpected_pass',
    level: 'full',
    baselineReason: 'refunds <pending>',
    durationMs: 1500,
  }),
];

function testcase(root: XmlElement, name: string): XmlElement {
  const found = root.children
    .flatMap((suite) => suite.children)
    .find((child) => child.name === 'testcase' && child.attributes.name === name);
  if (!found) throw new Error(`No testcase ${name}`);
  return found;
}

/** The message as XML can carry it: disallowed characters become visible \uXXXX escapes. */
const NASTY_IN_XML = NASTY.replace('\u0007', '\\u0007')
  .replace('\u0000', '\\u0000')
  .replace('\u001b', '\\u001b')
  .replace('\uD800', '\\ud800');

describe('renderJunit', () => {
  const xml = renderJunit(report(CHECKS));
  const root = parseXml(xml);

  it('writes well-formed XML with totals', () => {
    expect(root.name).toBe('testsuites');
    expect(root.attributes.tests).toBe('5');
    expect(root.attributes.failures).toBe('2');
    expect(root.attributes.skipped).toBe('1');
    expect(root.attributes.errors).toBe('0');
    expect(root.attributes.time).toBe('1.234');
  });

  it('writes one suite per level in order', () => {
    const suites = root.children.filter((child) => child.name === 'testsuite');
    expect(suites.map((suite) => suite.attributes.name)).toEqual(['bookeo catalog', 'bookeo full']);
    expect(suites[0]?.attributes.tests).toBe('2');
    expect(suites[1]?.attributes.tests).toBe('3');
    expect(suites[1]?.attributes.failures).toBe('1');
    expect(suites[1]?.attributes.time).toBe('1.524');
  });

  it('records run properties in each suite', () => {
    const properties = root.children[0]?.children.find((child) => child.name === 'properties');
    const values = Object.fromEntries(
      (properties?.children ?? []).map((property) => [
        property.attributes.name,
        property.attributes.value,
      ]),
    );
    expect(values.connectorVersion).toBe('0.1.0');
    expect(values.contractRange).toBe('^1.0.0');
    expect(values.levelReached).toBe('catalog');
  });

  it('gives a passed check no child', () => {
    const passed = testcase(root, 'catalog.programs');
    expect(passed.attributes.classname).toBe('bookeo.catalog');
    expect(passed.attributes.time).toBe('0.005');
    expect(passed.children).toEqual([]);
  });

  it('keeps failure messages intact after escaping', () => {
    const failure = testcase(root, 'catalog.money').children[0];
    expect(failure?.name).toBe('failure');
    expect(failure?.attributes.type).toBe('failed');
    expect(failure?.attributes.message).toBe(NASTY_IN_XML);
    expect(failure?.text).toBe(`${NASTY_IN_XML}\nsecond line\r\nthird`);
  });

  it('marks skipped checks skipped', () => {
    const skipped = testcase(root, 'holds.expiry').children[0];
    expect(skipped?.name).toBe('skipped');
    expect(skipped?.attributes.message).toBe('no <holds> & such');
  });

  it('passes expected failures with a note', () => {
    const children = testcase(root, 'book.once').children;
    expect(children.map((child) => child.name)).toEqual(['system-out']);
    expect(children[0]?.text).toContain('provider "bug" & co.\n');
    expect(children[0]?.text).not.toContain('co..');
    expect(children[0]?.text).toContain('booked twice <2>');
  });

  it('fails unexpected passes naming the baseline', () => {
    const failure = testcase(root, 'cancel.refund').children[0];
    expect(failure?.name).toBe('failure');
    expect(failure?.attributes.type).toBe('unexpected_pass');
    expect(failure?.attributes.message).toContain('refunds <pending>');
    expect(failure?.attributes.message).toContain('Remove its entry from the baseline');
  });
});

describe('XML escaping', () => {
  it('escapes markup in text', () => {
    expect(escapeXmlText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
  });

  it('escapes quotes and line breaks in attributes', () => {
    expect(escapeXmlAttribute('"x"\n\'y\'\t')).toBe('&quot;x&quot;&#10;&apos;y&apos;&#9;');
  });

  it('replaces characters XML 1.0 forbids', () => {
    expect(escapeXmlText('a\u0001b\uFFFEc')).toBe('a\\u0001b\\ufffec');
  });

  it('rejects raw control characters in the parser', () => {
    expect(() => parseXml('<a>\u0007</a>')).toThrow(/disallowed character/);
  });
});
