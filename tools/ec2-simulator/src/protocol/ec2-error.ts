/**
 * An EC2 API error as AWS reports it: a `Code` the SDK turns into the thrown error's `name`, a message and
 * the HTTP status that decides whether the SDK retries. Actions throw it; the query handler renders it.
 */
export class Ec2Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
    this.name = 'Ec2Error';
  }

  /** Narrows an unknown thrown value, so the handler can tell API errors from simulator bugs. */
  static is(value: unknown): value is Ec2Error {
    return value instanceof Ec2Error;
  }

  /** A required request parameter is absent. */
  static missingParameter(name: string): Ec2Error {
    return new Ec2Error('MissingParameter', `The request must contain the parameter ${name}`);
  }

  /** A request parameter has a value EC2 would refuse. */
  static invalidParameterValue(message: string): Ec2Error {
    return new Ec2Error('InvalidParameterValue', message);
  }

  /** One or more instance ids are unknown; like AWS, the message names every missing id. */
  static instanceNotFound(ids: readonly string[]): Ec2Error {
    const message =
      ids.length === 1
        ? `The instance ID '${ids[0]}' does not exist`
        : `The instance IDs '${ids.join(', ')}' do not exist`;
    return new Ec2Error('InvalidInstanceID.NotFound', message);
  }
}
