/** A value the XML writer can render: EC2 responses are plain trees of scalars, objects and lists. */
export type XmlValue = string | number | boolean | null | undefined | readonly XmlValue[] | XmlObject;

/** An XML element's children keyed by element name, in document order. */
export interface XmlObject {
  readonly [element: string]: XmlValue;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Escapes text for element content, so tag values and names from requests cannot break the document. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * Renders one element. Lists become EC2's `<name><item>…</item></name>` sets; `undefined` and `null`
 * omit the element, which is how EC2 leaves out fields that do not apply.
 */
export function toXml(name: string, value: XmlValue): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    const items = (value as readonly XmlValue[]).map((item) => toXml('item', item)).join('');
    return items ? `<${name}>${items}</${name}>` : `<${name}/>`;
  }
  if (typeof value === 'object') {
    const children = Object.entries(value as XmlObject)
      .map(([child, childValue]) => toXml(child, childValue))
      .join('');
    return `<${name}>${children}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
