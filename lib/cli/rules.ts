/** `cts-audit rules`: the controls the checker applies. */
import { Command } from 'commander';
import { loadControls } from '../policy/controls';
import { CommandContext, EXIT_PASS } from './common';

/** Adds `rules`. */
export function addRulesCommand(program: Command, { io, exit }: CommandContext): void {
  program
    .command('rules')
    .description('list the controls the checker applies')
    .action(() => {
      for (const r of loadControls()) io.stdout(`${r.id.padEnd(26)} ${r.severity.padEnd(8)} ${r.title}\n`);
      exit(EXIT_PASS);
    });
}
