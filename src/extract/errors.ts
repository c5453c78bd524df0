/** A file basepin cannot read as its kind (bad YAML, for example). Positions are 1-based. */
export class ExtractError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'ExtractError';
  }
}
