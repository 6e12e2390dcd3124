/**
 * cli/uncaught: the last line of defence of the `spectral` executable. An exception nobody awaits (a plugin whose
 * register() starts a timer or a promise that throws later) would print a stack trace and exit with Node's own code;
 * instead it is reported as one paragraph: bad input (exit 2) when it comes from a plugin, an internal error (exit 1)
 * otherwise.
 */
import { EXIT, paragraph } from './errors';
import { attemptedPlugins } from './plugins';
import { printable } from './printable';

/** The plugin file an error's stack passes through, if any. */
export function pluginOf(err: unknown, plugins: readonly string[]): string | undefined {
  const stack = err instanceof Error ? (err.stack ?? '') : '';
  return plugins.find((p) => stack.includes(p));
}

/** What to print and the exit code for an exception that escaped every command. */
export function describeUncaught(err: unknown, plugins: readonly string[]): { text: string; code: number } {
  const message = err instanceof Error ? err.message : String(err);
  // A thrown non-Error has no stack to follow; with plugins loaded it can only have come from one of them.
  const plugin = pluginOf(err, plugins) ?? (!(err instanceof Error) && plugins.length === 1 ? plugins[0] : undefined);
  if (plugin || (!(err instanceof Error) && plugins.length > 0)) {
    const which = plugin ? `the plugin ${plugin}` : `one of the plugins ${plugins.join(', ')}`;
    return {
      text: `spectral: cli/plugins: ${which} threw outside any call the CLI awaits (a timer or an unawaited promise, e.g. in register()): ${message} (fix the plugin: register() must finish its work, or return a promise of it)`,
      code: EXIT.usage,
    };
  }
  return { text: `spectral: internal error: ${message}`, code: EXIT.failed };
}

/** Installs the handlers on the process (the executable only: a library must not own the process). */
export function installUncaughtHandlers(err: (s: string) => void = (s) => process.stderr.write(s)): void {
  const handle = (e: unknown) => {
    const { text, code } = describeUncaught(e, attemptedPlugins());
    const debug = process.env.SPECTRAL_DEBUG && e instanceof Error ? `${e.stack}\n` : '';
    err(paragraph(printable(text)) + '\n' + debug);
    process.exit(code);
  };
  process.on('uncaughtException', handle);
  process.on('unhandledRejection', handle);
}
