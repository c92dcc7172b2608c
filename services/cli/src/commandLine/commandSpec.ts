/**
 * A command declares each option once — name, type, default, one-line meaning — and both the
 * parser (node:util parseArgs) and the help text are made from that declaration, so the help
 * cannot drift from what the command accepts.
 */

interface OptionBase {
  /** One line: what the option does. */
  description: string;
  /** A one-letter alias, e.g. `o` for `-o`. */
  short?: string;
  /** Used by the command itself (bench's child processes), listed apart in the help. */
  internal?: boolean;
}

/** A flag: off unless given. */
export interface BooleanOption extends OptionBase {
  type: 'boolean';
}

/** An option that takes a value; it is required, has a default, or says what happens without it. */
export type StringOption = OptionBase & {
  type: 'string';
  /** The value's name in the help, e.g. `FILE`, `N`. */
  placeholder: string;
} & (
    | { required: true }
    | { default: string }
    /** When the default is not one value (it depends on another option, or means "none"). */
    | { defaultText: string }
  );

export type OptionSpec = BooleanOption | StringOption;

export type OptionSpecs = Record<string, OptionSpec>;

export interface CommandSpec<T extends OptionSpecs = OptionSpecs> {
  name: string;
  /** One line for the overview. */
  summary: string;
  /** A few lines under the usage line of the command's own help. */
  description?: string;
  options: T;
}

type ValueOf<O extends OptionSpec> = O extends BooleanOption
  ? boolean
  : O extends { required: true } | { default: string }
    ? string
    : string | undefined;

/** The parsed values: a flag is a boolean, a required option or one with a default is always a string. */
export type OptionValues<T extends OptionSpecs> = { -readonly [K in keyof T]: ValueOf<T[K]> };

/** Keeps the literal types of the declaration, so parsed values are typed from it. */
export function defineCommand<const T extends OptionSpecs>(spec: CommandSpec<T>): CommandSpec<T> {
  return spec;
}
