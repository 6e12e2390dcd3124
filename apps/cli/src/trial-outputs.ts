/**
 * cli/trial-outputs: the files a finished unit leaves next to its trial records, as `output` asks: each trained
 * student's weights (DIR/weights/<trial>.json), its graph pruned and unpruned (DIR/graphs/<trial>.<view>.<format>,
 * @spectral-ts/topology's writers), and the data it was trained and tested on as numpy .npy files
 * (DIR/data/t<teacher>/test_{x,y}.npy, DIR/data/t<teacher>/trial<k>/{train,validation}_{x,y}.npy). A trial's data
 * depend on the teacher, the data config and the trial index only, so every N1 and variant shares one copy. Every
 * file is written atomically.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { NetworkWeights } from '@spectral-ts/spectral';
import { DATA_DIR, GRAPHS_DIR, resultsPaths, sha256Hex, writeFileAtomic, writeJsonAtomic } from '@spectral-ts/results';
import type { Dataset } from '@spectral-ts/teacher-student';
import { allNodes, prunedNodes, toGraph, writeGexf, writeGraphml } from '@spectral-ts/topology';
import type { ResolvedConfig } from './config/resolve';
import { encodeNpy } from './numpy-files';
import { teacherContext, trialData, type UnitResult } from './run-unit';

export const GRAPH_WRITERS = { gexf: writeGexf, graphml: writeGraphml } as const;

/**
 * The two views of a student's graph: the unpruned network and the paper's pruned one (method spec §5.4), cutting
 * hidden layer `prunedLayer` (config's pruning.layer, default the first), as the trial's topology record does.
 */
export function studentGraphs(net: NetworkWeights, prunedLayer = 0) {
  const pruned = prunedNodes(net, { layers: [prunedLayer + 1] });
  return { full: toGraph(net, { keep: allNodes(net) }), pruned: toGraph(net, { keep: pruned }) };
}

function writeDataset(dir: string, name: string, data: Dataset): void {
  const x = path.join(dir, `${name}_x.npy`);
  // written once per (teacher, trial): the first unit that finishes writes them, later ones find them complete
  if (fs.existsSync(x) && fs.existsSync(path.join(dir, `${name}_y.npy`))) return;
  writeFileAtomic(x, encodeNpy({ dtype: 'float32', shape: [data.rows, data.inputDim], data: data.x }));
  writeFileAtomic(path.join(dir, `${name}_y.npy`), encodeNpy({ dtype: 'float32', shape: [data.rows], data: data.y }));
}

/** Writes a unit's files; returns the sha256 of each weights file written, by trial id (kept in its record). */
export function writeTrialOutputs(root: string, config: ResolvedConfig, result: UnitResult): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const [id, net] of Object.entries(result.weights)) {
    if (config.output.saveWeights) hashes.set(id, sha256Hex(writeJsonAtomic(resultsPaths(root).weights(id), net)));
    const graphs = config.output.graphs ?? [];
    if (graphs.length === 0) continue;
    const views = studentGraphs(net, config.pruning.layer);
    for (const format of graphs) {
      for (const [view, graph] of Object.entries(views)) {
        writeFileAtomic(path.join(root, GRAPHS_DIR, `${id}.${view}.${format}`), GRAPH_WRITERS[format](graph));
      }
    }
  }
  if (!config.output.saveData) return hashes;
  for (const record of result.records) {
    const ctx = teacherContext(config, record.teacher.index);
    const teacherDir = path.join(root, DATA_DIR, `t${record.teacher.index}`);
    writeDataset(teacherDir, 'test', ctx.testSet);
    const data = trialData(config, ctx, record.trial);
    writeDataset(path.join(teacherDir, `trial${record.trial}`), 'train', data.train);
    writeDataset(path.join(teacherDir, `trial${record.trial}`), 'validation', data.validation);
  }
  return hashes;
}
