// What every handler of the AWS front produces; the front writes it after the injected latency.
import { randomUUID } from 'node:crypto';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

export function jsonReply(status: number, body: unknown): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID() },
    body: JSON.stringify(body),
  };
}

/** An EKS (restJson1) error. The SDK takes the error class from the x-amzn-errortype header. */
export class EksError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
  toReply(): Reply {
    const r = jsonReply(this.status, { message: this.message, ...this.extra });
    r.headers['x-amzn-errortype'] = this.type;
    return r;
  }
}

export const notFound = (message: string, extra: Record<string, unknown> = {}) =>
  new EksError(404, 'ResourceNotFoundException', message, extra);
export const inUse = (message: string, extra: Record<string, unknown> = {}) =>
  new EksError(409, 'ResourceInUseException', message, extra);
export const invalidParam = (message: string, extra: Record<string, unknown> = {}) =>
  new EksError(400, 'InvalidParameterException', message, extra);
export const invalidRequest = (message: string, extra: Record<string, unknown> = {}) =>
  new EksError(400, 'InvalidRequestException', message, extra);

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * An IAM/STS (awsQuery) error, as the services send it:
 * https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html
 */
export function queryErrorReply(service: 'iam' | 'sts', status: number, code: string, message: string): Reply {
  const ns = service === 'iam' ? 'https://iam.amazonaws.com/doc/2010-05-08/' : 'https://sts.amazonaws.com/doc/2011-06-15/';
  const type = status >= 500 ? 'Receiver' : 'Sender';
  const requestId = randomUUID();
  return {
    status,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
    body:
      `<ErrorResponse xmlns="${ns}"><Error><Type>${type}</Type><Code>${xmlEscape(code)}</Code>` +
      `<Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

/** First text of <Tag>...</Tag> in an XML document (moto's responses are flat enough). */
export function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  if (!m) return undefined;
  return m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}
