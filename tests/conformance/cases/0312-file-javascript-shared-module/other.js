'use strict';

// Another module requiring the first gets the same instance (Node's require cache).
const state = require('./state.js');

module.exports = () => ({ fromOther: state.next(), loads: state.loads() });
