// Fake SDK clients: a `send` that answers by command name, recording every call.
// moto serves IAM/STS/EKS clusters but not add-ons, pod identity associations or access entries.
export interface SentCommand {
  name: string;
  input: Record<string, unknown>;
}

export type Handler = (input: Record<string, unknown>, calls: SentCommand[]) => unknown;

/** `prototype` of the real client class: the SDK paginators check `instanceof`. */
export function fakeClient<T>(prototype: object, handlers: Record<string, Handler>, region = 'us-east-1'): { client: T; calls: SentCommand[] } {
  const calls: SentCommand[] = [];
  const client = {
    config: { region: async () => region },
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      const name = command.constructor.name.replace(/Command$/, '');
      calls.push({ name, input: command.input });
      const handler = handlers[name];
      if (!handler) throw Object.assign(new Error(`no fake for ${name}`), { name: 'FakeMissing' });
      return handler(command.input, calls);
    },
    destroy() {},
  };
  return { client: Object.assign(Object.create(prototype), client) as T, calls };
}

export function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

/** A clock that advances on sleep, so bounded waits run instantly. */
export function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
  };
}
