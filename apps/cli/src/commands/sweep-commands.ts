/**
 * cli/commands/sweep-commands: the commands of sweeps beyond one process: `merge`, `status` and `slurm`, registered
 * on the program by one call.
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { ProgressIo } from '../progress';
import { mergeResults } from './merge';
import { slurmSweep } from './slurm';
import { formatStatus, runStatus } from './status';

function positive(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1)
      throw new InvalidArgumentError(`${name} must be an integer >= 1, got '${value}'.`);
    return n;
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds merge, status and slurm to `program`. */
export function registerSweepCommands(program: Command, io: ProgressIo): void {
  program
    .command('merge')
    .description(
      'Rebuild summary.json and the CSV tables of a results directory from its finished units (after the shards of a job array), and name the missing units. Idempotent.',
    )
    .argument('<dir>', 'a results directory of spectral run')
    .option('--report', 'write the report too')
    .option('--json', 'print the outcome as JSON')
    .addHelpText(
      'after',
      `
Exit codes: 0 every unit finished ok, 1 units missing or trials failed, 2 bad input.
Example:
  $ spectral merge results/sweep --report`,
    )
    .action(async (dir: string, opts) => {
      const m = await mergeResults(dir, { report: !!opts.report });
      if (opts.json) {
        io.out(
          JSON.stringify({
            dir: m.dir,
            unitsTotal: m.unitsTotal,
            unitsDone: m.unitsDone,
            missing: m.missing,
            damaged: m.damaged,
            trialsFailed: m.summary.trialsFailed,
            exitCode: m.exitCode,
            report: m.reportFile,
          }) + '\n',
        );
      } else {
        const lines = [
          `merged ${m.unitsDone}/${m.unitsTotal} units (${m.summary.trialsFinished}/${m.summary.trialsTotal} trials, ${m.summary.trialsFailed} failed) -> ${m.dir}`,
        ];
        if (m.missing.length)
          lines.push(`  missing units (rerun spectral run on this directory to train them): ${m.missing.join(', ')}`);
        for (const d of m.damaged) lines.push(`  damaged, will be recomputed: ${d.problem}`);
        if (m.reportFile) lines.push(`  report written: ${m.reportFile}`);
        io.out(lines.join('\n') + '\n');
      }
      process.exitCode = m.exitCode;
    });

  program
    .command('status')
    .description(
      'Show every unit of a results directory: done, claimed (by host, pid, heartbeat age), damaged or missing.',
    )
    .argument('<dir>', 'a results directory of spectral run')
    .option('--json', 'print the status as JSON')
    .addHelpText(
      'after',
      `
Example:
  $ spectral status results/sweep`,
    )
    .action((dir: string, opts) => {
      const report = runStatus(dir);
      io.out(opts.json ? JSON.stringify(report) + '\n' : formatStatus(report));
    });

  program
    .command('slurm')
    .description(
      'Write a Slurm job array for a sweep (DIR/slurm/job.sh: N tasks, each spectral run --shard auto) and a merge job that runs after it (DIR/slurm/merge.sh); optionally submit them and wait.',
    )
    .requiredOption('-c, --config <file>', 'experiment config, YAML or JSON')
    .requiredOption('-o, --out <dir>', 'results directory, on a file system every node sees')
    .requiredOption('--array <n>', 'array tasks (each trains a cost-balanced slice of the units)', positive('--array'))
    .option('--partition <name>', 'Slurm partition')
    .option('--time <limit>', 'time limit per task, e.g. 02:00:00')
    .option('--cpus-per-task <n>', 'CPUs per task (also its --workers)', positive('--cpus-per-task'))
    .option('--plugin <file>', 'load a plugin module in every task (repeatable)', collect, [])
    .option('--submit', 'submit with sbatch')
    .option('--wait', 'with --submit: block until the merge job ends, and exit with its status')
    .addHelpText(
      'after',
      `
Examples:
  $ spectral slurm --config sweep.yaml --out /shared/results/sweep --array 10 --time 04:00:00 --submit
  $ spectral slurm --config sweep.yaml --out /shared/r --array 3 --submit --wait && spectral report /shared/r`,
    )
    .action(async (opts) => {
      const s = await slurmSweep({
        config: opts.config,
        out: opts.out,
        array: opts.array,
        partition: opts.partition,
        time: opts.time,
        cpusPerTask: opts.cpusPerTask,
        plugins: opts.plugin,
        submit: !!opts.submit,
        wait: !!opts.wait,
      });
      const lines = [`wrote ${s.jobScript} and ${s.mergeScript}`];
      if (s.arrayJobId)
        lines.push(`submitted array job ${s.arrayJobId} and merge job ${s.mergeJobId} (afterany:${s.arrayJobId})`);
      else
        lines.push(`submit with: sbatch ${s.jobScript}, then sbatch --dependency=afterany:<job id> ${s.mergeScript}`);
      if (opts.wait) lines.push(`merge job ${s.mergeJobId} ended with exit code ${s.exitCode}`);
      io.out(lines.join('\n') + '\n');
      process.exitCode = s.exitCode;
    });
}
