// pprof_file: Heka wrote a Go CPU profile; here it is a V8 CPU profile (open it in Chrome
// DevTools or speedscope), taken with the inspector so no flag is needed at start.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

export interface Profiler {
  stop(): Promise<void>;
}

function post<T>(session: Session, method: string): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, (err, result) => (err ? reject(err) : resolve(result as T))));
}

export async function startProfile(path: string): Promise<Profiler> {
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.start');
  return {
    async stop() {
      const { profile } = await post<{ profile: unknown }>(session, 'Profiler.stop');
      writeFileSync(path, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
