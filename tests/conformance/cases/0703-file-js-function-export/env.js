module.exports = async ({ options, resolveVariable }) => {
  const service = await resolveVariable('self:service');
  const stage = await resolveVariable('sls:stage');
  return { SERVICE: service, STAGE: stage, OPT_REGION: String(options.region), NUM: 3 };
};
