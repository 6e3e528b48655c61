// Heka refused a ticker_interval on a filter or output that cannot receive timer events
// (`'NAME' can't support a ticker_interval setting`) when the plugin started; here at load.
import type { Rule } from './rules.js';

export const noTickerWithoutTimer: Rule<Readonly<Record<string, unknown>>> = (_config, { name, type, common }) => {
  const interval = common['ticker_interval'];
  if (typeof interval !== 'number' || interval === 0) return undefined;
  return {
    key: 'ticker_interval',
    message: `'${name}' can't support a ticker_interval setting`,
    hint: `remove ticker_interval: ${type} has no timer event to call every ${interval} s`,
  };
};
