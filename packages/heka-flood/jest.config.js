import base from '../../jest.base.js';

// The live view (src/live) is TSX: component tests are *.test.tsx, JSX uses React's automatic runtime.
const [pattern, [swc, options]] = Object.entries(base.transform)[0];

export default {
  ...base,
  testMatch: [...base.testMatch, '<rootDir>/src/**/*.test.tsx'],
  transform: {
    [pattern]: [swc, { ...options, jsc: { ...options.jsc, transform: { react: { runtime: 'automatic' } } } }],
  },
};
