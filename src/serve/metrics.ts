/** The service's counters, rendered in the Prometheus text exposition format (version 0.0.4). */

import type { Source } from './hook-sources.js';

export class Metrics {
  readonly eventsReceived = new Map<Source, number>();
  readonly eventsIgnored = new Map<Source, number>();
  /** Webhook requests refused, by reason: `unauthorized`, `malformed`, `too-large`. */
  readonly requestsRejected = new Map<string, number>();
  propagations = 0;
  propagationFailures = 0;
  dependentsUpdated = 0;
  resyncs = 0;
  /** Unix time in seconds of the last propagation in which nothing failed. */
  lastSuccess = 0;
  /** Propagations scheduled or running now. */
  pending: () => number = () => 0;

  /** Adds `count` to a labelled counter. */
  add<K>(counter: Map<K, number>, key: K, count = 1): void {
    counter.set(key, (counter.get(key) ?? 0) + count);
  }

  render(): string {
    const lines: string[] = [];
    const family = (name: string, type: 'counter' | 'gauge', help: string, samples: Array<[string, number]>) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    const labelled = (label: string, counter: Map<string, number>): Array<[string, number]> =>
      [...counter].map(([key, value]) => [`{${label}="${key}"}`, value]);
    const bySource = (counter: Map<Source, number>) => labelled('source', counter);
    family(
      'basepin_events_received_total',
      'counter',
      'Webhook events received, by sender.',
      bySource(this.eventsReceived),
    );
    family(
      'basepin_events_ignored_total',
      'counter',
      'Webhook events that were not tag pushes, by sender.',
      bySource(this.eventsIgnored),
    );
    family(
      'basepin_requests_rejected_total',
      'counter',
      'Webhook requests refused, by reason.',
      labelled('reason', this.requestsRejected),
    );
    family('basepin_propagations_total', 'counter', 'Propagations run.', [['', this.propagations]]);
    family('basepin_propagation_failures_total', 'counter', 'Propagations in which something failed.', [
      ['', this.propagationFailures],
    ]);
    family('basepin_dependents_updated_total', 'counter', 'Commits pushed to dependents.', [
      ['', this.dependentsUpdated],
    ]);
    family('basepin_resyncs_total', 'counter', 'Full reconciles of every dependent completed.', [['', this.resyncs]]);
    family('basepin_propagations_pending', 'gauge', 'Propagations scheduled or running.', [['', this.pending()]]);
    family('basepin_last_success_timestamp_seconds', 'gauge', 'When a propagation last succeeded entirely.', [
      ['', this.lastSuccess],
    ]);
    return `${lines.join('\n')}\n`;
  }
}
