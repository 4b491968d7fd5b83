module.exports = {
  config: () => ({ cors: { allowedOrigins: ['https://x.example.com'], maxAge: 60 }, metrics: true }),
  segment: Promise.resolve('from-js'),
};
