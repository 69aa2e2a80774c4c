/** The device's words in an error: another client's password that a device echoes is blanked too. */
import { ERROR_TEXT_MAX, ERROR_TEXT_PREFIX, errorText, scrubPasswordFields } from '../../core/error-text';

test('a password field echoed by the device is blanked, whoever sent it and however it is spelled', () => {
  expect(scrubPasswordFields('last login "username=admin&password=Other+Secret%21"')).toBe(
    'last login "username=admin&password=[redacted]"',
  );
  expect(scrubPasswordFields('{"user":"admin","password":"Other-Secret!"}')).toBe('{"user":"admin","password":"[redacted]"}');
  expect(scrubPasswordFields('passwd: hunter22; next')).toBe('passwd: [redacted]; next');
  expect(scrubPasswordFields('Password = x1')).toBe('Password = [redacted]');
  // Ordinary words stay.
  expect(scrubPasswordFields('The password is wrong: check the sticker.')).toBe('The password is wrong: check the sticker.');
});

test('errorText applies it to what it keeps of the body', () => {
  const body = '<html><body>Bad request. received body "", last login "username=admin&password=Someone%2BElse"</body></html>';
  expect(errorText(body)).toBe('Bad request. received body "", last login "username=admin&password=[redacted]"');
});

test('only the first ERROR_TEXT_PREFIX characters are read: a JSON body longer than that is not parsed', () => {
  // Parsing is bounded too: a huge body is shown as the text it starts with, not searched for a message.
  const body = `{"error":"disk full","pad":"${'a'.repeat(ERROR_TEXT_PREFIX)}"}`;
  expect(errorText(body)).toBe(`${body.slice(0, ERROR_TEXT_MAX)}…`);
  // Within the prefix the same shape is read for its message.
  expect(errorText('{"error":"disk full","pad":"aaaa"}')).toBe('disk full');
  // A title past the prefix is never reached.
  expect(errorText(`${'x '.repeat(ERROR_TEXT_PREFIX)}<title>late</title>`)).toBe(`${'x '.repeat(ERROR_TEXT_MAX / 2)}…`);
});
