import { envUrlList } from './env-url-list';

describe('envUrlList', () => {
  it('splits on commas, trims, and drops empty entries', () => {
    expect(envUrlList().parse(' http://a:8080/events , https://b.example.com,, ')).toEqual([
      'http://a:8080/events',
      'https://b.example.com',
    ]);
  });

  it('reads an empty value as an empty list', () => {
    expect(envUrlList().parse('')).toEqual([]);
  });

  it('refuses each entry that is not an http(s) URL, saying which', () => {
    const result = envUrlList().safeParse('http://ok, localhost:8080, ftp://files, not a url');
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'entry 2 is not a URL (http or https)',
      'entry 3 is not a URL (http or https)',
      'entry 4 is not a URL (http or https)',
    ]);
  });

  it('accepts the protocols it is given', () => {
    expect(envUrlList(['redis:', 'rediss:']).parse('redis://a:6379,rediss://b')).toEqual([
      'redis://a:6379',
      'rediss://b',
    ]);
    expect(envUrlList(['redis:']).safeParse('http://a').error?.issues[0]?.message).toBe(
      'entry 1 is not a URL (redis)',
    );
  });
});
