import { HekaError } from '@heka/core';

export function main(_argv: string[]): number {
  throw new HekaError('HEKA_NOT_BUILT_YET', 'heka-cat is not built yet in this release.', { hint: 'see the README for what each command does today' });
}
