// Preloaded into `serverless package` (NODE_OPTIONS=--require) for a case whose case.json says
// "stack": "new": CloudFormation's DescribeStacks is answered as AWS answers it for a stack that
// was never deployed (400 ValidationError "Stack with id <name> does not exist"), without the
// network. Serverless asks this while packaging top-level `layers` (compareWithLastLayer) and
// goes on when the stack does not exist; every other request is left alone (offline, it fails).
'use strict';

const path = require('path');
const { Readable } = require('stream');
const { EventEmitter } = require('events');

const serverlessBin = process.argv[1] || '';
const searchFrom = [path.dirname(serverlessBin), process.cwd()];
let AWS;
try {
  AWS = require(require.resolve('aws-sdk', { paths: searchFrom }));
} catch (error) {
  AWS = null;
}

if (AWS) {
  const original = AWS.NodeHttpClient.prototype.handleRequest;
  AWS.NodeHttpClient.prototype.handleRequest = function handleRequest(httpRequest, httpOptions, callback, errCallback) {
    const host = (httpRequest.endpoint && httpRequest.endpoint.hostname) || '';
    const body = String(httpRequest.body || '');
    if (!host.startsWith('cloudformation.') || !body.includes('Action=DescribeStacks')) {
      return original.call(this, httpRequest, httpOptions, callback, errCallback);
    }
    const stackName = decodeURIComponent((/StackName=([^&]*)/.exec(body) || [])[1] || '');
    const xml =
      '<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type>' +
      `<Code>ValidationError</Code><Message>Stack with id ${stackName} does not exist</Message></Error>` +
      '<RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>';
    const request = new EventEmitter();
    request.didCallback = false;
    request.abort = () => {};
    process.nextTick(() => {
      const response = new Readable({ read() {} });
      response.statusCode = 400;
      response.statusMessage = 'Bad Request';
      response.headers = { 'content-type': 'text/xml', 'content-length': String(Buffer.byteLength(xml)) };
      callback(response);
      response.emit('headers', response.statusCode, response.headers, response.statusMessage);
      response.push(Buffer.from(xml));
      response.push(null);
    });
    return request;
  };
}
