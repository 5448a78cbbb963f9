import type { Ec2Error } from './ec2-error';
import { escapeXml, toXml, type XmlObject } from './to-xml';

/** The namespace of the EC2 API version the AWS SDK v3 speaks. */
export const EC2_XML_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/';

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Renders a successful `<ActionResponse>` document with its `requestId`, the shape the SDK parses. */
export function xmlResponse(action: string, requestId: string, body: XmlObject): string {
  const children = Object.entries(body)
    .map(([name, value]) => toXml(name, value))
    .join('');
  return `${PROLOG}<${action}Response xmlns="${EC2_XML_NAMESPACE}"><requestId>${escapeXml(requestId)}</requestId>${children}</${action}Response>`;
}

/** Renders EC2's error document; its `Code` becomes the name of the error the SDK throws. */
export function xmlErrorResponse(error: Ec2Error, requestId: string): string {
  return (
    `${PROLOG}<Response><Errors><Error><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error></Errors>` +
    `<RequestID>${escapeXml(requestId)}</RequestID></Response>`
  );
}
