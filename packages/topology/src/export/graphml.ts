/**
 * topology/graphml: a network graph to GraphML and back. graphology-graphml 0.5 only parses, so the writer is ours
 * (a small one: <key> declarations typed from ATTRIBUTE_TYPES, integers as int, one <data> per attribute); reading
 * back uses graphology-graphml's parser.
 */
import Graph from 'graphology';
import * as graphml from 'graphology-graphml';
import { fail } from '../errors';
import type { NetworkGraph } from '../graph/to-graph';
import { attributeType, type AttributeDomain, type AttributeType } from './attribute-types';
import { exportedEdgeAttributes, restoreNetworkGraph, type ExportedWeight } from './restore';

export interface GraphmlOptions {
  /** 'abs' (default) stores |w| in `weight` (Gephi reads it as the edge weight) and w in `signedWeight`; 'signed' stores w. */
  weight?: ExportedWeight;
}

type KeyType = 'boolean' | 'int' | 'double' | 'string';
type Domain = AttributeDomain;

const GRAPHML_TYPES: Record<AttributeType, KeyType> = {
  integer: 'int',
  double: 'double',
  boolean: 'boolean',
  string: 'string',
};

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function typeOf(domain: Domain, name: string, value: unknown): KeyType | undefined {
  if (value === undefined || value === null) return undefined;
  const type = attributeType(domain, name, value);
  if (type === 'integer' && !Number.isInteger(value)) {
    fail('writeGraphml', `${domain} attribute '${name}' is declared integer but is ${String(value)}`);
  }
  return type ? GRAPHML_TYPES[type] : undefined;
}

function serialise(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value))
    fail('writeGraphml', `an attribute is ${value} (GraphML doubles must be finite)`);
  // String() gives the shortest text that parses back to the same float64.
  return escapeXml(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

/** The graph as a GraphML document (directed edges; attributes typed int, double, boolean or string). */
export function writeGraphml(graph: NetworkGraph, options: GraphmlOptions = {}): string {
  const weight = options.weight ?? 'abs';
  const nodes: [string, Record<string, unknown>][] = [];
  graph.forEachNode((key, attr) => {
    nodes.push([key, { ...attr }]);
  });
  const edges: [string, string, string, Record<string, unknown>][] = [];
  graph.forEachEdge((key, attr, source, target) => {
    edges.push([key, source, target, exportedEdgeAttributes(attr, weight)]);
  });
  const keys = new Map<string, { domain: Domain; name: string; type: KeyType }>();
  const declare = (domain: Domain, attrs: Record<string, unknown>): void => {
    for (const [name, value] of Object.entries(attrs)) {
      const type = typeOf(domain, name, value);
      if (!type) continue;
      const id = `${domain}_${name}`;
      const known = keys.get(id);
      if (known && known.type !== type)
        fail('writeGraphml', `${domain} attribute '${name}' mixes ${known.type} and ${type} values (give it one type)`);
      if (!known) keys.set(id, { domain, name, type });
    }
  };
  const graphAttrs = graph.getAttributes() as unknown as Record<string, unknown>;
  declare('graph', graphAttrs);
  nodes.forEach(([, a]) => declare('node', a));
  edges.forEach(([, , , a]) => declare('edge', a));

  const data = (domain: Domain, attrs: Record<string, unknown>, indent: string): string[] =>
    Object.entries(attrs)
      .filter(([name, v]) => typeOf(domain, name, v) !== undefined)
      .map(([name, v]) => `${indent}<data key="${escapeXml(`${domain}_${name}`)}">${serialise(v)}</data>`);

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...[...keys.entries()].map(
      ([id, k]) =>
        `  <key id="${escapeXml(id)}" for="${k.domain}" attr.name="${escapeXml(k.name)}" attr.type="${k.type}"/>`,
    ),
    '  <graph id="network" edgedefault="directed">',
    ...data('graph', graphAttrs, '    '),
  ];
  for (const [key, attrs] of nodes) {
    lines.push(`    <node id="${escapeXml(key)}">`, ...data('node', attrs, '      '), '    </node>');
  }
  for (const [key, source, target, attrs] of edges) {
    lines.push(
      `    <edge id="${escapeXml(key)}" source="${escapeXml(source)}" target="${escapeXml(target)}">`,
      ...data('edge', attrs, '      '),
      '    </edge>',
    );
  }
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

/** Reads a GraphML document written by {@link writeGraphml} back into a NetworkGraph (signed weights restored). */
export function parseGraphml(xml: string): NetworkGraph {
  const parsed = graphml.parse(Graph, xml);
  parsed.removeAttribute('id');
  return restoreNetworkGraph('parseGraphml', parsed);
}
