import { parseSse } from './sse-parser';

describe('reading an event stream as it arrives', () => {
  it('hands complete messages with their id and keeps the unfinished rest for the next chunk', () => {
    const first = parseSse('retry: 3000\n\nid: 1-0\ndata: {"a":1}\n\nid: 2-0\nda');
    expect(first.messages).toEqual([{ id: '1-0', data: '{"a":1}' }]);
    const second = parseSse(`${first.rest}ta: {"b":2}\n\n`);
    expect(second.messages).toEqual([{ id: '2-0', data: '{"b":2}' }]);
    expect(second.rest).toBe('');
  });

  it('ignores keep-alive comments and joins multi-line data', () => {
    const { messages } = parseSse(': keep-alive\n\ndata: one\ndata: two\r\n\r\n');
    expect(messages).toEqual([{ data: 'one\ntwo' }]);
  });
});
