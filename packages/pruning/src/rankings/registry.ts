/**
 * pruning/rankings/registry: the name -> ranking table that the built-in rankings and plugins register into, so the
 * CLI and configs can name a ranking by string.
 */
import { fail } from '../errors';
import type { NodeRanking } from './types';

const registry = new Map<string, NodeRanking>();

/**
 * Adds a ranking under `ranking.name`. Registering a name twice is an error unless `replace` is true, so a plugin
 * cannot silently shadow a built-in.
 */
export function registerRanking(ranking: NodeRanking, options: { replace?: boolean } = {}): void {
  if (!ranking || typeof ranking.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(ranking.name)) {
    fail('registerRanking', `ranking name must be kebab-case letters and digits, got '${ranking?.name}'`);
  }
  if (typeof ranking.score !== 'function') fail('registerRanking', `ranking '${ranking.name}' has no score function`);
  if (registry.has(ranking.name) && !options.replace) {
    fail(
      'registerRanking',
      `a ranking named '${ranking.name}' is already registered (pick another name or pass { replace: true })`,
    );
  }
  registry.set(ranking.name, ranking);
}

/** The ranking registered under `name`, or a named error listing the known names. */
export function getRanking(name: string): NodeRanking {
  const ranking = registry.get(name);
  if (!ranking) fail('getRanking', `unknown ranking '${name}' (known: ${listRankings().join(', ')})`);
  return ranking;
}

/** Names of every registered ranking, sorted. */
export function listRankings(): string[] {
  return [...registry.keys()].sort();
}
