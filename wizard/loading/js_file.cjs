'use strict';

// Runs the `${file(x.js)}` / `${file(x.js):address}` variables of one compile as Serverless v3.39's
// file source does, in one process as Serverless does: each module is required once (Node's
// require cache), so every reference to it shares its top-level code and module state
// (lib/configuration/variables/sources/file.js). Each reference: require the module; a plain function export
// is called with { options, resolveConfigurationProperty, resolveVariable } and awaited, any
// other export is awaited; an address walks the result, calling (once) a function met on the
// way and awaiting a promise. The answer is JSON, as Serverless copies it (JSON.stringify).
//
// Protocol: each request is a line of stdin ({file, address, options}), sent once the previous
// one is answered; the messages to Python go to the file descriptor named in argv[2], one JSON
// line each: {call, id, arg} for a callback (the reply comes back on stdin as {id, value} or
// {id, error}), then the request's final {value} | {error: {code, message}} | {passthrough: id}.
// The process ends when stdin closes.
// stdout and stderr stay the module's own (its console.log must not break the protocol).

const fs = require('fs');
const path = require('path');
const readline = require('readline');
const util = require('util');

const out = Number(process.argv[2]);
const send = (message) => fs.writeSync(out, `${JSON.stringify(message)}\n`);

const pending = new Map();
let nextId = 0;

// A failure of Python's own resolution, handed back to the module: if it is not caught
// there, Serverless rethrows it as it is (file.js), and so does Python.
class ResolverError extends Error {
  constructor(id, message) {
    super(message);
    this.resolverId = id;
  }
}

const call = (kind, arg) =>
  new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, { resolve, reject });
    send({ call: kind, id, arg });
  });

const stack = (error) => (error && error.stack ? error.stack : String(error));

const finish = (message) => {
  send(message);
};

const fail = (error, code, message) => {
  if (error instanceof ResolverError) return finish({ passthrough: error.resolverId });
  return finish({ error: { code, message } });
};

const isPlainFunction = (value) =>
  typeof value === 'function' && !/^class[\s{]/.test(Function.prototype.toString.call(value));

// The options object of `serverless package`: each option it knows, undefined unless given.
const PACKAGE_OPTIONS = ['app', 'aws-profile', 'config', 'debug', 'help', 'org', 'package', 'param', 'region',
  'stage', 'use-local-credentials', 'verbose', 'version'];

const run = async ({ file, address, options: given }) => {
  const base = path.basename(file);
  const options = Object.assign(Object.fromEntries(PACKAGE_OPTIONS.map((name) => [name, undefined])), given);
  const helpers = {
    options,
    resolveConfigurationProperty: async (keys) => call('property', keys),
    resolveVariable: async (text) => call('variable', String(text)),
  };
  let result;
  try {
    result = require(file);
  } catch (error) {
    return fail(error, 'FILE_CONTENT_RESOLUTION_ERROR',
      `Cannot load "${path.relative(process.cwd(), file)}": Initialization error: ${stack(error)}`);
  }
  let byFunction = false;
  if (isPlainFunction(result)) {
    byFunction = true;
    try {
      result = await result(helpers);
    } catch (error) {
      return fail(error, 'JS_FILE_FUNCTION_RESOLUTION_ERROR',
        `Cannot resolve "${base}": Returned JS function errored with: ${stack(error)}`);
    }
  } else {
    try {
      result = await result;
    } catch (error) {
      return fail(error, 'JS_FILE_RESOLUTION_ERROR', `Cannot resolve "${base}": Received rejection: ${stack(error)}`);
    }
  }
  if (address) {
    if (result == null) return finish({ value: null });
    for (const key of address.split('.')) {
      if (typeof result === 'string') result = await call('string', result);
      result = result[key];
      if (result == null) return finish({ value: null });
      if (byFunction) continue;
      if (isPlainFunction(result)) {
        byFunction = true;
        try {
          result = await result(helpers);
        } catch (error) {
          return fail(error, 'JS_FILE_PROPERTY_FUNCTION_RESOLUTION_ERROR',
            `Cannot resolve "${address}" out of "${base}": Received rejection: ${stack(error)}`);
        }
      } else {
        try {
          result = await result;
        } catch (error) {
          return fail(error, 'JS_FILE_PROPERTY_PROMISE_RESOLUTION_ERROR',
            `Cannot resolve "${address}" out of "${base}": Received rejection: ${stack(error)}`);
        }
        if (result == null) return finish({ value: null });
      }
    }
  }
  // Serverless keeps a JSON copy, and refuses a value that is neither a plain object, a list
  // nor its own copy (a Date, undefined, NaN, a class instance: resolve.js resolveSource).
  const unsupported = () =>
    finish({
      error: {
        code: 'UNSUPPORTED_VARIABLE_RESOLUTION_RESULT',
        message: `Source "file" returned not supported result: "${util.inspect(result)}"`,
      },
    });
  let copy;
  try {
    copy = JSON.parse(JSON.stringify(result));
  } catch (error) {
    return unsupported();
  }
  if (!isPlainObject(result) && !Array.isArray(result) && copy !== result) return unsupported();
  return finish({ value: copy });
};

const isPlainObject = (value) => {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || prototype === Object.prototype;
};

const lines = readline.createInterface({ input: process.stdin });
// Python closes stdin at the end of its compile: timers a module left behind do not keep Node alive.
lines.on('close', () => process.exit(0));
lines.on('line', (line) => {
  const message = JSON.parse(line);
  if ('file' in message) {
    run(message).catch((error) => fail(error, 'JS_FILE_RESOLUTION_ERROR', stack(error)));
    return;
  }
  const waiting = pending.get(message.id);
  if (!waiting) return;
  pending.delete(message.id);
  if ('error' in message) waiting.reject(new ResolverError(message.id, message.error));
  else waiting.resolve(message.value);
});
