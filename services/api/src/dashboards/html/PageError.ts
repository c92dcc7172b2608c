/**
 * A page the dashboards chose to answer with instead of the one asked for: the status and a
 * sentence for a person. Thrown from hooks and handlers; the dashboards' error handler renders it.
 */
export class PageError extends Error {
  override readonly name = 'PageError';

  constructor(
    readonly statusCode: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}
