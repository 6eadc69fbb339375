import { Annotations, IAspect, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { evaluate } from '../evaluate';
import type { EventResult, Finding, Severity, Verdict } from '../evaluate/verdict';
import type { ConfigDocument } from '../load/common';
import { readConfig } from '../load/config';
import { mergeInputs } from '../model';
import { defaultTable } from '../policy/bundled';
import { loadControls } from '../policy/controls';
import type { OperationsTable } from '../policy/table';
import type { Waiver } from '../policy/waivers';

/** Options of {@link CoverageCheck}. */
export interface CoverageCheckOptions {
  /**
   * The traced-operations tables whose events must be covered.
   *
   * @default - the bundled ModelArts notebook table
   */
  readonly tables?: OperationsTable[];

  /**
   * Regions every event must be covered in.
   *
   * @default - the regions of the stack's resources
   */
  readonly regions?: string[];

  /**
   * Findings of this severity or worse fail the synth (error annotations);
   * milder ones become warnings. Events that are not covered always fail.
   *
   * @default 'error'
   */
  readonly failOn?: 'error' | 'warning';

  /**
   * Accepted exceptions, as in a `--waivers` file.
   *
   * @default - none
   */
  readonly waivers?: Waiver[];

  /**
   * Minimum retention of trace files, in days.
   *
   * @default 180
   */
  readonly retentionDays?: number;
}

/**
 * Checks a stack as it is synthesized with the same evaluation as
 * `cts-audit check`, and turns every failure into an error annotation on
 * the construct responsible (or the stack, for what is missing), so
 * `cdktf synth` fails with the coverage report, the way cdk-nag fails a CDK
 * app. Add it in one line: `Aspects.of(stack).add(new CoverageCheck())`.
 * `NotebookAudit` adds it to its stack by default.
 *
 * The aspect only registers the check; the check itself runs as a stack
 * validation, which cdktf runs after every aspect (those added later, or
 * to a subtree, included), so what is checked is what is written. An app
 * created with `skipValidation: true` skips it, as it skips every validation.
 */
export class CoverageCheck implements IAspect {
  private readonly registered = new WeakSet<IConstruct>();

  public constructor(private readonly options: CoverageCheckOptions = {}) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof TerraformStack) || this.registered.has(node)) return;
    this.registered.add(node);
    node.node.addValidation({
      validate: () => {
        this.annotate(node);
        // The findings are annotations, not validation errors: cdktf reports them all, each on its construct.
        return [];
      },
    });
  }

  /** Checks the stack as it is now and annotates its constructs with what fails. */
  public annotate(node: TerraformStack): void {
    const verdict = checkStack(node, this.options);
    const byPath = new Map(node.node.findAll().map((c) => [c.node.path, c]));
    const at = (constructPath?: string): IConstruct => (constructPath && byPath.get(constructPath)) || node;
    const threshold: Severity[] = this.options.failOn === 'warning' ? ['error', 'warning'] : ['error'];

    for (const e of verdict.events) {
      if (e.status === 'covered' || e.status === 'waived') continue;
      Annotations.of(at(responsible(e))).addError(eventMessage(e));
    }
    for (const f of verdict.findings) {
      if (f.waiver) continue;
      const target = Annotations.of(at(f.location?.source.constructPath));
      if (threshold.includes(f.severity)) target.addError(findingMessage(f));
      else if (f.severity === 'warning') target.addWarning(findingMessage(f));
      else target.addInfo(findingMessage(f));
    }
  }
}

/** Evaluates one stack's synthesized configuration. */
export function checkStack(stack: TerraformStack, options: CoverageCheckOptions = {}): Verdict {
  const file = `${stack.node.id}/cdk.tf.json`;
  const doc = stack.toTerraform() as ConfigDocument;
  const loaded = readConfig(doc, { scope: stack.node.path, file, input: 'synth' });
  return evaluate(mergeInputs([{ file, kind: 'synth', ...loaded }]), {
    tables: options.tables ?? [defaultTable()],
    rules: loadControls(),
    regions: options.regions,
    retentionDays: options.retentionDays,
    waivers: options.waivers,
    today: new Date().toISOString().slice(0, 10),
    tool: { name: 'cts-audit', version: 'synth' },
  });
}

/**
 * The construct to blame: the tracker when the event is not recorded, else
 * the notification that is close to covering it; none (so the stack) when
 * what is missing has no construct.
 */
function responsible(e: EventResult): string | undefined {
  const find = (type: string) => e.locations.find((l) => l.address.split('.').slice(-2)[0] === type);
  const blamed = e.recorded !== 'yes' ? find('huaweicloud_cts_tracker') : find('huaweicloud_cts_notification');
  return blamed?.source.constructPath;
}

function eventMessage(e: EventResult): string {
  const close = e.nearMisses.length > 0 ? ` Close: ${e.nearMisses.join('; ')}.` : '';
  return `[cts-audit event-coverage] ${e.id} in ${e.region} is ${e.status} (recorded: ${e.recorded}, notified: ${e.notified}): ${e.reasons.join('; ')}.${close}`;
}

function findingMessage(f: Finding): string {
  return `[cts-audit ${f.ruleId}] ${f.message}`;
}
