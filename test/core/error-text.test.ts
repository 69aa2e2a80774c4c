/** The device's words in an error: another client's password that a device echoes is blanked too. */
import { errorText, scrubPasswordFields } from '../../core/error-text';

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
