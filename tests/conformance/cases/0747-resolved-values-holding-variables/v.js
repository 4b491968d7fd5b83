module.exports = { s: 'js-${self:service}' };
