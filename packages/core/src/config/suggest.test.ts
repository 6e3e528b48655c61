import { closest, didYouMean, editDistance } from './suggest.js';

describe('suggestions', () => {
  it('counts a transposition as one edit, ignoring case', () => {
    expect(editDistance('adress', 'address')).toBe(1);
    expect(editDistance('log_directroy', 'log_directory')).toBe(1);
    expect(editDistance('FileOuput', 'fileoutput')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests close names and names that contain the word', () => {
    expect(closest('adress', ['address', 'net'])).toBe('address');
    expect(closest('Logstreamer', ['LogstreamerInput', 'LogOutput'])).toBe('LogstreamerInput');
    expect(closest('PORT', ['port'])).toBe('port');
  });

  it('stays quiet when nothing is close', () => {
    expect(closest('color', ['address', 'net'])).toBeUndefined();
    expect(didYouMean('zz', ['address'])).toBeUndefined();
    expect(didYouMean('adres', ['address'])).toBe('did you mean "address"?');
  });
});
