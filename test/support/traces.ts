/**
 * Realistic CTS management traces for the emulator's account states: every
 * field ListTraces documents, including the ones a snapshot must not keep
 * unless told to (who did it, from where, what was sent).
 */
import type { TraceRecord } from './emulator';

/** A user name, source IP and request body that must not reach a snapshot unless --keep-trace-details. */
export const PRIVATE = { user: 'alice.secops', ip: '203.0.113.77', request: '{"name":"notebook-private-payload"}' };

let counter = 0;

/** One trace of `name` under ModelArts/`resourceType`, `minutesAgo` before `now`. */
export function trace(
  name: string,
  options: { resourceType?: string; service?: string; now: Date; minutesAgo: number; readOnly?: boolean; code?: string },
): TraceRecord {
  counter += 1;
  const time = options.now.getTime() - options.minutesAgo * 60_000;
  return {
    trace_id: `7f3c${String(counter).padStart(4, '0')}-1b2c-4d5e-8f90-${String(time).padStart(12, '0').slice(-12)}`,
    trace_name: name,
    trace_rating: 'normal',
    trace_type: 'ApiCall',
    service_type: options.service ?? 'ModelArts',
    resource_type: options.resourceType ?? 'Notebook',
    resource_id: 'c3f1e2d4-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
    resource_name: 'notebook-team-a',
    code: options.code ?? '200',
    time,
    record_time: time + 1200,
    ...(options.readOnly !== undefined ? { read_only: options.readOnly } : {}),
    user: {
      id: '8c1e5b3a9d7f4e2b',
      name: PRIVATE.user,
      domain: { id: '45c393624036af3ceb71a1a9f0e47515', name: 'acme' },
      access_key_id: 'HSTAEXAMPLE0000000001',
      principal_urn: `iam::45c393624036af3ceb71a1a9f0e47515:user:${PRIVATE.user}`,
    },
    source_ip: PRIVATE.ip,
    request: PRIVATE.request,
    response: '{"id":"c3f1e2d4"}',
    request_id: `req-${counter}`,
    api_version: 'v1',
  };
}

/** `count` traces of one name, one a minute from `startMinutesAgo` back. */
export function traces(
  name: string,
  count: number,
  options: { resourceType?: string; now: Date; startMinutesAgo?: number; readOnly?: boolean },
): TraceRecord[] {
  return Array.from({ length: count }, (_, i) => trace(name, { ...options, minutesAgo: (options.startMinutesAgo ?? 10) + i }));
}
