import type { CommandSpec } from '../commandLine/commandSpec';
import { benchCommand } from './benchCommand';
import { replayCommand } from './replayCommand';
import { simulateCommand } from './simulateCommand';
import { startCommand } from './startCommand';

export { benchCommand, replayCommand, simulateCommand, startCommand };

/**
 * Every command's declaration, in the order the overview lists them. Light on purpose: the help
 * is printed without loading any command's dependencies.
 */
export const COMMAND_SPECS: readonly CommandSpec[] = [startCommand, replayCommand, simulateCommand, benchCommand];
