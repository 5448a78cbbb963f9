/** What a person may ask of a session in a given status (the service has the last word). */
export function sessionActions(status: string): Array<'start' | 'extend' | 'stop' | 'cancel'> {
  switch (status) {
    case 'PENDING':
    case 'SCHEDULED':
      return ['cancel'];
    case 'INSTANTIATING':
      return ['stop'];
    case 'READY':
      return ['start', 'extend', 'stop'];
    case 'RUNNING':
      return ['extend', 'stop'];
    default:
      return [];
  }
}
