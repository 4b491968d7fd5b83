module.exports = { boom: () => { throw new Error('kaboom'); } };
