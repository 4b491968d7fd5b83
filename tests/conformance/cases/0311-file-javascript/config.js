'use strict';

// Serverless calls a function export with { options, resolveConfigurationProperty, resolveVariable }.
module.exports = async ({ options, resolveVariable, resolveConfigurationProperty }) => {
  console.log('config.js writes to stdout');
  const stage = await resolveVariable('sls:stage');
  const service = await resolveConfigurationProperty(['service']);
  const region = await resolveVariable("opt:region, 'no-region-option'");
  return { stage, service, region, optionKeys: Object.keys(options).sort(), memory: 512, nested: { list: [1, 'two'] } };
};
