/**
 * topology/gexf: a network graph to GEXF (Gephi's native format) and back, with graphology-gexf's own writer and
 * parser (the parser runs on @xmldom/xmldom in Node).
 */
import Graph from 'graphology';
import * as gexf from 'graphology-gexf';
import type { NetworkGraph } from '../graph/to-graph';
import { exportedEdgeAttributes, restoreNetworkGraph, type ExportedWeight } from './restore';

export interface GexfOptions {
  /**
   * What goes into the GEXF edge weight: 'abs' (default) writes |w| there, because Gephi's layouts and filters expect
   * positive weights, and keeps the signed weight in the `signedWeight` attribute; 'signed' writes w.
   */
  weight?: ExportedWeight;
  /** GEXF version (default '1.3'). */
  version?: '1.2' | '1.3';
  /** Indent the XML (default true). */
  pretty?: boolean;
}

/** The graph as a GEXF document; node x, y become viz positions, every other attribute a typed GEXF attribute. */
export function writeGexf(graph: NetworkGraph, options: GexfOptions = {}): string {
  const weight = options.weight ?? 'abs';
  return gexf.write(graph, {
    version: options.version ?? '1.3',
    pretty: options.pretty ?? true,
    formatEdge: (_key, attr) => {
      const { weight: w, ...attributes } = exportedEdgeAttributes(attr, weight);
      return { weight: w, attributes };
    },
  });
}

/** Reads a GEXF document written by {@link writeGexf} back into a NetworkGraph (signed weights restored). */
export function parseGexf(xml: string): NetworkGraph {
  return restoreNetworkGraph('parseGexf', gexf.parse(Graph, xml));
}
