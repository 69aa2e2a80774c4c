/**
 * errorText as tables of (error body → the device's words it yields): which JSON is read for its
 * message, when a body is HTML, which parts of a page are kept, where the text is cut, how
 * whitespace is folded and which password fields are blanked. Every expectation is the full string.
 */
import { ERROR_TEXT_MAX, ERROR_TEXT_PREFIX, errorText } from '../../core/error-text';

const cases = (rows: Array<[string, string, string | undefined]>) => rows;

describe('JSON bodies', () => {
  test.each(
    cases([
      ['an object with error', '{"error":"disk full","message":"m","detail":"d"}', 'disk full'],
      ['an object with message and no error', '{"message":"no such image","detail":"d"}', 'no such image'],
      ['an object with only detail', '{"detail":"name taken"}', 'name taken'],
      ['an object whose error is not a string', '{"error":{"code":7}}', '{"error":{"code":7}}'],
      ['an object with none of them, reprinted compactly', '{ "code" : 7,  "ok": false }', '{"code":7,"ok":false}'],
      ['an array, reprinted compactly', '[ "a" ,  "b" ]', '["a","b"]'],
      ['an array of objects is not searched for a message', '[{"error":"x"}]', '[{"error":"x"}]'],
      ['a number', '42', '42'],
      ['null', 'null', 'null'],
      ['a JSON string', '"just words"', '"just words"'],
      ['a body that only starts like JSON', '{error: disk full', '{error: disk full'],
      ['JSON text whose message holds markup keeps the markup', '{"error":"<b>bad</b> value"}', '<b>bad</b> value'],
    ]),
  )('%s', (_name, body, expected) => {
    expect(errorText(body)).toBe(expected);
  });

  test('JSON that continues past the prefix is not parsed, even when the prefix alone is valid JSON', () => {
    const body = `{"error":"disk full"}${' '.repeat(ERROR_TEXT_PREFIX)}tail`;
    expect(errorText(body)).toBe('{"error":"disk full"}');
  });
});

describe('HTML bodies', () => {
  test.each(
    cases([
      [
        'the title, not the rest of the page',
        '<html><head><title>Bad Gateway</title></head><body><h1>nginx</h1></body></html>',
        'Bad Gateway',
      ],
      ['a title at the very start', '<title>Not Found</title><p>more</p>', 'Not Found'],
      ['an uppercase TITLE', '<HTML><TITLE>Forbidden</TITLE><BODY>x</BODY></HTML>', 'Forbidden'],
      ['no title: the text between tags', '<html><body><h1>Oops</h1><p>try later</p></body></html>', 'Oops try later'],
      ['a title that is not closed: the text between tags', '<title>Oops<p>more', 'Oops more'],
      ['a closing title without an opening one: the text between tags', '<p>first</title>second', 'first second'],
      ['a script is skipped', '<p>a</p><script>var x = 1;</script><p>b</p>', 'a b'],
      ['an uppercase SCRIPT is skipped', '<P>a</P><SCRIPT>var x = 1;</SCRIPT><P>b</P>', 'a b'],
      ['a style is skipped', '<p>a</p><style>p { color: red }</style><p>b</p>', 'a b'],
      ['a script that is not closed hides the rest', '<p>a</p><script>var x = 1;<p>b</p>', 'a'],
      ['a style that is not closed hides the rest', '<p>a</p><style>p { color: red }', 'a'],
      ['a tag at position 0', '<b>bold</b> text', 'bold text'],
      ['a < that never closes ends the text', '<p>a</p> b <c', 'a b'],
      ['a page of tags only is no words', '<html><body></body></html>', undefined],
      ['a > after the tag opener in the text stays', '<p>a > b</p>', 'a > b'],
    ]),
  )('%s', (_name, body, expected) => {
    expect(errorText(body)).toBe(expected);
  });

  test('a < that never closes after a long text ends the scan there', () => {
    // Long text before the open '<': any rescan from the start would grow the result without end.
    const words = 'word '.repeat(3000);
    const text = `${words}`.trim();
    expect(errorText(`<p>${words}</p><b`)).toBe(`${text.slice(0, ERROR_TEXT_MAX)}…`);
  });
});

describe('plain text that is not HTML', () => {
  test.each(
    cases([
      ['a < followed by a space', 'a < b', 'a < b'],
      ['a tag opener with no > after it', 'a <b', 'a <b'],
      ['a > and a < that opens no tag', 'a < b > c', 'a < b > c'],
      ['a > before any tag opener', 'x > y', 'x > y'],
    ]),
  )('%s', (_name, body, expected) => {
    expect(errorText(body)).toBe(expected);
  });
});

describe('length, whitespace and blank bodies', () => {
  test.each(
    cases([
      ['exactly ERROR_TEXT_MAX characters are kept whole', 'e'.repeat(ERROR_TEXT_MAX), 'e'.repeat(ERROR_TEXT_MAX)],
      ['one more is cut with an ellipsis', 'e'.repeat(ERROR_TEXT_MAX + 1), `${'e'.repeat(ERROR_TEXT_MAX)}…`],
      ['tabs and newlines fold to one space', ' a\t\tb\n\n c \r\n', 'a b c'],
      ['spaces between tags fold too', '<p>a</p>\n\n<p>b</p>', 'a b'],
      ['an empty body is no words', '', undefined],
      ['a blank body is no words', ' \n\t ', undefined],
    ]),
  )('%s', (_name, body, expected) => {
    expect(errorText(body)).toBe(expected);
  });

  test('a blank body is no words whatever the redactor would make of it', () => {
    const redact = jest.fn((t: string) => `${t}[seen]`);
    expect(errorText('  \n ', redact)).toBeUndefined();
    expect(redact).not.toHaveBeenCalled();
  });

  test('the redactor sees the text before it is folded and cut', () => {
    const seen: string[] = [];
    expect(
      errorText('{"error":"a\\n\\nb"}', (t) => {
        seen.push(t);
        return t;
      }),
    ).toBe('a b');
    expect(seen).toEqual(['a\n\nb']);
  });
});

describe('password fields', () => {
  test.each(
    cases([
      ['password=', 'login failed for user=admin&password=hunter22&x=1', 'login failed for user=admin&password=[redacted]&x=1'],
      ['a quoted "passwd":', '{"user":"admin","passwd":"hunter22"}', '{"user":"admin","passwd":"[redacted]"}'],
      ['Password : with spaces', 'Password : hunter22 was rejected', 'Password : [redacted] was rejected'],
      ['pass=', 'bad form pass=hunter22', 'bad form pass=[redacted]'],
      ['inside a JSON message', '{"error":"echo: password=hunter22"}', 'echo: password=[redacted]'],
      ['inside an HTML page', '<p>echo: PASSWORD=hunter22</p>', 'echo: PASSWORD=[redacted]'],
      ['the word alone stays', 'the password is wrong', 'the password is wrong'],
    ]),
  )('%s', (_name, body, expected) => {
    expect(errorText(body)).toBe(expected);
  });
});
