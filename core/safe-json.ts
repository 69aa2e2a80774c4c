/**
 * JSON from the device, parsed without the keys that change what an object is: `__proto__`,
 * `constructor` and `prototype`. JSON.parse itself makes `__proto__` an own key, but any later
 * copy by assignment (a schema's output, Object.assign) would turn it into the object's prototype,
 * one the device chose.
 */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export function parseDeviceJson(text: string): unknown {
  // The reviver costs a call per value; only answers that mention a forbidden key pay for it.
  // Stryker disable next-line StringLiteral: an emptied key sends every answer through the reviver: the same objects, only slower.
  if (!text.includes('__proto__') && !text.includes('constructor') && !text.includes('prototype')) return JSON.parse(text);
  return JSON.parse(text, function (this: unknown, key: string, value: unknown) {
    return FORBIDDEN.has(key) ? undefined : value;
  });
}
