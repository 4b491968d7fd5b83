'use strict';

module.exports = { date: new Date(Date.UTC(2020, 0, 2)) };
