// The Node.js side of an httpapi-wizard `run` worker: loads one Lambda handler, as
// Lambda's Node.js runtime does, and answers invocations framed over two pipes whose
// descriptors HTTPAPI_WIZARD_FDS names ("in,out").
//
// in:  4-byte big-endian length, then {"requestId", "deadlineMs", "invokedFunctionArn", "event"} (JSON).
// out: 1 byte ("I" initialized, "R" result, "E" error, "X" error then exit), 4-byte length, then the result as
//      Lambda serializes it (JSON) or {"errorType", "errorMessage", "trace"}.
// stdout and stderr are the function's log; after an invocation that wrote to them a
// sentinel (\x1e + nonce + \x1e) goes to fd 1 so the parent knows where its log ends,
// and the answer's kind is upper-case; lower-case kinds mean nothing was written, so
// the parent need not wait for the pipe.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import util from 'node:util';
import { pathToFileURL } from 'node:url';

const [IN_FD, OUT_FD] = (process.env.HTTPAPI_WIZARD_FDS || '3,4').split(',').map(Number);
const SENTINEL = Buffer.from(`\x1e${process.env.HTTPAPI_WIZARD_NONCE}\x1e`);
delete process.env.HTTPAPI_WIZARD_NONCE;
delete process.env.HTTPAPI_WIZARD_FDS;

const taskRoot = process.env.LAMBDA_TASK_ROOT || process.cwd();
const handlerString = process.env._HANDLER || '';
let currentRequestId = undefined;
let wrote = false; // since the last answer, through process.stdout or process.stderr

// Every write of the function's code goes through these (console included).
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (...args) => {
    wrote = true;
    return write(...args);
  };
}

// Lambda's runtime prefixes every console line with time, request id and level.
function patchConsole() {
  const levels = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };
  for (const [method, level] of Object.entries(levels)) {
    const stream = method === 'log' || method === 'info' || method === 'debug' ? process.stdout : process.stderr;
    console[method] = (...args) => {
      let message = util.format(...args);
      if (method === 'trace') message = `Trace: ${message}\n${new Error().stack.split('\n').slice(2).join('\n')}`;
      stream.write(`${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${message}\n`);
    };
  }
}

class RuntimeError extends Error {
  constructor(type, message) {
    super(message);
    this.name = type;
  }
}

// "dir/module.a.b": the module is dir/module, the handler module.a.b's path after the first dot.
function splitHandler(handler) {
  const slash = handler.lastIndexOf('/');
  const dir = handler.slice(0, slash + 1);
  const rest = handler.slice(slash + 1);
  const dot = rest.indexOf('.');
  if (dot <= 0 || dot === rest.length - 1) {
    throw new RuntimeError('Runtime.MalformedHandlerName', `Bad handler ${handler}`);
  }
  return [dir + rest.slice(0, dot), rest.slice(dot + 1)];
}

async function loadHandler() {
  const [modulePath, handlerPath] = splitHandler(handlerString);
  const base = path.resolve(taskRoot, modulePath);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => base + ext).find((f) => fs.existsSync(f));
  if (!file) {
    throw new RuntimeError('Runtime.ImportModuleError',
      `Error: Cannot find module '${path.basename(modulePath)}'\nRequire stack:\n- ${path.join(taskRoot, 'index.mjs')}`);
  }
  let namespace;
  try {
    namespace = await import(pathToFileURL(file).href);
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new RuntimeError('Runtime.UserCodeSyntaxError', `${error.name}: ${error.message}\n${error.stack ?? ''}`);
    }
    throw error;
  }
  // CommonJS modules arrive through import() with module.exports as `default`.
  let target = namespace;
  for (const [index, part] of handlerPath.split('.').entries()) {
    let next = target?.[part];
    if (next === undefined && index === 0 && namespace.default) next = namespace.default[part];
    target = next;
  }
  if (typeof target !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound',
      `${path.basename(modulePath)}.${handlerPath} is ${target === undefined ? 'undefined or not exported' : 'not a function'}`);
  }
  return target;
}

function errorPayload(error) {
  if (error instanceof Error) {
    return { errorType: error.name || 'Error', errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
  }
  // Lambda wraps thrown non-errors ("throw 'oops'") the same way.
  return { errorType: typeof error === 'object' ? 'Error' : 'string', errorMessage: typeof error === 'string' ? error : JSON.stringify(error), trace: [] };
}

function frame(kind, text) {
  const body = Buffer.from(text, 'utf8');
  const head = Buffer.alloc(5);
  head.write(kind, 0, 'latin1');
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

function writeAll(fd, buffer) {
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += fs.writeSync(fd, buffer, offset, buffer.length - offset);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
    }
  }
}

function respond(kind, text) {
  if (wrote) {
    writeAll(1, SENTINEL);
    wrote = false;
  } else {
    kind = kind.toLowerCase();
  }
  writeAll(OUT_FD, frame(kind, text));
}

function reportError(error, kind = 'E') {
  const payload = errorPayload(error);
  process.stderr.write(`${new Date().toISOString()}\t${currentRequestId}\tERROR\tInvoke Error \t${JSON.stringify(payload)}\n`);
  respond(kind, JSON.stringify(payload));
}

let handler;
let initError;
let pending = null; // the invocation in flight: a function(error, result) settling it once

function invoke(message) {
  currentRequestId = message.requestId;
  const deadline = message.deadlineMs;
  let settled = false;
  const settle = (error, result, kind = 'E') => {
    if (settled) return;
    settled = true;
    pending = null;
    if (error !== null && error !== undefined) {
      reportError(error, kind);
      return;
    }
    let text;
    try {
      text = JSON.stringify(result === undefined ? null : result);
    } catch (e) {
      reportError(new RuntimeError('Runtime.MarshalError', `Unable to stringify response body: ${e.message}`));
      return;
    }
    respond('R', text ?? 'null');
  };
  pending = settle;
  if (initError) {
    settle(initError);
    return;
  }
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: message.requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    identity: undefined,
    clientContext: undefined,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    succeed: (result) => settle(null, result),
    fail: (error) => settle(error ?? new Error('handled')),
    done: (error, result) => settle(error, result),
  };
  let returned;
  try {
    returned = handler(message.event, context, (error, result) => settle(error, result));
  } catch (error) {
    settle(error);
    return;
  }
  if (returned && typeof returned.then === 'function') {
    returned.then((result) => settle(null, result), (error) => settle(error ?? new Error('rejected')));
  } else if (handler.length < 3) {
    // Neither async nor a callback: Lambda ignores what it returns and answers null
    // once the event loop is empty. Let pending callbacks (context.succeed) run first.
    if (returned !== undefined) {
      console.warn('the handler returned a value without being async or calling back: Lambda ignores it and answers null');
    }
    setImmediate(() => settle(null, null));
  }
}

// Lambda reports an uncaught error of the invocation in flight, then restarts the runtime
// ("X": an error after which this worker exits).
function crash(error, type) {
  const wrapped = error instanceof Error ? error : new Error(String(error));
  if (type && wrapped.name === 'Error') wrapped.name = type;
  if (pending) pending(wrapped, undefined, 'X');
  else process.stderr.write(`${new Date().toISOString()}\t${currentRequestId}\tERROR\t${wrapped.stack ?? wrapped}\n`);
  process.exit(129);
}
process.on('uncaughtException', (error) => crash(error));
process.on('unhandledRejection', (reason) => crash(reason, 'Runtime.UnhandledPromiseRejection'));

function readFrames(onMessage) {
  const input = new net.Socket({ fd: IN_FD, readable: true, writable: false });
  let buffer = Buffer.alloc(0);
  input.on('data', (chunk) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    while (buffer.length >= 4) {
      const size = buffer.readUInt32BE(0);
      if (buffer.length < 4 + size) break;
      const message = JSON.parse(buffer.subarray(4, 4 + size).toString('utf8'));
      buffer = buffer.subarray(4 + size);
      onMessage(message);
    }
  });
  // The parent went away: so does this worker.
  input.on('end', () => process.exit(0));
  input.on('error', () => process.exit(0));
}

patchConsole();
try {
  handler = await loadHandler();
} catch (error) {
  initError = error instanceof Error ? error : new Error(String(error));
  if (!initError.name.startsWith('Runtime.')) {
    initError = Object.assign(new RuntimeError('Runtime.ImportModuleError', `${initError.name}: ${initError.message}`), { stack: initError.stack });
  }
}
writeAll(OUT_FD, frame('I', ''));
readFrames(invoke);
