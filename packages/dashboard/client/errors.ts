/** A page whose subject does not exist (unknown control, artifact, AI system, run or export). */
export class NotFound extends Error {
  constructor(
    readonly what: string,
    message: string,
  ) {
    super(message);
    this.name = 'NotFound';
  }
}
