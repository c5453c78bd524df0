import type { Command, Option } from 'commander';
import type { Io } from '../io.js';
import { UsageError } from '../usage-error.js';

/** The shells `basepin completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** One command as completion sees it: its name, description and long options (with whether each takes a value). */
interface Spec {
  name: string;
  description: string;
  options: { flag: string; description: string; value: boolean }[];
  /** It takes paths (files and directories) as arguments. */
  paths: boolean;
}

/**
 * `basepin completion SHELL`: a completion script for the commands and options of `program`, read from the program
 * itself so it never falls behind. Paths complete as files (the shells' default).
 */
export async function completionCommand(shell: string, program: Command, io: Io): Promise<number> {
  const specs = program.commands.filter((command) => command.name() !== 'help').map(spec);
  const globals = spec(program).options;
  for (const one of specs) one.options.push(...globals);
  const script =
    shell === 'bash' ? bash(specs) : shell === 'zsh' ? zsh(specs) : shell === 'fish' ? fish(specs) : undefined;
  if (script === undefined) throw new UsageError(`completion ${shell}: must be one of ${SHELLS.join(', ')}`);
  io.stdout.write(script);
  return 0;
}

function spec(command: Command): Spec {
  const options = (command.options as readonly Option[])
    .filter((option) => option.long !== undefined && option.long !== '--version')
    .map((option) => ({
      flag: option.long!,
      description: option.description,
      value: option.required || option.optional,
    }));
  const paths = command.registeredArguments.some((argument) => argument.name() === 'paths');
  const help = { flag: '--help', description: 'show help', value: false };
  return { name: command.name(), description: command.description(), options: [...options, help], paths };
}

/** Single-quoted for a POSIX shell (and fish, where only `\` and `'` need escaping inside). */
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const fishQuote = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function bash(specs: Spec[]): string {
  const cases = specs.map(
    (one) => `    ${one.name}) opts=${quote(one.options.map((option) => option.flag).join(' '))} ;;`,
  );
  return `# basepin completion for bash: source it, or save it as /etc/bash_completion.d/basepin
_basepin() {
  local cur=\${COMP_WORDS[COMP_CWORD]} command=\${COMP_WORDS[1]} opts
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W ${quote(specs.map((one) => one.name).join(' '))} -- "$cur"))
    return
  fi
  case "$command" in
${cases.join('\n')}
    *) opts='' ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _basepin basepin
`;
}

function zsh(specs: Spec[]): string {
  const commands = specs.map((one) => `    ${quote(`${one.name.replace(/:/g, '\\:')}:${one.description}`)}`);
  const cases = specs.map((one) => {
    const options = one.options.map((option) => {
      const text = option.description.replace(/[[\]:]/g, '\\$&');
      return `        ${quote(`${option.flag}[${text}]${option.value ? ':value:_files' : ''}`)}`;
    });
    return `    (${one.name})\n      _arguments -s \\\n${options.join(' \\\n')} \\\n        '*:file:_files' ;;`;
  });
  return `#compdef basepin
# basepin completion for zsh: save it as _basepin in a directory of $fpath
_basepin() {
  local -a commands
  commands=(
${commands.join('\n')}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  local command=\${words[2]}
  shift words
  (( CURRENT-- ))
  case $command in
${cases.join('\n')}
  esac
}
_basepin "$@"
`;
}

function fish(specs: Spec[]): string {
  const lines = [
    '# basepin completion for fish: save it as ~/.config/fish/completions/basepin.fish',
    'complete -c basepin -f',
  ];
  for (const one of specs) {
    lines.push(`complete -c basepin -n __fish_use_subcommand -a ${one.name} -d ${fishQuote(one.description)}`);
    for (const option of one.options) {
      const value = option.value ? ' -r -F' : '';
      const when = `-n '__fish_seen_subcommand_from ${one.name}'`;
      lines.push(`complete -c basepin ${when} -l ${option.flag.slice(2)}${value} -d ${fishQuote(option.description)}`);
    }
    if (one.paths) {
      lines.push(`complete -c basepin -n '__fish_seen_subcommand_from ${one.name}' -F`);
    }
  }
  return `${lines.join('\n')}\n`;
}
