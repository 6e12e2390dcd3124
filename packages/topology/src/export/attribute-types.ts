/**
 * topology/attribute-types: the type of every attribute a network graph carries, declared once for both file
 * formats, so that an integer (a layer, an index) is an integer in the file even when a value would look like a
 * float, and a float (an eigenvalue, a score) a double even when every value happens to be whole.
 */
export type AttributeType = 'integer' | 'double' | 'boolean' | 'string';
export type AttributeDomain = 'graph' | 'node' | 'edge';

export const ATTRIBUTE_TYPES: Record<AttributeDomain, Record<string, AttributeType>> = {
  graph: { nodeLayers: 'integer', fullSizes: 'string' },
  node: {
    layer: 'integer',
    index: 'integer',
    fullLayerSize: 'integer',
    kind: 'string',
    label: 'string',
    eigenvalue: 'double',
    score: 'double',
    masked: 'boolean',
    active: 'boolean',
    x: 'double',
    y: 'double',
  },
  edge: { weight: 'double', absWeight: 'double', signedWeight: 'double', distance: 'double', layer: 'integer' },
};

/** The declared type of an attribute, or the one its value suggests for attributes not in the table (plugins'). */
export function attributeType(domain: AttributeDomain, name: string, value: unknown): AttributeType | undefined {
  const declared = ATTRIBUTE_TYPES[domain][name];
  if (declared) return declared;
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'double';
  return 'string';
}

/**
 * Node attribute added on export: the width of the node's layer in the full network. GEXF has no graph attributes
 * that networkx reads (it keeps only the graph's name and mode; it refuses <attributes class="graph">), so the full
 * sizes also travel on the nodes, where Gephi and networkx both keep them.
 */
export const FULL_LAYER_SIZE_ATTRIBUTE = 'fullLayerSize';

/** The full network's layer widths from the graph's `fullSizes` attribute ("10,40,20,1"). */
export function fullSizesOf(fullSizes: string): number[] {
  return fullSizes === '' ? [] : fullSizes.split(',').map(Number);
}
