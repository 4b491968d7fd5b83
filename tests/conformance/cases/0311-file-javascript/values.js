'use strict';

module.exports = {
  plain: 'p',
  fn: () => 'from-fn',
  promise: Promise.resolve('resolved'),
  nested: { deep: () => ({ x: 1 }) },
  str: 'abc',
  date: new Date(Date.UTC(2020, 0, 2)),
  skipped: undefined,
};
