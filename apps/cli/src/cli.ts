/**
 * cli/cli: the `spectral` command line (commander). Every command validates its input and reports bad input as a
 * one-paragraph error with exit code 2; `run` exits 0 when every trial finished ok and 1 when some failed.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { listTeachers } from '@spectral-ts/teacher-student';
import { listAllPresets, presetConfig } from './presets';
import { classificationLine } from './classification-line';
import { listStrategies } from '@spectral-ts/training';
import * as pruning from '@spectral-ts/pruning';
import { configJsonSchema } from './config/schema';
import { EXIT, FaultError, paragraph, UsageError } from './errors';
import { printable } from './printable';
import { integerOption } from './parse-options';
import { divergedLine } from './diverged-line';
import { loadPlugins } from './plugins';
import { runExperiment } from './run-experiment';
import { defaultProgressMode, type ProgressIo } from './progress';
import { analyzeNetwork } from './commands/analyze';
import { pruneNetwork } from './commands/prune';
import { writeReportFor } from './commands/report';
import { runWorker } from './commands/worker';
import { registerSweepCommands } from './commands/sweep-commands';
import { registerCompareCommand } from './commands/compare';
import { EXPORT_FORMATS, exportNetwork } from './commands/export';

function integer(name: string, min: number) {
  return (value: string): number => {
    const n = integerOption(value);
    if (n === undefined || n < min)
      throw new InvalidArgumentError(
        printable(`${name} must be an integer >= ${min}, got '${value}' (decimal digits only).`, 200),
      );
    return n;
  };
}

function number(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new InvalidArgumentError(printable(`${name} must be a number, got '${value}'.`, 200));
    return n;
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

const RUN_EXAMPLES = `
Examples:
  $ spectral run --preset quick --out results/quick
  $ spectral run --config experiment.yaml --out results/exp1 --workers 2
  $ spectral run --preset paper-mini --out results/mini --trials 5 --epochs 500 --backend wasm
  $ spectral run --out results/exp1 --resume          # continue an interrupted run with its own config
  $ spectral run --config sweep.yaml --out r --json   # machine-readable progress on stdout
  $ spectral run --config sweep.yaml --out /shared/r --shard 2/3   # slice 2 of 3; in a job array: --shard auto

A config (YAML or JSON, camelCase; \`spectral schema\` documents every key and default):
  teacher: { kind: nn, inputDim: 10, hidden: [20, 20], seed: 0 }
  data: { train: 10000, test: 10000, validationSplit: 0.2, seed: 1 }
  students: { hidden: [40, 200], variants: [spectral, direct] }
  training: { epochs: 2000 }
  trials: 3
  seed: 42
  plugins: [./my-plugin.js]

Exit codes: 0 every trial finished ok, 1 some trials failed or diverged (or an internal fault), 2 bad input
(nothing trained or written), 130 interrupted by Ctrl-C (rerun the same command to finish).`;

/** Builds the program; `io` lets tests capture output. */
export function buildProgram(
  io: ProgressIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) },
): Command {
  const program = new Command('spectral')
    .description(
      'Spectral training and the teacher-student experiments of Giambagli et al. (NeurIPS 2023): run sweeps, prune, analyse, report.',
    )
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CJS build reads its own package.json
    .version(require('../package.json').version)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError('(add --help for usage and examples)')
    .addHelpText(
      'after',
      `
Examples:
  $ spectral presets
  $ spectral run --preset quick --out results/quick
  $ spectral report results/quick
  $ spectral analyze results/quick/weights/t0-spectral-n100-trial0.json
  $ spectral prune results/quick/weights/t0-spectral-n100-trial0.json --cutoff 0.05 --out pruned.json`,
    );

  program
    .command('run')
    .description(
      'Train every (teacher x N1 x variant x trial) of an experiment, prune and analyse each student, and write the results directory. Resumes by itself when DIR already holds part of the same run.',
    )
    .option('-c, --config <file>', 'experiment config, YAML or JSON')
    .option('-p, --preset <name>', 'a registered experiment (spectral presets)')
    .requiredOption('-o, --out <dir>', 'results directory')
    .option('--trials <n>', 'override trials', integer('--trials', 1))
    .option('--epochs <n>', 'override training.epochs', integer('--epochs', 1))
    .option('--seed <n>', 'override seed', integer('--seed', 0))
    .option(
      '--workers <n>',
      'worker threads (default: 1 on the native backend, one per core on wasm/cpu)',
      integer('--workers', 1),
    )
    .addOption(
      new Option('--backend <name>', 'tfjs backend (overrides execution.backend)').choices([
        'auto',
        'tensorflow',
        'wasm',
        'cpu',
      ]),
    )
    .option('--resume', 'continue the run in --out (the config may be omitted: DIR/config.json is used)')
    .addOption(new Option('-q, --quiet', 'no progress output').conflicts('json'))
    .option('--json', 'print progress as JSON lines on stdout')
    .option('--force', 'run even when the estimated time is over a week or the memory over half of this machine')
    .option('--plugin <file>', 'load a plugin module (repeatable)', collect, [])
    .option('--queue <url>', 'train on `spectral worker` processes through Redis: redis://[:PASSWORD@]HOST:PORT[/DB]')
    .option('--queue-name <name>', "the queue's name in Redis (default units; the workers need the same)")
    .option(
      '--redis-timeout <seconds>',
      'with --queue: stop when Redis is unreachable this long (default 60)',
      number('--redis-timeout'),
    )
    .option('--shard <K/N|auto>', "train only slice K of N (cost-balanced), or the job array task's slice (auto)")
    .option(
      '--shard-count <n>',
      'the number of slices for --shard auto on Kubernetes (spec.completions)',
      integer('--shard-count', 1),
    )
    .option(
      '--claim-timeout <seconds>',
      'retake a unit whose claimant stopped its heartbeat this long ago (default 60)',
      number('--claim-timeout'),
    )
    .addHelpText('after', RUN_EXAMPLES)
    .action(async (opts) => {
      const outcome = await runExperiment({
        config: opts.config,
        preset: opts.preset,
        out: opts.out,
        trials: opts.trials,
        epochs: opts.epochs,
        seed: opts.seed,
        workers: opts.workers,
        backend: opts.backend,
        resume: !!opts.resume,
        force: !!opts.force,
        plugins: opts.plugin,
        queue: opts.queue,
        queueName: opts.queueName,
        redisTimeout: opts.redisTimeout,
        shard: opts.shard,
        shardCount: opts.shardCount,
        claimTimeout: opts.claimTimeout,
        progress: defaultProgressMode({ quiet: opts.quiet, json: opts.json }),
        io,
      });
      const s = outcome.summary;
      if (opts.json) {
        io.out(
          JSON.stringify({
            type: 'done',
            dir: outcome.dir,
            exitCode: outcome.exitCode,
            trialsTotal: s.trialsTotal,
            trialsFinished: s.trialsFinished,
            trialsFailed: s.trialsFailed,
            trialsDiverged: s.diverged?.length ?? 0,
            wallSeconds: s.wallSeconds,
            backend: s.backend,
            workers: s.workers,
            unitErrors: outcome.unitErrors,
          }) + '\n',
        );
      } else if (!opts.quiet) {
        const lines = [
          `${s.trialsFinished}/${s.trialsTotal} trials finished (${s.trialsFailed} failed) on ${s.backend} with ${s.workers} worker(s), ${s.wallSeconds.toFixed(1)} s -> ${outcome.dir}`,
        ];
        for (const g of s.groups) {
          if (g.classification) {
            lines.push(classificationLine(g));
            continue;
          }
          const eff = g.effectiveSize ? `, n* ${g.effectiveSize.mean.toFixed(1)}` : '';
          lines.push(
            `  h_T ${g.teacher.size} ${g.variant.padEnd(9)} N1 ${String(g.hidden).padStart(4)}: test MSE ${g.testMse.n ? g.testMse.mean.toExponential(2) : '-'}, dimension ${g.averageDimension.n ? g.averageDimension.mean.toFixed(1) : '-'}${eff}${g.failed ? `, ${g.failed} failed` : ''}`,
          );
        }
        if (s.diverged?.length) lines.push(divergedLine(s.diverged));
        for (const e of outcome.unitErrors) lines.push(printable(`  error in ${e.unit}: ${e.message}`));
        if (!s.complete)
          lines.push(
            `  the run is incomplete: rerun the same command (or spectral run --out ${opts.out} --resume) to finish it`,
          );
        io.err(lines.join('\n') + '\n');
      }
      process.exitCode = outcome.exitCode;
    });

  program
    .command('worker')
    .description(
      'Train the units a `spectral run --queue` puts on a Redis queue, on this machine, until stopped (Ctrl-C finishes the running units first).',
    )
    .requiredOption('--queue <url>', 'the Redis of the run: redis://[:PASSWORD@]HOST:PORT[/DB] or rediss://...')
    .option('--queue-name <name>', "the queue's name in Redis (default units)")
    .option('--concurrency <n>', 'units trained at once, one worker thread each', integer('--concurrency', 1), 1)
    .option('--plugin <file>', 'load a plugin module (repeatable; the same files as the run)', collect, [])
    .option(
      '--lock-ms <ms>',
      "a job's lock lifetime: a dead worker's unit is retried after it",
      integer('--lock-ms', 100),
    )
    .option('--stalled-ms <ms>', 'how often to look for units of dead workers', integer('--stalled-ms', 100))
    .option(
      '--redis-timeout <seconds>',
      'stop when Redis is unreachable this long (default 60)',
      number('--redis-timeout'),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ spectral run --config sweep.yaml --out results/sweep --queue redis://:secret@head-node:6379/0
  $ spectral worker --queue redis://:secret@head-node:6379/0 --concurrency 2   # on each machine`,
    )
    .action(async (opts) => {
      const controller = new AbortController();
      const onSignal = () => {
        if (controller.signal.aborted) process.exit(130);
        io.err('spectral worker: stopping after the running units (Ctrl-C again to quit now)\n');
        controller.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const outcome = await runWorker({
          queue: opts.queue,
          queueName: opts.queueName,
          concurrency: opts.concurrency,
          plugins: opts.plugin,
          lockMs: opts.lockMs,
          stalledMs: opts.stalledMs,
          redisTimeout: opts.redisTimeout,
          signal: controller.signal,
          io,
        });
        process.exitCode = outcome.exitCode;
        // A BullMQ worker whose graceful close was waiting on the gone Redis keeps its lock and stalled-check
        // timers for ever: the command ends here, its line printed.
        if (outcome.redisLost) process.exit(outcome.exitCode);
      } finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      }
    });

  program
    .command('presets')
    .description('List the registered experiment presets (plugins may add more), or print one as a config.')
    .argument('[name]', 'print this preset as YAML-compatible JSON config')
    .option('--plugin <file>', 'load a plugin module first (repeatable)', collect, [])
    .addHelpText(
      'after',
      `
Examples:
  $ spectral presets
  $ spectral presets paper-mini > mini.json   # then edit and run: spectral run --config mini.json --out r`,
    )
    .action(async (name: string | undefined, opts) => {
      await loadPlugins(opts.plugin, process.cwd(), '--plugin');
      if (name) {
        try {
          io.out(JSON.stringify(presetConfig(name), null, 2) + '\n');
        } catch (err) {
          throw new UsageError(`cli/presets: ${(err as Error).message}`);
        }
        return;
      }
      const presets = listAllPresets();
      const width = Math.max(...presets.map((p) => p.name.length));
      io.out(presets.map((p) => `${p.name.padEnd(width)}  ${p.description}`).join('\n') + '\n');
    });

  program
    .command('schema')
    .description('Print the JSON Schema of the config file: every key, its type, default and meaning.')
    .addHelpText(
      'after',
      `
Example:
  $ spectral schema > spectral-config.schema.json`,
    )
    .action(() => {
      io.out(JSON.stringify(configJsonSchema(), null, 2) + '\n');
    });

  program
    .command('registries')
    .description('List the registered teachers, training strategies and pruning rankings (after loading plugins).')
    .option('--plugin <file>', 'load a plugin module first (repeatable)', collect, [])
    .addHelpText(
      'after',
      `
Example:
  $ spectral registries --plugin apps/cli/examples/plugin-example.js`,
    )
    .action(async (opts) => {
      await loadPlugins(opts.plugin, process.cwd(), '--plugin');
      const lines = ['teachers:', ...listTeachers().map((t) => `  ${t.kind}  ${t.description}`)];
      lines.push('strategies:', ...listStrategies().map((s) => `  ${s.name}  ${s.description}`));
      lines.push('rankings:', ...pruning.listRankings().map((r) => `  ${r}`));
      io.out(lines.join('\n') + '\n');
    });

  program
    .command('analyze')
    .description(
      'Node scores and effective size of a trained network; inside a results directory also its pruning curve, n* and topology against the teacher.',
    )
    .argument('<file>', 'a weights .json (DIR/weights/...) or a saved model directory')
    .option('--results <dir>', 'results directory whose teacher and test set to use (default: the one FILE lies in)')
    .option('--teacher <index>', 'teacher index in that directory', integer('--teacher', 0))
    .option('--variant <name>', "variant whose analysis view and ranking apply (default: the trial record's)")
    .option('--ranking <name>', "pruning ranking (default: the config's, else the variant's strategy's)")
    .option('--json', 'print the full analysis as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ spectral analyze results/quick/weights/t0-spectral-n100-trial0.json
  $ spectral analyze model-dir --results results/quick --json`,
    )
    .action(async (file: string, opts) => {
      const { results, teacher, variant, ranking } = opts;
      const r = await analyzeNetwork(file, { results, teacher, variant, ranking });
      if (opts.json) {
        io.out(JSON.stringify(r, null, 2) + '\n');
        return;
      }
      const lines = [
        `${file}: layers ${r.layerSizes.join('-')}, effective size ${r.averageDimension} of ${r.scores.length} (scores >= 0.05 of max)`,
      ];
      if (r.pruning)
        lines.push(
          `  pruning (${r.pruning.ranking}): test MSE ${r.pruning.msePre.toExponential(3)}, n* = ${r.pruning.effectiveSize} at tolerance ${r.pruning.tolerance.toExponential(2)}`,
        );
      for (const t of [r.topology, r.topologyFull]) {
        if (t)
          lines.push(
            `  topology (${t.view}): active ${t.activeNodes.join('-')}, path W1 ${t.pathDistance.wasserstein1.toExponential(2)}, KS ${t.pathDistance.ks.toFixed(3)}`,
          );
      }
      io.out(lines.join('\n') + '\n');
    });

  program
    .command('prune')
    .description('Remove first-hidden-layer nodes of a trained network by a ranking and write the pruned network.')
    .argument('<file>', 'a weights .json (DIR/weights/...) or a saved model directory')
    .requiredOption('-o, --out <file>', 'where to write the pruned NetworkWeights JSON')
    .option('--keep <n>', 'keep the n highest-ranked nodes', integer('--keep', 1))
    .option('--cutoff <c>', 'keep nodes with score / max > c (method spec §4)', number('--cutoff'))
    .option('--ranking <name>', 'pruning ranking (default auto: rescaled eigenvalue on spectral layers)')
    .addOption(
      new Option('--mode <mode>', 'delete nodes, or zero their eigenvalue')
        .choices(['structural', 'mask'])
        .default('structural'),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ spectral prune results/quick/weights/t0-spectral-n100-trial0.json --cutoff 0.05 --out pruned.json
  $ spectral prune model-dir --keep 20 --mode mask --out masked.json`,
    )
    .action(async (file: string, opts) => {
      const r = await pruneNetwork(file, {
        out: opts.out,
        keep: opts.keep,
        cutoff: opts.cutoff,
        ranking: opts.ranking,
        mode: opts.mode,
      });
      io.out(`kept ${r.kept.length} of ${r.units} nodes (${r.ranking}) -> ${r.out}\n`);
    });

  program
    .command('export')
    .description(
      'Write a trained network in a form that needs no spectral-ts: a plain-Dense tfjs model, or numpy arrays.',
    )
    .argument('<file>', 'a weights .json (DIR/weights/...) or a saved model directory')
    .addOption(new Option('--format <format>', 'what to write').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('-o, --out <path>', 'the model directory (tfjs-dense) or .npz file; default next to FILE')
    .addHelpText(
      'after',
      `
Examples:
  $ spectral export results/quick/weights/t0-spectral-n100-trial0.json --format tfjs-dense --out model-dense
  $ spectral export results/quick/weights/t0-spectral-n100-trial0.json --format npz --out student.npz`,
    )
    .action(async (file: string, opts) => {
      const r = await exportNetwork(file, { format: opts.format, out: opts.out });
      io.out(`exported ${r.layers} layers as ${r.format} -> ${r.out}\n`);
    });

  program
    .command('report')
    .description('Write the HTML report of a results directory (@spectral-ts/report).')
    .argument('<dir>', 'a results directory of spectral run')
    .option(
      '--format <list>',
      'comma-separated: html (the page, always written), png and pdf (every figure, needs Chromium), vl (Vega-Lite specs)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ spectral report results/quick
  $ spectral report results/quick --format html,png,pdf,vl`,
    )
    .action(async (dir: string, opts: { format?: string }) => {
      const written = await writeReportFor(dir, opts.format);
      const extra = [
        ['png', written.png],
        ['pdf', written.pdf],
        ['Vega-Lite', written.vl],
        ['LaTeX tables', written.tables],
      ]
        .filter(([, files]) => files.length)
        .map(([what, files]) => `${files.length} ${what}`);
      io.out(
        `report written: ${written.html} (${written.figures.length} figures${extra.length ? `, ${extra.join(', ')}` : ''}; markdown ${written.markdown})\n`,
      );
    });

  registerSweepCommands(program, io);
  registerCompareCommand(program, io);
  return program;
}

/** Runs the CLI on argv (without node and script) and returns the exit code; never throws. */
export async function main(
  argv: string[],
  io?: { out: (s: string) => void; err: (s: string) => void },
): Promise<number> {
  const err = io?.err ?? ((s: string) => process.stderr.write(s));
  const program = buildProgram(io);
  try {
    process.exitCode = undefined;
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are exit 0; commander has already printed its own message for argument errors.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof UsageError) {
      err(paragraph(printable(`spectral: ${e.message}`)) + '\n');
      return EXIT.usage;
    }
    if (e instanceof FaultError) {
      err(printable(`spectral: ${e.message}`, 1000) + '\n');
      return EXIT.failed;
    }
    const message = e instanceof Error ? e.message : String(e);
    err(
      paragraph(printable(`spectral: internal error: ${message}`)) +
        '\n' +
        (process.env.SPECTRAL_DEBUG && e instanceof Error
          ? `${e.stack}\n`
          : '(set SPECTRAL_DEBUG=1 for the stack trace)\n'),
    );
    return EXIT.failed;
  }
}
