/**
 * The editors judge names with core's checkText (Node-RED's dialog) and combinedPattern (n8n's field
 * regex); core's own schemas are built from the same RULES. Here all three must agree on every value
 * of the bad-input corpus and on good values at each length bound, with the same words. (The
 * rules-drift test checks the built editors against core; this one checks core's functions
 * themselves, so a slip in checkText or combinedPattern fails here even before a build.)
 */
import { checkText, combinedPattern, RULES, type RuleName } from '../../core/rules';
import {
  containerNameSchema,
  containerPathSchema,
  envKeySchema,
  imageNameSchema,
  imageTagSchema,
  networkNameSchema,
  volumeNameSchema,
} from '../../core/schemas';
import { badContainerPaths, badDockerNames, badEnvKeys, badImageNames, badTags, show } from '../support/bad-input-corpus';

const SCHEMAS: Record<RuleName, { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } }> = {
  containerName: containerNameSchema,
  volumeName: volumeNameSchema,
  networkName: networkNameSchema,
  imageName: imageNameSchema,
  imageTag: imageTagSchema,
  envKey: envKeySchema,
  containerPath: containerPathSchema,
};

const strings = (values: unknown[]) => values.filter((v): v is string => typeof v === 'string');

/** Bad values from the corpus, and good ones at the length bounds, for each rule. */
const CASES: Record<RuleName, { bad: string[]; good: string[] }> = {
  containerName: { bad: strings(badDockerNames()), good: ['web', 'ab', 'a'.repeat(128), 'my_app.v2-1'] },
  volumeName: { bad: strings(badDockerNames()), good: ['nginx-config', 'ab', 'v'.repeat(128)] },
  networkName: { bad: strings(badDockerNames()).filter((s) => s.length !== 1), good: ['machine-builder', 'n', 'n'.repeat(128)] },
  imageName: {
    bad: strings(badImageNames()),
    good: ['nginx', 'nodered/node-red', 'registry.local:5000/team/app', 'a__b', 'a---b', 'a'.repeat(255)],
  },
  imageTag: { bad: strings(badTags()), good: ['latest', '1.27.3', '_x', 'T'.repeat(128)] },
  envKey: { bad: strings(badEnvKeys()), good: ['PORT', 'a', 'K'.repeat(1024), 'lower.case-ok'] },
  containerPath: { bad: strings(badContainerPaths()), good: ['/data', '/a', '/etc/nginx', '/x..y', '/a/.hidden', '/' + 'p'.repeat(4095)] },
};

describe.each(Object.keys(RULES) as RuleName[])('%s', (name) => {
  const rule = RULES[name];
  const { bad, good } = CASES[name];
  const combined = new RegExp(combinedPattern(rule));

  test('good values pass checkText, the combined pattern and the schema', () => {
    for (const v of good) {
      expect({ v: show(v), verdict: checkText(rule, v) }).toEqual({ v: show(v), verdict: undefined });
      expect({ v: show(v), combined: combined.test(v) }).toEqual({ v: show(v), combined: true });
      expect({ v: show(v), schema: SCHEMAS[name].safeParse(v).success }).toEqual({ v: show(v), schema: true });
    }
  });

  test('every bad value gets the schema’s own words from checkText, and the combined pattern refuses it', () => {
    expect(bad.length).toBeGreaterThan(5);
    for (const v of bad) {
      const result = SCHEMAS[name].safeParse(v);
      expect({ v: show(v), schemaRefuses: !result.success }).toEqual({ v: show(v), schemaRefuses: true });
      const words = checkText(rule, v);
      expect({ v: show(v), message: `${rule.label} ${words}` }).toEqual({ v: show(v), message: result.error!.issues[0].message });
      expect({ v: show(v), combined: combined.test(v) }).toEqual({ v: show(v), combined: false });
    }
  });

  test('one character over the maximum is refused with the bound named', () => {
    const over = name === 'containerPath' ? '/' + 'p'.repeat(rule.maxLength) : 'a'.repeat(rule.maxLength + 1);
    expect(checkText(rule, over)).toBe(`must be at most ${rule.maxLength} characters`);
    expect(combined.test(over)).toBe(false);
  });
});

test('a too-short value without its own words names the minimum', () => {
  const rule = { label: 'code', minLength: 3, maxLength: 5, checks: [] };
  expect(checkText(rule, 'ab')).toBe('must be at least 3 characters');
  expect(checkText(rule, '')).toBe('must not be empty');
  expect(checkText(rule, 'abc')).toBeUndefined();
  expect(new RegExp(combinedPattern(rule)).test('ab')).toBe(false);
  expect(new RegExp(combinedPattern(rule)).test('abcde')).toBe(true);
  expect(new RegExp(combinedPattern(rule)).test('abcdef')).toBe(false);
  // Newlines count as characters in the length bound, like String.length does.
  expect(new RegExp(combinedPattern(rule)).test('a\nb')).toBe(true);
});

test('checks are applied in order: the first that fails is the one reported', () => {
  // envKey: '=' is checked before spaces, so a key with both gets the '=' message.
  expect(checkText(RULES.envKey, 'A =B')).toBe("must not contain '='");
  expect(checkText(RULES.envKey, 'A B')).toBe('must not contain spaces or control characters');
  // containerPath: not absolute comes before '..'.
  expect(checkText(RULES.containerPath, 'x/../y')).toBe("must be an absolute path such as /data (starting with '/')");
  expect(checkText(RULES.containerPath, '/x/../y')).toBe("must not contain '..'");
});
