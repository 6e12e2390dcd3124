/**
 * topology/gexf: a network graph to GEXF (Gephi's native format) and back, with graphology-gexf's own writer and
 * parser (the parser runs on @xmldom/xmldom in Node). Every attribute is declared with its type from
 * ATTRIBUTE_TYPES; the graph attributes go where readers keep them (see writeGexf).
 */
import Graph from 'graphology';
import * as gexf from 'graphology-gexf';
import { fail } from '../errors';
import type { NetworkGraph } from '../graph/to-graph';
import { ATTRIBUTE_TYPES, FULL_LAYER_SIZE_ATTRIBUTE, fullSizesOf, type AttributeDomain } from './attribute-types';
import { exportedEdgeAttributes, restoreNetworkGraph, type ExportedWeight } from './restore';

export interface GexfOptions {
  /**
   * What goes into the GEXF edge weight: 'abs' (default) writes |w| there, because Gephi's layouts and filters expect
   * positive weights, and keeps the signed weight in the `signedWeight` attribute; 'signed' writes w.
   */
  weight?: ExportedWeight;
  /** GEXF version (default '1.2', the newest that networkx before 3.0 reads; Gephi reads both). */
  version?: '1.2' | '1.3';
  /** Indent the XML (default true). */
  pretty?: boolean;
}

/** The standard GEXF <meta> description that carries the graph attributes: "nodeLayers=4; fullSizes=10,40,20,1". */
function describeGraph(attrs: { nodeLayers: number; fullSizes: string }): string {
  return `nodeLayers=${attrs.nodeLayers}; fullSizes=${attrs.fullSizes}`;
}

/** graphology-gexf infers a type per attribute from its values (1.0 becomes integer); the declared types win. */
function declareTypes(xml: string): string {
  return xml.replace(/<attributes class="(node|edge)">[\s\S]*?<\/attributes>/g, (block, domain: AttributeDomain) =>
    block.replace(/<attribute id="([^"]+)" title="([^"]+)" type="([a-z]+)"\/>/g, (line, id: string, title: string) => {
      const declared = ATTRIBUTE_TYPES[domain][id];
      return declared ? `<attribute id="${id}" title="${title}" type="${declared}"/>` : line;
    }),
  );
}

/**
 * The graph as a GEXF document; node x, y become viz positions, every other attribute a typed GEXF attribute.
 * Graph attributes: GEXF's <meta> admits only creator, keywords and description, and networkx reads no graph
 * attribute from GEXF at all (it rejects <attributes class="graph">), so `nodeLayers` and `fullSizes` are written
 * in the standard <description> (Gephi shows it) and the full sizes also on every node as `fullLayerSize`.
 */
export function writeGexf(graph: NetworkGraph, options: GexfOptions = {}): string {
  const weight = options.weight ?? 'abs';
  const attrs = graph.getAttributes();
  const sizes = fullSizesOf(attrs.fullSizes);
  const described = graph.copy();
  (described as unknown as Graph).replaceAttributes({ creator: 'spectral-ts', description: describeGraph(attrs) });
  const xml = gexf.write(described, {
    version: options.version ?? '1.2',
    pretty: options.pretty ?? true,
    pedantic: true,
    formatNode: (_key, attr) => {
      const { label, x, y, ...attributes } = attr as unknown as Record<string, unknown>;
      return {
        label: label as string,
        attributes: { ...attributes, [FULL_LAYER_SIZE_ATTRIBUTE]: sizes[attr.layer as number] },
        viz: { x: x as number, y: y as number },
      };
    },
    formatEdge: (_key, attr) => {
      const { weight: w, ...attributes } = exportedEdgeAttributes(attr, weight);
      return { weight: w, attributes };
    },
  });
  // graphology-gexf 0.13 declares GEXF 1.2's viz namespace as "http:///www.gexf.net/1.1draft/viz" (sic), which makes
  // readers skip the positions; 1.2's own namespace is http://www.gexf.net/1.2draft/viz.
  const viz = 'xmlns:viz="http://www.gexf.net/1.2draft/viz"';
  return declareTypes(xml).replace('xmlns:viz="http:///www.gexf.net/1.1draft/viz"', viz);
}

/** Reads a GEXF document written by {@link writeGexf} back into a NetworkGraph (signed weights restored). */
export function parseGexf(xml: string): NetworkGraph {
  const parsed = gexf.parse(Graph, xml);
  const description = String(parsed.getAttribute('description') ?? '');
  const fields = Object.fromEntries(description.split(';').map((f) => f.trim().split('=') as [string, string]));
  if (fields.nodeLayers === undefined) {
    fail('parseGexf', 'the file has no "nodeLayers=..." in its <meta> description (was it written by writeGexf?)');
  }
  parsed.replaceAttributes({ nodeLayers: Number(fields.nodeLayers), fullSizes: fields.fullSizes ?? '' });
  parsed.forEachNode((node) => parsed.removeNodeAttribute(node, FULL_LAYER_SIZE_ATTRIBUTE));
  return restoreNetworkGraph('parseGexf', parsed);
}
