/** A child of {@link h}: a node, text, or nothing (skipped). */
export type Child = Node | string | number | undefined | null | false;

/**
 * An element with attributes and children. Text always goes in as text nodes, never as HTML,
 * so nothing a client sent (a body, an order id) can become markup on the page.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | undefined> | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (attributes) {
    for (const [name, value] of Object.entries(attributes)) {
      if (value !== undefined) element.setAttribute(name, value);
    }
  }
  append(element, children);
  return element;
}

/** Appends children, text as text nodes. */
function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/**
 * The element with this id, of this type.
 * @throws Error when the page lacks it (the HTML and the script do not match).
 */
export function byId<T extends HTMLElement>(id: string, type: abstract new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`inspector page: no ${type.name} #${id}`);
  return element;
}

/** The body of the table with this id. */
export function tableBody(id: string): HTMLTableSectionElement {
  const body = byId(id, HTMLTableElement).tBodies[0];
  if (body === undefined) throw new Error(`inspector page: #${id} has no <tbody>`);
  return body;
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, children: Child[]): void {
  const fragment = document.createDocumentFragment();
  append(fragment, children);
  parent.replaceChildren(fragment);
}
