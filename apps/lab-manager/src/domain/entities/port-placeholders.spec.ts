import { portPlaceholders, substitutePorts } from './port-placeholders';

describe('port placeholders', () => {
  const yaml = 'a: ${PORT_SERIAL_2}\nb: ${PORT_SERIAL_1}\nc: ${PORT_SERIAL_2}\nd: ${NOT_A_PORT} $PORT_X';

  it('lists each ${PORT_*} name once, sorted, ignoring other ${...} forms', () => {
    expect(portPlaceholders(yaml)).toEqual(['PORT_SERIAL_1', 'PORT_SERIAL_2']);
  });

  it('replaces every occurrence with its port and leaves everything else alone', () => {
    expect(substitutePorts(yaml, { PORT_SERIAL_1: 2001, PORT_SERIAL_2: 2002 })).toBe(
      'a: 2002\nb: 2001\nc: 2002\nd: ${NOT_A_PORT} $PORT_X',
    );
  });
});
