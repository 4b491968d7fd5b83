'use strict';

module.exports = () => {
  throw new Error('boom from thrower.js');
};
